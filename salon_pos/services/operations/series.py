"""Repeat bookings: a booking repeated every few weeks, so many times or until a day, in one
go. The times are planned first with their clashes said (each then moved to another time or
stylist, or skipped); nothing is booked until none is left, and then all are booked or none.
Each booking keeps its own deposit and status; the series can be moved or cancelled from
one booking onward."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from salon_pos.domain.booking_status import RESCHEDULABLE, BookingStatus
from salon_pos.domain.errors import DomainError, InvalidInput, InvalidTransition
from salon_pos.domain.localtime import local_of, local_to_utc, to_utc_naive
from salon_pos.domain.phases import busy_spans
from salon_pos.services.kernel.access import require_hands_on
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking, get_staff
from salon_pos.services.operations import bookings, outbox
from salon_pos.services.views.stylist_time import booked_phases, first_clash
from salon_pos.store.models import BookedService, Booking, BookingSeries

MAX_WEEKS_APART = 12
MAX_REPEATS = 52  # a year of weekly appointments


@dataclass(frozen=True)
class Planned:
    """One booking of a series as planned: when, with whom, and what stands in its way."""

    start: datetime  # aware
    stylist_id: int
    clash: str = ""  # "" when it can be booked as it is


def plan_repeats(salon: Salon, booking_id: int, *, every_weeks: int, times: int | None = None,
                 until: date | None = None) -> list[Planned]:
    """The booking's repeats (not itself): every `every_weeks` weeks at the same wall-clock
    time, `times` more of them or until the day `until`, each with its clash said."""
    if not 1 <= every_weeks <= MAX_WEEKS_APART:
        raise InvalidInput(f"Repeat every 1 to {MAX_WEEKS_APART} weeks.")
    booking = get_booking(salon, booking_id)
    tz = salon.settings().tz
    first = local_of(booking.start, tz)
    if (times is None) == (until is None):
        raise InvalidInput("Say how many times, or until which day.")
    if times is not None and not 1 <= times <= MAX_REPEATS:
        raise InvalidInput(f"Repeat 1 to {MAX_REPEATS} times.")
    days = []
    step = timedelta(weeks=every_weeks)
    day = first.date() + step
    while (len(days) < times) if times is not None else (day <= until):
        days.append(day)
        day += step
        if len(days) > MAX_REPEATS:
            raise InvalidInput(f"That is more than {MAX_REPEATS} bookings: choose an "
                               "earlier last day.")
    if not days:
        raise InvalidInput("No repeat falls on or before that day.")
    return [check_planned(salon, booking_id, local_to_utc(day, first.time(), tz),
                          booking.stylist_id) for day in days]


def check_planned(salon: Salon, booking_id: int, start: datetime, stylist_id: int
                  ) -> Planned:
    """One planned time (as planned or as changed): what stands in its way, if anything."""
    booking = get_booking(salon, booking_id)
    phases = booked_phases(salon, [booking_id]).get(booking_id, ())
    begin = to_utc_naive(start)
    end = begin + (booking.end - booking.start)
    other = first_clash(salon, stylist_id, begin, end, busy_spans(begin, phases), None)
    if other is None:
        return Planned(start, stylist_id)
    tz = salon.settings().tz
    return Planned(start, stylist_id,
                   f"{get_staff(salon, stylist_id).name} has {other.client.name} "
                   f"{local_of(other.start, tz):%H:%M}–{local_of(other.end, tz):%H:%M}")


def book_repeats(salon: Salon, booking_id: int, *, every_weeks: int,
                 planned: list[tuple[datetime, int]], by: int) -> list[int]:
    """Book the repeats as planned ((start, stylist) each; skipped ones left out): the same
    client, services and notes, each with its own deposit due. All or none: a clash
    refuses the lot, naming the booking it stops at. The client's confirmation is the
    first booking's, listing the series."""
    if not planned:
        raise InvalidInput("There is nothing left to book: every repeat was skipped.")
    with salon.writing():
        original = get_booking(salon, booking_id)
        require_hands_on(salon, by, original.stylist_id)
        if original.series_id is not None:
            raise InvalidInput("This booking is already part of a series.")
        if original.status not in RESCHEDULABLE:
            raise InvalidInput("Only a booking still ahead is repeated.")
        services = [row.service_id for row in BookedService.select().where(
            BookedService.booking == booking_id).order_by(BookedService.position)]
        series = BookingSeries.create(client=original.client_id, every_weeks=every_weeks,
                                      created_by=by, created_at=salon.now_stored())
        made = []
        for start, stylist_id in planned:
            try:
                made.append(bookings.book(salon, client_id=original.client_id,
                                          stylist_id=stylist_id, start=start,
                                          service_ids=services, by=by, notes=original.notes))
            except DomainError as refusal:
                when = f"{local_of(start, salon.settings().tz):%a %d %b %Y %H:%M}"
                raise type(refusal)(f"Nothing was booked: the repeat of {when} cannot be — "
                                    f"{refusal.message}") from None
        Booking.update(series=series).where(Booking.id.in_([booking_id, *made])).execute()
        outbox.one_message_for_series(salon, [booking_id, *made])
        return made


def series_from(salon: Salon, booking_id: int) -> list[Booking]:
    """The booking and the later ones of its series still to come, in order."""
    booking = get_booking(salon, booking_id)
    if booking.series_id is None:
        raise InvalidInput("This booking is not part of a series.")
    return list(Booking.select().where(
        (Booking.series == booking.series_id) & (Booking.start >= booking.start)
        & Booking.status.in_([s.value for s in RESCHEDULABLE])).order_by(Booking.start))


def move_series_from(salon: Salon, booking_id: int, *, start: datetime, by: int,
                     stylist_id: int | None = None, approved_by: int | None = None
                     ) -> list[int]:
    """Move this booking to `start` (and stylist) and each later one of its series by the
    same step in the salon's wall-clock time (Tuesdays at 10 become Wednesdays at 11). All
    or none; a late move needs the manager's approval as for one booking."""
    with salon.writing():
        moving = _from_this_one(salon, booking_id, "moved")
        tz = salon.settings().tz
        step = (start.astimezone(tz).replace(tzinfo=None)
                - local_of(moving[0].start, tz).replace(tzinfo=None))
        # The last first when moving later (and the first first when earlier): a booking
        # never lands on one of its own series not yet moved.
        for booking in (reversed(moving) if step > timedelta(0) else moving):
            was = local_of(booking.start, tz).replace(tzinfo=None) + step
            new_start = local_to_utc(was.date(), was.time(), tz)
            try:
                bookings.reschedule(salon, booking.id, start=new_start, by=by,
                                    stylist_id=stylist_id, approved_by=approved_by)
            except DomainError as refusal:
                raise type(refusal)(f"Nothing was moved: the booking of "
                                    f"{local_of(booking.start, tz):%a %d %b %Y %H:%M} cannot "
                                    f"move — {refusal.message}") from None
        moved = [booking.id for booking in moving]
        outbox.one_message_for_series(salon, moved)
        return moved


def cancel_series_from(salon: Salon, booking_id: int, *, by: int,
                       deposit_to: str = "refund") -> dict[int, str]:
    """Cancel this booking and the later ones of its series, each by the cancellation rules
    (a deposit back in time, kept when late). Booking id → "in_time" or "late"."""
    with salon.writing():
        outcome = {booking.id: bookings.cancel(salon, booking.id, by=by,
                                               deposit_to=deposit_to)
                   for booking in _from_this_one(salon, booking_id, "cancelled")
                   if booking.status == BookingStatus.BOOKED}
        outbox.one_message_for_series(salon, list(outcome))
        return outcome


def _from_this_one(salon: Salon, booking_id: int, done: str) -> list[Booking]:
    """The booking and the later ones of its series, refused unless the booking itself is
    still ahead (a series is moved or cancelled from a booking that can be)."""
    found = series_from(salon, booking_id)
    if not found or found[0].id != booking_id:
        status = BookingStatus(get_booking(salon, booking_id).status).label
        raise InvalidTransition(f"This booking is {status}: the series is {done} from a "
                                "booking still to come.")
    return found
