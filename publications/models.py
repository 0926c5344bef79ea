"""Generated documents: the edition's book and the certificates, each a file with its checksum.

Both are produced by Celery workers (publications.tasks) and written only by publications.services.
A book's file is built under a temporary name and moved into place in the same transaction that
marks the row ready, so a worker killed at any moment leaves either the previous file or the new
one, never two (see services.build_book). A certificate carries a short code printed on it and
encoded in its QR code; anyone can check it on the public verification page, which also says when
it was revoked and why.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from competitions.models import Edition
from showcase.models import ShowcasePhoto
from submissions.models import Award, Innovation

# Letters and digits nobody confuses when reading a printed code aloud or typing it from paper:
# no 0/O, 1/I/L, nor U (which reads like V in some fonts).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8


def validate_isbn(value: str) -> None:
    """An ISBN-13 (978/979 prefix) with a correct check digit; hyphens and spaces allowed."""
    digits = "".join(character for character in value if character not in "- ")
    if not (len(digits) == 13 and digits.isdigit() and digits[:3] in ("978", "979")):
        raise ValidationError(_("Enter the 13-digit ISBN, e.g. 978-602-1234-56-3."))
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits[:12]))
    if (10 - total % 10) % 10 != int(digits[12]):
        raise ValidationError(_("This ISBN's check digit is wrong; copy it again from the ISBN letter."))


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    """What a person typed ("abcd-efgh ", "ABCD EFGH") as the stored code ("ABCDEFGH")."""
    return "".join(character for character in (value or "").upper() if character.isalnum())


class BookQuerySet(models.QuerySet):
    def public(self):
        """Books anyone may download: built, of an edition whose results are public."""
        return self.exclude(file="").filter(
            models.Q(edition__status=Edition.Status.ARCHIVED) | models.Q(edition__showcase_release__isnull=False)
        )

    def managed_by(self, user):
        return self.filter(edition__in=Edition.objects.managed_by(user))


class Book(models.Model):
    """The edition's printed book ("Top 99 Inovasi Pelayanan Publik"): its definition and its last build.

    The secretariat sets the title, ISBN, language and how entries are grouped into chapters; a
    Celery worker builds the PDF from the approved public profiles of the innovations awarded in
    the edition. `status` moves new → queued → building → ready (or failed) only through
    publications.services; `build_token` names the build that was asked for last, so a stale or
    duplicate task never overwrites a newer build. The file of the previous build stays
    downloadable while a new one is being made.
    """

    class Language(models.TextChoices):
        INDONESIAN = "id", _("Indonesian")
        ENGLISH = "en", _("English")
        BOTH = "both", _("Indonesian and English")

    class Grouping(models.TextChoices):
        CATEGORY = "category", _("By category")
        AGENCY_KIND = "agency_kind", _("By agency type")

    class Status(models.TextChoices):
        NEW = "new", _("Not generated yet")
        QUEUED = "queued", _("Waiting for a worker")
        BUILDING = "building", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Phase(models.TextChoices):
        COLLECTING = "collecting", _("Collecting the entries")
        IMAGES = "images", _("Preparing the photos")
        LAYOUT = "layout", _("Laying out the pages")
        WRITING = "writing", _("Writing the PDF")

    IN_PROGRESS = (Status.QUEUED, Status.BUILDING)

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="books", verbose_name=_("edition"))
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. Top 99 Inovasi Pelayanan Publik 2026"))
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    isbn = models.CharField(
        _("ISBN"),
        max_length=17,
        blank=True,
        validators=[validate_isbn],
        help_text=_("13 digits, with or without hyphens; leave blank until the ISBN is assigned."),
    )
    language = models.CharField(_("language"), max_length=4, choices=Language.choices, default=Language.BOTH)
    grouping = models.CharField(_("chapters"), max_length=12, choices=Grouping.choices, default=Grouping.CATEGORY)
    foreword = models.TextField(_("foreword"), blank=True)
    foreword_en = models.TextField(_("foreword in English"), blank=True)
    foreword_by = models.CharField(
        _("foreword signed by"), max_length=200, blank=True, help_text=_("Name and position, e.g. Menteri PANRB.")
    )
    colophon = models.TextField(
        _("colophon"), blank=True, help_text=_("Editors, contributors and the printer, one per line.")
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    phase = models.CharField(_("step"), max_length=12, choices=Phase.choices, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    build_token = models.UUIDField(_("build"), null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    error = models.TextField(_("error"), blank=True)

    file = models.FileField(_("PDF"), upload_to="publications/books/", max_length=255, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), default=0, editable=False)
    entry_count = models.PositiveIntegerField(_("entries"), default=0, editable=False)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set by saves of the definition only (builds write with update()), so a PDF older than the
    # definition is noticed.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BookQuerySet.as_manager()

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")
        ordering = ["-edition__year", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="book_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_download_url(self) -> str:
        return reverse("publications:book_download", kwargs={"pk": self.pk})

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def has_file(self) -> bool:
        return bool(self.file) and bool(self.sha256)

    @property
    def is_outdated(self) -> bool:
        """Whether the definition (title, foreword…) changed after the last PDF was made."""
        return bool(self.generated_at and self.updated_at and self.updated_at > self.generated_at)

    @property
    def storage_name(self) -> str:
        """The one name the book's PDF ever has; every build replaces it."""
        return f"publications/books/book-{self.pk}.pdf"


def print_image_path(instance: "PrintImage", filename: str) -> str:
    return f"publications/images/{uuid.uuid4().hex}.jpg"


class PrintImage(models.Model):
    """A showcase photo downscaled once for print (publications.images) and reused by every build.

    `source_name` is the name of the showcase file it was made from: a replaced photo gets a new
    name, so a stale derivative is noticed and made again.
    """

    photo = models.OneToOneField(
        ShowcasePhoto, on_delete=models.CASCADE, related_name="print_image", verbose_name=_("photo")
    )
    source_name = models.CharField(max_length=255)
    image = models.FileField(upload_to=print_image_path, max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("print image")
        verbose_name_plural = _("print images")

    def __str__(self) -> str:
        return self.image.name


class CertificateQuerySet(models.QuerySet):
    def managed_by(self, user):
        return self.filter(edition__in=Edition.objects.managed_by(user))

    def held_by(self, user):
        """Certificates `user` may download as recipient: their agency's (Admin Lokal, including
        the BUMDs under them), their UPP's (UPP staff), and their own as juror or panelist."""
        from agencies.models import Membership

        if not getattr(user, "is_authenticated", False):
            return self.none()
        managed = Agency.objects.managed_by(user).values("pk")
        units = Membership.objects.active().filter(user=user, role=Membership.Role.UPP_STAFF).values("unit")
        return self.filter(
            models.Q(kind=Certificate.Kind.WINNER)
            & (models.Q(innovation__agency__in=managed) | models.Q(innovation__unit__in=units))
            | models.Q(user=user, kind__in=Certificate.JURY_KINDS)
        )

    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    """A certificate: for an innovation's award in an edition (one per tier), or for a juror or
    panelist who served in the edition (one per role).

    What it says is copied onto the row when it is issued (recipient, title), so the verification
    page keeps saying what the paper says even if names change later. Revocation (false data, a
    withdrawn award) is recorded, never deleted: the verification page then says DICABUT.
    """

    class Kind(models.TextChoices):
        WINNER = "winner", _("Award")
        JUROR = "juror", _("Evaluation team member (TE)")
        PANELIST = "panelist", _("Independent panel member (TPI)")

    JURY_KINDS = (Kind.JUROR, Kind.PANELIST)
    Tier = Award.Tier

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=Award.Tier.choices, blank=True)
    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("innovation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("juror"),
    )
    recipient_name = models.CharField(_("recipient"), max_length=255)
    recipient_detail = models.CharField(
        _("recipient detail"), max_length=400, blank=True, help_text=_("The UPP and agency, or the affiliation.")
    )
    innovation_title = models.CharField(_("innovation"), max_length=255, blank=True)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued at"))

    file = models.FileField(_("PDF"), upload_to="publications/certificates/", max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)

    revoked_at = models.DateTimeField(pgettext_lazy("certificate", "revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["edition", "kind", "recipient_name", "tier", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "innovation", "tier"],
                condition=models.Q(kind="winner"),
                name="certificate_once_per_award",
            ),
            models.UniqueConstraint(
                fields=["edition", "user", "kind"],
                condition=models.Q(kind__in=["juror", "panelist"]),
                name="certificate_once_per_jury_role",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="winner", innovation__isnull=False) & ~models.Q(tier=""))
                | models.Q(kind__in=["juror", "panelist"], user__isnull=False, tier=""),
                name="certificate_recipient_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_code} · {self.recipient_name}"

    def get_absolute_url(self) -> str:
        return reverse("publications:verify", kwargs={"code": self.code})

    def get_download_url(self) -> str:
        return reverse("publications:certificate_download", kwargs={"pk": self.pk})

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def storage_name(self) -> str:
        return f"publications/certificates/{self.edition_id}/{self.code}.pdf"

    @property
    def award_label(self) -> str:
        """What was awarded, in the reader's language: "Top 45", "Evaluator (TE)"…"""
        return self.get_tier_display() if self.kind == self.Kind.WINNER else self.get_kind_display()
