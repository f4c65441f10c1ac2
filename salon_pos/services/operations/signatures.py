"""A client's signature drawn on screen: what the picture must be before it is kept — a PNG
that opens whole, of modest size, with ink on it — and keeping it for the record it
signs. A crafted file must not reach the PDF that prints it, nor a blank one pass for a
signature."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from salon_pos.domain.errors import InvalidInput
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Signature

MAX_SIGNATURE_BYTES = 512 * 1024
MAX_SIGNATURE_PIXELS = 4_000_000  # a pad drawn on a 4K screen fits
_NOT_A_SIGNATURE = "The signature is not a picture Salon POS made (or it is damaged)."


def checked_signature(data: bytes) -> bytes:
    """`data` if it is a signature worth keeping, else a refusal that says why."""
    if not isinstance(data, bytes) or not data:
        raise InvalidInput("The client has not signed yet.")
    if len(data) > MAX_SIGNATURE_BYTES:
        raise InvalidInput(f"The signature's picture is too large (at most "
                           f"{MAX_SIGNATURE_BYTES // 1024} KB).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                if width * height > MAX_SIGNATURE_PIXELS:
                    raise InvalidInput("The signature's picture has too many pixels.")
                image.load()
                on_white = Image.new("RGBA", image.size, "white")
                on_white.alpha_composite(image.convert("RGBA"))
                ink = ImageOps.invert(on_white.convert("L")).getbbox()
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError):
        raise InvalidInput(_NOT_A_SIGNATURE) from None
    if ink is None:
        raise InvalidInput("The signature is blank: the client has to sign in the box.")
    return data


def keep_signature(salon: Salon, client_id: int, data: bytes) -> int:
    """Keep a checked signature of the client (inside `salon.writing()`); its id."""
    return Signature.create(client=client_id, image=data, signed_at=salon.now_stored()).id
