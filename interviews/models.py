"""Presentation and interview of the finalists, and the final score (issue 8).

Finalists (judging Decision rows of a finalist tier) present their innovation by video call to the
Tim Panel Independen: 7 minutes of presentation and 13 of questions, 20 minutes a slot by default.
An InterviewSlot belongs to a jury Round of the presentation stage: its panelists score live on the
interview rubric through the jury's own scoring pages. An Interview places one finalist in one
slot; the agency confirms it until 24 hours before the start and uploads its deck, summary and
video link; the secretariat records attendance after the start. The optional field verification
(FieldVisit, FieldChecklistItem) checks a finalist's service on site. FinalScoring says how the
substance round, the interview round and the field visit combine into the final ranking (e.g.
70 % + 30 %, or 60 % + 25 % + 15 %).

Times are aware datetimes, shown in WIB.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models import Edition
from competitions.models.bilingual import Bilingual
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


class AuditEvent(models.Model):
    """What the audit trails of interviews and field visits share: who did it, when, and the value
    before and after (subclasses add the action and what it concerns)."""

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
        abstract = True

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.before} → {self.after}"


class InterviewEvent(AuditEvent):
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

    class Meta:
        verbose_name = _("interview event")
        verbose_name_plural = _("interview events")
        ordering = ["at", "pk"]


class FinalScoring(models.Model):
    """How an edition's final score is made: substance (a jury round, by default the independent
    panel's review), interview (the presentation round) and, optionally, field verification (the
    signed-off FieldVisit score), weighted in percent summing to 100. The field weight is 0 by
    default, so an edition without field verification keeps its two-part score."""

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
    field_weight = models.PositiveSmallIntegerField(
        _("field verification weight (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 when the edition has no field verification."),
    )

    class Meta:
        verbose_name = _("final scoring")
        verbose_name_plural = _("final scoring")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(substance_weight__lte=100, interview_weight__lte=100, field_weight__lte=100)
                & models.Q(substance_weight=100 - models.F("interview_weight") - models.F("field_weight")),
                name="final_scoring_weights_sum_to_100",
            )
        ]

    def __str__(self) -> str:
        if self.field_weight:
            return f"{self.edition}: {self.substance_weight} % + {self.interview_weight} % + {self.field_weight} %"
        return f"{self.edition}: {self.substance_weight} % + {self.interview_weight} %"

    def clean(self) -> None:
        errors = {}
        field_weight = self.field_weight or 0
        if (self.substance_weight or 0) + (self.interview_weight or 0) + field_weight != 100:
            if field_weight:
                errors["field_weight"] = _("The three weights must add up to 100 %.")
            else:
                errors["interview_weight"] = _("The two weights must add up to 100 %.")
        for name in ("substance_round", "interview_round"):
            round = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if round is not None and self.edition_id and round.panel.edition_id != self.edition_id:
                errors[name] = _("Choose a round of this edition.")
        if self.substance_round_id and self.substance_round_id == self.interview_round_id:
            errors["interview_round"] = _("The interview round must differ from the substance round.")
        if errors:
            raise ValidationError(errors)


# --- Field verification (optional stage) -----------------------------------------------------------


class FieldChecklistItem(Bilingual, models.Model):
    """One point a verifier checks on site, per edition ("the service runs as described", "users
    confirm the benefit"…), with its weight in the field verification score."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="field_checklist", verbose_name=_("edition")
    )
    label = models.CharField(_("check (Indonesian)"), max_length=300)
    label_en = models.CharField(_("check in English"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("field checklist item")
        verbose_name_plural = _("field checklist items")
        ordering = ["edition", "order", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(weight__gte=1), name="field_check_weight_positive")]

    def __str__(self) -> str:
        return self.localized("label")


class FieldVisitQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)

    def for_verifier(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(verifiers=user)

    def with_context(self):
        return self.select_related(
            "edition", "proposal__innovation__agency", "proposal__innovation__unit", "signed_off_by"
        ).prefetch_related("verifiers")


class FieldVisit(models.Model):
    """Verifikasi lapangan: organiser staff visit a finalist's service to check that it works as the
    proposal says (held in 2017-2019 for the top candidates).

    The secretariat plans the visit (verifiers, date); a verifier fills the edition's checklist,
    notes and photos and signs off. `status` moves planned → in progress → signed off only through
    interviews.field_services; after sign-off nothing changes. `score` (0-100) is written at
    sign-off from the weights of the checklist items marked met, so editing the checklist later
    never changes a signed-off score.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Being verified")
        SIGNED_OFF = "signed_off", _("Signed off")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="field_visits", verbose_name=_("edition")
    )
    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="field_visit", verbose_name=_("finalist")
    )
    verifiers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="field_visits", blank=True, verbose_name=_("verifiers")
    )
    planned_on = models.DateField(_("planned date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    met_items = models.ManyToManyField(FieldChecklistItem, related_name="+", blank=True, verbose_name=_("checks met"))
    notes = models.TextField(_("notes"), blank=True)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FieldVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="field_visit_score_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.planned_on}"

    @property
    def is_signed_off(self) -> bool:
        return self.status == self.Status.SIGNED_OFF


class FieldVisitPhoto(models.Model):
    """A photo taken on site: checked by its content, stripped of metadata and downsized on upload."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("visit"))
    image = models.FileField(_("photo"), upload_to="field_visits/%Y/")
    name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("field visit photo")
        verbose_name_plural = _("field visit photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name or self.image.name


class FieldVisitEvent(AuditEvent):
    """The audit trail of a field visit: planning, verifier changes, status moves, photos."""

    class Action(models.TextChoices):
        PLANNED = "planned", _("Planned")
        VERIFIERS = "verifiers", _("Verifiers changed")
        STATUS = "status", _("Status changed")
        PHOTO = "photo", _("Photo uploaded")

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="events", verbose_name=_("visit"))
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    before = models.CharField(_("before"), max_length=200, blank=True)
    after = models.CharField(_("after"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field visit event")
        verbose_name_plural = _("field visit events")
        ordering = ["at", "pk"]
