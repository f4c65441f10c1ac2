"""A stylist's own day: their bookings in order, each with its expectation notes, and which
client is next — read in a handful of queries, however many bookings the day holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.patch_tests import describe
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.views.day_book import DayBookEntry, day_book
from salon_pos.services.views.notes import NoteView, notes_by_booking
from salon_pos.store.models import BookedService, Service


@dataclass(frozen=True)
class MyBooking:
    entry: DayBookEntry
    notes: tuple[NoteView, ...]
    # Services that need a consultation and have no note the client agreed to yet.
    needs_agreement: tuple[str, ...]
    patch_test: str = ""  # where the client stands on the day, if a service needs a test

    @property
    def booking_id(self) -> int:
        return self.entry.booking_id

    @property
    def status(self) -> str:
        return self.entry.status


@dataclass(frozen=True)
class MyDay:
    day: date
    stylist_id: int
    stylist_name: str
    bookings: tuple[MyBooking, ...]
    next_booking_id: int | None

    def booking(self, booking_id: int | None) -> MyBooking | None:
        return next((b for b in self.bookings if b.booking_id == booking_id), None)

    @property
    def next(self) -> MyBooking | None:
        return self.booking(self.next_booking_id)


def my_day(salon: Salon, stylist_id: int, day: date) -> MyDay:
    stylist = get_staff(salon, stylist_id)
    book = day_book(salon, day)
    entries = [e for e in book.entries if e.stylist_id == stylist_id]
    ids = [entry.booking_id for entry in entries]
    notes = notes_by_booking(salon, ids)
    consultations = _services_needing_consultation(ids)
    bookings = tuple(MyBooking(
        entry=entry, notes=tuple(notes.get(entry.booking_id, ())),
        needs_agreement=_unagreed(consultations.get(entry.booking_id, []),
                                  notes.get(entry.booking_id, [])),
        patch_test=describe(entry.patch_test, book.tz) if entry.patch_test else "",
    ) for entry in entries)
    return MyDay(day=day, stylist_id=stylist_id, stylist_name=stylist.name, bookings=bookings,
                 next_booking_id=_next_booking(bookings, salon.now()))


def _next_booking(bookings: tuple[MyBooking, ...], now: datetime) -> int | None:
    """The client in the chair, else the one waiting to pay, else the one who has arrived,
    else the first booked client whose time is not over (a past one only if none is left:
    a client who never came still needs marking as a no-show)."""
    def first(test) -> int | None:
        return next((b.booking_id for b in bookings if test(b)), None)

    for status in (BookingStatus.IN_SERVICE, BookingStatus.READY, BookingStatus.ARRIVED):
        found = first(lambda b, status=status: b.status == status)
        if found is not None:
            return found
    booked = first(lambda b: b.status == BookingStatus.BOOKED and b.entry.end > now)
    return booked or first(lambda b: b.status == BookingStatus.BOOKED)


def _services_needing_consultation(ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    query = (BookedService.select(BookedService.booking, BookedService.id, BookedService.name)
             .join(Service).where(BookedService.booking.in_(ids) & Service.needs_consultation)
             .order_by(BookedService.position).tuples())
    found: dict[int, list[tuple[int, str]]] = {}
    for booking, booked_service, name in query:
        found.setdefault(booking, []).append((booked_service, name))
    return found


def _unagreed(consultations: list[tuple[int, str]], notes: list[NoteView]) -> tuple[str, ...]:
    """The rule of `bookings.services_missing_agreement`, over rows already read: an agreed
    note for the whole booking covers every service, one for a service covers that one."""
    agreed = [note for note in notes if note.acknowledged]
    if any(note.booked_service_id is None for note in agreed):
        return ()
    covered = {note.booked_service_id for note in agreed}
    return tuple(name for booked_service, name in consultations if booked_service not in covered)
