"""The demo seeds screening only where there is something to screen, and stays idempotent."""

from datetime import date

import pytest

from judging import demo
from judging.models import ScreeningDecision, ScreeningDecisionChange, ScreeningResult, ScreeningRun
from tests.competitions.factories import StageFactory
from tests.judging import texts

pytestmark = pytest.mark.django_db


def test_demo_with_nothing_to_screen_does_nothing():
    demo.seed()

    assert not ScreeningRun.objects.exists() and not ScreeningDecision.objects.exists()


def test_demo_checks_but_does_not_decide_before_screening_starts(edition, proposal_of):
    edition.stages.filter(kind="administrative_screening").update(
        starts_at="2999-01-01T00:00:00+07:00", ends_at="2999-01-31T00:00:00+07:00"
    )
    proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)

    demo.seed()

    assert ScreeningRun.objects.get().status == "done"
    assert not ScreeningDecision.objects.exists()


def test_demo_checks_and_decides_a_few_then_changes_nothing_when_run_again(edition, proposal_of, past_edition):
    StageFactory(
        edition=past_edition, kind="administrative_screening", first_day=date(2023, 5, 8), last_day=date(2023, 5, 20)
    )
    proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)
    proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)
    proposal_of(title="Si Dukun Online", answers=texts.SAME_TOPIC)

    demo.seed()
    counts = (ScreeningRun.objects.count(), ScreeningResult.objects.count(), ScreeningDecisionChange.objects.count())
    demo.seed()

    assert counts == (1, 3, 1)
    assert (
        ScreeningRun.objects.count(),
        ScreeningResult.objects.count(),
        ScreeningDecisionChange.objects.count(),
    ) == counts
    assert list(ScreeningDecision.objects.values_list("proposal__title", "outcome")) == [("Si Dukun Online", "pass")]
