"""A calendar entry (.ics, RFC 5545) to attach to a message, such as an interview slot."""

from datetime import UTC, datetime

from django.utils import timezone

from notifications.services import Attachment


def calendar_event(
    *,
    uid: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    location: str = "",
    url: str = "",
    filename: str = "sinovik.ics",
) -> Attachment:
    """An .ics attachment with one event, published (METHOD:PUBLISH) rather than a meeting request.

    A request would ask mail clients to send acceptances to an organiser address nobody reads;
    attendance is confirmed in the portal instead. `uid` must stay the same for the same slot so
    a rescheduled slot replaces the old entry in the calendar.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SiNovik//Notifications//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"SUMMARY:{_escape(title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    content = b"".join(_fold(line) + b"\r\n" for line in lines)
    return Attachment(filename=filename, content=content, mimetype="text/calendar")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")


def _fold(line: str) -> bytes:
    """Split lines longer than 75 octets, never inside a UTF-8 character (RFC 5545 §3.1)."""
    data, parts, limit = line.encode(), [], 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(data[:cut])
        data, limit = data[cut:], 74  # continuation lines start with a space
    parts.append(data)
    return b"\r\n ".join(parts)
