"""A proposal's files: checking, cleaning and storing attachments and section evidence.

What a file *is* comes from its content, never from its name: a PDF must start with the PDF
signature and pypdf must read a page of it; a photo must be decoded by Pillow (JPEG, PNG or WebP
only, so no other decoder ever runs on an upload). Photos are re-encoded without any metadata
(EXIF with GPS, XMP, comments), turned upright from their EXIF orientation, downsized to
MAX_LONG_SIDE and given a THUMBNAIL_LONG_SIDE thumbnail; the work is bounded by MAX_IMAGE_PIXELS.
Other extensions an organiser allows (docx, xlsx…) are checked against
competitions.forms_definition.FILE_SIGNATURES where the signature is known, and stored as uploaded.

The limits come from the edition: an AttachmentType's allowed_extensions, max_size_kb and
max_files, or a FormSection's evidence_* fields. Every write first checks that the proposal may
still be edited (its state and the entry deadline, see submissions.services._require_editable).
"""

import mimetypes
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps
from pypdf import PdfReader

from competitions.forms_definition import FILE_SIGNATURES, FormDefinition
from competitions.models import AttachmentType, FormSection
from submissions.models import Attachment, Proposal
from submissions.services import _require_editable

# A 40-megapixel photo (e.g. 7745 x 5164) is larger than any phone or office camera makes; beyond
# that an image is a mistake or an attack ("decompression bomb": a few KB that decode to GBs).
MAX_IMAGE_PIXELS = 40_000_000
# Long side of the stored photo: sharp on a 4K screen and in print, a tenth of a camera original.
MAX_LONG_SIDE = 2400
THUMBNAIL_LONG_SIDE = 400
JPEG_QUALITY = 85

# Image formats decoded and re-encoded, by Pillow's name, with the extensions organisers list for them.
IMAGE_FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
IMAGE_EXTENSIONS = {extension for extensions in IMAGE_FORMATS.values() for extension in extensions}
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]+")


# --- Limits --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadRules:
    """What one place in the form accepts: file types (extensions), largest size, how many files."""

    extensions: tuple[str, ...]
    max_size_kb: int
    max_files: int

    @classmethod
    def for_target(cls, target: AttachmentType | FormSection) -> "UploadRules":
        if isinstance(target, FormSection):
            return cls(tuple(target.evidence_extensions), target.evidence_max_size_kb, target.evidence_max_files)
        return cls(tuple(target.extensions), target.max_size_kb, target.max_files)

    @property
    def type_names(self) -> str:
        """'PDF', 'JPG or PNG': the allowed types as people name them (jpeg folded into JPG)."""
        names = [ext.upper() for ext in self.extensions if not (ext == "jpeg" and "jpg" in self.extensions)]
        return get_text_list(names, _("or"))

    @property
    def accept(self) -> str:
        """The value of a file input's accept attribute, which steers the phone's file picker."""
        return ",".join(f".{ext}" for ext in self.extensions)

    @property
    def max_size_label(self) -> str:
        return human_size(self.max_size_kb * 1024)


def human_size(size: int) -> str:
    """'2 MB', '3,4 MB', '512 KB' in the active language (1 MB = 1024 KB, as the limits are set)."""
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": number_format(max(1, round(size / 1024)))}
    megabytes = size / (1024 * 1024)
    decimals = 0 if round(megabytes, 1) == int(round(megabytes, 1)) else 1
    return _("%(size)s MB") % {"size": number_format(round(megabytes, 1), decimal_pos=decimals)}


def _target_of(attachment: Attachment) -> AttachmentType | FormSection:
    return attachment.attachment_type or attachment.section


def _check_target(proposal: Proposal, target: AttachmentType | FormSection) -> None:
    form = FormDefinition.for_group(proposal.group)
    if isinstance(target, FormSection):
        if target.pk not in form.section_map():
            raise ValidationError(_("This section is not part of the form of this proposal."))
        if not target.evidence_max_files:
            raise ValidationError(_("This section does not take supporting files."))
    elif target.pk not in form.attachment_type_map():
        raise ValidationError(_("This attachment is not part of the form of this proposal."))


def _files_of(proposal: Proposal, target: AttachmentType | FormSection):
    if isinstance(target, FormSection):
        return Attachment.objects.filter(proposal=proposal, section=target, attachment_type__isnull=True)
    return Attachment.objects.filter(proposal=proposal, attachment_type=target)


def _require_room(proposal: Proposal, target: AttachmentType | FormSection, rules: UploadRules) -> None:
    if _files_of(proposal, target).count() >= rules.max_files:
        raise ValidationError(
            ngettext(
                "%(name)s takes at most %(limit)d file. Replace or delete the one already attached.",
                "%(name)s takes at most %(limit)d files. Replace or delete one of those already attached.",
                rules.max_files,
            )
            % {"name": target, "limit": rules.max_files}
        )


# --- Checking and cleaning one upload --------------------------------------------------------------


@dataclass
class CleanFile:
    """An upload that passed every check, ready to store: re-encoded photos, or the document as sent."""

    content: File
    content_type: str
    original_name: str
    size: int
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = field(default=None, repr=False)


def clean_name(name: str) -> str:
    """The uploaded name made harmless for display and for a Content-Disposition header."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(_NAME_UNSAFE.sub(" ", name).split()).strip(" .")
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[: 140 - len(extension)]}…{dot}{extension}" if dot and len(extension) <= 8 else name[:150]
    return name or _("file")


def clean_upload(*, upload, rules: UploadRules) -> CleanFile:
    """Check `upload` (a Django UploadedFile) against `rules` by its content and clean it.

    Raises ValidationError with one message a writer understands. Photos come back re-encoded
    (JPEG, or PNG when they have transparency) with a thumbnail; PDFs and other documents as sent.
    """
    name = clean_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name})
    if size > rules.max_size_kb * 1024:
        raise ValidationError(
            _("The file %(name)s is %(size)s; the limit is %(limit)s. Make it smaller and upload it again.")
            % {"name": name, "size": human_size(size), "limit": rules.max_size_label}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    detected = _detect(head)
    if detected == "PDF":
        if "pdf" not in rules.extensions:
            raise _wrong_type(name, "PDF", rules)
        _check_pdf(upload, name)
        return CleanFile(content=upload, content_type="application/pdf", original_name=name, size=size)
    if detected in IMAGE_FORMATS:
        if not set(IMAGE_FORMATS[detected]) & set(rules.extensions):
            raise _wrong_type(name, IMAGE_FORMATS[detected][0].upper(), rules)
        return _clean_image(upload, name, detected)
    return _check_other(upload, name, head, rules)


def _detect(head: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _wrong_type(name: str, actual: str, rules: UploadRules) -> ValidationError:
    return ValidationError(
        _("%(name)s is a %(actual)s file; only %(types)s files are accepted here.")
        % {"name": name, "actual": actual, "types": rules.type_names}
    )


def _check_other(upload, name: str, head: bytes, rules: UploadRules) -> CleanFile:
    """A file that is neither a PDF nor a photo by its content: allowed only as another listed type."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in rules.extensions:
        raise ValidationError(
            _("%(name)s is not a file type accepted here; only %(types)s files are accepted.")
            % {"name": name, "types": rules.type_names}
        )
    signatures = FILE_SIGNATURES.get(extension)
    if extension == "pdf" or extension in IMAGE_EXTENSIONS or (signatures and not head.startswith(signatures)):
        raise ValidationError(
            _("%(name)s is not really a %(type)s file: its content is something else. Save it again as %(type)s.")
            % {"name": name, "type": extension.upper()}
        )
    content_type = mimetypes.guess_type(f"file.{extension}")[0] or "application/octet-stream"
    return CleanFile(content=upload, content_type=content_type, original_name=name, size=upload.size)


def _check_pdf(upload, name: str) -> None:
    unreadable = ValidationError(
        _("%(name)s could not be read as a PDF. Export it again as PDF and upload that file.") % {"name": name}
    )
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("%(name)s is protected with a password. Upload a copy without a password.") % {"name": name}
            )
        if len(reader.pages) < 1:
            raise unreadable
        reader.pages[0].mediabox  # noqa: B018 - parsing the first page is the check
    except ValidationError:
        raise
    except Exception as error:
        # pypdf raises many kinds of errors on broken files (PdfReadError, KeyError, ValueError…);
        # for the writer they all mean the same thing.
        raise unreadable from error
    finally:
        upload.seek(0)


def _check_pixels(size: tuple[int, int], name: str) -> None:
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(name, width, height)


def _too_many_pixels(name: str, width: int | None = None, height: int | None = None) -> ValidationError:
    limit = number_format(MAX_IMAGE_PIXELS // 1_000_000)
    if width and height:
        return ValidationError(
            _(
                "%(name)s is %(width)s × %(height)s pixels, more than the %(limit)s megapixels allowed. "  # noqa: RUF001
                "Resize the photo and upload it again."
            )
            % {"name": name, "width": number_format(width), "height": number_format(height), "limit": limit}
        )
    return ValidationError(
        _("%(name)s has more than the %(limit)s megapixels allowed. Resize the photo and upload it again.")
        % {"name": name, "limit": limit}
    )


def _clean_image(upload, name: str, image_format: str) -> CleanFile:
    """Verify, turn upright, strip metadata, downsize and re-encode a photo; make its thumbnail."""
    try:
        with Image.open(upload, formats=[image_format]) as probe:
            _check_pixels(probe.size, name)
            probe.verify()
        upload.seek(0)
        # Not a `with` block: closing the image would discard its pixels. The upload is Django's to close.
        image = Image.open(upload, formats=[image_format])
        _check_pixels(image.size, name)
        if image_format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers MAX_LONG_SIDE: far less CPU.
            image.draft("RGB", (MAX_LONG_SIDE, MAX_LONG_SIDE))
        image.load()
        icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA", "L", "LA", "P") else None
        ImageOps.exif_transpose(image, in_place=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(name) from error
    except Exception as error:
        # Broken or hostile files make Pillow raise OSError, SyntaxError, ValueError, struct.error
        # and more; for the writer they all mean the same thing.
        raise ValidationError(
            _("%(name)s could not be read as an image. Save it again as JPG or PNG and upload that file.")
            % {"name": name}
        ) from error
    finally:
        upload.seek(0)

    image, transparent = _normalise_mode(image)
    # Bicubic: indistinguishable from Lanczos when shrinking less than 2x, and a quarter faster.
    image.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.BICUBIC)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE), Image.Resampling.LANCZOS)
    encoded = _encode(image, transparent=transparent, icc_profile=icc_profile)
    return CleanFile(
        content=ContentFile(encoded),
        content_type="image/png" if transparent else "image/jpeg",
        original_name=name,
        size=len(encoded),
        width=image.width,
        height=image.height,
        thumbnail=_encode(thumbnail, transparent=transparent, icc_profile=icc_profile),
    )


def _normalise_mode(image: Image.Image) -> tuple[Image.Image, bool]:
    """RGB or L for a JPEG, RGBA for a PNG, which is kept only for pictures that are really transparent."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        if rgba.getchannel("A").getextrema()[0] < 255:
            return rgba, True
        image = rgba
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return image, False


def _encode(image: Image.Image, *, transparent: bool, icc_profile: bytes | None) -> bytes:
    # Pillow writes some of `info` back out (a JPEG comment, for one); start from nothing so no
    # metadata of the upload survives. The colour profile is kept: it is not personal data, and
    # without it phone photos in wide-gamut colour look dull.
    image.info = {}
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    output = BytesIO()
    if transparent:
        image.save(output, "PNG", **extra)
    else:
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
    return output.getvalue()


# --- Writes --------------------------------------------------------------------------------------


def add_attachment(
    *,
    proposal: Proposal,
    by,
    upload,
    attachment_type: AttachmentType | None = None,
    section: FormSection | None = None,
    now: datetime | None = None,
) -> Attachment:
    """Attach `upload` to `proposal` for `attachment_type`, or as evidence for `section`.

    Refused (ValidationError) when the proposal can no longer be edited, the place is not on the
    proposal's form, it already holds its maximum number of files, or the file fails its checks.
    Side effects: the cleaned file and its thumbnail are stored under proposals/<public id>/, an
    Attachment row is created and the proposal's updated_at is touched.
    """
    now = now or timezone.now()
    target = attachment_type or section
    if target is None or (attachment_type and section):
        raise ValueError("Give exactly one of attachment_type and section.")
    _check_target(proposal, target)
    rules = UploadRules.for_target(target)
    _require_editable(proposal=proposal, now=now)
    _require_room(proposal, target, rules)
    # The heavy part (decoding a photo) runs before the lock; the checks are repeated under it.
    clean = clean_upload(upload=upload, rules=rules)
    attachment = Attachment(proposal=proposal, attachment_type=attachment_type, section=section)
    with _removing_new_files_on_error(attachment), transaction.atomic():
        locked = _lock(proposal)
        _require_editable(proposal=locked, now=now)
        _require_room(locked, target, rules)
        _fill(attachment, clean, by=by, now=now)
        attachment.save()
        Proposal.objects.filter(pk=proposal.pk).update(updated_at=now)
    return attachment


def replace_attachment(*, attachment: Attachment, by, upload, now: datetime | None = None) -> Attachment:
    """Put `upload` in the place of `attachment` (same type or section, same position).

    Refused like add_attachment. Side effects: the new file and thumbnail are stored, the row is
    updated (name, type, size, uploader, time) and the old stored files are deleted after commit.
    """
    now = now or timezone.now()
    proposal = attachment.proposal
    rules = UploadRules.for_target(_target_of(attachment))
    _require_editable(proposal=proposal, now=now)
    clean = clean_upload(upload=upload, rules=rules)
    with _removing_new_files_on_error(attachment), transaction.atomic():
        locked = _lock(proposal)
        _require_editable(proposal=locked, now=now)
        if not Attachment.objects.filter(pk=attachment.pk).exists():
            raise ValidationError(_("This file was deleted meanwhile; upload yours as a new file."))
        old_names = [name for name in (attachment.file.name, attachment.thumbnail.name) if name]
        _fill(attachment, clean, by=by, now=now)
        attachment.save()
        Proposal.objects.filter(pk=proposal.pk).update(updated_at=now)
        _delete_files_on_commit(attachment.file.storage, old_names)
    return attachment


def delete_attachment(*, attachment: Attachment, by, now: datetime | None = None) -> None:
    """Remove `attachment` from its proposal.

    Refused when the proposal can no longer be edited. Side effects: the row is deleted and its
    stored file and thumbnail are deleted after commit; the proposal's updated_at is touched.
    """
    now = now or timezone.now()
    _require_editable(proposal=attachment.proposal, now=now)
    with transaction.atomic():
        locked = _lock(attachment.proposal)
        _require_editable(proposal=locked, now=now)
        names = [name for name in (attachment.file.name, attachment.thumbnail.name) if name]
        deleted, _by_model = Attachment.objects.filter(pk=attachment.pk).delete()
        if deleted:
            Proposal.objects.filter(pk=locked.pk).update(updated_at=now)
            _delete_files_on_commit(attachment.file.storage, names)


def _lock(proposal: Proposal) -> Proposal:
    # One upload at a time per proposal, so two at once cannot both take the last free place.
    return Proposal.objects.select_for_update().select_related("innovation__agency", "edition").get(pk=proposal.pk)


def _fill(attachment: Attachment, clean: CleanFile, *, by, now: datetime) -> None:
    attachment.content_type = clean.content_type  # decides the stored file's extension
    attachment.original_name = clean.original_name
    attachment.size = clean.size
    attachment.width, attachment.height = clean.width, clean.height
    attachment.uploaded_by = by
    attachment.uploaded_at = now
    attachment.file.save("upload", clean.content, save=False)
    if clean.thumbnail:
        attachment.thumbnail.save("thumbnail", ContentFile(clean.thumbnail), save=False)
    else:
        attachment.thumbnail = ""


@contextmanager
def _removing_new_files_on_error(attachment: Attachment):
    """Delete the files stored for `attachment` inside the block if the block fails (no orphans on disk)."""
    before = {attachment.file.name, attachment.thumbnail.name}
    try:
        yield
    except BaseException:
        for name in {attachment.file.name, attachment.thumbnail.name} - before:
            if name:
                attachment.file.storage.delete(name)
        raise


def _delete_files_on_commit(storage, names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


# --- Reads for the panel ---------------------------------------------------------------------------


@dataclass
class Slot:
    """One place in the panel files go to: an attachment type, or the evidence of one section."""

    proposal_id: int
    target: AttachmentType | FormSection
    rules: UploadRules
    files: list[Attachment]
    error: str = ""

    @property
    def is_evidence(self) -> bool:
        return isinstance(self.target, FormSection)

    @property
    def key(self) -> str:
        return f"{'section' if self.is_evidence else 'type'}-{self.target.pk}"

    @property
    def required(self) -> bool:
        return not self.is_evidence and self.target.required

    @property
    def can_add(self) -> bool:
        return len(self.files) < self.rules.max_files

    @property
    def missing(self) -> bool:
        return self.required and not self.files

    @property
    def upload_url(self) -> str:
        name = "submissions:evidence_upload" if self.is_evidence else "submissions:attachment_upload"
        return reverse(name, args=[self.proposal_id, self.target.pk])


@dataclass
class Panel:
    proposal: Proposal
    can_edit: bool
    types: list[Slot]
    evidence: list[Slot]
    message: str = ""
    error: str = ""

    def slot_for(self, target: AttachmentType | FormSection) -> Slot | None:
        slots = self.evidence if isinstance(target, FormSection) else self.types
        return next((slot for slot in slots if slot.target.pk == target.pk), None)


def attachment_panel(*, proposal: Proposal, can_edit: bool, form: FormDefinition | None = None) -> Panel:
    """The attachment types and evidence sections of `proposal`'s form with its files, in form order:
    one query for all the files (none per file) beyond loading the form definition."""
    form = form or FormDefinition.for_group(proposal.group)
    by_type: dict[int, list[Attachment]] = {}
    by_section: dict[int, list[Attachment]] = {}
    # By pk: a replaced file keeps its place.
    for attachment in proposal.attachments.select_related("uploaded_by").order_by("pk"):
        if attachment.attachment_type_id:
            by_type.setdefault(attachment.attachment_type_id, []).append(attachment)
        else:
            by_section.setdefault(attachment.section_id, []).append(attachment)
    return Panel(
        proposal=proposal,
        can_edit=can_edit,
        types=[
            Slot(
                proposal_id=proposal.pk, target=kind, rules=UploadRules.for_target(kind), files=by_type.get(kind.pk, [])
            )
            for kind in form.attachment_types
        ],
        evidence=[
            Slot(
                proposal_id=proposal.pk,
                target=section,
                rules=UploadRules.for_target(section),
                files=by_section.get(section.pk, []),
            )
            for section in form.sections
            if section.evidence_max_files or by_section.get(section.pk)
        ],
    )


def download_name(attachment: Attachment, *, suffix: str = "") -> str:
    """The name a download is saved under: the uploaded name, with the extension of what is stored
    (a PNG photo named .jpg was stored as PNG)."""
    extension = attachment.extension_for_storage
    if not extension:
        return attachment.original_name
    stem, dot, _old = attachment.original_name.rpartition(".")
    return f"{stem if dot else attachment.original_name}{suffix}{extension}"
