"""Finding a booking or sale by id, with the message when it does not exist."""

from __future__ import annotations

from salon_pos.domain.errors import NotFound
from salon_pos.store.models import Booking, Sale


def get_booking(booking_id: int | None) -> Booking:
    found = Booking.get_or_none(Booking.id == booking_id) if booking_id is not None else None
    if found is None:
        raise NotFound("That booking does not exist.")
    return found


def get_sale(sale_id: int | None) -> Sale:
    found = Sale.get_or_none(Sale.id == sale_id) if sale_id is not None else None
    if found is None:
        raise NotFound("That sale does not exist.")
    return found
