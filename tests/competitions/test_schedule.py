"""Where an edition stands in time: stage boundaries in WIB, the current stage, the entry deadline."""

from datetime import date, datetime, timedelta

import pytest

from competitions.models import Edition, Stage
from competitions.timing import WIB
from tests.competitions.factories import EditionFactory, StageFactory, full_schedule

pytestmark = pytest.mark.django_db


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


@pytest.fixture
def entry():
    """Proposal entry from 16 March 2026 00:00:00 WIB until 30 April 2026 23:59:59 WIB."""
    return StageFactory(first_day=date(2026, 3, 16), last_day=date(2026, 4, 30))


def test_stage_accepts_its_last_second_and_refuses_midnight(entry):
    assert entry.is_open(wib(2026, 4, 30, 23, 59, 59))
    assert entry.is_open(wib(2026, 4, 30, 23, 59, 59, 999_999))
    assert not entry.is_open(wib(2026, 5, 1, 0, 0, 0))


def test_stage_is_open_from_its_first_instant_and_not_before(entry):
    assert entry.is_open(wib(2026, 3, 16, 0, 0, 0))
    assert not entry.is_open(wib(2026, 3, 15, 23, 59, 59, 999_999))


def test_stage_boundary_is_the_same_instant_seen_from_makassar_or_utc(entry):
    from zoneinfo import ZoneInfo

    last_second_in_wita = datetime(2026, 5, 1, 0, 59, 59, tzinfo=ZoneInfo("Asia/Makassar"))
    midnight_wib_in_utc = datetime(2026, 4, 30, 17, 0, 0, tzinfo=ZoneInfo("UTC"))

    assert entry.is_open(last_second_in_wita)
    assert not entry.is_open(midnight_wib_in_utc)


def test_stage_state_moves_from_upcoming_to_open_to_closed(entry):
    assert entry.state(wib(2026, 3, 15, 23, 59, 59)) == "upcoming"
    assert entry.state(wib(2026, 3, 16, 0, 0, 0)) == "open"
    assert entry.state(wib(2026, 4, 30, 23, 59, 59)) == "open"
    assert entry.state(wib(2026, 5, 1, 0, 0, 0)) == "closed"


def test_stage_closes_at_is_one_second_after_its_end(entry):
    assert entry.closes_at == wib(2026, 5, 1, 0, 0, 0)


def test_stage_read_back_from_the_database_keeps_the_boundary(entry):
    stored = Stage.objects.get(pk=entry.pk)

    assert stored.is_open(wib(2026, 4, 30, 23, 59, 59))
    assert not stored.is_open(wib(2026, 5, 1))


def test_current_stage_hands_over_at_midnight_wib():
    edition = EditionFactory()
    stages = full_schedule(
        edition,
        [(date(2026, 3, 1), date(2026, 3, 15)), (date(2026, 3, 16), date(2026, 4, 30))]
        + [(date(2026, 5, d), date(2026, 5, d)) for d in range(1, 9)],
    )

    assert edition.current_stage(wib(2026, 4, 30, 23, 59, 59)) == stages[Stage.Kind.PROPOSAL_ENTRY]
    assert edition.current_stage(wib(2026, 5, 1, 0, 0, 0)) == stages[Stage.Kind.ADMIN_LOKAL_REVIEW]


def test_current_stage_is_none_between_stages_and_next_stage_is_the_one_ahead():
    edition = EditionFactory()
    StageFactory(
        edition=edition, kind=Stage.Kind.PROPOSAL_ENTRY, first_day=date(2026, 3, 16), last_day=date(2026, 4, 30)
    )
    screening = StageFactory(
        edition=edition,
        kind=Stage.Kind.ADMINISTRATIVE_SCREENING,
        first_day=date(2026, 5, 4),
        last_day=date(2026, 5, 15),
    )
    gap = wib(2026, 5, 2, 12, 0)

    assert edition.current_stage(gap) is None
    assert edition.next_stage(gap) == screening
    assert edition.next_stage(wib(2026, 6, 1)) is None


def test_entry_closes_at_is_the_end_of_the_proposal_entry_stage(entry):
    assert entry.edition.entry_closes_at == wib(2026, 4, 30, 23, 59, 59)
    assert EditionFactory().entry_closes_at is None


def test_is_entry_open_needs_a_published_edition(entry):
    inside = wib(2026, 4, 1)

    assert entry.edition.is_entry_open(inside)
    entry.edition.status = Edition.Status.DRAFT
    assert not entry.edition.is_entry_open(inside)


def test_has_finished_only_after_the_last_stage_closes():
    edition = EditionFactory()
    StageFactory(edition=edition, first_day=date(2026, 3, 16), last_day=date(2026, 4, 30))

    assert not edition.has_finished(wib(2026, 4, 30, 23, 59, 59))
    assert edition.has_finished(wib(2026, 5, 1))
    assert not EditionFactory().has_finished(wib(2030, 1, 1))


def test_schedule_reads_prefetched_stages_without_queries(django_assert_num_queries):
    edition = EditionFactory()
    full_schedule(edition)
    loaded = Edition.objects.with_schedule().get(pk=edition.pk)

    with django_assert_num_queries(0):
        loaded.current_stage(wib(2026, 3, 5))
        loaded.next_stage(wib(2026, 3, 5))
        assert loaded.entry_closes_at is not None


def test_stage_clean_refuses_reversed_dates_and_drops_microseconds():
    from django.core.exceptions import ValidationError

    stage = Stage(kind=Stage.Kind.PROPOSAL_ENTRY, starts_at=wib(2026, 5, 1), ends_at=wib(2026, 4, 30, 23, 59, 59))
    with pytest.raises(ValidationError) as error:
        stage.clean()
    assert error.value.message_dict == {"ends_at": ["Tahap harus berakhir setelah dimulai."]}

    stage = Stage(
        kind=Stage.Kind.PROPOSAL_ENTRY, starts_at=wib(2026, 3, 1, 0, 0, 0, 5), ends_at=wib(2026, 4, 30, 23, 59, 59, 7)
    )
    stage.clean()
    assert (stage.starts_at.microsecond, stage.ends_at.microsecond) == (0, 0)


def test_stage_clean_refuses_a_final_score_share_on_an_unscored_stage():
    from django.core.exceptions import ValidationError

    stage = Stage(kind=Stage.Kind.PROPOSAL_ENTRY, starts_at=wib(2026, 3, 1), ends_at=wib(2026, 4, 1), final_weight=30)

    with pytest.raises(ValidationError) as error:
        stage.clean()

    assert "final_weight" in error.value.message_dict


def test_database_refuses_a_stage_that_ends_before_it_starts():
    from django.db import IntegrityError

    edition = EditionFactory()

    with pytest.raises(IntegrityError):
        Stage.objects.create(
            edition=edition,
            kind=Stage.Kind.PROPOSAL_ENTRY,
            starts_at=wib(2026, 5, 1),
            ends_at=wib(2026, 5, 1) - timedelta(seconds=1),
        )
