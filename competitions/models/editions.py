from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models.bilingual import Bilingual
from competitions.models.organisers import Organiser, OrganiserMembership
from competitions.timing import ONE_SECOND, truncate_to_second


class EditionQuerySet(models.QuerySet):
    def public(self):
        """Editions anyone may see: published and archived ones (drafts are the secretariat's)."""
        return self.filter(status__in=Edition.PUBLIC_STATUSES)

    def managed_by(self, user):
        """Editions `user` configures: those of organisers they are active secretariat of (all for a superuser)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        organisers = OrganiserMembership.objects.filter(
            user=user, role=OrganiserMembership.Role.SECRETARIAT, is_active=True
        ).values("organiser")
        return self.filter(organiser__in=organisers)

    def visible_to(self, user):
        """Public editions plus the drafts `user` manages."""
        return self.filter(models.Q(status__in=Edition.PUBLIC_STATUSES) | models.Q(pk__in=self.managed_by(user)))

    def with_schedule(self):
        """Edition with its organiser and stages loaded, for pages that show where each edition stands."""
        return self.select_related("organiser").prefetch_related("stages")


class Edition(Bilingual, models.Model):
    """One year of one organiser's competition ("KIPP 2026"), configured entirely as data.

    Its stages decide what is open when; its groups (Kelompok Umum, Replikasi, Khusus) carry their
    own form, quotas and minimum age; categories, criteria and documents are per edition because
    the real competition changed them almost every year. A provincial edition can feed the
    national one (`feeds_into`).

    `status` moves draft → published → archived, only through competitions.services.change_edition_status,
    which writes an EditionStatusChange. Drafts are visible to the organiser's secretariat only.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.ARCHIVED)

    organiser = models.ForeignKey(
        Organiser, on_delete=models.PROTECT, related_name="editions", verbose_name=_("organiser")
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. Kompetisi Inovasi Pelayanan Publik (KIPP) 2026")
    )
    short_name = models.CharField(_("short name"), max_length=40, blank=True, help_text=_("e.g. KIPP 2026"))
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_("The last part of the page address, e.g. kipp-2026 for /kompetisi/kipp-2026/."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    theme_en = models.CharField(_("theme in English"), max_length=300, blank=True)
    description = models.TextField(_("introduction"), blank=True)
    description_en = models.TextField(_("introduction in English"), blank=True)
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("The regulation or decree the edition runs under, with its number."),
    )
    helpdesk = models.CharField(
        _("helpdesk"), max_length=300, blank=True, help_text=_("Email address or phone number for questions.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    feeds_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feeder_editions",
        verbose_name=_("feeds into"),
        help_text=_("For a provincial competition: the national edition its best entries go on to."),
    )
    cloned_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clones",
        verbose_name=_("copied from"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="edition_year_plausible"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.feeds_into_id and self.feeds_into_id == self.pk:
            raise ValidationError({"feeds_into": _("An edition cannot feed into itself.")})
        if self.feeds_into_id and self.organiser_id and self.feeds_into.organiser_id == self.organiser_id:
            raise ValidationError(
                {"feeds_into": _("An edition can only feed into another organiser's edition (e.g. the national one).")}
            )

    def secretariat(self):
        """Active users in the active secretariat of this edition's organiser: who is told of its events."""
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(
                organiser_memberships__organiser_id=self.organiser_id,
                organiser_memberships__role=OrganiserMembership.Role.SECRETARIAT,
                organiser_memberships__is_active=True,
                is_active=True,
            )
            .distinct()
        )

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    # Schedule. These read `self.stages.all()`, so a queryset built with with_schedule() answers
    # them for a whole list without further queries.

    @property
    def schedule(self) -> list["Stage"]:
        return sorted(self.stages.all(), key=lambda stage: (stage.starts_at, stage.sequence))

    def stage_of(self, kind: str) -> "Stage | None":
        return next((stage for stage in self.stages.all() if stage.kind == kind), None)

    def current_stage(self, now: datetime | None = None) -> "Stage | None":
        """The stage open at `now` (server clock by default), or None between, before or after stages."""
        now = now or timezone.now()
        return next((stage for stage in self.schedule if stage.is_open(now)), None)

    def next_stage(self, now: datetime | None = None) -> "Stage | None":
        """The first stage that has not started at `now`."""
        now = now or timezone.now()
        return next((stage for stage in self.schedule if now < stage.starts_at), None)

    @property
    def entry_stage(self) -> "Stage | None":
        return self.stage_of(StageKind.PROPOSAL_ENTRY)

    @property
    def entry_closes_at(self) -> datetime | None:
        """The last second in which proposals may be entered (the proposal-entry stage's `ends_at`).

        Minimum ages of implementation are counted back from its WIB date (Group.latest_start_date).
        """
        stage = self.entry_stage
        return stage.ends_at if stage else None

    def is_entry_open(self, now: datetime | None = None) -> bool:
        stage = self.entry_stage
        return bool(stage and self.status == self.Status.PUBLISHED and stage.is_open(now or timezone.now()))

    def has_finished(self, now: datetime | None = None) -> bool:
        """True once the last stage has closed (an edition without stages has not finished)."""
        schedule = self.schedule
        return bool(schedule) and max(stage.closes_at for stage in schedule) <= (now or timezone.now())


class EditionStatusChange(models.Model):
    """The audit trail of an edition's status: who published or archived it, when, and why."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("edition")
    )
    from_status = models.CharField(_("previous status"), max_length=12, choices=Edition.Status.choices)
    to_status = models.CharField(_("new status"), max_length=12, choices=Edition.Status.choices)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class StageKind(models.TextChoices):
    """What happens in a stage. The order here is the order stages must follow in every edition."""

    AGENCY_REGISTRATION = "agency_registration", _("Agency registration")
    PROPOSAL_ENTRY = "proposal_entry", _("Proposal entry")
    ADMIN_LOKAL_REVIEW = "admin_lokal_review", _("Admin Lokal review")
    ADMINISTRATIVE_SCREENING = "administrative_screening", _("Administrative screening")
    DESK_EVALUATION = "desk_evaluation", _("Desk evaluation")
    PANEL_REVIEW = "panel_review", _("Independent panel review")
    PUBLIC_OBJECTION = "public_objection", _("Public objection (uji publik)")
    PRESENTATION = "presentation", _("Presentation and interview")
    FINAL_DECISION = "final_decision", _("Final decision")
    PUBLICATION = "publication", _("Publication")


STAGE_SEQUENCE = {kind: index for index, kind in enumerate(StageKind.values)}

# Stages in which juries score proposals against criteria; only these take criteria and a share of
# the final score.
SCORED_STAGE_KINDS = frozenset({StageKind.DESK_EVALUATION, StageKind.PANEL_REVIEW, StageKind.PRESENTATION})


class Stage(Bilingual, models.Model):
    """A period of an edition, from `starts_at` to `ends_at` inclusive, both aware datetimes.

    `ends_at` is the last second of the stage: a stage "until 23:59:59 WIB" accepts anything up
    to and including 23:59:59.999 and refuses 00:00:00 (see is_open). Stages of an edition follow
    the order of StageKind and never overlap; the next stage may start the second after. The
    secretariat extends a stage with competitions.services.extend_stage, which logs a StageExtension.

    The Admin Lokal review stage is the time the Admin Lokal still has after proposal entry closes
    to return or forward what UPPs entered (they may also do so during proposal entry).
    """

    Kind = StageKind

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="stages", verbose_name=_("edition"))
    kind = models.CharField(_("stage"), max_length=30, choices=StageKind.choices)
    name = models.CharField(
        _("own name"), max_length=120, blank=True, help_text=_("Leave blank to use the standard name of the stage.")
    )
    name_en = models.CharField(_("own name in English"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(
        _("ends"), help_text=_("The last moment the stage is open, e.g. 23:59:59 WIB on the closing day.")
    )
    final_weight = models.PositiveSmallIntegerField(
        _("share of the final score (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("For scored stages: e.g. 70 for the desk evaluation and 30 for the interview; 0 otherwise."),
    )
    passing_grade = models.DecimalField(
        _("passing grade"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The weighted score out of 100 a proposal needs to go on from this stage, e.g. 85."),
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="stage_kind_once_per_edition"),
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")), name="stage_starts_before_end"
            ),
            models.CheckConstraint(condition=models.Q(final_weight__lte=100), name="stage_final_weight_percent"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def title(self) -> str:
        return self.localized("name") or self.get_kind_display()

    @property
    def sequence(self) -> int:
        return STAGE_SEQUENCE.get(self.kind, len(STAGE_SEQUENCE))

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_STAGE_KINDS

    @property
    def closes_at(self) -> datetime:
        """The first instant at which the stage is closed: one second after `ends_at`."""
        return truncate_to_second(self.ends_at) + ONE_SECOND

    def is_open(self, now: datetime | None = None) -> bool:
        """Open from `starts_at` inclusive through the whole last second `ends_at`."""
        now = now or timezone.now()
        return self.starts_at <= now < self.closes_at

    def state(self, now: datetime | None = None) -> str:
        """'upcoming', 'open' or 'closed' at `now`."""
        now = now or timezone.now()
        if now < self.starts_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    def clean(self) -> None:
        # Deadlines are announced to the second; drop the microseconds a script or clock may add.
        if self.starts_at:
            self.starts_at = truncate_to_second(self.starts_at)
        if self.ends_at:
            self.ends_at = truncate_to_second(self.ends_at)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A stage must end after it starts.")})
        if self.final_weight and self.kind and self.kind not in SCORED_STAGE_KINDS:
            raise ValidationError(
                {"final_weight": _("Only the desk evaluation, panel review and interview count in the final score.")}
            )


class StageExtension(models.Model):
    """The log of a stage's dates being moved after publication, with the reason the public is given.

    Written only by competitions.services.extend_stage. When an extension pushes later stages
    along, each moved stage gets its own row pointing at the extension that caused it.
    """

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("stage"))
    previous_starts_at = models.DateTimeField(_("previous start"))
    previous_ends_at = models.DateTimeField(_("previous end"))
    starts_at = models.DateTimeField(_("new start"))
    ends_at = models.DateTimeField(_("new end"))
    reason = models.TextField(_("reason"))
    caused_by = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="knock_on_moves",
        verbose_name=_("moved because of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage extension")
        verbose_name_plural = _("stage extensions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.previous_ends_at:%Y-%m-%d %H:%M} → {self.ends_at:%Y-%m-%d %H:%M}"
