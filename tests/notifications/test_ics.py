from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from notifications.ics import calendar_event

START = datetime(2026, 7, 14, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def unfold(content: bytes) -> list[str]:
    return content.decode().replace("\r\n ", "").split("\r\n")


def test_calendar_event_is_valid_ics_in_utc():
    attachment = calendar_event(
        uid="slot-12@sinovik",
        title="Wawancara KIPP 2026: Klinik Keliling",
        starts_at=START,
        ends_at=START + timedelta(minutes=20),
        description="Presentasi 7 menit; tanya jawab 13 menit.\nSiapkan bahan tayang.",
        url="https://sinovik.example/jadwal/12/",
    )

    lines = unfold(attachment.content)
    assert (attachment.filename, attachment.mimetype) == ("sinovik.ics", "text/calendar")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2:] == ["END:VCALENDAR", ""]
    assert "METHOD:PUBLISH" in lines
    assert "UID:slot-12@sinovik" in lines
    assert "DTSTART:20260714T020000Z" in lines
    assert "DTEND:20260714T022000Z" in lines
    assert "SUMMARY:Wawancara KIPP 2026: Klinik Keliling" in lines
    assert "DESCRIPTION:Presentasi 7 menit\\; tanya jawab 13 menit.\\nSiapkan bahan tayang." in lines


def test_long_lines_are_folded_without_breaking_characters():
    title = "Inovasi “Layanan Terpadu” " * 8

    attachment = calendar_event(uid="x", title=title, starts_at=START, ends_at=START)

    physical = attachment.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in physical)
    assert f"SUMMARY:{title}" in unfold(attachment.content)
