"""The final score against numbers worked out by hand: 70 % substance + 30 % interview."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interviews import services
from interviews.models import FinalScoring, Interview
from interviews.selectors import default_rounds, final_ranking
from jury.models import PanelMember, Review
from tests import factories as base
from tests.interviews.conftest import make_slots

pytestmark = pytest.mark.django_db
approx = pytest.approx


@pytest.fixture
def scored(edition, substance_round, interview_round, make_finalist):
    """Two jurors per round; mean totals out of 100:

    proposal  substance        interview        final = 0.7 s + 0.3 i
    A         (80 + 90)/2 = 85 (60 + 70)/2 = 65  59.5 + 19.5 = 79.0
    B         (70 + 80)/2 = 75 (90 + 100)/2 = 95 52.5 + 28.5 = 81.0
    C         90               no review yet     none yet (listed last)
    """
    a, b, c = (make_finalist(title=title) for title in ("A", "B", "C"))
    j1, j2 = base.UserFactory(), base.UserFactory()
    totals = [
        (substance_round, j1, a, 80),
        (substance_round, j2, a, 90),
        (substance_round, j1, b, 70),
        (substance_round, j2, b, 80),
        (substance_round, j1, c, 90),
        (interview_round, j1, a, 60),
        (interview_round, j2, a, 70),
        (interview_round, j1, b, 90),
        (interview_round, j2, b, 100),
    ]
    for round, juror, proposal, total in totals:
        Review.objects.create(round=round, juror=juror, proposal=proposal, status="submitted", total=total)
    scoring = FinalScoring.objects.create(
        edition=edition, substance_round=substance_round, interview_round=interview_round
    )
    return scoring, a, b, c


def test_final_score_weights_substance_70_and_interview_30(scored):
    scoring, a, b, c = scored

    rows = final_ranking(scoring)

    assert [(row.proposal_id, row.rank) for row in rows] == [(b.pk, 1), (a.pk, 2), (c.pk, None)]
    assert [row.final for row in rows] == [approx(81.0), approx(79.0), None]
    assert (rows[1].substance, rows[1].interview) == (approx(85), approx(65))


def test_a_no_show_gets_zero_for_the_interview(scored, interview_round, panelist, secretariat, edition):
    scoring, a, b, c = scored
    PanelMember.objects.create(panel=interview_round.panel, user=panelist)
    make_slots(edition, interview_round, count=3, panelists=[panelist])
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get(proposal=b)
    services.set_attendance(interview=interview, attendance="no_show", by=secretariat, now=interview.slot.starts_at)

    rows = final_ranking(scoring)

    b_row = next(row for row in rows if row.proposal_id == b.pk)
    assert (b_row.no_show, b_row.interview, b_row.final) == (True, 0.0, approx(52.5))
    assert [row.proposal_id for row in rows] == [a.pk, b.pk, c.pk]


def test_weights_must_add_up_to_100(edition, substance_round, interview_round):
    scoring = FinalScoring(
        edition=edition,
        substance_round=substance_round,
        interview_round=interview_round,
        substance_weight=70,
        interview_weight=40,
    )

    with pytest.raises(ValidationError) as invalid:
        scoring.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        scoring.save()

    assert invalid.value.message_dict["interview_weight"] == ["The two weights must add up to 100 %."]


def test_default_rounds_are_the_panel_review_and_the_presentation(edition, substance_round, interview_round):
    assert default_rounds(edition) == (substance_round, interview_round)


def test_winners_are_drafted_from_the_final_ranking_and_decided_as_a_tier(scored, secretariat, edition):
    from datetime import date

    from judging.models import Decision
    from judging.services.decisions import apply_decisions
    from submissions.models import Award

    scoring, a, b, _c = scored

    draft = services.draft_winners(scoring=scoring, size=1, by=secretariat)

    # B leads on the final score although A had the better substance score; C has no final score.
    assert draft.selected == [b.pk] and draft.round == scoring.interview_round
    assert draft.scores == {str(b.pk): approx(81.0), str(a.pk): approx(79.0)}
    assert draft.total == approx(81.0)
    assert services.draft_winners(scoring=scoring, size=5, by=secretariat).selected == [b.pk, a.pk]
    batch = apply_decisions(
        draft=draft,
        tier=Award.Tier.OUTSTANDING,
        number="B/45/PP.00/2026",
        letter_date=date(2026, 12, 10),
        by=secretariat,
    )
    assert list(Decision.objects.filter(batch=batch).values_list("proposal_id", flat=True)) == [b.pk]


def test_winners_cannot_be_drafted_before_anyone_has_a_final_score(
    edition, substance_round, interview_round, secretariat
):
    scoring = FinalScoring.objects.create(
        edition=edition, substance_round=substance_round, interview_round=interview_round
    )

    with pytest.raises(ValidationError, match="No finalist has a final score yet"):
        services.draft_winners(scoring=scoring, size=10, by=secretariat)
    with pytest.raises(ValidationError, match="at least one"):
        services.draft_winners(scoring=scoring, size=0, by=secretariat)
