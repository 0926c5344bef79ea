from datetime import UTC, datetime

from django.utils import translation

from sinovik.templatetags.sinovik import wib


def test_wib_shows_jakarta_time_with_label_in_indonesian():
    closing = datetime(2026, 5, 15, 16, 59, tzinfo=UTC)

    with translation.override("id"):
        shown = wib(closing)

    assert shown == "15 Mei 2026, 23:59 WIB"


def test_wib_shows_jakarta_time_in_english():
    closing = datetime(2026, 5, 15, 16, 59, tzinfo=UTC)

    with translation.override("en"):
        shown = wib(closing)

    assert shown == "15 May 2026, 23:59 WIB"


def test_wib_of_nothing_is_empty():
    assert wib(None) == ""
