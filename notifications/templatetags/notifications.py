from django import template

from notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications_count(context) -> int:
    """How many in-app notifications the signed-in user has not read (0 for visitors)."""
    request = context.get("request")
    return unread_count(request) if request is not None else 0
