"""Who scores what: automatic balanced assignment, manual changes and CSV import.

The automatic assignment is deterministic. Proposals are taken most-constrained first (fewest
eligible jurors), then by category and id; each open slot goes to the eligible juror with the
lowest load, preferring a juror whose expertise names the proposal's category, then the earliest
panel member. Eligible means: an active panel member still in the organiser's jury pool with the
panel's role, not conflicted with the proposal, not already assigned to it, and either without
expertise or with expertise that includes the proposal's category.

Why the loads stay within ±1: every slot goes to a juror whose load is the minimum among those
who may take it. When every juror may take every proposal, that minimum is the global minimum,
so after each step max(load) - min(load) <= 1 still holds (it held before: the chosen juror goes
from min to min + 1 <= max + 1, and if it becomes the new max, min is unchanged or also min + 1).
Conflicts and expertise can make ±1 impossible (a juror conflicted with half the proposals); the
report then says which proposals lack reviewers and why, rather than breaking a rule.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import OrganiserMembership
from jury.models import Assignment, Nomination, PanelMember, Review, Round
from jury.services.conflicts import conflicts_for_round, record_detected_conflicts
from notifications.services import notify
from submissions.models import Proposal

User = get_user_model()
MAX_IMPORT_ROWS = 20_000


@dataclass
class Impossible:
    proposal: Proposal
    missing: int
    reason: str


@dataclass
class AssignmentReport:
    created: list[Assignment] = field(default_factory=list)
    impossible: list[Impossible] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    conflicts: int = 0

    @property
    def spread(self) -> int:
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def eligible_proposals(round: Round):
    """The proposals that take part in `round`: those that passed screening in its edition, or
    those whose nomination from `source_round` was confirmed."""
    proposals = Proposal.objects.filter(edition_id=round.panel.edition_id)
    if round.source_round_id:
        nominated = Nomination.objects.confirmed().filter(round_id=round.source_round_id).values("proposal")
        return proposals.filter(pk__in=nominated)
    return proposals.filter(status=Proposal.Status.PASSED)


def active_members(round: Round):
    """The panel's active members who still hold the panel's role with the organiser."""
    panel = round.panel
    in_pool = OrganiserMembership.objects.filter(
        organiser_id=panel.edition.organiser_id, role=panel.juror_role, is_active=True
    ).values("user")
    return (
        PanelMember.objects.filter(panel=panel, is_active=True, user__is_active=True, user__in=in_pool)
        .select_related("user")
        .prefetch_related("categories")
        .order_by("pk")
    )


def _proposals_for_assignment(round: Round):
    return eligible_proposals(round).select_related(
        "innovation__agency__region__province", "innovation__agency__parent__region__province", "category"
    )


def _fill(round: Round, *, wanted: dict[int, int], members, proposals, by, source: str, now) -> AssignmentReport:
    """Give each proposal id in `wanted` that many more reviewers; shared by auto-assignment and
    the extra review for disagreements. Writes Assignment rows and detected conflicts."""
    proposals = {proposal.pk: proposal for proposal in proposals}
    members = list(members)
    member_ids = [member.user_id for member in members]
    expertise = {member.user_id: {category.pk for category in member.categories.all()} for member in members}
    order = {member.user_id: position for position, member in enumerate(members)}
    conflicts = conflicts_for_round(round, juror_ids=member_ids, proposals=proposals.values())
    report = AssignmentReport(conflicts=record_detected_conflicts(round, conflicts))

    assigned: dict[int, set[int]] = defaultdict(set)
    loads = dict.fromkeys(member_ids, 0)
    for juror_id, proposal_id in Assignment.objects.filter(round=round).values_list("juror_id", "proposal_id"):
        assigned[proposal_id].add(juror_id)
        if juror_id in loads:
            loads[juror_id] += 1

    def may_take(juror_id: int, proposal: Proposal) -> bool:
        categories = expertise[juror_id]
        return (
            juror_id not in assigned[proposal.pk]
            and (juror_id, proposal.pk) not in conflicts
            and (not categories or proposal.category_id in categories)
        )

    candidates = {pk: [j for j in member_ids if may_take(j, proposals[pk])] for pk in wanted if pk in proposals}
    queue = sorted(candidates, key=lambda pk: (len(candidates[pk]), proposals[pk].category_id or 0, pk))
    new: list[Assignment] = []
    for proposal_id in queue:
        proposal = proposals[proposal_id]
        need = wanted[proposal_id]
        pool = [juror_id for juror_id in candidates[proposal_id] if may_take(juror_id, proposal)]
        for _slot in range(need):
            if not pool:
                break
            juror_id = min(
                pool,
                key=lambda j: (loads[j], 0 if proposal.category_id in expertise[j] else 1, order[j]),
            )
            pool.remove(juror_id)
            assigned[proposal_id].add(juror_id)
            loads[juror_id] += 1
            need -= 1
            new.append(
                Assignment(
                    round=round, juror_id=juror_id, proposal=proposal, source=source, created_by=by, created_at=now
                )
            )
        if need:
            report.impossible.append(Impossible(proposal=proposal, missing=need, reason=_why_short(round, proposal)))
    report.created = Assignment.objects.bulk_create(new)
    report.loads = loads
    return report


def _why_short(round: Round, proposal: Proposal) -> str:
    return _(
        "Not enough jurors may score it: the others are already assigned, have a conflict of interest, "
        "or score other categories only."
    )


@transaction.atomic
def assign_automatically(*, round: Round, by, notify_jurors: bool = True, now=None) -> AssignmentReport:
    """Bring every proposal of the round up to `reviewers_per_proposal` reviewers, balancing loads.

    Existing assignments stay (a re-run only fills gaps, e.g. after a recusal). Side effects:
    Assignment rows, the round's detected ConflictDeclaration rows refreshed, and one
    `jury_assigned` message per juror who received proposals (unless `notify_jurors` is False).
    """
    now = now or timezone.now()
    round = Round.objects.select_for_update().select_related("panel__edition", "panel__stage").get(pk=round.pk)
    proposals = list(_proposals_for_assignment(round))
    counts = defaultdict(int)
    for proposal_id in Assignment.objects.filter(round=round).values_list("proposal_id", flat=True):
        counts[proposal_id] += 1
    wanted = {
        proposal.pk: round.reviewers_per_proposal - counts[proposal.pk]
        for proposal in proposals
        if counts[proposal.pk] < round.reviewers_per_proposal
    }
    report = _fill(
        round,
        wanted=wanted,
        members=active_members(round),
        proposals=proposals,
        by=by,
        source=Assignment.Source.AUTOMATIC,
        now=now,
    )
    if notify_jurors:
        _notify_assigned(round, report.created)
    return report


@transaction.atomic
def add_reviewer_to_flagged(*, round: Round, by, now=None) -> AssignmentReport:
    """One more reviewer for every proposal whose reviews disagree beyond the round's threshold.

    Side effects: as assign_automatically (Assignment rows, detected conflicts, notifications).
    """
    from jury.selectors import ranking

    now = now or timezone.now()
    flagged = [row.proposal_id for row in ranking(round).rows if row.flagged]
    report = _fill(
        round,
        wanted=dict.fromkeys(flagged, 1),
        members=active_members(round),
        proposals=_proposals_for_assignment(round).filter(pk__in=flagged),
        by=by,
        source=Assignment.Source.AUTOMATIC,
        now=now,
    )
    _notify_assigned(round, report.created)
    return report


def _check_pair(round: Round, *, juror, proposal: Proposal) -> None:
    if not active_members(round).filter(user=juror).exists():
        raise ValidationError(_("%(juror)s is not an active member of this panel.") % {"juror": juror})
    if not eligible_proposals(round).filter(pk=proposal.pk).exists():
        raise ValidationError(_("Proposal %(id)s does not take part in this round.") % {"id": proposal.pk})
    proposal = _proposals_for_assignment(round).get(pk=proposal.pk)
    conflict = conflicts_for_round(round, juror_ids=[juror.pk], proposals=[proposal])
    if conflict:
        raise ValidationError(
            _("%(juror)s has a conflict of interest with this proposal: %(reason)s")
            % {"juror": juror, "reason": next(iter(conflict.values())).reason}
        )
    if Assignment.objects.filter(round=round, juror=juror, proposal=proposal).exists():
        raise ValidationError(_("%(juror)s is already assigned to this proposal.") % {"juror": juror})


@transaction.atomic
def assign_juror(
    *, round: Round, juror, proposal: Proposal, by, source: str = Assignment.Source.MANUAL, notify_juror=True
) -> Assignment:
    """Assign one juror to one proposal by hand (expertise is the secretariat's call here).

    Refused for a juror outside the panel, a proposal outside the round, a conflicted pair or a
    repeat. Side effects: an Assignment row and a `jury_assigned` message to the juror.
    """
    _check_pair(round, juror=juror, proposal=proposal)
    assignment = Assignment.objects.create(round=round, juror=juror, proposal=proposal, source=source, created_by=by)
    if notify_juror:
        _notify_assigned(round, [assignment])
    return assignment


@transaction.atomic
def unassign(*, assignment: Assignment, by) -> None:
    """Take a proposal away from a juror, unless they already submitted its review.

    Side effects: deletes the assignment and the juror's draft review (its audit trail stays).
    """
    review = Review.objects.filter(
        round_id=assignment.round_id, juror_id=assignment.juror_id, proposal_id=assignment.proposal_id
    ).first()
    if review and review.status == Review.Status.SUBMITTED:
        raise ValidationError(_("This juror already submitted a review of the proposal; it cannot be taken away."))
    if review:
        review.delete()
    assignment.delete()


@transaction.atomic
def move_assignment(*, assignment: Assignment, to_juror, by) -> Assignment:
    """Give one juror's assignment to another juror (both checks of unassign and assign_juror)."""
    round, proposal = assignment.round, assignment.proposal
    unassign(assignment=assignment, by=by)
    return assign_juror(round=round, juror=to_juror, proposal=proposal, by=by)


@transaction.atomic
def import_assignments(*, round: Round, content: str, by) -> ImportResult:
    """Import assignments from CSV lines "juror email, proposal id" (a header line is allowed).

    All or nothing: when any row is wrong, nothing is written and every wrong row is reported
    with its line number, so the secretariat fixes the file and imports it again. Side effects:
    Assignment rows (source `imported`) and one `jury_assigned` message per juror.
    """
    result = ImportResult()
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    if len(rows) > MAX_IMPORT_ROWS:
        result.errors.append((0, _("The file has more than %(max)d lines.") % {"max": MAX_IMPORT_ROWS}))
        return result
    members = {member.user.email.lower(): member.user for member in active_members(round)}
    proposals = {proposal.pk: proposal for proposal in _proposals_for_assignment(round)}
    existing = set(Assignment.objects.filter(round=round).values_list("juror_id", "proposal_id"))
    pairs: list[tuple[int, object, Proposal]] = []
    for line, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if line == 1 and not cells[-1].isdigit():
            continue  # a header line
        if len(cells) < 2:
            result.errors.append((line, _("Expected two columns: the juror's email and the proposal number.")))
            continue
        email, number = cells[0].lower(), cells[1]
        juror = members.get(email)
        proposal = proposals.get(int(number)) if number.isdigit() else None
        if juror is None:
            result.errors.append((line, _("%(email)s is not an active member of this panel.") % {"email": cells[0]}))
        elif proposal is None:
            result.errors.append((line, _("Proposal %(id)s does not take part in this round.") % {"id": number}))
        elif (juror.pk, proposal.pk) in existing:
            result.errors.append((line, _("%(email)s is already assigned to this proposal.") % {"email": cells[0]}))
        else:
            existing.add((juror.pk, proposal.pk))
            pairs.append((line, juror, proposal))
    conflicts = conflicts_for_round(
        round, juror_ids={juror.pk for _line, juror, _p in pairs}, proposals={p for _l, _j, p in pairs}
    )
    for line, juror, proposal in pairs:
        conflict = conflicts.get((juror.pk, proposal.pk))
        if conflict:
            result.errors.append(
                (
                    line,
                    _("%(email)s has a conflict of interest with proposal %(id)s: %(reason)s")
                    % {"email": juror.email, "id": proposal.pk, "reason": conflict.reason},
                )
            )
    if result.errors:
        result.errors.sort()
        return result
    created = Assignment.objects.bulk_create(
        [
            Assignment(round=round, juror=juror, proposal=proposal, source=Assignment.Source.IMPORTED, created_by=by)
            for _line, juror, proposal in pairs
        ]
    )
    result.created = len(created)
    _notify_assigned(round, created)
    return result


def _notify_assigned(round: Round, assignments: list[Assignment]) -> None:
    """One `jury_assigned` message per juror, however many proposals they received."""
    per_juror: dict[int, int] = defaultdict(int)
    for assignment in assignments:
        per_juror[assignment.juror_id] += 1
    if not per_juror:
        return
    jurors = User.objects.in_bulk(list(per_juror))
    batch = max(assignment.pk or 0 for assignment in assignments)
    for juror_id, count in per_juror.items():
        notify(
            event="jury_assigned",
            recipients=[jurors[juror_id]],
            context={
                "edition": str(round.panel.edition),
                "stage": round.panel.stage.title,
                "count": count,
                "deadline": round.closes_at,
            },
            url=reverse("jury:queue"),
            dedupe_key=f"jury-round-{round.pk}-assigned-{batch}-{juror_id}",
        )


def proposals_short_of_reviewers(round: Round):
    """Proposals of the round with fewer assignments than `reviewers_per_proposal`."""
    from django.db.models import Count

    return (
        eligible_proposals(round)
        .annotate(reviewers=Count("jury_assignments", filter=Q(jury_assignments__round=round)))
        .filter(reviewers__lt=round.reviewers_per_proposal)
    )
