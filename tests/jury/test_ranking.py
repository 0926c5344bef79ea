"""The ranking's maths against numbers worked out by hand (population standard deviations)."""

from decimal import Decimal

import pytest

from agencies.models import Agency
from jury.models import Review, Score
from jury.selectors import ranking
from tests.jury.factories import RoundFactory

pytestmark = pytest.mark.django_db
approx = pytest.approx


@pytest.fixture
def scored(jury_round, make_juror, make_proposal):
    """Jurors A, B, C; proposals P1-P6. Totals (the criterion is 1-100 with weight 100):

        A: P1 80, P2 60, P3 70          mean 70, sd sqrt(200/3) = 8.164966
        B: P1 90, P2 88, P4 86          mean 88, sd sqrt(8/3)   = 1.632993
        C: P1 50, P3 40, P4 60, P5 70   mean 55, sd sqrt(125)   = 11.180340

    B's draft of P3 (total 10) must not count; P6 has no review.
    """
    a, b, c = (make_juror(f"{name}@example.test", panel=jury_round.panel) for name in "abc")
    p = [make_proposal(title=f"P{i}") for i in range(1, 7)]
    totals = {
        a: {0: 80, 1: 60, 2: 70},
        b: {0: 90, 1: 88, 3: 86},
        c: {0: 50, 2: 40, 3: 60, 4: 70},
    }
    for juror, by_proposal in totals.items():
        for index, total in by_proposal.items():
            Review.objects.create(
                round=jury_round, juror=juror, proposal=p[index], status=Review.Status.SUBMITTED, total=total
            )
    Review.objects.create(round=jury_round, juror=b, proposal=p[2], status=Review.Status.DRAFT, total=10)
    return p


def _row(result, proposal):
    return next(row for row in result.rows if row.proposal_id == proposal.pk)


def test_count_mean_median_and_spread_per_proposal(jury_round, scored):
    result = ranking(jury_round)

    p1, p2, p3, p4, p5, p6 = (_row(result, p) for p in scored)
    assert (p1.reviews, p1.mean, p1.median) == (3, approx(220 / 3), approx(80))
    # P1: mean of squares 17000/3, minus (220/3)^2 = 2600/9 -> sd 16.996732
    assert p1.sd == approx(16.996732, rel=1e-6)
    assert (p2.reviews, p2.mean, p2.median, p2.sd) == (2, approx(74), approx(74), approx(14))
    assert (p3.reviews, p3.mean, p3.median, p3.sd) == (2, approx(55), approx(55), approx(15))
    assert (p4.reviews, p4.mean, p4.median, p4.sd) == (2, approx(73), approx(73), approx(13))
    assert (p5.reviews, p5.mean, p5.median, p5.sd) == (1, approx(70), approx(70), approx(0))
    assert (p6.reviews, p6.mean, p6.sd, p6.rank_raw) == (0, None, None, None)


def test_normalised_score_is_the_mean_of_per_juror_z_scores(jury_round, scored):
    result = ranking(jury_round)

    # z = (total - juror mean) / juror sd:
    #   A: P1 +1.224745, P2 -1.224745, P3 0
    #   B: P1 +1.224745, P2 0,         P4 -1.224745
    #   C: P1 -0.447214, P3 -1.341641, P4 +0.447214, P5 +1.341641
    expected = {
        0: (1.224745 + 1.224745 - 0.447214) / 3,  # 0.667425
        1: (-1.224745 + 0) / 2,  # -0.612372
        2: (0 - 1.341641) / 2,  # -0.670820
        3: (-1.224745 + 0.447214) / 2,  # -0.388766
        4: 1.341641,
    }
    for index, value in expected.items():
        assert _row(result, scored[index]).normalised == approx(value, abs=1e-5)


def test_raw_and_normalised_ranks_side_by_side(jury_round, scored):
    raw = ranking(jury_round)
    normalised = ranking(jury_round, order="normalised")

    titles = [row.title for row in raw.rows]
    assert titles == ["P2", "P1", "P4", "P5", "P3", "P6"]  # means 74, 73.3, 73, 70, 55, none
    assert [row.rank_raw for row in raw.rows] == [1, 2, 3, 4, 5, None]
    assert [row.title for row in normalised.rows] == ["P5", "P1", "P4", "P2", "P3", "P6"]
    assert [row.rank_normalised for row in normalised.rows] == [1, 2, 3, 4, 5, None]
    assert _row(raw, scored[1]).rank_normalised == 4


def test_disagreement_at_or_above_the_threshold_is_flagged(jury_round, scored):
    jury_round.disagreement_threshold = Decimal("15")
    jury_round.save()

    result = ranking(jury_round)

    flagged = {row.title for row in result.rows if row.flagged}
    assert flagged == {"P1", "P3"}  # sd 17.0 and exactly 15; P2 (14) and P5 (one review) are not


def test_passing_grade_of_the_stage(jury_round, scored):
    stage = jury_round.panel.stage
    stage.passing_grade = Decimal("73")
    stage.save()

    result = ranking(jury_round)

    passes = {row.title: row.passes for row in result.rows}
    assert passes == {"P1": True, "P2": True, "P3": False, "P4": True, "P5": False, "P6": None}


def test_a_criterion_minimum_fails_a_proposal_whatever_its_total(jury_round, criteria, make_juror, make_proposal):
    kebaruan, efektif = criteria
    efektif.passing_grade = Decimal("5")
    efektif.save()
    juror_a = make_juror("a@example.test", panel=jury_round.panel)
    juror_b = make_juror("b@example.test", panel=jury_round.panel)
    strong, uneven = make_proposal(title="Kuat"), make_proposal(title="Timpang")
    # (kebaruan, efektif) per juror; uneven's efektif averages 4.5 < 5 although its total is higher.
    plan = {strong: [(6, 6), (6, 5)], uneven: [(10, 4), (10, 5)]}
    for proposal, pairs in plan.items():
        for juror, (k, e) in zip((juror_a, juror_b), pairs, strict=True):
            review = Review.objects.create(
                round=jury_round,
                juror=juror,
                proposal=proposal,
                status=Review.Status.SUBMITTED,
                total=Decimal(k * 6 + e * 4),
            )
            Score.objects.create(review=review, criterion=kebaruan, value=k)
            Score.objects.create(review=review, criterion=efektif, value=e)

    result = ranking(jury_round)

    assert (_row(result, uneven).failed_criteria, _row(result, uneven).passes) == (1, False)
    assert (_row(result, strong).failed_criteria, _row(result, strong).passes) == (0, True)
    assert result.rows[0].proposal_id == uneven.pk  # ranked first on its total, yet it does not pass


def test_median_of_an_even_number_of_reviews_is_the_mean_of_the_middle_two(panel, criteria, make_juror, make_proposal):
    round = RoundFactory(panel=panel)
    proposal = make_proposal()
    for index, total in enumerate([100, 10, 40, 20]):
        juror = make_juror(f"j{index}@example.test", panel=panel)
        Review.objects.create(round=round, juror=juror, proposal=proposal, status=Review.Status.SUBMITTED, total=total)

    row = ranking(round).rows[0]

    assert (row.reviews, row.median, row.mean) == (4, approx(30), approx(42.5))


def test_filters_rank_within_the_filtered_proposals(jury_round, make_juror, make_proposal, make_agency, categories):
    juror = make_juror("a@example.test", panel=jury_round.panel)
    surabaya = make_agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "Kota Surabaya")
    bumd = make_agency("PT Bank Jatim", Agency.Kind.BUMD, "Jawa Timur")
    sleman = make_agency("Pemerintah Kabupaten Sleman", Agency.Kind.KABUPATEN, "Kabupaten Sleman")
    kemenkes = make_agency("Kementerian Kesehatan", Agency.Kind.KEMENTERIAN)
    proposals = {
        "surabaya": make_proposal(agency=surabaya, category=categories[0]),
        "bumd": make_proposal(agency=bumd, category=categories[1]),
        "sleman": make_proposal(agency=sleman, category=categories[0]),
        "kemenkes": make_proposal(agency=kemenkes, category=categories[1]),
    }
    for total, proposal in zip([60, 70, 80, 90], proposals.values(), strict=True):
        Review.objects.create(round=jury_round, juror=juror, proposal=proposal, status="submitted", total=total)
    from agencies.models import Region

    jatim = Region.objects.get(name="Jawa Timur")

    by_province = ranking(jury_round, filters={"province": jatim})
    by_kind = ranking(jury_round, filters={"agency_kind": Agency.Kind.KABUPATEN})
    by_category = ranking(jury_round, filters={"category": categories[0]})

    assert [(row.proposal_id, row.rank_raw, row.province) for row in by_province.rows] == [
        (proposals["bumd"].pk, 1, "Jawa Timur"),
        (proposals["surabaya"].pk, 2, "Jawa Timur"),
    ]
    assert [(row.proposal_id, row.agency, row.province) for row in by_kind.rows] == [
        (proposals["sleman"].pk, "Pemerintah Kabupaten Sleman", "Daerah Istimewa Yogyakarta")
    ]
    assert [(row.proposal_id, row.rank_raw) for row in by_category.rows] == [
        (proposals["sleman"].pk, 1),
        (proposals["surabaya"].pk, 2),
    ]


def test_a_juror_who_gives_everyone_the_same_total_does_not_move_the_normalised_score(
    jury_round, make_juror, make_proposal
):
    flat = make_juror("datar@example.test", panel=jury_round.panel)
    proposals = [make_proposal(), make_proposal()]
    for proposal in proposals:
        Review.objects.create(round=jury_round, juror=flat, proposal=proposal, status="submitted", total=75)

    result = ranking(jury_round)

    assert [row.normalised for row in result.rows] == [approx(0), approx(0)]
    assert [row.rank_normalised for row in result.rows] == [1, 1]
