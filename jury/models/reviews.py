from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from competitions.models import Criterion, Edition
from jury.models.panels import Round
from submissions.models import Proposal


class AssignmentQuerySet(models.QuerySet):
    def for_queue(self):
        return self.select_related("proposal__category", "proposal__group", "round__panel__edition")


class Assignment(models.Model):
    """A proposal a juror must score in a round. Never made for a conflicted pair (jury.services)."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        MANUAL = "manual", _("Manual")
        IMPORTED = "imported", _("Imported")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round"))
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_assignments", verbose_name=_("juror")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="jury_assignments", verbose_name=_("proposal")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.AUTOMATIC)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "juror", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "juror", "proposal"], name="assignment_once_per_round")]
        indexes = [models.Index(fields=["round", "proposal"])]

    def __str__(self) -> str:
        return f"{self.juror} → {self.proposal}"


class ConflictDeclaration(models.Model):
    """A conflict of interest between a juror and a proposal or a whole agency.

    `declared`: the juror recused themself (with a reason) or the secretariat recorded a conflict
    the juror reported. `detected`: written when assignments are made, from the round's rules
    (own agency, parent agency, same province) and the juror's JurorProfile. A declared conflict
    holds for every round of the edition; a detected one for its round. jury.services checks the
    rules again at every assignment and every score, so a profile changed since detection counts.
    """

    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared")
        DETECTED = "detected", _("Detected")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="jury_conflicts", verbose_name=_("edition")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
        verbose_name=_("round"),
        help_text=_("Blank: every round of the edition."),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_conflicts", verbose_name=_("juror")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("proposal")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("agency")
    )
    reason = models.TextField(_("reason"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.DECLARED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["edition", "juror", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False) | models.Q(agency__isnull=False),
                name="conflict_names_a_proposal_or_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} ≠ {self.proposal or self.agency}"

    def clean(self) -> None:
        if not (self.proposal_id or self.agency_id):
            raise ValidationError(_("Name the proposal or the agency the conflict is with."))
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the conflict.")})


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=Review.Status.SUBMITTED)


class Review(models.Model):
    """One juror's scores of one proposal in one round: one Score per criterion, an overall
    comment, and the weighted total out of 100 (competitions.scoring.stage_score) once every
    criterion has a score. Editable until the round closes, even after it was submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("round"))
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_reviews", verbose_name=_("juror")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="jury_reviews", verbose_name=_("proposal")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    total = models.DecimalField(
        _("weighted total"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Out of 100; blank until every criterion has a score."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["round", "proposal", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "juror", "proposal"], name="review_once_per_round")]
        indexes = [
            models.Index(fields=["round", "status", "juror"]),
            models.Index(fields=["round", "status", "proposal"]),
        ]

    def __str__(self) -> str:
        return f"{self.juror} · {self.proposal}"


class Score(models.Model):
    """A score on one criterion's scale, with the juror's comment on it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="jury_scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ScoreChange(models.Model):
    """The audit of a review: every change of a score, a comment or the status, before and after.

    Keeps round, juror and proposal itself (not only the review) so the trail survives a review
    deleted by a recusal or a moved assignment.
    """

    class Field(models.TextChoices):
        SCORE = "score", _("Score")
        COMMENT = "comment", _("Comment on a criterion")
        OVERALL_COMMENT = "overall_comment", _("Overall comment")
        STATUS = "status", _("Status")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="score_changes", verbose_name=_("round"))
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("juror")
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposal"))
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("criterion")
    )
    field = models.CharField(_("what changed"), max_length=20, choices=Field.choices)
    before = models.TextField(_("before"), blank=True)
    after = models.TextField(_("after"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["round", "proposal"])]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.before} → {self.after}"


class NominationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Nomination.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Nomination.Status.PENDING)


class Nomination(models.Model):
    """A proposal put forward from a round to the next stage: pending until the secretariat
    confirms the whole batch, then confirmed (a round with this round as `source_round` takes it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("round"))
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="jury_nominations", verbose_name=_("proposal")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("nominated by")
    )
    nominated_at = models.DateTimeField(_("nominated"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "proposal"], name="nomination_once_per_round")]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.get_status_display()})"
