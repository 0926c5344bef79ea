"""Who may see which in-app notification: only the person it was written for."""

from django.shortcuts import get_object_or_404

from notifications.models import Notification


def notification_for(user, pk: int) -> Notification:
    """The user's own notification; 404 for anyone else's, so their existence is not revealed."""
    return get_object_or_404(Notification, pk=pk, user=user)
