"""The day book: one business day's bookings per working stylist, as plain rows for the
screen — in a handful of queries, however many bookings the day holds — and one booking in
detail for the side panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.collation import name_key
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS
from salon_pos.domain.localtime import day_bounds_utc, local_of, to_utc_naive
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.access import Role
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking
from salon_pos.services.views.notes import NoteView, booking_notes, services_missing_agreement
from salon_pos.store.models import (
    BookedService,
    Booking,
    Client,
    ExpectationNote,
    JournalEntry,
    Staff,
)


@dataclass(frozen=True)
class DayBookEntry:
    booking_id: int
    stylist_id: int
    client: str
    alerts: str
    services: str
    start: datetime  # local
    end: datetime  # local
    status: str
    deposit_due: int
    deposit_held: int
    notes: int
    notes_agreed: int

    @property
    def status_label(self) -> str:
        return BookingStatus(self.status).label


@dataclass(frozen=True)
class DayBook:
    day: date
    stylists: tuple[tuple[int, str, str], ...]  # (id, name, colour)
    entries: tuple[DayBookEntry, ...]


def day_book(salon: Salon, day: date) -> DayBook:
    tz = salon.settings().tz
    start, end = (to_utc_naive(t) for t in day_bounds_utc(day, tz))
    rows = list(Booking.select(Booking, Client.name, Client.alerts).join(Client).where(
        (Booking.start >= start) & (Booking.start < end)
        & (Booking.status != BookingStatus.CANCELLED)).order_by(Booking.start).objects())
    ids = [row.id for row in rows]
    services = _services(ids)
    held = _held(ids)
    notes = _notes(ids)
    stylists = sorted(Staff.select().where(
        Staff.active & Staff.role.in_([Role.STYLIST, Role.MANAGER])),
        key=lambda member: name_key(member.name))
    booked_stylists = {row.stylist_id for row in rows}
    return DayBook(
        day=day,
        stylists=tuple((s.id, s.name, s.colour) for s in stylists
                       if s.role == Role.STYLIST or s.id in booked_stylists),
        entries=tuple(DayBookEntry(
            booking_id=row.id, stylist_id=row.stylist_id, client=row.name, alerts=row.alerts,
            services=", ".join(services.get(row.id, [])), start=local_of(row.start, tz),
            end=local_of(row.end, tz), status=row.status, deposit_due=row.deposit_due,
            deposit_held=held.get(row.id, 0), notes=notes.get(row.id, (0, 0))[0],
            notes_agreed=notes.get(row.id, (0, 0))[1],
        ) for row in rows),
    )


def _services(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in BookedService.select(BookedService.booking, BookedService.name).where(
            BookedService.booking.in_(ids)).order_by(BookedService.position):
        found.setdefault(row.booking_id, []).append(row.name)
    return found


def _held(ids: list[int]) -> dict[int, int]:
    held = pw.fn.SUM(pw.Case(JournalEntry.kind, [
        (kind.value, sign * JournalEntry.amount) for kind, sign in DEPOSIT_HELD_SIGNS.items()
    ], 0))
    # By booking only (other kinds count 0 in the CASE): a filter on kind as well would
    # tempt SQLite into the kind index, through years of deposits.
    query = (JournalEntry.select(JournalEntry.booking, held).where(
        JournalEntry.booking.in_(ids)).group_by(JournalEntry.booking).tuples())
    return {booking: int(amount) for booking, amount in query}


def _notes(ids: list[int]) -> dict[int, tuple[int, int]]:
    agreed = pw.fn.SUM(pw.Case(None, [(ExpectationNote.acknowledged_at.is_null(False), 1)], 0))
    query = (ExpectationNote.select(ExpectationNote.booking, pw.fn.COUNT(ExpectationNote.id),
                                    agreed)
             .where(ExpectationNote.booking.in_(ids)).group_by(ExpectationNote.booking).tuples())
    return {booking: (int(count), int(ok)) for booking, count, ok in query}


@dataclass(frozen=True)
class BookingDetails:
    """One booking as the side panel shows it: who, what, when, the deposit and why, and
    the expectation notes agreed (or still to agree)."""

    booking_id: int
    client: str
    phone: str
    alerts: str
    stylist_id: int
    stylist: str
    services: tuple[tuple[str, int, int], ...]  # (name, minutes, price quoted)
    start: datetime  # local
    end: datetime  # local
    status: str
    deposit_due: int
    deposit_held: int
    deposit_reason: str
    notes: tuple[NoteView, ...]
    needs_agreement: tuple[str, ...]  # consultation services still without an agreed note

    @property
    def status_label(self) -> str:
        return BookingStatus(self.status).label

    @property
    def total(self) -> int:
        return sum(price for _name, _minutes, price in self.services)

    @property
    def open_note(self) -> NoteView | None:
        """The latest note the client has not agreed to yet (the one still editable)."""
        return next((n for n in reversed(self.notes) if not n.acknowledged), None)


def booking_details(salon: Salon, booking_id: int) -> BookingDetails:
    booking = get_booking(salon, booking_id)
    tz = salon.settings().tz
    services = BookedService.select().where(BookedService.booking == booking_id).order_by(
        BookedService.position)
    return BookingDetails(
        booking_id=booking.id, client=booking.client.name, phone=booking.client.phone,
        alerts=booking.client.alerts, stylist_id=booking.stylist_id,
        stylist=booking.stylist.name,
        services=tuple((s.name, s.duration_min, s.price_quoted) for s in services),
        start=local_of(booking.start, tz), end=local_of(booking.end, tz), status=booking.status,
        deposit_due=booking.deposit_due, deposit_held=balances.deposit_held(salon, booking_id),
        deposit_reason=booking.deposit_reason,
        notes=booking_notes(salon, booking_id),
        needs_agreement=tuple(services_missing_agreement(salon, booking_id)),
    )
