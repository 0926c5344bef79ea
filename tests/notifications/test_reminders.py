"""The reminder mechanism: which moment is due, and one digest per person."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from notifications import services
from notifications.models import Message
from notifications.reminders import due_reminder, reminder_key
from tests import factories

CLOSES = datetime(2026, 4, 30, 23, 59, tzinfo=ZoneInfo("Asia/Jakarta"))
CONTEXT = {"edition": "KIPP 2026", "stage": "Pengajuan proposal", "closes_at": CLOSES}


@pytest.mark.parametrize(
    ("before_closing", "expected"),
    [
        (timedelta(days=8), None),
        (timedelta(days=7), timedelta(days=7)),
        (timedelta(days=5), timedelta(days=7)),
        (timedelta(days=3), timedelta(days=3)),
        (timedelta(hours=30), timedelta(days=3)),
        (timedelta(hours=20), timedelta(days=1)),
        (timedelta(hours=6), timedelta(hours=6)),
        (timedelta(minutes=1), timedelta(hours=6)),
        (timedelta(0), None),
        (-timedelta(hours=1), None),
    ],
)
def test_due_reminder_picks_the_latest_moment_reached(before_closing, expected):
    assert due_reminder(closes_at=CLOSES, now=CLOSES - before_closing) == expected


def test_reminder_key_names_the_moment():
    assert reminder_key(prefix="drafts-stage-4", offset=timedelta(hours=6)) == "drafts-stage-4:before-6h"
    assert reminder_key(prefix="drafts-stage-4", offset=timedelta(days=3)) == "drafts-stage-4:before-72h"


@pytest.mark.django_db
def test_notify_digest_sends_one_message_per_person_with_only_their_items():
    dewi, agus = factories.UserFactory(language="id"), factories.UserFactory(language="en")
    items = [(dewi, "Klinik Keliling"), (agus, "Sekolah Sungai"), (dewi, "Posyandu Digital"), (agus, "Pasar Online")]
    key = reminder_key(prefix="drafts-stage-1", offset=timedelta(days=3))

    messages = services.notify_digest(event="deadline_reminder", items=items, context=CONTEXT, dedupe_key=key)
    repeated = services.notify_digest(event="deadline_reminder", items=items, context=CONTEXT, dedupe_key=key)

    assert len(messages) == 2
    assert repeated == []
    to_dewi = Message.objects.get(recipient=dewi).body_text
    to_agus = Message.objects.get(recipient=agus).body_text
    assert "- Klinik Keliling\n- Posyandu Digital\n" in to_dewi
    assert "Sekolah Sungai" not in to_dewi
    assert "- Sekolah Sungai\n- Pasar Online\n" in to_agus
    assert "These proposals have not been sent on yet:" in to_agus


@pytest.mark.django_db
def test_each_reminder_moment_reaches_a_person_once():
    dewi = factories.UserFactory()
    for offset in (timedelta(days=7), timedelta(days=7), timedelta(days=3)):
        services.notify_digest(
            event="deadline_reminder",
            items=[(dewi, "Klinik Keliling")],
            context=CONTEXT,
            dedupe_key=reminder_key(prefix="drafts-stage-1", offset=offset),
        )

    assert Message.objects.filter(recipient=dewi).count() == 2
