from decimal import Decimal

import pytest

from competitions.models import Criterion, Stage
from competitions.scoring import criterion_points, failed_criteria, final_score, passes_stage, stage_score


def criterion(pk, weight, scale=(1, 10), passing=None) -> Criterion:
    return Criterion(pk=pk, weight=weight, scale_min=scale[0], scale_max=scale[1], passing_grade=passing)


def test_a_score_counts_as_its_share_of_the_scale_times_the_weight():
    assert criterion_points(criterion(1, 30), 8) == Decimal(24)


def test_a_score_off_the_scale_is_refused():
    with pytest.raises(ValueError):
        criterion_points(criterion(1, 30), 11)


def test_stage_score_is_out_of_100_and_rounded_half_up():
    criteria = [criterion(1, 25), criterion(2, 20), criterion(3, 25), criterion(4, 15), criterion(5, 15)]

    score = stage_score(criteria, {1: 9, 2: 8, 3: 9, 4: 7, 5: 8})

    assert score == Decimal("83.50")
    assert stage_score([criterion(1, 100, scale=(1, 3))], {1: 2}) == Decimal("66.67")


def test_stage_passing_grade_and_per_criterion_minimum():
    criteria = [criterion(1, 50, passing=Decimal(6)), criterion(2, 50)]
    desk = Stage(pk=1, passing_grade=Decimal(85))

    assert passes_stage(desk, criteria, {1: 9, 2: 9})
    assert not passes_stage(desk, criteria, {1: 8, 2: 8})
    assert failed_criteria(criteria, {1: 5, 2: 10}) == [criteria[0]]
    assert not passes_stage(desk, criteria, {1: 5, 2: 10})


def test_final_score_combines_stages_by_their_share():
    desk = Stage(pk=1, final_weight=70)
    interview = Stage(pk=2, final_weight=30)
    screening = Stage(pk=3, final_weight=0)

    assert final_score([desk, interview, screening], {1: Decimal("83.50"), 2: Decimal("90")}) == Decimal("85.45")
