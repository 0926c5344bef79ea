"""When deadline reminders are due: the timing half of the reminder mechanism.

A periodic task of the app that owns the deadline (submissions for drafts, judging for scores)
asks `due_reminder` whether a reminder moment has come for a stage, collects (person, item)
pairs and hands them to `services.notify_digest`, which sends one message per person. Putting
`reminder_key` in the dedupe key makes each moment reach each person once, however often the
periodic task runs.
"""

from datetime import datetime, timedelta

from django.utils import timezone

# Before closing: 7 days, 3 days, 1 day, 6 hours (most proposals arrive in the last 48 hours).
REMINDER_OFFSETS = (timedelta(days=7), timedelta(days=3), timedelta(days=1), timedelta(hours=6))


def due_reminder(
    *, closes_at: datetime, now: datetime | None = None, offsets: tuple[timedelta, ...] = REMINDER_OFFSETS
) -> timedelta | None:
    """The reminder moment we are in: the smallest offset already reached, None before the first or after closing.

    A run that missed a moment (workers down for a day) sends only the latest one, not a burst.
    """
    now = now or timezone.now()
    if now >= closes_at:
        return None
    reached = [offset for offset in offsets if closes_at - offset <= now]
    return min(reached) if reached else None


def reminder_key(*, prefix: str, offset: timedelta) -> str:
    """A dedupe key prefix naming one reminder moment, e.g. "drafts-stage-12:before-6h"."""
    hours = int(offset.total_seconds() // 3600)
    return f"{prefix}:before-{hours}h"
