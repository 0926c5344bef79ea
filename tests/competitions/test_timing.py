from datetime import date, datetime, timedelta

import pytest
from django.utils import translation

from competitions.timing import (
    WIB,
    end_of_day_wib,
    format_remaining,
    minus_years,
    remaining_parts,
    shift_years_wib,
    start_of_day_wib,
    wib_date,
)


def test_end_of_day_wib_is_the_last_second_in_jakarta():
    moment = end_of_day_wib(date(2026, 4, 30))

    assert moment == datetime(2026, 4, 30, 16, 59, 59, tzinfo=WIB.__class__("UTC"))
    assert moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S") == "2026-04-30 23:59:59"


def test_wib_date_of_a_utc_evening_is_the_next_day_in_jakarta():
    seventeen_utc = start_of_day_wib(date(2026, 5, 1)).astimezone(WIB.__class__("UTC"))

    assert seventeen_utc.date() == date(2026, 4, 30)
    assert wib_date(seventeen_utc) == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 4, 30), 2, date(2024, 4, 30)),
        (date(2024, 2, 29), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 4, date(2020, 2, 29)),
        (date(2026, 1, 1), 0, date(2026, 1, 1)),
    ],
)
def test_minus_years_counts_calendar_years_and_folds_29_february(day, years, expected):
    assert minus_years(day, years) == expected


def test_shift_years_keeps_the_wib_wall_clock_time():
    closing = end_of_day_wib(date(2024, 2, 29))

    shifted = shift_years_wib(closing, 1)

    assert shifted == end_of_day_wib(date(2025, 2, 28))


def test_remaining_parts_round_down_and_never_go_negative():
    assert remaining_parts(timedelta(days=3, hours=4, minutes=59, seconds=59)) == (3, 4, 59)
    assert remaining_parts(timedelta(seconds=-5)) == (0, 0, 0)


@pytest.mark.parametrize(
    ("delta", "indonesian", "english"),
    [
        (timedelta(days=3, hours=4, minutes=10), "3 hari 4 jam lagi", "3 days 4 hours left"),
        (timedelta(days=1), "1 hari lagi", "1 day left"),
        (timedelta(hours=5, minutes=12), "5 jam 12 menit lagi", "5 hours 12 minutes left"),
        (timedelta(hours=1), "1 jam lagi", "1 hour left"),
        (timedelta(minutes=1, seconds=30), "1 menit lagi", "1 minute left"),
        (timedelta(seconds=30), "kurang dari semenit lagi", "less than a minute left"),
        (timedelta(0), "ditutup", "closed"),
    ],
)
def test_format_remaining_reads_naturally_in_both_languages(delta, indonesian, english):
    with translation.override("id"):
        shown_id = format_remaining(delta)
    with translation.override("en"):
        shown_en = format_remaining(delta)

    assert (shown_id, shown_en) == (indonesian, english)
