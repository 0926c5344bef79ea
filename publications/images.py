"""Photos downscaled once for print and kept, so a book never lays out a full-size photo.

Showcase photos are stored up to 1600 px; a book entry prints its cover photo about 170 mm wide,
for which PRINT_LONG_SIDE pixels (about 120 dpi) are plenty. Measured on a 99-photo book: laying
out 1600x1200 photos made a 65 MB PDF, 800 px derivatives 7 MB, at the same render time
(DESIGN.md). The derivative is made on the first build that needs it and reused by every later
build and every book of the edition; a replaced showcase photo has a new file name, which makes
the stale derivative be made again.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps

from publications.models import PrintImage
from showcase.models import ShowcasePhoto

PRINT_LONG_SIDE = 800
JPEG_QUALITY = 80
# The showcase already refuses larger photos; this bounds the decoding work if one slips through.
MAX_IMAGE_PIXELS = 40_000_000


def print_image_for(photo: ShowcasePhoto) -> PrintImage | None:
    """The print derivative of `photo`, made now if it is missing or stale; None if the photo's
    file cannot be read (the entry is then printed without a photo).

    Side effects: may write a JPEG under publications/images/ and a PrintImage row (and delete
    the file of a stale one).
    """
    try:
        existing = photo.print_image  # loaded with the photo when the caller used select_related
    except PrintImage.DoesNotExist:
        existing = None
    if existing is not None and existing.source_name == photo.image.name and existing.image:
        return existing
    try:
        data, width, height = downscale(photo.image)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if existing is not None:
        stale = existing.image.name
        existing.image.save("print.jpg", ContentFile(data), save=False)
        existing.source_name, existing.width, existing.height = photo.image.name, width, height
        existing.save()
        if stale:
            existing.image.storage.delete(stale)
        return existing
    image = PrintImage(photo=photo, source_name=photo.image.name, width=width, height=height)
    image.image.save("print.jpg", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            image.save()
    except IntegrityError:
        # Another build made it at the same moment: keep theirs, drop our copy.
        image.image.storage.delete(image.image.name)
        return PrintImage.objects.get(photo=photo)
    return image


def downscale(field_file) -> tuple[bytes, int, int]:
    """The photo in `field_file` as a JPEG no longer than PRINT_LONG_SIDE on either side."""
    with field_file.open("rb") as handle, Image.open(handle, formats=["JPEG", "PNG", "WEBP"]) as opened:
        if opened.width * opened.height > MAX_IMAGE_PIXELS:
            raise ValueError("too many pixels")
        if opened.format == "JPEG":
            # Decode at a reduced scale straight away: far less work than decoding all pixels.
            opened.draft("RGB", (PRINT_LONG_SIDE, PRINT_LONG_SIDE))
        image = ImageOps.exif_transpose(opened.convert("RGB"))
    image.thumbnail((PRINT_LONG_SIDE, PRINT_LONG_SIDE), Image.Resampling.LANCZOS)
    output = BytesIO()
    image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return output.getvalue(), image.width, image.height
