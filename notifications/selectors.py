"""Reads of the notifications app that span other apps: who belongs to a group message's segment."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from agencies.models import Membership
from competitions.models import OrganiserMembership
from notifications.models import Notification
from sinovik.roles import ORGANISER_ROLES, PARTICIPANT_ROLES

User = get_user_model()


def segment_members(*, roles: list[str], agency_kinds: list[str] | None = None) -> QuerySet:
    """Active users holding any of `roles` through an active membership, each once, by email.

    Agency roles (Admin Lokal, UPP staff) count only in active agencies, and only in agencies of
    `agency_kinds` when given; organiser roles ignore agency kinds.
    """
    wanted = Q(pk__in=[])
    participant = [role for role in roles if role in PARTICIPANT_ROLES]
    organiser = [role for role in roles if role in ORGANISER_ROLES]
    if participant:
        memberships = Membership.objects.filter(is_active=True, role__in=participant, agency__is_active=True)
        if agency_kinds:
            memberships = memberships.filter(agency__kind__in=agency_kinds)
        wanted |= Q(pk__in=memberships.values("user_id"))
    if organiser:
        wanted |= Q(pk__in=OrganiserMembership.objects.filter(is_active=True, role__in=organiser).values("user_id"))
    return User.objects.filter(wanted, is_active=True).order_by("email")


def group_recipients(group_message) -> QuerySet:
    return segment_members(roles=group_message.roles, agency_kinds=group_message.agency_kinds)


def unread_count(request) -> int:
    """The signed-in user's unread in-app notifications, counted once per request (0 for visitors).

    The header badge and the notifications page both ask; the answer is kept on the request.
    """
    if not request.user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.for_user(request.user).unread().count()
    return request._unread_notifications
