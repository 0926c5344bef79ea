"""Public copies of photos: downsized for the web, with a thumbnail, every byte of metadata dropped.

A proposal's photo is up to 2400 px (submissions.attachments); the public page needs far less,
so each chosen photo is copied once at PHOTO_LONG_SIDE with a THUMBNAIL_LONG_SIDE thumbnail for the
cards and the gallery. The decoding work is bounded by MAX_IMAGE_PIXELS.
"""

from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_IMAGE_PIXELS = 40_000_000
PHOTO_LONG_SIDE = 1600
THUMBNAIL_LONG_SIDE = 480
JPEG_QUALITY = 82
FORMATS = ["JPEG", "PNG", "WEBP"]


@dataclass
class Derivatives:
    image: bytes
    width: int
    height: int
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int


def make_derivatives(source) -> Derivatives:
    """Read the photo in the file-like `source` and return its web copy and thumbnail as JPEG."""
    try:
        with Image.open(source, formats=FORMATS) as opened:
            if opened.width * opened.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The photo has too many pixels; resize it and try again."))
            if opened.format == "JPEG":
                opened.draft("RGB", (PHOTO_LONG_SIDE, PHOTO_LONG_SIDE))
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except Exception as error:
        # Pillow raises many kinds of errors on broken files; for the secretariat they mean one thing.
        raise ValidationError(_("This file could not be read as a photo (JPG, PNG or WebP).")) from error
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((PHOTO_LONG_SIDE, PHOTO_LONG_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE), Image.Resampling.LANCZOS)
    return Derivatives(
        image=_jpeg(image),
        width=image.width,
        height=image.height,
        thumbnail=_jpeg(thumbnail),
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )


def _jpeg(image: Image.Image) -> bytes:
    image.info = {}
    output = BytesIO()
    image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue()
