from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models.bilingual import Bilingual
from competitions.models.editions import SCORED_STAGE_KINDS, Edition, Stage
from competitions.models.entry import Group
from competitions.models.form import EditionPart


class Criterion(Bilingual, EditionPart):
    """What juries score in a stage, e.g. kebaruan (novelty), with its weight, scale and passing grade.

    The five statutory criteria are kebaruan, efektif, bermanfaat, dapat direplikasi and
    berkelanjutan; weights, scale and passing grade change per edition, stage and group. Within a
    stage, the criteria that apply to a group (those for every group plus the group's own) weigh
    100 together; competitions.validation.criteria_weight_errors checks it. See
    competitions.scoring for how a score on the scale becomes part of the stage's score out of 100.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("edition"))
    stage = models.ForeignKey(
        Stage,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("stage"),
        limit_choices_to={"kind__in": sorted(SCORED_STAGE_KINDS)},
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("group"),
        help_text=_("Leave blank for every group."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10, validators=[MaxValueValidator(1000)])
    passing_grade = models.DecimalField(
        _("minimum score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A proposal scoring lower on this criterion fails it, whatever its total. Blank for none."),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["edition", "stage__starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_percent"),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")), name="criterion_scale_rises"
            ),
        ]

    def __str__(self) -> str:
        return self.localized("name")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.stage_id and self.edition_id and self.stage.edition_id != self.edition_id:
            errors["stage"] = _("Choose a stage of this edition.")
        elif self.stage_id and self.stage.kind not in SCORED_STAGE_KINDS:
            errors["stage"] = _("Criteria belong to the desk evaluation, the panel review or the interview.")
        if self.scale_min is not None and self.scale_max is not None and self.scale_min >= self.scale_max:
            errors["scale_max"] = _("The highest score must be above the lowest.")
        elif self.passing_grade is not None and not (self.scale_min <= self.passing_grade <= self.scale_max):
            errors["passing_grade"] = _("The minimum score must lie on the scale.")
        if errors:
            raise ValidationError(errors)
