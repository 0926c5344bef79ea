"""Who may see and do what in the jury app. Views call these first.

A juror reaches a proposal only through an assignment in a round, and never when a conflict of
interest exists (declared or detected, checked live): otherwise the proposal answers 404, as if
it did not exist, even to someone who guesses the URL. Scores change only while the round is
open: a juror who may see the page but not change it gets 403. The rounds' management pages
(assignment, progress, ranking, nominations) belong to the secretariat of the edition's
organiser; to everyone else they answer 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from jury.blind import RELATED
from jury.models import Assignment, Round
from jury.services.assignment import active_members
from jury.services.conflicts import conflict_reason
from sinovik.roles import OrganiserRole, roles_of

JUROR_ROLES = frozenset({OrganiserRole.EVALUATOR, OrganiserRole.PANELIST})


def is_juror(user) -> bool:
    return bool(roles_of(user) & JUROR_ROLES)


def is_secretariat(user) -> bool:
    return OrganiserRole.SECRETARIAT in roles_of(user) or bool(getattr(user, "is_superuser", False))


def can_use_jury(user) -> bool:
    """Whether the jury pages exist for `user` at all (jurors and the secretariat)."""
    return is_juror(user) or is_secretariat(user)


def round_for_secretariat(user, pk: int) -> Round:
    """The round if `user` is in the secretariat of its edition's organiser, else 404."""
    return get_object_or_404(Round.objects.managed_by(user).with_context(), pk=pk)


def assignment_for_juror(user, round_pk: int, proposal_pk: int) -> Assignment:
    """`user`'s assignment of the proposal in the round, if it exists and is not conflicted; else 404."""
    assignment = (
        Assignment.objects.filter(juror=user, round_id=round_pk, proposal_id=proposal_pk)
        .select_related("round__panel__edition", "round__panel__stage", *(f"proposal__{path}" for path in RELATED))
        .select_related("proposal__innovation__agency__parent__region")
        .first()
    )
    if assignment is None or not getattr(user, "is_active", False):
        raise Http404
    if not active_members(assignment.round).filter(user=user).exists():
        raise Http404
    if conflict_reason(assignment.round, juror_id=user.pk, proposal=assignment.proposal):
        raise Http404
    return assignment


def can_score(assignment: Assignment, now=None) -> bool:
    return assignment.round.is_open(now)
