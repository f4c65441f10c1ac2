"""Before and after photos of a visit: checked as every photo is (a real picture, a pixel
limit), then sized for the record — upright, at most 1600 pixels a side, as a JPEG without
the camera's metadata (no place, no device) — and kept in the data folder by its digest.
A "before" photo is taken once the client is here and until the work is under way; an
"after" photo once the work is under way, until the day is done with it."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from salon_pos.documents.layout import turned_upright
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.files import write_bytes
from salon_pos.services.kernel.access import require_hands_on
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking
from salon_pos.services.operations.reference_photos import checked_photo
from salon_pos.store.models import VisitPhoto

RECORD_SIDE = 1600  # pixels: plenty to compare colour, a few hundred KB
BEFORE, AFTER = "before", "after"
_WHEN = {BEFORE: (BookingStatus.ARRIVED, BookingStatus.IN_SERVICE),
         AFTER: (BookingStatus.IN_SERVICE, BookingStatus.READY, BookingStatus.CLOSED)}
_SAID = {BEFORE: "A “before” photo is taken once the client has arrived, before or as the "
                 "work starts.",
         AFTER: "An “after” photo is taken once the work is under way or done."}


def sized_for_record(data: bytes) -> bytes:
    """A checked picture upright, at most RECORD_SIDE a side, as a JPEG with no metadata."""
    try:
        with Image.open(io.BytesIO(data)) as original:
            upright = turned_upright(original)
            upright.thumbnail((RECORD_SIDE, RECORD_SIDE))
            plain = upright.convert("RGB")
            plain.info.clear()  # no comment, no profile: the picture alone
            out = io.BytesIO()
            plain.save(out, format="JPEG", quality=85)
    except (OSError, SyntaxError, ValueError, EOFError):
        raise InvalidInput("The photo could not be read whole; take it again.") from None
    return out.getvalue()



def add_visit_photo(salon: Salon, booking_id: int, source: Path, *, moment: str,
                    by: int) -> int:
    """Keep a photo of the visit, `moment` "before" or "after" the work."""
    if moment not in _WHEN:
        raise InvalidInput("A visit photo is taken before or after the work.")
    data = sized_for_record(checked_photo(Path(source)).data)
    digest = hashlib.sha256(data).hexdigest()
    file_name = f"{digest}.jpg"
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        if booking.status not in _WHEN[moment]:
            raise InvalidTransition(f"{_SAID[moment]} This booking is "
                                    f"{BookingStatus(booking.status).label}.")
        salon.photos_dir.mkdir(parents=True, exist_ok=True)
        target = salon.photos_dir / file_name
        if not (target.is_file() and not target.is_symlink()):  # named by its content
            write_bytes(target, data)
        return VisitPhoto.create(booking=booking_id, client=booking.client_id, moment=moment,
                                 file_name=file_name, sha256=digest, added_by=by,
                                 added_at=salon.now_stored()).id
