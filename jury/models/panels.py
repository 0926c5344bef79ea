from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from competitions.models import Category, Edition, OrganiserMembership, Stage, StageKind
from competitions.timing import ONE_SECOND, truncate_to_second
from sinovik.roles import OrganiserRole

# Which part of the organiser's jury pool scores in which stage: Tim Evaluasi (TE) desk-scores,
# Tim Panel Independen (TPI) reviews the nominees and interviews the finalists.
JUROR_ROLE_BY_STAGE = {
    StageKind.DESK_EVALUATION: OrganiserRole.EVALUATOR,
    StageKind.PANEL_REVIEW: OrganiserRole.PANELIST,
    StageKind.PRESENTATION: OrganiserRole.PANELIST,
}


def juror_role_for(stage_kind: str) -> str | None:
    return JUROR_ROLE_BY_STAGE.get(stage_kind)


class JurorProfile(models.Model):
    """A juror's affiliation outside the jury, used to detect conflicts of interest.

    Jurors are mostly academics, but some work for a ministry, a province or a city that also
    enters proposals. The secretariat records that home agency here (in the admin); the rules of
    each round then keep the juror away from that agency's proposals.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juror_profile", verbose_name=_("juror")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home agency"),
        help_text=_("The agency the juror works for, if it may enter proposals. Leave blank for none."),
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, help_text=_("e.g. Universitas Gadjah Mada")
    )

    class Meta:
        verbose_name = _("juror profile")
        verbose_name_plural = _("juror profiles")

    def __str__(self) -> str:
        return str(self.user)


class PanelQuerySet(models.QuerySet):
    def managed_by(self, user):
        return self.filter(edition__in=Edition.objects.managed_by(user))


class Panel(models.Model):
    """The jurors of one stage of an edition: Tim Evaluasi for the desk evaluation, Tim Panel
    Independen for the panel review and the interviews. Members come from the organiser's jury pool
    (OrganiserMembership with the stage's role) and may be limited to categories they know."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="panels", verbose_name=_("edition"))
    stage = models.ForeignKey(
        Stage,
        on_delete=models.CASCADE,
        related_name="panels",
        verbose_name=_("stage"),
        limit_choices_to={"kind__in": sorted(JUROR_ROLE_BY_STAGE)},
    )
    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. Tim Evaluasi KIPP 2026"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PanelMember", related_name="jury_panels", verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PanelQuerySet.as_manager()

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["edition", "stage__starts_at", "name"]
        constraints = [models.UniqueConstraint(fields=["stage", "name"], name="panel_name_unique_per_stage")]

    def __str__(self) -> str:
        return self.name

    @property
    def juror_role(self) -> str | None:
        return juror_role_for(self.stage.kind)

    def clean(self) -> None:
        if self.stage_id and self.edition_id and self.stage.edition_id != self.edition_id:
            raise ValidationError({"stage": _("Choose a stage of this edition.")})
        if self.stage_id and self.stage.kind not in JUROR_ROLE_BY_STAGE:
            raise ValidationError(
                {"stage": _("Panels score in the desk evaluation, the panel review or the interviews.")}
            )


class PanelMember(models.Model):
    """A juror on a panel; `categories` (expertise), when set, limit them to those categories."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("panel"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_memberships", verbose_name=_("juror")
    )
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        verbose_name=_("expertise"),
        help_text=_("Leave empty for a juror who scores every category; when set, only these categories."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["panel", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_member_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.panel}"

    def clean(self) -> None:
        if not (self.panel_id and self.user_id):
            return
        role = self.panel.juror_role
        in_pool = OrganiserMembership.objects.filter(
            user_id=self.user_id, organiser_id=self.panel.edition.organiser_id, role=role, is_active=True
        ).exists()
        if not in_pool:
            raise ValidationError(
                {
                    "user": _("Only the organiser's %(role)s can sit on this panel.")
                    % {"role": OrganiserRole(role).label if role else "-"}
                }
            )


class RoundQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Rounds of editions whose organiser's secretariat `user` belongs to."""
        return self.filter(panel__edition__in=Edition.objects.managed_by(user))

    def for_juror(self, user):
        """Rounds in which `user` has at least one assignment."""
        return self.filter(assignments__juror=user).distinct()

    def with_context(self):
        return self.select_related("panel__edition__organiser", "panel__stage")


class Round(models.Model):
    """One scoring round of a panel, open from `opens_at` to `closes_at` inclusive.

    `closes_at` is the last second in which scores may change (like Stage.ends_at): a round "until
    23:59:59 WIB" accepts a save at 23:59:59.9 and refuses one at 00:00:00. A proposal enters the
    round if it passed administrative screening, or, when the round follows `source_round`, if its
    nomination from that round was confirmed. A review is kept per juror, proposal and round, so a
    later round never overwrites an earlier one.

    In a blind round, jurors never see the agency, the UPP, the region or the innovators.
    """

    class ScoresVisible(models.TextChoices):
        NEVER = "never", _("Never")
        AFTER_SUBMIT = "after_submit", _("After the juror submits their own review")
        AFTER_CLOSE = "after_close", _("After the round closes")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("panel"))
    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. Penilaian Desk Tahap 1"))
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("closes"), help_text=_("The last moment scores can change, e.g. 23:59:59 WIB on the closing day.")
    )
    source_round = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("takes nominees of"),
        help_text=_("Leave blank to take every proposal that passed screening."),
    )
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    is_blind = models.BooleanField(
        _("blind"), default=True, help_text=_("Hide the agency, UPP, region and innovators from the jurors.")
    )
    scores_visible_to_jurors = models.CharField(
        _("jurors see each other's scores"),
        max_length=15,
        choices=ScoresVisible.choices,
        default=ScoresVisible.AFTER_CLOSE,
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=5,
        decimal_places=2,
        default=15,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "A proposal whose reviews' totals spread by this standard deviation (points out of 100) or more "
            "is flagged for another review."
        ),
    )
    conflict_own_agency = models.BooleanField(
        _("conflict: the juror's own agency"), default=True, help_text=_("Jurors never score their own agency.")
    )
    conflict_parent_agency = models.BooleanField(
        _("conflict: parent and child agencies"),
        default=True,
        help_text=_("e.g. a juror of a city government never scores the city's BUMD, nor the other way round."),
    )
    conflict_same_province = models.BooleanField(
        _("conflict: same province for local governments"),
        default=True,
        help_text=_("A juror working for a local government never scores local governments of the same province."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["panel", "opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(opens_at__lt=models.F("closes_at")), name="round_opens_first"),
            models.CheckConstraint(
                condition=models.Q(reviewers_per_proposal__gte=1), name="round_needs_a_reviewer_per_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.panel.edition}"

    @property
    def edition(self) -> Edition:
        return self.panel.edition

    @property
    def stage(self) -> Stage:
        return self.panel.stage

    @property
    def first_closed_instant(self) -> datetime:
        return truncate_to_second(self.closes_at) + ONE_SECOND

    def is_open(self, now: datetime | None = None) -> bool:
        """Open from `opens_at` inclusive through the whole last second `closes_at`."""
        now = now or timezone.now()
        return self.opens_at <= now < self.first_closed_instant

    def has_closed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.first_closed_instant

    def state(self, now: datetime | None = None) -> str:
        """'upcoming', 'open' or 'closed' at `now`."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.first_closed_instant else "closed"

    def clean(self) -> None:
        if self.opens_at:
            self.opens_at = truncate_to_second(self.opens_at)
        if self.closes_at:
            self.closes_at = truncate_to_second(self.closes_at)
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A round must close after it opens.")})
        if self.source_round_id and self.panel_id:
            if self.source_round_id == self.pk:
                raise ValidationError({"source_round": _("A round cannot take its own nominees.")})
            if self.source_round.panel.edition_id != self.panel.edition_id:
                raise ValidationError({"source_round": _("Choose a round of the same edition.")})
