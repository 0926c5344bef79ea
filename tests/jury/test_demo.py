import pytest
from django.core.management import call_command
from django.utils import timezone

from jury import demo as jury_demo
from jury.models import Assignment, ConflictDeclaration, Nomination, Review, Round, ScoreChange
from jury.selectors import ranking

pytestmark = pytest.mark.django_db


def test_demo_scores_the_archived_round_and_opens_the_current_one_idempotently():
    call_command("seed_demo")
    # Demos of later apps may add proposals to 2023 after this one ran: the next run scores them.
    jury_demo.seed()
    counts = (Round.objects.count(), Assignment.objects.count(), Review.objects.count(), ScoreChange.objects.count())
    jury_demo.seed()

    assert (
        Round.objects.count(),
        Assignment.objects.count(),
        Review.objects.count(),
        ScoreChange.objects.count(),
    ) == counts
    archived = Round.objects.get(panel__edition__slug="kipp-2023", panel__stage__kind="desk_evaluation")
    assert archived.has_closed()
    proposals = archived.panel.edition.proposals.filter(status="passed").count()
    assert proposals >= 6
    assert Assignment.objects.filter(round=archived).count() == 3 * proposals
    assert Review.objects.submitted().filter(round=archived, total__isnull=False).count() == 3 * proposals
    assert Nomination.objects.confirmed().filter(round=archived).count() == 4
    assert ConflictDeclaration.objects.filter(round=archived, source="detected").exists()
    rows = ranking(archived).rows
    assert all(row.reviews == 3 for row in rows) and rows[0].rank_raw == 1
    current = Round.objects.get(panel__edition__slug=f"kipp-{timezone.localdate().year}")
    assert current.is_open()
