"""benchmarks/seed.py at a tiny scale, in the test database: the data it makes must hang together."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count, Q
from django.http import QueryDict

from agencies.models import Agency
from benchmarks.seed import Scale, seed
from competitions.forms_definition import count_words
from competitions.models import Criterion, Edition
from competitions.scoring import stage_score
from judging.models import Decision
from jury.models import Assignment, ConflictDeclaration, Review, Round
from jury.selectors import ranking
from showcase.models import PublicProfile
from showcase.selectors import Criteria, listing
from submissions.models import Answer, Award, Proposal

TINY = Scale(editions=2, proposals=30, agencies=20, jurors=6)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The photos of the seeded profiles never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seeded():
    seed(TINY, log=lambda _message: None)


def test_seed_enters_proposals_of_every_kind_of_agency_within_word_limits(seeded):
    proposals = Proposal.objects.all()

    assert proposals.count() == TINY.editions * TINY.proposals
    assert set(Agency.objects.values_list("kind", flat=True)) == set(Agency.Kind.values)
    assert list(Edition.objects.order_by("year").values_list("year", "status")) == [
        (2025, "archived"),
        (2026, "published"),
    ]
    answers = list(Answer.objects.select_related("section"))
    assert answers
    assert all(0 < count_words(answer.text) <= answer.section.word_limit for answer in answers)
    assert not proposals.filter(status=Proposal.Status.PASSED, answers__isnull=True).exists()


def test_seed_reviews_every_passed_proposal_three_times_on_every_criterion(seeded):
    for edition in Edition.objects.all():
        desk = Round.objects.get(panel__edition=edition, panel__stage__kind="desk_evaluation")
        criteria = list(Criterion.objects.filter(stage=desk.panel.stage))
        passed = Proposal.objects.filter(edition=edition, status=Proposal.Status.PASSED)

        reviews = Review.objects.filter(round=desk).prefetch_related("scores")
        counts = passed.annotate(n=Count("jury_reviews", filter=Q(jury_reviews__round=desk))).values_list(
            "n", flat=True
        )

        assert set(counts) == {3}
        for review in reviews:
            scores = {score.criterion_id: score.value for score in review.scores.all()}
            assert len(scores) == len(criteria) == 5
            assert review.total == stage_score(criteria, scores)
        conflicts = ConflictDeclaration.objects.filter(round=desk)
        for conflict in conflicts:
            assert not Assignment.objects.filter(
                round=desk, juror=conflict.juror, proposal__innovation__agency=conflict.agency
            ).exists()


def test_seed_round_ranks_and_showcase_lists_the_published_finalists(seeded):
    desk = Round.objects.get(panel__edition__year=2026, panel__stage__kind="desk_evaluation")

    rows = ranking(desk).rows
    shown = listing(Criteria.from_query(QueryDict("")), page_size=500)

    assert len(rows) == Proposal.objects.filter(edition__year=2026, status=Proposal.Status.PASSED).count()
    assert all(row.reviews == 3 and row.rank_raw for row in rows)
    awarded = set(Award.objects.values_list("innovation", flat=True))
    assert Award.objects.count() == Decision.objects.count()
    assert shown.total == PublicProfile.objects.published().count() == len(awarded)
    assert {profile.innovation_id for profile in shown.page} == awarded
    for profile in shown.page:
        assert profile.cover is not None
        assert (Path(settings.MEDIA_ROOT) / profile.cover.image.name).stat().st_size > 1000
        assert profile.latest_year in (2025, 2026) and profile.agency_name
