"""Presentation and interview of the finalists, and the final score (issue 8).

Finalists (judging Decision rows of a finalist tier) present their innovation by video call to the
Tim Panel Independen: 7 minutes of presentation and 13 of questions, 20 minutes a slot by default.
An InterviewSlot belongs to a jury Round of the presentation stage: its panelists score live on the
interview rubric through the jury's own scoring pages. An Interview places one finalist in one
slot; the agency confirms it until 24 hours before the start and uploads its deck, summary and
video link; the secretariat records attendance after the start. FinalScoring says how the
substance round and the interview round combine into the final ranking (e.g. 70 % + 30 %).

Times are aware datetimes, shown in WIB.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models import Edition
from jury.models import Round
from submissions.models import Proposal

DEFAULT_DURATION_MINUTES = 20
CONFIRMATION_NOTICE = timedelta(hours=24)


class InterviewSlotQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def with_context(self):
        return self.select_related("edition", "round__panel__stage").prefetch_related("panelists")

    def for_panelist(self, user):
        return self.filter(panelists=user)


class InterviewSlot(models.Model):
    """A video-call slot of the presentation stage, judged by `panelists` in the jury `round`.

    The panelists are chosen when the slot is created: by default every active member of the
    round's panel, or a smaller set of them when the panel splits into several rooms.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="interview_slots", verbose_name=_("edition")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="interview_slots",
        verbose_name=_("interview round"),
        help_text=_("The jury round of the presentation stage in which the panelists score."),
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=DEFAULT_DURATION_MINUTES,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    video_link = models.URLField(_("video-call link"), max_length=500, blank=True)
    panelists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="interview_slots", blank=True, verbose_name=_("panelists")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InterviewSlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["edition", "starts_at"])]

    def __str__(self) -> str:
        from sinovik.templatetags.sinovik import wib

        return wib(self.starts_at)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def confirm_by(self) -> datetime:
        """The last moment the agency may confirm (24 hours before the start)."""
        return self.starts_at - CONFIRMATION_NOTICE

    def has_started(self, now: datetime) -> bool:
        return now >= self.starts_at

    def clean(self) -> None:
        if self.round_id and self.edition_id and self.round.panel.edition_id != self.edition_id:
            raise ValidationError({"round": _("Choose a round of this edition.")})


class InterviewQuerySet(models.QuerySet):
    def with_context(self):
        return self.select_related(
            "slot__round__panel",
            "slot__edition",
            "proposal__innovation__agency",
            "proposal__innovation__unit",
            "proposal__category",
            "confirmed_by",
            "attendance_by",
        )

    def for_agency_user(self, user):
        """Interviews of the proposals of `user`'s agencies (Admin Lokal) or unit (UPP staff)."""
        from agencies.models import Agency, Membership

        if not getattr(user, "is_authenticated", False):
            return self.none()
        admin_of = Agency.objects.managed_by(user).values("pk")
        staff_of = Membership.objects.active().filter(user=user, role=Membership.Role.UPP_STAFF).values("unit")
        return self.filter(
            models.Q(proposal__innovation__agency__in=admin_of) | models.Q(proposal__innovation__unit__in=staff_of)
        )


class Interview(models.Model):
    """One finalist's place in a slot.

    `status` is the agency's answer (scheduled → confirmed or declined, back to scheduled when the
    slot is moved); `attendance` is recorded by the secretariat once the slot has started. Each
    changes only through its transition function in interviews.services.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    slot = models.OneToOneField(
        InterviewSlot, on_delete=models.PROTECT, related_name="interview", verbose_name=_("slot")
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="interview", verbose_name=_("finalist")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    confirmed_at = models.DateTimeField(_("answered"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    attendance_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
    )
    deck = models.FileField(_("presentation deck"), upload_to="interviews/%Y/", blank=True)
    deck_name = models.CharField(_("deck file name"), max_length=200, blank=True)
    summary = models.FileField(_("summary"), upload_to="interviews/%Y/", blank=True)
    summary_name = models.CharField(_("summary file name"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["slot__starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.slot}"


class InterviewEvent(models.Model):
    """The audit trail of an interview: every placement, move, answer and attendance record."""

    class Action(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to a slot")
        MOVED = "moved", _("Moved to another slot")
        STATUS = "status", _("Answer changed")
        ATTENDANCE = "attendance", _("Attendance recorded")
        MATERIALS = "materials", _("Materials uploaded")

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="events", verbose_name=_("interview")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    before = models.CharField(_("before"), max_length=100, blank=True)
    after = models.CharField(_("after"), max_length=100, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("interview event")
        verbose_name_plural = _("interview events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.before} → {self.after}"


class FinalScoring(models.Model):
    """How an edition's final score is made: substance (a jury round, by default the independent
    panel's review) and interview (the presentation round), weighted in percent summing to 100."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="final_scoring", verbose_name=_("edition")
    )
    substance_round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("substance round")
    )
    interview_round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("interview round")
    )
    substance_weight = models.PositiveSmallIntegerField(
        _("substance weight (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    interview_weight = models.PositiveSmallIntegerField(
        _("interview weight (%)"), default=30, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("final scoring")
        verbose_name_plural = _("final scoring")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(substance_weight__lte=100, interview_weight__lte=100)
                & models.Q(substance_weight=100 - models.F("interview_weight")),
                name="final_scoring_weights_sum_to_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.substance_weight} % + {self.interview_weight} %"

    def clean(self) -> None:
        errors = {}
        if (self.substance_weight or 0) + (self.interview_weight or 0) != 100:
            errors["interview_weight"] = _("The two weights must add up to 100 %.")
        for name in ("substance_round", "interview_round"):
            round = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if round is not None and self.edition_id and round.panel.edition_id != self.edition_id:
                errors[name] = _("Choose a round of this edition.")
        if self.substance_round_id and self.substance_round_id == self.interview_round_id:
            errors["interview_round"] = _("The interview round must differ from the substance round.")
        if errors:
            raise ValidationError(errors)
