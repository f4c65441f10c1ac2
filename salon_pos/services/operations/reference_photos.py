"""What a reference photo must be before it is kept: a JPEG, PNG or GIF picture that opens
whole, of at most 25 MB and 50 megapixels. Checked when it is attached, so that no file
can later break the agreement's PDF (which decodes every photo) or fill the memory of the
station that prints it: a 30000×30000 picture fits in a few kilobytes of PNG."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from salon_pos.domain.errors import InvalidInput

MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000  # a 48-megapixel phone camera's full picture fits
OPENED = ("JPEG", "PNG", "GIF")  # Pillow's readers tried
# The kind of picture read, as Pillow names it, and the kept file's suffix (MPO: the JPEG
# many phones save, a picture and its preview, read by the JPEG reader).
SUFFIXES = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "GIF": ".gif"}


@dataclass(frozen=True)
class Photo:
    data: bytes
    suffix: str


def checked_photo(source: Path) -> Photo:
    """The photo's bytes and its file suffix, or a refusal that says what is wrong."""
    data = _read(source)
    not_a_picture = InvalidInput(f"“{source.name}” is not a JPEG, PNG or GIF picture (or it "
                                 "is damaged): it cannot be kept as a reference photo.")
    too_big = InvalidInput(f"“{source.name}” has too many pixels: at most "
                           f"{MAX_PHOTO_PIXELS // 1_000_000} megapixels can be kept. Save a "
                           "smaller copy and attach that.")
    try:
        with warnings.catch_warnings():  # Pillow's own, far higher, limit: ours comes first
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=OPENED) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise too_big
                image.load()  # every pixel decodes: a damaged file is refused now
                return Photo(data, SUFFIXES[image.format])
    except Image.DecompressionBombError:
        raise too_big from None
    except (OSError, SyntaxError, ValueError, EOFError):  # what Pillow raises on bad data
        raise not_a_picture from None


def _read(source: Path) -> bytes:
    try:
        if source.stat().st_size > MAX_PHOTO_BYTES:
            raise InvalidInput(f"The photo is too large (at most "
                               f"{MAX_PHOTO_BYTES // 2**20} MB).")
        return source.read_bytes()
    except OSError:
        raise InvalidInput(f"Cannot read the photo “{source.name}”.") from None
