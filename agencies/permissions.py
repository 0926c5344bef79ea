"""Who may see and change what in the agencies app. Views call these first.

Objects a user has no relation to answer 404 (they do not learn that the object exists); objects a
user may see but not change answer 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from agencies.models import AccountRequest, Agency, Membership, Unit
from sinovik.roles import OrganiserRole, roles_of


def is_secretariat(user) -> bool:
    return OrganiserRole.SECRETARIAT in roles_of(user)


def require_secretariat(user) -> None:
    """Organiser-only pages answer 404 to everybody else: they need not know the page exists."""
    if not is_secretariat(user):
        raise Http404


def can_manage_agency(user, agency: Agency) -> bool:
    """The secretariat, and the agency's Admin Lokal (or its parent's, for a BUMD)."""
    return is_secretariat(user) or Agency.objects.managed_by(user).filter(pk=agency.pk).exists()


def agency_for_viewer(user, pk: int) -> Agency:
    return get_object_or_404(Agency.objects.visible_to(user).select_related("region", "parent"), pk=pk)


def agency_for_manager(user, pk: int) -> Agency:
    agency = agency_for_viewer(user, pk)
    if not can_manage_agency(user, agency):
        raise PermissionDenied
    return agency


def units_visible_to(user, agency: Agency, *, can_manage: bool | None = None):
    """All UPPs for those who manage the agency; UPP staff see only their own unit(s)."""
    units = agency.units.all()
    if can_manage if can_manage is not None else can_manage_agency(user, agency):
        return units
    return units.filter(memberships__user=user, memberships__is_active=True).distinct()


def unit_for_manager(user, agency: Agency, pk: int) -> Unit:
    return get_object_or_404(Unit, pk=pk, agency=agency)


def membership_for_manager(user, agency: Agency, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "agency"), pk=pk, agency=agency)


def request_for_secretariat(user, pk: int) -> AccountRequest:
    require_secretariat(user)
    return get_object_or_404(AccountRequest.objects.select_related("agency__region", "agency__parent"), pk=pk)
