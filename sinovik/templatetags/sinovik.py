from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()

WIB = ZoneInfo("Asia/Jakarta")


@register.filter
def wib(value: datetime | None, fmt: str = "j F Y, H:i") -> str:
    """Show an aware datetime in Western Indonesian Time with its label, whatever the active zone.

    Deadlines are announced in WIB nationally, so a user in Makassar (WITA) still reads "23:59 WIB".
    """
    if not value:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, WIB)
    return f"{date_format(value.astimezone(WIB), fmt)} WIB"
