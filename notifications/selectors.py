"""Reads of the notifications app that span other apps: who belongs to a group message's segment."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from agencies.models import Membership
from competitions.models import OrganiserMembership
from notifications.models import Notification
from sinovik.roles import ORGANISER_ROLES, PARTICIPANT_ROLES

User = get_user_model()


def segment_members(
    *,
    roles: list[str],
    agency_kinds: list[str] | None = None,
    provinces=None,
    unforwarded_in=None,
) -> QuerySet:
    """Active users holding any of `roles` through an active membership, each once, by email.

    Agency roles (Admin Lokal, UPP staff) count only in active agencies, and only in agencies of
    `agency_kinds`, in `provinces` (the agency's region or, for a BUMD without one, its parent's) and
    with a proposal of the edition `unforwarded_in` not yet forwarded, when given. Organiser roles
    ignore these agency conditions.
    """
    from submissions.models import Proposal

    wanted = Q(pk__in=[])
    participant = [role for role in roles if role in PARTICIPANT_ROLES]
    organiser = [role for role in roles if role in ORGANISER_ROLES]
    if participant:
        memberships = Membership.objects.filter(is_active=True, role__in=participant, agency__is_active=True)
        if agency_kinds:
            memberships = memberships.filter(agency__kind__in=agency_kinds)
        if provinces:
            memberships = memberships.filter(
                Q(agency__region__in=provinces)
                | Q(agency__region__province__in=provinces)
                | Q(agency__region__isnull=True, agency__parent__region__in=provinces)
                | Q(agency__region__isnull=True, agency__parent__region__province__in=provinces)
            )
        if unforwarded_in is not None:
            pending = Proposal.objects.filter(
                edition=unforwarded_in, status__in=[*Proposal.EDITABLE, Proposal.Status.SUBMITTED]
            )
            memberships = memberships.filter(agency__in=pending.values("innovation__agency"))
        wanted |= Q(pk__in=memberships.values("user_id"))
    if organiser:
        wanted |= Q(pk__in=OrganiserMembership.objects.filter(is_active=True, role__in=organiser).values("user_id"))
    return User.objects.filter(wanted, is_active=True).order_by("email")


def group_recipients(group_message) -> QuerySet:
    provinces = list(group_message.provinces.all()) if group_message.pk else []
    return segment_members(
        roles=group_message.roles,
        agency_kinds=group_message.agency_kinds,
        provinces=provinces,
        unforwarded_in=group_message.unforwarded_in,
    )


def unread_count(request) -> int:
    """The signed-in user's unread in-app notifications, counted once per request (0 for visitors).

    The header badge and the notifications page both ask; the answer is kept on the request.
    """
    if not request.user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.for_user(request.user).unread().count()
    return request._unread_notifications
