"""Reads of the interviews app: slots by day, a panelist's day, and the final ranking.

The final score of a finalist is, with weights w_s + w_i + w_f = 100:

    final = w_s / 100 * substance + w_i / 100 * interview + w_f / 100 * field

where substance and interview are the finalist's mean review totals out of 100 in the two jury
rounds (jury.selectors.ranking: each review's total is the criteria's weighted score normalised to
0-100), and field is the score of its signed-off field visit (0-100; the term is left out when
w_f is 0, the default). A finalist recorded as a no-show gets 0 for the interview. A finalist
without a submitted review in either round, or (when w_f > 0) without a signed-off field visit,
has no final score yet and is listed last. Ties are broken by the jury's
juror-normalised score (mean z-score) of the substance round, then of the interview round.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Value, When

from competitions.models import Edition, StageKind
from interviews.models import FieldVisit, FinalScoring, Interview, InterviewSlot
from interviews.services import WIB, finalists, slot_conflicts, with_agency
from jury.models import Round
from jury.selectors import ranking
from submissions.models import Proposal


@dataclass
class Day:
    day: date
    slots: list[InterviewSlot]

    @property
    def taken(self) -> int:
        return sum(1 for slot in self.slots if getattr(slot, "placed", None))


def slots_by_day(edition: Edition, *, day: date | None = None) -> list[Day]:
    """The edition's slots grouped by day (WIB), each with its interview (or None) as `placed`."""
    slots = (
        InterviewSlot.objects.for_edition(edition)
        .select_related("round__panel__edition", "round__panel__stage")
        .prefetch_related("panelists")
        .order_by("starts_at", "pk")
    )
    interviews = {
        interview.slot_id: interview
        for interview in Interview.objects.filter(slot__edition=edition).select_related(
            "proposal__innovation__agency", "confirmed_by", "attendance_by"
        )
    }
    slots = list(slots)
    placed_slots = [slot for slot in slots if slot.pk in interviews]
    # Conflicts declared or detected after placement (a new JurorProfile, a recusal) are flagged here.
    conflicts = (
        slot_conflicts(
            placed_slots, with_agency(Proposal.objects.filter(pk__in=[i.proposal_id for i in interviews.values()]))
        )
        if placed_slots
        else {}
    )
    days: dict[date, list[InterviewSlot]] = defaultdict(list)
    for slot in slots:
        slot.placed = interviews.get(slot.pk)
        slot.conflicts = conflicts.get((slot.pk, slot.placed.proposal_id), []) if slot.placed else []
        days[slot.starts_at.astimezone(WIB).date()].append(slot)
    result = [Day(day=key, slots=value) for key, value in sorted(days.items())]
    if day is not None:
        result = [item for item in result if item.day == day]
    return result


def panelist_days(user) -> list[Day]:
    """The slots `user` sits on, by day, each with its interview as `placed`."""
    slots = list(
        InterviewSlot.objects.for_panelist(user).select_related("edition", "round__panel").order_by("starts_at", "pk")
    )
    interviews = {
        interview.slot_id: interview
        for interview in Interview.objects.filter(slot__in=slots).select_related("proposal__innovation__agency")
    }
    days: dict[date, list[InterviewSlot]] = defaultdict(list)
    for slot in slots:
        slot.placed = interviews.get(slot.pk)
        days[slot.starts_at.astimezone(WIB).date()].append(slot)
    return [Day(day=key, slots=value) for key, value in sorted(days.items())]


def default_rounds(edition: Edition) -> tuple[Round | None, Round | None]:
    """The latest round of the independent panel's review (substance) and of the presentation stage."""
    rounds = Round.objects.filter(panel__edition=edition).select_related("panel__stage").order_by("-opens_at", "-pk")

    def latest(kind):
        return next((round for round in rounds if round.panel.stage.kind == kind), None)

    return latest(StageKind.PANEL_REVIEW), latest(StageKind.PRESENTATION)


@dataclass
class FinalRow:
    proposal_id: int
    title: str
    agency: str
    substance: float | None
    substance_normalised: float | None
    interview: float | None
    interview_normalised: float | None
    no_show: bool
    final: float | None
    field: float | None = None
    rank: int | None = None

    @property
    def not_verified(self) -> bool:
        """No signed-off field visit (meaningful only when the edition weighs the field score)."""
        return self.field is None


def final_ranking(scoring: FinalScoring) -> list[FinalRow]:
    """Every finalist with substance, interview and final score, best first (module docstring)."""
    substance = {row.proposal_id: row for row in ranking(scoring.substance_round).rows}
    interview = {row.proposal_id: row for row in ranking(scoring.interview_round).rows}
    no_shows = set(
        Interview.objects.filter(
            slot__edition_id=scoring.edition_id, attendance=Interview.Attendance.NO_SHOW
        ).values_list("proposal_id", flat=True)
    )
    uses_field = scoring.field_weight > 0
    field_scores = (
        dict(
            FieldVisit.objects.filter(edition_id=scoring.edition_id, status=FieldVisit.Status.SIGNED_OFF).values_list(
                "proposal_id", "score"
            )
        )
        if uses_field
        else {}
    )
    rows = []
    for pk, title, agency in (
        finalists(scoring.edition).order_by("pk").values_list("pk", "title", "innovation__agency__name")
    ):
        sub, inter = substance.get(pk), interview.get(pk)
        no_show = pk in no_shows
        sub_mean = sub.mean if sub else None
        inter_mean = 0.0 if no_show else (inter.mean if inter else None)
        field = float(field_scores[pk]) if field_scores.get(pk) is not None else None
        final = None
        if sub_mean is not None and inter_mean is not None and (field is not None or not uses_field):
            final = (scoring.substance_weight * sub_mean + scoring.interview_weight * inter_mean) / 100
            if uses_field:
                final += scoring.field_weight * field / 100
        rows.append(
            FinalRow(
                proposal_id=pk,
                title=title,
                agency=agency,
                substance=sub_mean,
                substance_normalised=sub.normalised if sub else None,
                interview=inter_mean,
                interview_normalised=None if no_show or not inter else inter.normalised,
                no_show=no_show,
                final=final,
                field=field,
            )
        )

    def key(row: FinalRow):
        return (
            row.final is None,
            -(row.final or 0),
            -(row.substance_normalised or 0),
            -(row.interview_normalised or 0),
            row.proposal_id,
        )

    rows.sort(key=key)
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if row.final is None:
            continue
        if previous is None or abs(row.final - previous) > 1e-9:
            rank = position
        row.rank, previous = rank, row.final
    return rows


# --- Field verification ----------------------------------------------------------------------------


@dataclass
class FieldRow:
    proposal: Proposal
    visit: FieldVisit | None


def field_visits_of(edition: Edition) -> list[FieldRow]:
    """Every finalist of the edition with its field visit (or None), verifiers loaded; by title."""
    proposals = finalists(edition).select_related("innovation__agency", "innovation__unit").order_by("title", "pk")
    visits = {
        visit.proposal_id: visit
        for visit in FieldVisit.objects.for_edition(edition)
        .select_related("signed_off_by")
        .prefetch_related("verifiers")
    }
    return [FieldRow(proposal=proposal, visit=visits.get(proposal.pk)) for proposal in proposals]


def visits_of_verifier(user):
    """The field visits `user` verifies, the open ones first, then by date."""
    return (
        FieldVisit.objects.for_verifier(user)
        .select_related("edition", "proposal__innovation__agency", "proposal__innovation__unit")
        .annotate(
            closed=Case(
                When(status=FieldVisit.Status.SIGNED_OFF, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("closed", "planned_on", "pk")
    )
