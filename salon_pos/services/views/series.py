"""A repeat series as the desk reads it: its bookings in order, each with its stylist,
status and deposit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.localtime import local_of
from salon_pos.services.kernel.balances import deposit_held
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Booking, Staff


@dataclass(frozen=True)
class SeriesBooking:
    booking_id: int
    start: datetime  # local
    stylist: str
    status: BookingStatus
    deposit_due: int
    deposit_held: int


def series_bookings(salon: Salon, series_id: int) -> list[SeriesBooking]:
    tz = salon.settings().tz
    rows = (Booking.select(Booking, Staff.name.alias("stylist_name"))
            .join(Staff, on=Booking.stylist == Staff.id)
            .where(Booking.series == series_id).order_by(Booking.start).objects())
    return [SeriesBooking(row.id, local_of(row.start, tz), row.stylist_name,
                          BookingStatus(row.status), row.deposit_due,
                          deposit_held(salon, row.id)) for row in rows]
