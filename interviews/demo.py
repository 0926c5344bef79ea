"""Demo interviews for `manage.py seed_demo` (idempotent; after every other demo, judging's included).

KIPP 2023 (archived) gets its presentation stage as it happened: a panel of the two demo
panelists, slots on two days of the stage, every finalist placed by assign_finalists a week before,
the agencies' answers (all confirm but one, who declines and is moved to a free slot, then
confirms), and attendance recorded by the secretariat. Through interviews.services, with the 2023
dates as the clock, so the organiser's, the panelists' and the agencies' interview pages show a
whole stage.
"""

from datetime import time, timedelta

from accounts.demo import demo_user
from agencies.models import Membership
from competitions.models import Edition, StageKind
from competitions.timing import wib_date
from interviews import services
from interviews.models import Interview, InterviewSlot
from jury.models import Panel, PanelMember, Round

PANELISTS = ["panelis", "panelis.dua"]
VIDEO_LINK = "https://vicon.menpan.go.id/kipp2023-presentasi"


def seed_after_all() -> None:
    edition = Edition.objects.filter(slug="kipp-2023").first()
    if edition is None or InterviewSlot.objects.filter(edition=edition).exists():
        return
    stage = edition.stage_of(StageKind.PRESENTATION)
    count = services.finalists(edition).count()
    if stage is None or not count:
        return
    secretariat = demo_user("sekretariat", "Rina Kusumawati")
    round = _round(edition, stage)
    first_day = wib_date(stage.starts_at) + timedelta(days=1)
    per_day = count // 2 + 2  # a free slot or two each day, for moves
    for offset in range(2):
        services.create_slots(
            edition=edition,
            round=round,
            day=first_day + timedelta(days=offset),
            start=time(9, 0),
            count=per_day,
            duration_minutes=30,
            gap_minutes=10,
            video_link=VIDEO_LINK,
            by=secretariat,
        )
    placed = stage.starts_at - timedelta(days=7)
    services.assign_finalists(edition=edition, by=secretariat, now=placed)
    interviews = list(
        Interview.objects.filter(slot__edition=edition).select_related("slot", "proposal").order_by("slot__starts_at")
    )
    for index, interview in enumerate(interviews):
        admin = _admin_lokal(interview)
        answered = placed + timedelta(days=1, hours=index)
        if index == len(interviews) - 1:
            # The last finalist cannot come at its time: it declines, the secretariat moves it.
            services.set_status(interview=interview, status=Interview.Status.DECLINED, by=admin, now=answered)
            free = InterviewSlot.objects.filter(edition=edition, interview__isnull=True).order_by("-starts_at").first()
            interview = services.move_interview(interview=interview, to_slot=free, by=secretariat, now=answered)
        services.set_status(
            interview=interview, status=Interview.Status.CONFIRMED, by=admin, now=answered + timedelta(hours=2)
        )
        services.set_attendance(
            interview=interview,
            attendance=Interview.Attendance.ATTENDED,
            by=secretariat,
            now=interview.slot.starts_at + timedelta(minutes=35),
        )


def _round(edition: Edition, stage) -> Round:
    panel, _created = Panel.objects.get_or_create(
        edition=edition, stage=stage, name=f"Tim Panel Independen {edition.short_name or edition.year}"
    )
    for local_part in PANELISTS:
        PanelMember.objects.get_or_create(panel=panel, user=demo_user(local_part, ""))
    round, _created = Round.objects.get_or_create(
        panel=panel,
        name=f"Presentasi dan Wawancara {edition.short_name or edition.year}",
        defaults={"opens_at": stage.starts_at, "closes_at": stage.ends_at, "reviewers_per_proposal": 2},
    )
    return round


def _admin_lokal(interview: Interview):
    """Who answers for the agency: its Admin Lokal when the demo has one, else nobody named."""
    membership = (
        Membership.objects.filter(
            agency_id=interview.proposal.innovation.agency_id, role=Membership.Role.ADMIN_LOKAL, is_active=True
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None
