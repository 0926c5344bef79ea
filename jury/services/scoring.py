"""Scoring: a juror's autosaved scores and comments, submission and recusal.

Every write checks, on the server's clock, that the round is open (Round.is_open: inclusive of
the closing second), that the juror is assigned and that no conflict of interest has appeared
since. Every change of a score, a comment or the status writes a ScoreChange with the value
before and after. The weighted total is competitions.scoring.stage_score over the criteria that
apply to the proposal's group, and is kept on the review once every criterion has a score.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import Criterion
from competitions.scoring import stage_score
from jury.models import Assignment, ConflictDeclaration, Review, Round, Score, ScoreChange
from jury.services.conflicts import conflict_reason, declare_conflict
from sinovik.templatetags.sinovik import wib
from submissions.models import Proposal

F = ScoreChange.Field
MAX_COMMENT = 10_000


class RoundClosed(ValidationError):
    """The round is not open for scoring now (not yet open, or closed)."""


def criteria_for(round: Round, proposal: Proposal) -> list[Criterion]:
    """The criteria of the round's stage that apply to the proposal's group, in order."""
    return list(
        Criterion.objects.filter(stage_id=round.panel.stage_id)
        .filter(Q(group__isnull=True) | Q(group_id=proposal.group_id))
        .order_by("order", "pk")
    )


def _require_open(round: Round, now) -> None:
    if round.is_open(now):
        return
    if now < round.opens_at:
        raise RoundClosed(_("Scoring opens at %(opens)s.") % {"opens": wib(round.opens_at)})
    raise RoundClosed(
        _("Scoring closed at %(closes)s; scores can no longer change.") % {"closes": wib(round.closes_at)}
    )


def _require_assigned(round: Round, juror, proposal: Proposal) -> None:
    if not Assignment.objects.filter(round=round, juror=juror, proposal=proposal).exists():
        raise PermissionDenied("not assigned")
    if conflict_reason(round, juror_id=juror.pk, proposal=proposal):
        raise PermissionDenied("conflict of interest")


def review_for(*, round: Round, juror, proposal: Proposal) -> Review | None:
    return Review.objects.filter(round=round, juror=juror, proposal=proposal).first()


def _locked_review(round: Round, juror, proposal: Proposal, now) -> Review:
    review, _created = Review.objects.get_or_create(
        round=round, juror=juror, proposal=proposal, defaults={"updated_at": now}
    )
    return Review.objects.select_for_update().get(pk=review.pk)


def _audit(review: Review, *, field: str, before, after, by, now, criterion: Criterion | None = None) -> None:
    ScoreChange.objects.create(
        round_id=review.round_id,
        juror_id=review.juror_id,
        proposal_id=review.proposal_id,
        criterion=criterion,
        field=field,
        before="" if before is None else str(before),
        after="" if after is None else str(after),
        changed_by=by,
        changed_at=now,
    )


def parse_score(raw: str | Decimal | int | None, criterion: Criterion) -> Decimal | None:
    """The score typed for `criterion` as a Decimal on its scale; None for an empty field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not value.is_finite():
        raise ValidationError(_("Enter a number."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimals."))
    if not criterion.scale_min <= value <= criterion.scale_max:
        raise ValidationError(
            _("Enter a score from %(min)s to %(max)s.") % {"min": criterion.scale_min, "max": criterion.scale_max}
        )
    return value.quantize(Decimal("0.01"))


def _recompute_total(review: Review, criteria: list[Criterion]) -> None:
    values = {score.criterion_id: score.value for score in review.scores.all() if score.value is not None}
    review.total = stage_score(criteria, values) if all(c.pk in values for c in criteria) and criteria else None


@transaction.atomic
def save_score(*, round: Round, proposal: Proposal, criterion: Criterion, value, comment: str, by, now=None) -> Review:
    """Save one criterion's score and comment for `by`, the assigned juror (the autosave).

    Raises RoundClosed outside the round, PermissionDenied when `by` is not assigned or has a
    conflict, ValidationError for a score off the scale or for emptying a score of a submitted
    review. Side effects: Review (created on the first save) and Score rows, the review's total,
    a ScoreChange per changed value or comment.
    """
    now = now or timezone.now()
    _require_open(round, now)
    _require_assigned(round, by, proposal)
    criteria = criteria_for(round, proposal)
    if criterion.pk not in {c.pk for c in criteria}:
        raise ValidationError(_("This criterion does not apply to this proposal."))
    parsed = parse_score(value, criterion)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(_("Keep the comment under %(max)d characters.") % {"max": MAX_COMMENT})
    review = _locked_review(round, by, proposal, now)
    if parsed is None and review.status == Review.Status.SUBMITTED:
        raise ValidationError(_("A submitted review needs a score for every criterion."))
    score, _created = Score.objects.get_or_create(review=review, criterion=criterion)
    if score.value != parsed:
        _audit(review, field=F.SCORE, before=score.value, after=parsed, by=by, now=now, criterion=criterion)
    if score.comment != comment:
        _audit(review, field=F.COMMENT, before=score.comment, after=comment, by=by, now=now, criterion=criterion)
    score.value, score.comment = parsed, comment
    score.save(update_fields=["value", "comment"])
    _recompute_total(review, criteria)
    review.updated_at = now
    review.save(update_fields=["total", "updated_at"])
    return review


@transaction.atomic
def save_overall_comment(*, round: Round, proposal: Proposal, comment: str, by, now=None) -> Review:
    """Save the juror's overall comment (autosave). Checks and side effects as save_score."""
    now = now or timezone.now()
    _require_open(round, now)
    _require_assigned(round, by, proposal)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(_("Keep the comment under %(max)d characters.") % {"max": MAX_COMMENT})
    review = _locked_review(round, by, proposal, now)
    if review.overall_comment != comment:
        _audit(review, field=F.OVERALL_COMMENT, before=review.overall_comment, after=comment, by=by, now=now)
        review.overall_comment = comment
        review.updated_at = now
        review.save(update_fields=["overall_comment", "updated_at"])
    return review


def missing_criteria(review: Review | None, criteria: list[Criterion]) -> list[Criterion]:
    scored = set()
    if review is not None:
        scored = {score.criterion_id for score in review.scores.all() if score.value is not None}
    return [criterion for criterion in criteria if criterion.pk not in scored]


@transaction.atomic
def submit_review(*, round: Round, proposal: Proposal, by, now=None) -> Review:
    """Submit the juror's review: every criterion needs a score. A second submit changes nothing.

    The review stays editable until the round closes. Side effects: status, submitted_at, a
    ScoreChange for the status.
    """
    now = now or timezone.now()
    _require_open(round, now)
    _require_assigned(round, by, proposal)
    review = _locked_review(round, by, proposal, now)
    if review.status == Review.Status.SUBMITTED:
        return review
    criteria = criteria_for(round, proposal)
    if not criteria:
        raise ValidationError(_("This stage has no criteria yet; ask the secretariat."))
    missing = missing_criteria(review, criteria)
    if missing:
        raise ValidationError(
            _("Score every criterion before submitting. Missing: %(names)s.")
            % {"names": ", ".join(str(criterion) for criterion in missing)}
        )
    _recompute_total(review, criteria)
    _audit(review, field=F.STATUS, before=review.status, after=Review.Status.SUBMITTED, by=by, now=now)
    review.status, review.submitted_at, review.updated_at = Review.Status.SUBMITTED, now, now
    review.save(update_fields=["status", "submitted_at", "updated_at", "total"])
    return review


@transaction.atomic
def recuse(*, round: Round, proposal: Proposal, reason: str, by, now=None) -> ConflictDeclaration:
    """The juror declares a conflict of interest with the proposal and steps away from it.

    Allowed until the round closes. Side effects: a declared ConflictDeclaration for every round
    of the edition; the juror's assignment and review in this round are deleted (the audit of
    their scores stays), so the secretariat's assignment page shows the proposal short of a
    reviewer.
    """
    now = now or timezone.now()
    if round.has_closed(now):
        raise RoundClosed(_("The round has closed."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the conflict.")})
    if not Assignment.objects.filter(round=round, juror=by, proposal=proposal).exists():
        raise PermissionDenied("not assigned")
    review = review_for(round=round, juror=by, proposal=proposal)
    if review:
        _audit(review, field=F.STATUS, before=review.status, after=_("recused"), by=by, now=now)
    declaration = declare_conflict(edition=round.panel.edition, juror=by, proposal=proposal, reason=reason, by=by)
    # declare_conflict leaves closed rounds alone; this one is open, so the assignment is gone too.
    Assignment.objects.filter(round=round, juror=by, proposal=proposal).delete()
    return declaration
