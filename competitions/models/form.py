"""The proposal form of an edition, per group: sections, identification questions, attachment types.

Proposals (the submissions app) store their answers with a foreign key to these rows, declared
on_delete=PROTECT, so a section, question or attachment type that has answers cannot be deleted and
next year's form (a clone with new rows) never changes what a past proposal answered.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models.bilingual import Bilingual
from competitions.models.editions import Edition
from competitions.models.entry import Group

_EXTENSIONS = re.compile(r"^[a-z0-9]+(,[a-z0-9]+)*$")


def normalise_extensions(value: str) -> str:
    """'.PDF, jpg ;png' -> 'pdf,jpg,png': organisers type lists in many ways."""
    parts = [part.strip().lstrip(".").lower() for part in re.split(r"[,;\s]+", value or "")]
    return ",".join(dict.fromkeys(part for part in parts if part))


def validate_extensions(value: str) -> None:
    if not _EXTENSIONS.match(normalise_extensions(value)):
        raise ValidationError(_("List file types as extensions separated by commas, e.g. pdf,jpg,png."))


class EditionPart(models.Model):
    """Rows of an edition's form that may be tied to one group or apply to all of its groups."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        group = getattr(self, "group", None)
        if group is not None and self.edition_id and group.edition_id != self.edition_id:
            raise ValidationError({"group": _("Choose a group of this edition.")})


class FormSection(Bilingual, EditionPart):
    """One narrative section of a group's proposal form, e.g. "Ringkasan" with a limit of 200 words.

    Words are counted by competitions.forms_definition.count_words (mirrored in the browser).
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="form_sections", verbose_name=_("edition")
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sections", verbose_name=_("group"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("What the section should explain."))
    guidance_en = models.TextField(_("guidance in English"), blank=True)
    word_limit = models.PositiveIntegerField(
        _("word limit"),
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        error_messages={
            "null": _("Every section needs a word limit."),
            "blank": _("Every section needs a word limit."),
        },
    )
    required = models.BooleanField(_("required"), default=True)
    evidence_max_files = models.PositiveSmallIntegerField(
        _("evidence files allowed"),
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=_("How many supporting files may be attached to this section; 0 for none."),
    )
    evidence_file_types = models.CharField(
        _("evidence file types"), max_length=100, default="pdf,jpg,jpeg,png", validators=[validate_extensions]
    )
    evidence_max_size_kb = models.PositiveIntegerField(
        _("largest evidence file (KB)"), default=2048, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("form section")
        verbose_name_plural = _("form sections")
        ordering = ["group", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "title"], name="form_section_title_unique_per_group"),
            models.CheckConstraint(condition=models.Q(word_limit__gte=1), name="form_section_has_word_limit"),
        ]

    def __str__(self) -> str:
        return self.localized("title")

    def clean(self) -> None:
        super().clean()
        self.evidence_file_types = normalise_extensions(self.evidence_file_types)

    @property
    def evidence_extensions(self) -> list[str]:
        return [part for part in self.evidence_file_types.split(",") if part]


class IdentificationQuestion(Bilingual, EditionPart):
    """A short question on the identification page of the form, beyond what every proposal has.

    Title, agency, UPP, innovators, start date, group, category and SDGs are fields of the proposal
    itself; questions such as "Is the innovation an application?" (then the SPBE questions), "Was
    it a Top 99 finalist before?" or the YouTube link change per edition and live here. A question
    with `shown_if` is asked only when that yes/no question is answered yes.
    """

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Paragraph")
        YES_NO = "yes_no", _("Yes or no")
        CHOICE = "choice", _("One of a list")
        NUMBER = "number", _("Whole number")
        YEAR = "year", _("Year")
        DATE = "date", _("Date")
        URL = "url", _("Web address")
        YOUTUBE = "youtube", _("YouTube video link")
        EMAIL = "email", _("Email address")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="identification_questions", verbose_name=_("edition")
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="identification_questions",
        verbose_name=_("group"),
        help_text=_("Leave blank to ask every group."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=50, help_text=_("A short fixed name for exports, e.g. youtube_video."))
    label = models.CharField(_("question"), max_length=300)
    label_en = models.CharField(_("question in English"), max_length=300, blank=True)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    help_text_en = models.CharField(_("hint in English"), max_length=300, blank=True)
    kind = models.CharField(_("answer type"), max_length=12, choices=Kind.choices, default=Kind.SHORT_TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For 'one of a list': one choice per line."))
    required = models.BooleanField(_("required"), default=True)
    shown_if = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("asked only if yes to"),
        limit_choices_to={"kind": Kind.YES_NO},
    )

    class Meta:
        verbose_name = _("identification question")
        verbose_name_plural = _("identification questions")
        ordering = ["edition", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="identification_key_unique_per_edition")]

    def __str__(self) -> str:
        return self.localized("label")

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": _("List at least one choice, one per line.")})
        if self.shown_if_id:
            parent = self.shown_if
            if parent.pk == self.pk:
                raise ValidationError({"shown_if": _("A question cannot depend on itself.")})
            if parent.kind != self.Kind.YES_NO:
                raise ValidationError({"shown_if": _("A question can only depend on a yes-or-no question.")})
            if parent.edition_id != self.edition_id or (parent.group_id and parent.group_id != self.group_id):
                raise ValidationError({"shown_if": _("Choose a question asked on the same form.")})


class AttachmentType(Bilingual, EditionPart):
    """A document a proposal attaches: signed statements, photos before and after, a cover photo."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="attachment_types", verbose_name=_("edition")
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachment_types",
        verbose_name=_("group"),
        help_text=_("Leave blank to ask every group."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    allowed_extensions = models.CharField(
        _("file types"),
        max_length=100,
        default="pdf",
        validators=[validate_extensions],
        help_text=_("e.g. pdf or jpg,png"),
    )
    max_size_kb = models.PositiveIntegerField(
        _("largest file (KB)"), default=2048, validators=[MinValueValidator(1), MaxValueValidator(512_000)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("files allowed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("attachment type")
        verbose_name_plural = _("attachment types")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_size_kb__gte=1), name="attachment_type_has_size_limit"),
            models.CheckConstraint(condition=models.Q(max_files__gte=1), name="attachment_type_allows_a_file"),
        ]

    def __str__(self) -> str:
        return self.localized("name")

    def clean(self) -> None:
        super().clean()
        self.allowed_extensions = normalise_extensions(self.allowed_extensions)

    @property
    def extensions(self) -> list[str]:
        return [part for part in self.allowed_extensions.split(",") if part]
