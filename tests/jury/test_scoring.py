from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency
from jury import services
from jury.models import Assignment, ConflictDeclaration, JurorProfile, Review, ScoreChange
from tests.competitions.factories import CriterionFactory, GroupFactory

pytestmark = pytest.mark.django_db


def _score(round, proposal, criterion, value, juror, comment="", now=None):
    return services.save_score(
        round=round, proposal=proposal, criterion=criterion, value=value, comment=comment, by=juror, now=now
    )


def test_scores_make_the_weighted_total_out_of_100(assigned, criteria, evaluator):
    kebaruan, efektif = criteria
    round, proposal = assigned.round, assigned.proposal

    _score(round, proposal, kebaruan, "8", evaluator)
    partial = Review.objects.get()
    review = _score(round, proposal, efektif, "7,5", evaluator, comment="Dampak terukur.")

    # 8/10 of 60 points + 7.5/10 of 40 points = 48 + 30
    assert partial.total is None
    review.refresh_from_db()
    assert review.total == Decimal("78.00")
    assert review.status == Review.Status.DRAFT
    assert review.scores.get(criterion=efektif).comment == "Dampak terukur."


@pytest.mark.parametrize("value", ["0", "11", "abc", "7.555", "NaN"])
def test_a_score_off_the_scale_is_refused(assigned, criteria, evaluator, value):
    with pytest.raises(ValidationError):
        _score(assigned.round, assigned.proposal, criteria[0], value, evaluator)

    assert not Review.objects.filter(scores__value__isnull=False).exists()


def test_round_closes_after_its_last_second_on_the_server_clock(assigned, criteria, evaluator):
    round = assigned.round
    last_second = round.closes_at

    _score(round, assigned.proposal, criteria[0], "6", evaluator, now=last_second + timedelta(milliseconds=999))
    with pytest.raises(services.RoundClosed):
        _score(round, assigned.proposal, criteria[0], "9", evaluator, now=last_second + timedelta(seconds=1))

    assert Review.objects.get().scores.get().value == Decimal("6.00")


def test_scoring_before_the_round_opens_is_refused(assigned, criteria, evaluator):
    with pytest.raises(services.RoundClosed):
        _score(
            assigned.round,
            assigned.proposal,
            criteria[0],
            "6",
            evaluator,
            now=assigned.round.opens_at - timedelta(seconds=1),
        )


def test_an_unassigned_juror_cannot_score(jury_round, proposal, criteria, make_juror):
    stranger = make_juror("asing@example.test", panel=jury_round.panel)

    with pytest.raises(PermissionDenied):
        _score(jury_round, proposal, criteria[0], "6", stranger)

    assert Review.objects.count() == 0


def test_a_conflict_found_after_assignment_blocks_scoring(assigned, criteria, evaluator, proposal):
    JurorProfile.objects.create(user=evaluator, agency=proposal.innovation.agency)

    with pytest.raises(PermissionDenied):
        _score(assigned.round, proposal, criteria[0], "6", evaluator)


def test_submit_needs_every_criterion_and_the_review_stays_editable_until_close(assigned, criteria, evaluator):
    round, proposal = assigned.round, assigned.proposal
    _score(round, proposal, criteria[0], "9", evaluator)

    with pytest.raises(ValidationError, match="Efektif"):
        services.submit_review(round=round, proposal=proposal, by=evaluator)
    _score(round, proposal, criteria[1], "5", evaluator)
    review = services.submit_review(round=round, proposal=proposal, by=evaluator)
    _score(round, proposal, criteria[1], "10", evaluator)

    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED and review.submitted_at is not None
    assert review.total == Decimal("94.00")  # 54 + 40
    with pytest.raises(ValidationError):
        _score(round, proposal, criteria[1], "", evaluator)


def test_every_change_is_audited_with_before_and_after(assigned, criteria, evaluator):
    round, proposal = assigned.round, assigned.proposal

    _score(round, proposal, criteria[0], "6", evaluator)
    _score(round, proposal, criteria[0], "8", evaluator, comment="Lebih baru dari dugaan.")
    _score(round, proposal, criteria[0], "8", evaluator, comment="Lebih baru dari dugaan.")
    services.save_overall_comment(round=round, proposal=proposal, comment="Layak lanjut.", by=evaluator)

    changes = list(ScoreChange.objects.values_list("field", "before", "after", "criterion_id", "changed_by_id"))
    assert changes == [
        ("score", "", "6.00", criteria[0].pk, evaluator.pk),
        ("score", "6.00", "8.00", criteria[0].pk, evaluator.pk),
        ("comment", "", "Lebih baru dari dugaan.", criteria[0].pk, evaluator.pk),
        ("overall_comment", "", "Layak lanjut.", None, evaluator.pk),
    ]


def test_criteria_of_another_group_do_not_apply(assigned, criteria, evaluator, edition, desk_stage):
    khusus = GroupFactory(edition=edition, name="Kelompok Khusus")
    other = CriterionFactory(edition=edition, stage=desk_stage, group=khusus, name="Pembaruan", weight=10)

    with pytest.raises(ValidationError):
        _score(assigned.round, assigned.proposal, other, "5", evaluator)
    assert services.criteria_for(assigned.round, assigned.proposal) == criteria


def test_recusal_records_the_conflict_and_removes_the_assignment_but_keeps_the_audit(assigned, criteria, evaluator):
    round, proposal = assigned.round, assigned.proposal
    _score(round, proposal, criteria[0], "6", evaluator)

    services.recuse(round=round, proposal=proposal, reason="Saya pernah menjadi konsultan inovasi ini.", by=evaluator)

    assert not Assignment.objects.filter(pk=assigned.pk).exists()
    assert not Review.objects.exists()
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.juror, declaration.proposal, declaration.source) == (evaluator, proposal, "declared")
    assert ScoreChange.objects.filter(juror=evaluator, proposal=proposal).count() == 2


def test_recusal_needs_a_reason(assigned, evaluator):
    with pytest.raises(ValidationError):
        services.recuse(round=assigned.round, proposal=assigned.proposal, reason="  ", by=evaluator)

    assert Assignment.objects.filter(pk=assigned.pk).exists()


def test_a_later_round_keeps_its_own_review(assigned, criteria, evaluator, panel):
    from tests.jury.factories import RoundFactory

    first = assigned.round
    second = RoundFactory(panel=panel, name="Tahap 2")
    Assignment.objects.create(round=second, juror=evaluator, proposal=assigned.proposal)

    _score(first, assigned.proposal, criteria[0], "4", evaluator)
    _score(second, assigned.proposal, criteria[0], "9", evaluator)

    values = dict(Review.objects.values_list("round_id", "scores__value"))
    assert values == {first.pk: Decimal("4.00"), second.pk: Decimal("9.00")}


def test_parent_agency_rule_applies_both_ways(jury_round, make_juror, make_proposal, make_agency):
    province = make_agency("Pemerintah Provinsi Jawa Tengah", Agency.Kind.PROVINSI, "Jawa Tengah")
    bumd = make_agency("PT Bank Jateng", Agency.Kind.BUMD, "Jawa Tengah", parent=province)
    juror = make_juror("bank@example.test", panel=jury_round.panel, agency=bumd)
    jury_round.conflict_same_province = False
    jury_round.save()

    reason = services.conflict_reason(jury_round, juror_id=juror.pk, proposal=make_proposal(agency=province))

    assert reason is not None
