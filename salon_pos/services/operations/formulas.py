"""Colour formulas: the stylist writes what was mixed for a visit, from the client's
arrival until after checkout; writing it again replaces it (one formula a visit)."""

from __future__ import annotations

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import InvalidTransition
from salon_pos.domain.formulas import Bowl, checked_bowls
from salon_pos.domain.validation import clean_text
from salon_pos.services.kernel.access import require_hands_on
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking
from salon_pos.store.models import ColourFormula, FormulaBowl

_WRITTEN = (BookingStatus.ARRIVED, BookingStatus.IN_SERVICE, BookingStatus.READY,
            BookingStatus.CLOSED)


def save_formula(salon: Salon, booking_id: int, bowls: list[Bowl], *, by: int,
                 notes: str = "") -> int:
    """The visit's formula (its bowls in order, and notes); the formula's id."""
    bowls = checked_bowls(bowls)
    notes = clean_text(notes, "formula notes")
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        if booking.status not in _WRITTEN:
            raise InvalidTransition("A formula is written for a visit that has begun: this "
                                    f"booking is {BookingStatus(booking.status).label}.")
        formula = ColourFormula.get_or_none(ColourFormula.booking == booking_id)
        fields = {"written_by": by, "written_at": salon.now_stored(), "notes": notes}
        if formula is None:
            formula = ColourFormula.create(client=booking.client_id, booking=booking_id,
                                           **fields)
        else:
            ColourFormula.update(fields).where(ColourFormula.id == formula.id).execute()
            FormulaBowl.delete().where(FormulaBowl.formula == formula.id).execute()
        FormulaBowl.insert_many([
            {"formula": formula.id, "position": position, "area": bowl.area,
             "product": bowl.product, "shades": bowl.shades, "developer": bowl.developer,
             "ratio": bowl.ratio, "minutes": bowl.minutes}
            for position, bowl in enumerate(bowls, start=1)]).execute()
        return formula.id
