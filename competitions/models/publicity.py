import posixpath

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models.bilingual import Bilingual
from competitions.models.editions import Edition

DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "zip"]
DOCUMENT_MAX_BYTES = 25 * 1024 * 1024


def document_path(instance, filename: str) -> str:
    return posixpath.join("competitions", instance.edition.slug, "documents", filename)


def announcement_path(instance, filename: str) -> str:
    return posixpath.join("competitions", instance.edition.slug, "announcements", filename)


def validate_document_size(upload) -> None:
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(DOCUMENT_MAX_BYTES)}
        )


class EditionDocument(Bilingual, models.Model):
    """A file published with an edition: guidelines (juknis), form templates, regulations.

    Served through competitions.views.document_download (never straight from MEDIA_URL), so a
    document that is not public, or belongs to a draft edition, reaches the secretariat only.
    """

    class Kind(models.TextChoices):
        GUIDELINE = "guideline", _("Guideline")
        TEMPLATE = "template", _("Template")
        REGULATION = "regulation", _("Regulation")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="documents", verbose_name=_("edition"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GUIDELINE)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_path,
        max_length=300,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_document_size],
    )
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Untick to keep it for the secretariat."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.localized("title")

    @property
    def extension(self) -> str:
        return posixpath.splitext(self.file.name)[1].lstrip(".").upper()


class AnnouncementQuerySet(models.QuerySet):
    def published(self, now=None):
        """Announcements whose publication time has come (a later time schedules one)."""
        return self.filter(published_at__lte=now or timezone.now())


class Announcement(models.Model):
    """A numbered announcement (pengumuman) of an edition, e.g. B/187/PP.00.05/2022, with its letter.

    Official letters are written in Indonesian only; the English page shows them as they are.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("edition")
    )
    number = models.CharField(_("letter number"), max_length=100, blank=True, help_text=_("e.g. B/187/PP.00.05/2022"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(
        _("signed letter (PDF)"),
        upload_to=announcement_path,
        max_length=300,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_document_size],
    )
    published_at = models.DateTimeField(
        _("published"), default=timezone.now, help_text=_("A later time keeps it hidden until then.")
    )

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()
