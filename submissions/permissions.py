"""Who may read, write and review a proposal. Views call these first.

A proposal a user has no relation to answers 404. Its UPP staff and its agency's Admin Lokal (or the
parent government's, for a BUMD) may read it; they may change it while it is a draft or returned
and entry is open for their agency; only the Admin Lokal returns or forwards it. The secretariat
reads every proposal (support and screening) but never writes one.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from agencies.models import Agency, Membership
from sinovik.roles import OrganiserRole, roles_of
from submissions.models import Proposal


def is_secretariat(user) -> bool:
    return OrganiserRole.SECRETARIAT in roles_of(user)


def is_admin_lokal_of(user, proposal: Proposal) -> bool:
    return Agency.objects.managed_by(user).filter(pk=proposal.innovation.agency_id).exists()


def is_writer_of(user, proposal: Proposal) -> bool:
    """UPP staff of the proposal's unit, or an Admin Lokal of its agency."""
    staff = Membership.objects.active().filter(
        user=user, role=Membership.Role.UPP_STAFF, unit_id=proposal.innovation.unit_id
    )
    return staff.exists() or is_admin_lokal_of(user, proposal)


def proposal_for_viewer(user, pk: int) -> Proposal:
    queryset = Proposal.objects.visible_to(user).select_related(
        "innovation__agency__region", "innovation__unit", "edition", "group", "category", "replicates"
    )
    return get_object_or_404(queryset, pk=pk)


def proposal_for_writer(user, pk: int) -> Proposal:
    """The proposal, if `user` may write it (its state and the deadline are checked by the services)."""
    proposal = proposal_for_viewer(user, pk)
    if not is_writer_of(user, proposal):
        raise PermissionDenied
    return proposal


def proposal_for_reviewer(user, pk: int) -> Proposal:
    """The proposal, if `user` is an Admin Lokal of its agency."""
    proposal = proposal_for_viewer(user, pk)
    if not is_admin_lokal_of(user, proposal):
        raise PermissionDenied
    return proposal
