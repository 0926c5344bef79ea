from datetime import timedelta

from django import template

from competitions.timing import format_remaining

register = template.Library()


@register.filter
def remaining(delta: timedelta) -> str:
    """Time left, as people say it ("3 hari 4 jam lagi")."""
    return format_remaining(delta)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
