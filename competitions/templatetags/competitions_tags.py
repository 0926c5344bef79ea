from datetime import datetime, timedelta

from django import template
from django.template.defaultfilters import filesizeformat

from competitions.timing import WIB, format_remaining

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    """`{{ category|localized:"name" }}`: the English text on English pages when there is one."""
    return obj.localized(field)


@register.filter
def language_of(obj, field: str) -> str:
    """The language of what `localized` shows, for a lang attribute on the Indonesian fallback."""
    return obj.language_of(field)


@register.simple_tag
def time_until(until: datetime, now: datetime) -> str:
    """`{% time_until stage.closes_at page.now %}` -> "3 hari 4 jam lagi"."""
    return format_remaining(until - now)


@register.filter
def remaining(delta: timedelta) -> str:
    """`{{ delta|remaining }}` -> "3 hari 4 jam lagi" (the same words as time_until)."""
    return format_remaining(delta)


@register.filter
def filesizeformat_kb(kilobytes: int) -> str:
    """A size limit stored in KB, shown as people read it ("2.0 MB")."""
    return filesizeformat(kilobytes * 1024)


@register.filter
def iso_seconds(moment: datetime) -> str:
    """ISO 8601 in WIB to the second ("2026-12-17T00:00:00+07:00"), which every browser's Date.parse reads."""
    return moment.astimezone(WIB).replace(microsecond=0).isoformat()
