"""What criterion weights, scales and final-score shares mean, as arithmetic the judging app reuses.

A score on a criterion's scale counts as score / scale_max of its weight: 8 on a 1-10 scale with
weight 30 gives 24 points. A stage's score is the sum over its criteria, out of 100. The final
score is the sum of stage scores times their share (Stage.final_weight), e.g. 70% desk + 30%
interview. Results are Decimals rounded to two places, half up, as scores are announced.
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from competitions.models import Criterion, Stage

CENT = Decimal("0.01")


def criterion_points(criterion: Criterion, score: Decimal | int) -> Decimal:
    """Points out of `criterion.weight` for `score` on its scale; ValueError when off the scale."""
    score = Decimal(score)
    if not criterion.scale_min <= score <= criterion.scale_max:
        raise ValueError(f"{score} is outside {criterion.scale_min}-{criterion.scale_max} for {criterion}")
    return score / criterion.scale_max * criterion.weight


def stage_score(criteria: Iterable[Criterion], scores: Mapping[int, Decimal | int]) -> Decimal:
    """The weighted score out of 100 for scores keyed by criterion id; every criterion needs a score."""
    total = sum((criterion_points(criterion, scores[criterion.pk]) for criterion in criteria), Decimal(0))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def failed_criteria(criteria: Iterable[Criterion], scores: Mapping[int, Decimal | int]) -> list[Criterion]:
    """Criteria whose own minimum score (`passing_grade`) the scores do not reach."""
    return [
        criterion
        for criterion in criteria
        if criterion.passing_grade is not None and Decimal(scores[criterion.pk]) < criterion.passing_grade
    ]


def passes_stage(stage: Stage, criteria: Iterable[Criterion], scores: Mapping[int, Decimal | int]) -> bool:
    """Whether the scores reach the stage's passing grade and every criterion's minimum."""
    criteria = list(criteria)
    if failed_criteria(criteria, scores):
        return False
    return stage.passing_grade is None or stage_score(criteria, scores) >= stage.passing_grade


def final_score(stages: Iterable[Stage], stage_scores: Mapping[int, Decimal]) -> Decimal:
    """The final score out of 100 from stage scores keyed by stage id, by each stage's share."""
    total = sum(
        (Decimal(stage_scores[stage.pk]) * stage.final_weight / 100 for stage in stages if stage.final_weight),
        Decimal(0),
    )
    return total.quantize(CENT, rounding=ROUND_HALF_UP)
