"""Demo jury data for `manage.py seed_demo` (idempotent; after the competitions and submissions demos).

- Jurors: the demo evaluator and panelist plus three more evaluators and a second panelist; one
  evaluator works for the Central Java provincial government, so conflicts are detected.
- KIPP 2023 (archived): the Tim Evaluasi panel, a closed blind desk-evaluation round with every
  review scored and submitted (through the services, with the round's dates as the clock), and the
  best proposals nominated and confirmed for the panel review.
- KIPP <this year>: a desk-evaluation round in progress around today. It assigns and partly scores
  the proposals that passed screening; when screening has passed none yet, the round stays empty.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from accounts.demo import demo_user
from agencies.models import Agency
from competitions.models import Edition, OrganiserMembership, StageKind
from competitions.timing import end_of_day_wib, start_of_day_wib, wib_date
from jury import services
from jury.models import Assignment, JurorProfile, Nomination, Panel, PanelMember, Round
from jury.selectors import ranking
from jury.services.assignment import proposals_short_of_reviewers

EVALUATORS = [
    # (local part, name, affiliation, home agency)
    ("evaluator", "Prof. Dr. Bambang Sutrisno", "Universitas Gadjah Mada", None),
    ("evaluator.ui", "Dr. Ratna Dewi Kartika", "Universitas Indonesia", None),
    ("evaluator.unhas", "Dr. Andi Makkasau", "Universitas Hasanuddin", None),
    ("evaluator.jateng", "Dr. Yuliana Hapsari", "Biro Organisasi Setda Jawa Tengah", "Pemerintah Provinsi Jawa Tengah"),
]
PANELISTS = [
    ("panelis", "Dr. Siti Aminah", "Tim Panel Independen", None),
    ("panelis.dua", "Ir. Hendra Wijaya, M.Sc.", "Tim Panel Independen", None),
]
# How lenient each evaluator is, in points on a 1-10 scale: the normalised ranking evens this out.
LENIENCY = [Decimal("0.5"), Decimal("-1"), Decimal("0"), Decimal("1")]


def seed() -> None:
    year = wib_date(timezone.now()).year
    archived = Edition.objects.filter(slug="kipp-2023").select_related("organiser").first()
    current = Edition.objects.filter(slug=f"kipp-{year}").select_related("organiser").first()
    for edition in (archived, current):
        if edition:
            _jurors(edition.organiser)
    if archived:
        _seed_archived(archived)
    if current:
        _seed_current(current)


def seed_after_all() -> None:
    """Score the KIPP 2023 proposals that later demos added (the showcase's finalists)."""
    archived = Edition.objects.filter(slug="kipp-2023").first()
    if archived:
        _seed_archived(archived)


def _jurors(organiser) -> None:
    for people, role in (
        (EVALUATORS, OrganiserMembership.Role.EVALUATOR),
        (PANELISTS, OrganiserMembership.Role.PANELIST),
    ):
        for local_part, name, affiliation, agency_name in people:
            user = demo_user(local_part, name)
            OrganiserMembership.objects.get_or_create(user=user, organiser=organiser, role=role)
            agency = Agency.objects.filter(name=agency_name).first() if agency_name else None
            JurorProfile.objects.update_or_create(user=user, defaults={"affiliation": affiliation, "agency": agency})


def _desk_panel(edition: Edition) -> Panel | None:
    stage = edition.stages.filter(kind=StageKind.DESK_EVALUATION).first()
    if stage is None:
        return None
    panel, _created = Panel.objects.get_or_create(
        edition=edition, stage=stage, name=f"Tim Evaluasi {edition.short_name or edition.year}"
    )
    for local_part, *_rest in EVALUATORS:
        PanelMember.objects.get_or_create(panel=panel, user=demo_user(local_part, ""))
    return panel


def _secretariat():
    return demo_user("sekretariat", "Rina Kusumawati")


def _score_value(criterion, juror_index: int, proposal_pk: int) -> Decimal:
    """A plausible, repeatable score: the proposal's quality, the juror's leniency, a little noise."""
    span = criterion.scale_max - criterion.scale_min
    quality = Decimal(55 + (proposal_pk * 37) % 40) / 100  # 0.55-0.94 of the scale
    noise = Decimal(((proposal_pk + 3) * (juror_index + 5) * (criterion.pk + 7)) % 5 - 2) / 4
    value = criterion.scale_min + quality * span + LENIENCY[juror_index % len(LENIENCY)] + noise
    return max(Decimal(criterion.scale_min), min(Decimal(criterion.scale_max), value)).quantize(Decimal("0.5"))


def _score(round: Round, assignment: Assignment, *, at, submit: bool, criteria_limit: int | None = None) -> None:
    juror_index = [local for local, *_rest in EVALUATORS].index(assignment.juror.email.split("@")[0])
    criteria = services.criteria_for(round, assignment.proposal)
    for criterion in criteria[:criteria_limit]:
        services.save_score(
            round=round,
            proposal=assignment.proposal,
            criterion=criterion,
            value=_score_value(criterion, juror_index, assignment.proposal_id),
            comment="",
            by=assignment.juror,
            now=at,
        )
    if submit:
        services.save_overall_comment(
            round=round,
            proposal=assignment.proposal,
            comment="Dampak terukur dan dukungan kelembagaan jelas; perluas bukti replikasi.",
            by=assignment.juror,
            now=at,
        )
        services.submit_review(round=round, proposal=assignment.proposal, by=assignment.juror, now=at)


def _seed_archived(edition: Edition) -> None:
    panel = _desk_panel(edition)
    if panel is None:
        return
    stage = panel.stage
    round, _created = Round.objects.get_or_create(
        panel=panel,
        name="Penilaian Desk KIPP 2023",
        defaults={
            "opens_at": stage.starts_at,
            "closes_at": stage.ends_at,
            "reviewers_per_proposal": 3,
            "is_blind": True,
            "scores_visible_to_jurors": Round.ScoresVisible.AFTER_CLOSE,
            "disagreement_threshold": Decimal("12"),
        },
    )
    secretariat = _secretariat()
    # Fill what is missing only, so a proposal another demo adds later is scored on the next run.
    if proposals_short_of_reviewers(round).exists():
        services.assign_automatically(round=round, by=secretariat, notify_jurors=False, now=round.opens_at)
    unscored = (
        Assignment.objects.filter(round=round)
        .exclude(proposal__jury_reviews__round=round, proposal__jury_reviews__juror=F("juror"))
        .select_related("juror", "proposal")
        .order_by("pk")
    )
    for day, assignment in enumerate(unscored):
        _score(round, assignment, at=round.opens_at + timedelta(days=1 + day % 20, hours=9), submit=True)
    if Nomination.objects.filter(round=round).exists():
        return
    top = [row.proposal_id for row in ranking(round).rows if row.mean is not None][:4]
    if top:
        decided = round.closes_at + timedelta(days=1)
        services.nominate(round=round, proposal_ids=top, by=secretariat, now=decided)
        services.confirm_nominations(round=round, by=secretariat, now=decided + timedelta(hours=3))


def _seed_current(edition: Edition) -> None:
    panel = _desk_panel(edition)
    if panel is None:
        return
    today = wib_date(timezone.now())
    # In progress around today whenever the demo is seeded, like the competitions demo's stages.
    round, _created = Round.objects.update_or_create(
        panel=panel,
        name=f"Penilaian Desk KIPP {edition.year}",
        defaults={
            "opens_at": start_of_day_wib(today - timedelta(days=3)),
            "closes_at": end_of_day_wib(today + timedelta(days=18)),
        },
    )
    if not services.eligible_proposals(round).exists() or Assignment.objects.filter(round=round).exists():
        return
    services.assign_automatically(round=round, by=_secretariat(), notify_jurors=False)
    mine = Assignment.objects.filter(round=round, juror__email__startswith="evaluator@").order_by("pk")
    now = timezone.now()
    for index, assignment in enumerate(mine.select_related("juror", "proposal")):
        if index == 0:
            _score(round, assignment, at=now, submit=True)
        elif index == 1:
            _score(round, assignment, at=now, submit=False, criteria_limit=2)
