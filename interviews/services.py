"""Writes of the interviews app. Views, the admin and tests call these functions.

- create_slots: a day's slots in one go (WIB times).
- assign_finalists: every unplaced finalist into a free slot whose panelists have no conflict of
  interest with it (the jury's rules, declared and detected), spread evenly over the days.
- move_interview: by hand, with the same conflict check.
- set_status (the only writer of Interview.status): confirm or decline until 24 h before the start.
- set_attendance (the only writer of Interview.attendance): after the start, by the secretariat.
- upload_materials: deck (PDF/PPTX ≤ 20 MB), summary (PDF), video link.

How the automatic placement works: finalists are taken most constrained first (fewest slots they
may take), then by id; each gets the free slot on the day with the fewest interviews so far, the
earliest such slot first. When a finalist finds no slot left, an augmenting path (Kuhn's
algorithm) may move already placed finalists within this run to slots they may also take, so
nobody is reported unplaceable while a complete placement exists. Same data, same result.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Membership
from competitions.models import Edition
from interviews.models import Interview, InterviewEvent, InterviewSlot
from judging.models import Decision
from judging.services.decisions import FINALIST_TIERS
from jury.models import Assignment, Round
from jury.services import active_members, assign_juror, conflicts_for_round, eligible_proposals, unassign
from notifications.ics import calendar_event
from notifications.services import notify
from submissions.attachments import UploadRules, clean_upload
from submissions.models import Proposal

WIB = ZoneInfo("Asia/Jakarta")
DECK_RULES = UploadRules(extensions=("pdf", "pptx"), max_size_kb=20 * 1024, max_files=1)
SUMMARY_RULES = UploadRules(extensions=("pdf",), max_size_kb=20 * 1024, max_files=1)
MAX_SLOTS_PER_DAY = 40

STATUS_MOVES = {
    Interview.Status.SCHEDULED: {Interview.Status.CONFIRMED, Interview.Status.DECLINED},
    Interview.Status.CONFIRMED: {Interview.Status.SCHEDULED, Interview.Status.DECLINED},
    Interview.Status.DECLINED: {Interview.Status.SCHEDULED, Interview.Status.CONFIRMED},
}


# --- Finalists and slots ---------------------------------------------------------------------------


def finalists(edition: Edition):
    """Proposals of `edition` holding a finalist tier (Top 99 or Khusus finalist)."""
    chosen = Decision.objects.filter(batch__edition=edition, tier__in=FINALIST_TIERS).values("proposal")
    return Proposal.objects.filter(edition=edition, pk__in=chosen)


def presentation_rounds(edition: Edition):
    """The jury rounds of the edition's presentation stage (where the interview rubric is scored)."""
    from competitions.models import StageKind

    return Round.objects.filter(panel__edition=edition, panel__stage__kind=StageKind.PRESENTATION).select_related(
        "panel"
    )


def wib_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=WIB)


@transaction.atomic
def create_slots(
    *,
    edition: Edition,
    round: Round,
    day: date,
    start: time,
    count: int,
    duration_minutes: int = 20,
    gap_minutes: int = 0,
    video_link: str = "",
    panelists=None,
    by,
) -> list[InterviewSlot]:
    """`count` consecutive slots on `day` from `start` (WIB), each `duration_minutes` long with
    `gap_minutes` between them, judged by `panelists` (default: every active member of the round's panel).

    Side effects: InterviewSlot rows with their panelists.
    """
    if round.panel.edition_id != edition.pk or round not in presentation_rounds(edition):
        raise ValidationError(_("Choose a round of this edition's presentation stage."))
    if not 1 <= count <= MAX_SLOTS_PER_DAY:
        raise ValidationError(_("Create between 1 and %(max)d slots at a time.") % {"max": MAX_SLOTS_PER_DAY})
    members = [member.user for member in active_members(round)]
    if panelists is not None:
        allowed = {user.pk for user in members}
        chosen = [user for user in panelists if user.pk in allowed]
        if len(chosen) != len(list(panelists)):
            raise ValidationError(_("Every panelist must be an active member of the round's panel."))
        members = chosen
    if not members:
        raise ValidationError(_("The round's panel has no active panelist yet."))
    first = wib_datetime(day, start)
    step = timedelta(minutes=duration_minutes + gap_minutes)
    slots = InterviewSlot.objects.bulk_create(
        [
            InterviewSlot(
                edition=edition,
                round=round,
                starts_at=first + index * step,
                duration_minutes=duration_minutes,
                video_link=video_link,
            )
            for index in range(count)
        ]
    )
    through = InterviewSlot.panelists.through
    through.objects.bulk_create(
        [through(interviewslot_id=slot.pk, user_id=user.pk) for slot in slots for user in members]
    )
    return slots


# --- Conflicts -------------------------------------------------------------------------------------


def with_agency(proposals):
    """Proposals with what the jury's conflict rules compare (agency, parent, province) loaded."""
    return proposals.select_related(
        "innovation__agency__region__province", "innovation__agency__parent__region__province", "innovation__unit"
    )


def slot_conflicts(slots: list[InterviewSlot], proposals: list[Proposal]) -> dict[tuple[int, int], list[str]]:
    """{(slot id, proposal id): ["<panelist>: <reason>", ...]} for every pair with a conflicted panelist.

    Uses the jury's rules of each slot's round (declared conflicts and the round's detection rules).
    """
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    by_round: dict[int, list[InterviewSlot]] = defaultdict(list)
    for slot in slots:
        by_round[slot.round_id].append(slot)
    for round_slots in by_round.values():
        round = round_slots[0].round
        panelists = {user.pk: user for slot in round_slots for user in slot.panelists.all()}
        conflicts = conflicts_for_round(round, juror_ids=list(panelists), proposals=proposals)
        for slot in round_slots:
            for user in slot.panelists.all():
                for proposal in proposals:
                    conflict = conflicts.get((user.pk, proposal.pk))
                    if conflict:
                        name = user.full_name or user.email
                        found[(slot.pk, proposal.pk)].append(f"{name}: {conflict.reason}")
    return found


# --- Automatic placement ---------------------------------------------------------------------------


@dataclass
class Unplaced:
    proposal: Proposal
    reason: str


@dataclass
class PlacementReport:
    placed: list[Interview] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    per_day: dict[date, int] = field(default_factory=dict)


def _day(slot: InterviewSlot) -> date:
    return slot.starts_at.astimezone(WIB).date()


@transaction.atomic
def assign_finalists(*, edition: Edition, by, now: datetime | None = None) -> PlacementReport:
    """Place every finalist without an interview into a free slot that has not started, never with a
    conflicted panelist, spread evenly over the days (see the module docstring).

    Already placed finalists stay where they are. Side effects: Interview rows (status scheduled),
    an `assigned` InterviewEvent each, jury Assignments of the slot's panelists in its round (so they
    can score the proposal live), and one `interview_slot` message with an .ics invitation to the
    agency's Admin Lokal and the UPP's staff per placed finalist. The report names each finalist
    that could not be placed and why, in plain words.
    """
    now = now or timezone.now()
    # One placement at a time per edition: two secretariat clicks must not fill a slot twice.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    report = PlacementReport()
    waiting = list(
        with_agency(finalists(edition).filter(interview__isnull=True).select_related("category")).order_by("pk")
    )
    slots = list(
        InterviewSlot.objects.for_edition(edition)
        .filter(interview__isnull=True, starts_at__gt=now)
        .select_related("round__panel__edition", "round__panel__stage")
        .prefetch_related("panelists")
        .order_by("starts_at", "pk")
    )
    if not waiting:
        return report
    conflicts = slot_conflicts(slots, waiting)
    eligible_by_round = {
        round_id: set(eligible_proposals(slot_list[0].round).values_list("pk", flat=True))
        for round_id, slot_list in _group(slots, key=lambda slot: slot.round_id).items()
    }
    options: dict[int, list[InterviewSlot]] = {
        proposal.pk: [
            slot
            for slot in slots
            if (slot.pk, proposal.pk) not in conflicts and proposal.pk in eligible_by_round[slot.round_id]
        ]
        for proposal in waiting
    }
    day_load: dict[date, int] = defaultdict(int)
    for starts_at in Interview.objects.filter(slot__edition=edition).values_list("slot__starts_at", flat=True):
        day_load[starts_at.astimezone(WIB).date()] += 1

    taken: dict[int, int] = {}  # slot id -> proposal id
    chosen: dict[int, InterviewSlot] = {}  # proposal id -> slot
    slot_by_id = {slot.pk: slot for slot in slots}

    def augment(proposal_id: int, seen: set[int]) -> bool:
        for slot in options[proposal_id]:
            if slot.pk in seen:
                continue
            seen.add(slot.pk)
            holder = taken.get(slot.pk)
            if holder is None or augment(holder, seen):
                taken[slot.pk] = proposal_id
                chosen[proposal_id] = slot
                return True
        return False

    for proposal in sorted(waiting, key=lambda p: (len(options[p.pk]), p.pk)):
        free = [slot for slot in options[proposal.pk] if slot.pk not in taken]
        if free:
            slot = min(free, key=lambda s: (day_load[_day(s)], s.starts_at, s.pk))
            taken[slot.pk] = proposal.pk
            chosen[proposal.pk] = slot
            day_load[_day(slot)] += 1
        elif options[proposal.pk] and augment(proposal.pk, set()):
            day_load[_day(chosen[proposal.pk])] += 1
    # Augmenting paths may have moved proposals; the final map is `taken`.
    by_proposal = {proposal.pk: proposal for proposal in waiting}
    for slot_id, proposal_id in sorted(taken.items(), key=lambda item: (slot_by_id[item[0]].starts_at, item[0])):
        interview = _place(slot=slot_by_id[slot_id], proposal=by_proposal[proposal_id], by=by, now=now)
        report.placed.append(interview)
    placed_ids = set(taken.values())
    for proposal in waiting:
        if proposal.pk not in placed_ids:
            report.unplaced.append(
                Unplaced(proposal=proposal, reason=_why_unplaced(proposal, slots, conflicts, eligible_by_round))
            )
    for interview in report.placed:
        day = _day(interview.slot)
        report.per_day[day] = report.per_day.get(day, 0) + 1
    return report


def _group(items, *, key) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


def _why_unplaced(proposal, slots, conflicts, eligible_by_round) -> str:
    if not slots:
        return _("No free slot is left that has not started yet: create more slots.")
    if not any(proposal.pk in eligible for eligible in eligible_by_round.values()):
        return _("It does not take part in the interview round: check that the round takes this edition's finalists.")
    reasons = sorted({reason for slot in slots for reason in conflicts.get((slot.pk, proposal.pk), [])})
    if all((slot.pk, proposal.pk) in conflicts for slot in slots):
        return _("Every free slot has a panelist with a conflict of interest: %(reasons)s") % {
            "reasons": "; ".join(reasons)
        }
    return _(
        "The free slots it may take went to other finalists, and the other free slots have a panelist with "
        "a conflict of interest. Create slots with other panelists."
    )


def _log(interview: Interview, *, action: str, before: str = "", after: str = "", by, now) -> None:
    InterviewEvent.objects.create(interview=interview, action=action, before=before, after=after, by=by, at=now)


def _place(*, slot: InterviewSlot, proposal: Proposal, by, now) -> Interview:
    interview = Interview.objects.create(slot=slot, proposal=proposal)
    interview.slot = slot
    interview.proposal = proposal
    _log(interview, action=InterviewEvent.Action.ASSIGNED, after=str(slot.starts_at.isoformat()), by=by, now=now)
    _sync_assignments(interview=interview, old_slot=None, by=by)
    notify_slot(interview=interview)
    return interview


def _sync_assignments(*, interview: Interview, old_slot: InterviewSlot | None, by) -> None:
    """Give the slot's panelists the proposal in the interview round (jury scoring), and take it from
    panelists of the old slot who no longer interview it (refused if they already submitted)."""
    proposal, slot = interview.proposal, interview.slot
    new = {user.pk: user for user in slot.panelists.all()}
    if old_slot is not None:
        keep = set(new) if old_slot.round_id == slot.round_id else set()
        for assignment in Assignment.objects.filter(
            round_id=old_slot.round_id, proposal=proposal, juror__in=old_slot.panelists.all()
        ).select_related("round"):
            if assignment.juror_id not in keep:
                unassign(assignment=assignment, by=by)
    existing = set(Assignment.objects.filter(round_id=slot.round_id, proposal=proposal).values_list("juror", flat=True))
    # A panelist who left the panel since the slot was made keeps no scoring duty (the jury refuses it).
    active = set(active_members(slot.round).values_list("user_id", flat=True))
    for user_id, user in new.items():
        if user_id not in existing and user_id in active:
            assign_juror(round=slot.round, juror=user, proposal=proposal, by=by, notify_juror=False)


# --- Manual move -----------------------------------------------------------------------------------


@transaction.atomic
def move_interview(*, interview: Interview, to_slot: InterviewSlot, by, now: datetime | None = None) -> Interview:
    """Move a finalist to another free slot of the same edition.

    Refused when the slot is taken, has started, or one of its panelists has a conflict of interest
    with the proposal. The answer goes back to "waiting for confirmation" (a new time needs a new
    confirmation). Side effects: the interview's slot and status, `moved` and `status` events, jury
    Assignments moved to the new panelists, an `interview_slot` message with a new .ics.
    """
    now = now or timezone.now()
    interview = Interview.objects.select_for_update(of=("self",)).with_context().get(pk=interview.pk)
    to_slot = (
        InterviewSlot.objects.select_for_update()
        .select_related("round__panel__edition", "round__panel__stage")
        .get(pk=to_slot.pk)
    )
    if to_slot.pk == interview.slot_id:
        raise ValidationError(_("The finalist is already in this slot."))
    if to_slot.edition_id != interview.slot.edition_id:
        raise ValidationError(_("Choose a slot of the same edition."))
    if Interview.objects.filter(slot=to_slot).exists():
        raise ValidationError(_("This slot is already taken by another finalist."))
    if to_slot.has_started(now):
        raise ValidationError(_("This slot has already started."))
    proposal = with_agency(Proposal.objects.filter(pk=interview.proposal_id)).get()
    reasons = slot_conflicts([to_slot], [proposal]).get((to_slot.pk, proposal.pk))
    if reasons:
        raise ValidationError(
            _("A panelist of this slot has a conflict of interest with the proposal: %(reasons)s")
            % {"reasons": "; ".join(reasons)}
        )
    old_slot = interview.slot
    interview.slot = to_slot
    interview.save(update_fields=["slot"])
    _log(
        interview,
        action=InterviewEvent.Action.MOVED,
        before=old_slot.starts_at.isoformat(),
        after=to_slot.starts_at.isoformat(),
        by=by,
        now=now,
    )
    if interview.status != Interview.Status.SCHEDULED:
        _transition_status(interview, to=Interview.Status.SCHEDULED, by=by, now=now)
    _sync_assignments(interview=interview, old_slot=old_slot, by=by)
    notify_slot(interview=interview)
    return interview


# --- The agency's answer ---------------------------------------------------------------------------


class TooLate(ValidationError):
    pass


def _transition_status(interview: Interview, *, to: str, by, now) -> None:
    """The only writer of Interview.status: checks the move and writes the audit entry."""
    before = interview.status
    if to not in STATUS_MOVES[before]:
        raise ValidationError(
            _("The interview cannot go from “%(before)s” to “%(after)s”.")
            % {"before": Interview.Status(before).label, "after": Interview.Status(to).label}
        )
    interview.status = to
    if to == Interview.Status.SCHEDULED:
        interview.confirmed_at, interview.confirmed_by = None, None
    else:
        interview.confirmed_at, interview.confirmed_by = now, by
    interview.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    _log(interview, action=InterviewEvent.Action.STATUS, before=before, after=to, by=by, now=now)


def can_answer(interview: Interview, now: datetime | None = None) -> bool:
    """Whether the agency may still confirm or decline: until 24 hours before the start (inclusive)."""
    return (now or timezone.now()) <= interview.slot.confirm_by


@transaction.atomic
def set_status(*, interview: Interview, status: str, by, now: datetime | None = None) -> Interview:
    """The agency confirms (or declines) its slot; allowed until 24 hours before the start.

    Raises TooLate after that moment. Side effects: status, confirmed_at/by and a `status` event.
    """
    now = now or timezone.now()
    interview = Interview.objects.select_for_update(of=("self",)).select_related("slot").get(pk=interview.pk)
    if status not in (Interview.Status.CONFIRMED, Interview.Status.DECLINED):
        raise ValidationError(_("Choose confirm or decline."))
    if not can_answer(interview, now):
        from sinovik.templatetags.sinovik import wib

        raise TooLate(
            _(
                "Confirmation closed at %(deadline)s, 24 hours before the interview. "
                "Contact the secretariat if you cannot attend."
            )
            % {"deadline": wib(interview.slot.confirm_by)}
        )
    if interview.status == status:
        return interview
    _transition_status(interview, to=status, by=by, now=now)
    if status == Interview.Status.DECLINED:
        _tell_secretariat_of_decline(interview, now=now)
    return interview


def _tell_secretariat_of_decline(interview: Interview, *, now: datetime) -> None:
    proposal = Proposal.objects.select_related("innovation__agency").get(pk=interview.proposal_id)
    edition = interview.slot.edition
    notify(
        event="interview_declined",
        recipients=list(edition.secretariat()),
        context={
            "proposal_title": proposal.title,
            "agency": proposal.innovation.agency.name,
            "starts_at": interview.slot.starts_at,
        },
        url=reverse("interviews:slots", args=[edition.slug]),
        # One message per decline: an agency may decline, confirm and decline again.
        dedupe_key=f"interview-declined-{interview.pk}-{now.isoformat()}",
    )


# --- Attendance ------------------------------------------------------------------------------------


@transaction.atomic
def set_attendance(*, interview: Interview, attendance: str, by, now: datetime | None = None) -> Interview:
    """The only writer of Interview.attendance: the secretariat records attended or no-show once the
    slot has started (and may correct it). Side effects: attendance, attendance_at/by, an event."""
    now = now or timezone.now()
    interview = Interview.objects.select_for_update(of=("self",)).select_related("slot").get(pk=interview.pk)
    if attendance not in (Interview.Attendance.ATTENDED, Interview.Attendance.NO_SHOW):
        raise ValidationError(_("Choose attended or no-show."))
    if not interview.slot.has_started(now):
        raise ValidationError(_("Attendance can be recorded once the slot has started."))
    before = interview.attendance
    interview.attendance, interview.attendance_at, interview.attendance_by = attendance, now, by
    interview.save(update_fields=["attendance", "attendance_at", "attendance_by"])
    _log(interview, action=InterviewEvent.Action.ATTENDANCE, before=before, after=attendance, by=by, now=now)
    return interview


# --- Materials -------------------------------------------------------------------------------------


@transaction.atomic
def upload_materials(
    *, interview: Interview, by, deck=None, summary=None, video_link: str | None = None, now: datetime | None = None
) -> Interview:
    """Store the finalist's presentation deck (PDF or PPTX, ≤ 20 MB), summary (PDF) and video link,
    checked by their content like every other upload. Allowed until the slot starts.

    Side effects: files stored (replacing earlier ones), a `materials` event.
    """
    now = now or timezone.now()
    interview = Interview.objects.select_for_update(of=("self",)).select_related("slot").get(pk=interview.pk)
    if interview.slot.has_started(now):
        raise ValidationError(_("The interview has started; materials can no longer change."))
    changed = []
    if deck is not None:
        clean = clean_upload(upload=deck, rules=DECK_RULES)
        extension = "pptx" if clean.content_type.endswith("presentationml.presentation") else "pdf"
        interview.deck.save(f"deck-{interview.pk}.{extension}", clean.content, save=False)
        interview.deck_name = clean.original_name
        changed += ["deck", "deck_name"]
    if summary is not None:
        clean = clean_upload(upload=summary, rules=SUMMARY_RULES)
        interview.summary.save(f"summary-{interview.pk}.pdf", clean.content, save=False)
        interview.summary_name = clean.original_name
        changed += ["summary", "summary_name"]
    if video_link is not None and video_link != interview.video_link:
        interview.video_link = video_link
        changed.append("video_link")
    if changed:
        interview.save(update_fields=changed)
        _log(interview, action=InterviewEvent.Action.MATERIALS, after=",".join(changed)[:100], by=by, now=now)
    return interview


# --- Invitations -----------------------------------------------------------------------------------


def agency_recipients(proposal: Proposal) -> list:
    """The Admin Lokal of the proposal's agency (a BUMD's: its local government's) and the UPP's staff."""
    agency = proposal.innovation.agency
    agencies = [agency.pk] + ([agency.parent_id] if agency.parent_id else [])
    memberships = (
        Membership.objects.active()
        .filter(user__is_active=True)
        .filter(
            Q(role=Membership.Role.ADMIN_LOKAL, agency_id__in=agencies)
            | Q(role=Membership.Role.UPP_STAFF, unit_id=proposal.innovation.unit_id)
        )
        .select_related("user")
        .order_by("user__email")
    )
    users = {}
    for membership in memberships:
        users.setdefault(membership.user_id, membership.user)
    return list(users.values())


def invitation(interview: Interview):
    """The .ics calendar entry of the interview; the same UID for the same interview, so a moved slot
    replaces the entry in the agency's calendar."""
    slot, proposal = interview.slot, interview.proposal
    with translation.override("id"):
        return _invitation(interview, slot, proposal)


def _invitation(interview, slot, proposal):
    description = _("Presentation and interview of “%(title)s”. Confirm attendance before %(deadline)s.") % {
        "title": proposal.title,
        "deadline": slot.confirm_by.astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB"),
    }
    if slot.video_link:
        description += "\n" + slot.video_link
    return calendar_event(
        uid=f"interview-{interview.pk}@sinovik",
        title=_("KIPP interview: %(title)s") % {"title": proposal.title},
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        description=description,
        location=slot.video_link,
        url=slot.video_link,
        filename="wawancara.ics",
    )


def notify_slot(*, interview: Interview) -> list:
    """Queue `interview_slot` with the .ics to the agency's people (see agency_recipients)."""
    recipients = agency_recipients(interview.proposal)
    if not recipients:
        return []
    return notify(
        event="interview_slot",
        recipients=recipients,
        context={
            "proposal_title": interview.proposal.title,
            "starts_at": interview.slot.starts_at,
            "confirm_by": interview.slot.confirm_by,
        },
        url=reverse("interviews:interview", kwargs={"pk": interview.pk}),
        attachments=[invitation(interview)],
    )


# --- Winners --------------------------------------------------------------------------------------


@transaction.atomic
def draft_winners(*, scoring, size: int, by):
    """The `size` best finalists by final score, saved as a shortlist draft of the interview round.

    The secretariat then works it like any draft (judging.views.decisions): manual overrides with a
    justification, and one batch that gives a tier (Top 45, Outstanding Achievement, ...) under the
    decree's number and date. Finalists without a final score yet are never chosen.
    Side effects: creates one judging ShortlistDraft.
    """
    from interviews.selectors import final_ranking
    from judging.models import ShortlistDraft

    if size < 1:
        raise ValidationError({"size": _("Choose at least one finalist.")})
    rows = [row for row in final_ranking(scoring) if row.final is not None]
    if not rows:
        raise ValidationError(_("No finalist has a final score yet."))
    chosen = rows[:size]
    return ShortlistDraft.objects.create(
        edition=scoring.edition,
        round=scoring.interview_round,
        size=size,
        selected=[row.proposal_id for row in chosen],
        scores={str(row.proposal_id): row.final for row in rows},
        total=sum(row.final for row in chosen),
        created_by=by,
    )
