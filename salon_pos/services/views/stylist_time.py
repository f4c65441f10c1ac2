"""A stylist's time as bookings take it: the work of each booking (domain.phases), so that
another client fits into a colour's processing time, and the first booking whose work
meets a new one's — the clash check of booking and moving, and the waitlist's fit."""

from __future__ import annotations

from datetime import datetime

from salon_pos.domain.booking_status import ACTIVE
from salon_pos.domain.phases import LONGEST_BOOKING, Phases, Span, busy_spans, overlap
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import BookedService, Booking


def phases_of(service) -> Phases:
    """A service's phases, from the catalogue or as booked."""
    return Phases(service.duration_min, service.processing_min, service.finish_min)


def booked_phases(salon: Salon, booking_ids) -> dict[int, list[Phases]]:
    """Each booking's services' phases, in their order."""
    found: dict[int, list[Phases]] = {}
    for row in (BookedService.select().where(BookedService.booking.in_(booking_ids))
                .order_by(BookedService.position, BookedService.id)):
        found.setdefault(row.booking_id, []).append(phases_of(row))
    return found


def first_clash(salon: Salon, stylist_id: int, begin: datetime, end: datetime,
                busy: list[Span], exclude: int | None) -> Booking | None:
    """The first active booking of the stylist's whose work meets `busy` (the work of a
    booking from `begin` to `end`, naive UTC), `exclude` aside (the one being moved)."""
    query = Booking.select().where(
        (Booking.stylist == stylist_id)
        & Booking.status.in_([s.value for s in ACTIVE])
        & (Booking.start < end)
        & (Booking.start > begin - LONGEST_BOOKING)
        & (Booking.end > begin)
    )
    if exclude is not None:
        query = query.where(Booking.id != exclude)
    near = list(query.order_by(Booking.start))
    if not near:  # the usual case: nothing near, no second query
        return None
    phases = booked_phases(salon, [other.id for other in near])
    for other in near:
        if overlap(busy, busy_spans(other.start, phases.get(other.id, ()))):
            return other
    return None
