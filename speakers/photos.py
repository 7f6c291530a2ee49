"""Speaker photos: checked by decoding, never by name, and re-encoded by the site.

Whatever arrives — a renamed text file, an SVG with a script, a decompression bomb, a
truncated file — either decodes as a JPEG, PNG or WebP picture of reasonable size, or is
refused with a message. What is stored is a new square WebP the site drew itself, with no
metadata (no EXIF, so no GPS position)."""

import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from core.errors import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Far above any camera's picture, far below what would exhaust the server's memory.
MAX_PIXELS = 50_000_000
SIZES = {"large": 400, "small": 160}


class PhotoError(DomainError):
    """A file that is not a photo we can use."""


@dataclass(frozen=True)
class ProcessedPhoto:
    large: bytes
    small: bytes


def process_photo(upload) -> ProcessedPhoto:
    if upload.size > MAX_UPLOAD_BYTES:
        raise PhotoError(_("The photo is larger than 5 MB. Please send a smaller one."), code="too_large")
    data = upload.read()
    picture = open_checked(data)
    picture = ImageOps.exif_transpose(picture)  # keep the picture upright, then forget EXIF
    if picture.mode not in ("RGB", "L"):
        background = Image.new("RGB", picture.size, "white")
        background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
        picture = background
    picture = picture.convert("RGB")
    return ProcessedPhoto(**{name: encode_square(picture, side) for name, side in SIZES.items()})


_strict_loading = threading.Lock()


@contextmanager
def refusing_truncated_images():
    """WeasyPrint, once imported, tells Pillow to accept truncated images (a global flag);
    a photo upload must not, so the flag is turned off while one is decoded."""
    with _strict_loading:
        previous, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def open_checked(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings(), refusing_truncated_images():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = MAX_PIXELS
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoError(_("Please send a JPEG, PNG or WebP photo."), code="format")
            probe.verify()
            picture = Image.open(io.BytesIO(data))
            picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_("This picture has far too many pixels. Please send a smaller one."), code="bomb") from None
    except UnidentifiedImageError:
        raise PhotoError(
            _("This file is not a picture we can read. Please send a JPEG, PNG or WebP photo."), code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise PhotoError(_("This picture is damaged or incomplete. Please send it again."), code="damaged") from None
    return picture


def encode_square(picture: Image.Image, side: int) -> bytes:
    square = ImageOps.fit(picture, (side, side), method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    output = io.BytesIO()
    square.save(output, format="WEBP", quality=82, method=4)
    return output.getvalue()
