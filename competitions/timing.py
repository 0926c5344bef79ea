"""Calendar arithmetic in Western Indonesian Time (WIB), where every deadline of a competition lives.

Stages store aware datetimes; these helpers turn them into WIB dates and back and count years the
way the guidelines do ("at least 2 years before the closing date"). WIB has no daylight saving, so
wall-clock arithmetic here is exact.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, ngettext

WIB = ZoneInfo("Asia/Jakarta")
ONE_SECOND = timedelta(seconds=1)


def wib_date(moment: datetime) -> date:
    """The calendar date of `moment` in WIB (a deadline at 23:59:59 WIB belongs to that WIB day)."""
    return moment.astimezone(WIB).date()


def start_of_day_wib(day: date) -> datetime:
    """00:00:00 WIB on `day`."""
    return datetime.combine(day, time(0, 0, 0), tzinfo=WIB)


def end_of_day_wib(day: date) -> datetime:
    """23:59:59 WIB on `day`: the last second of a stage that runs "until the end of" that day."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=WIB)


def minus_years(day: date, years: int) -> date:
    """`day` moved back `years` calendar years; 29 February becomes 28 February in a common year."""
    return plus_years(day, -years)


def plus_years(day: date, years: int) -> date:
    """`day` moved `years` calendar years (negative moves back); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def shift_years_wib(moment: datetime, years: int) -> datetime:
    """The same WIB wall-clock time `years` years later (used when an edition is cloned to next year)."""
    local = moment.astimezone(WIB)
    shifted = plus_years(local.date(), years)
    return datetime.combine(shifted, local.timetz().replace(tzinfo=None), tzinfo=WIB)


def truncate_to_second(moment: datetime) -> datetime:
    """Deadlines are kept to the second: "until 23:59:59" includes the whole of that second."""
    return moment.replace(microsecond=0)


def remaining_parts(delta: timedelta) -> tuple[int, int, int]:
    """(days, hours, minutes) left in `delta`, rounded down; negative deltas count as nothing left."""
    seconds = max(int(delta.total_seconds()), 0)
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    return days, hours, seconds // 60


def format_remaining(delta: timedelta) -> str:
    """Time left as people say it: "3 hari 4 jam lagi", "5 jam 12 menit lagi", "12 menit lagi".

    static/js/competitions.js renders the same text from the same translated pieces (see
    countdown_texts) so the number a visitor sees does not jump when the script takes over.
    """
    days, hours, minutes = remaining_parts(delta)
    if delta.total_seconds() <= 0:
        return gettext("closed")
    if days:
        amount = f"{_days(days)} {_hours(hours)}" if hours else _days(days)
    elif hours:
        amount = f"{_hours(hours)} {_minutes(minutes)}" if minutes else _hours(hours)
    elif minutes:
        amount = _minutes(minutes)
    else:
        return gettext("less than a minute left")
    return gettext("%(time)s left") % {"time": amount}


def countdown_texts() -> dict:
    """The translated pieces static/js/competitions.js needs to build format_remaining's text."""
    return {
        "day": [ngettext("%(count)d day", "%(count)d days", n) for n in (1, 2)],
        "hour": [ngettext("%(count)d hour", "%(count)d hours", n) for n in (1, 2)],
        "minute": [ngettext("%(count)d minute", "%(count)d minutes", n) for n in (1, 2)],
        "left": gettext("%(time)s left"),
        "soon": gettext("less than a minute left"),
        "closed": gettext("closed"),
    }


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}


def _minutes(count: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
