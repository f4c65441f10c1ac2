"""The day book: one business day's bookings per working stylist, as plain rows for the
screen — in a handful of queries, however many bookings the day holds — and one booking in
detail for the side panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import peewee as pw

from salon_pos.domain.booking_status import BookingStatus, no_show_from
from salon_pos.domain.collation import name_key
from salon_pos.domain.deposit_outcome import DepositOutcome, deposit_outcome
from salon_pos.domain.localtime import day_bounds_utc, local_of, to_utc_naive
from salon_pos.domain.patch_tests import PatchState, Standing, describe
from salon_pos.domain.phases import Phases, processing_spans
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.access import Role
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking
from salon_pos.services.views.consultations import booking_consultations, booking_forms
from salon_pos.services.views.notes import NoteView, booking_notes, services_missing_agreement
from salon_pos.services.views.patch_tests import patch_states, services_needing_test
from salon_pos.store.models import (
    BookedService,
    Booking,
    Client,
    ExpectationNote,
    JournalEntry,
    Sale,
    Service,
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
    deposit_due: int  # asked for when booked
    deposit: DepositOutcome  # what became of it
    notes: int
    notes_agreed: int
    patch_test: PatchState | None = None  # where the client stands, if a service needs one
    # When its colour or perm processes and the stylist is free (local), domain.phases.
    processing: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def status_label(self) -> str:
        return BookingStatus(self.status).label

    @property
    def deposit_held(self) -> int:
        return self.deposit.held

    @property
    def warning(self) -> str:
        """What the desk must see first: a patch-test reaction, then the client's alerts."""
        reaction = "Patch test REACTION" if self.patch_standing is Standing.REACTION else ""
        return " · ".join(text for text in (reaction, self.alerts) if text)

    @property
    def patch_standing(self) -> Standing | None:
        return self.patch_test.standing if self.patch_test else None


@dataclass(frozen=True)
class DayBook:
    day: date
    stylists: tuple[tuple[int, str, str], ...]  # (id, name, colour)
    entries: tuple[DayBookEntry, ...]
    tz: ZoneInfo  # the salon's, as the day was read


def day_book(salon: Salon, day: date) -> DayBook:
    settings = salon.settings()
    tz = settings.tz
    start, end = (to_utc_naive(t) for t in day_bounds_utc(day, tz))
    on_the_day = ((Booking.start >= start) & (Booking.start < end)
                  & (Booking.status != BookingStatus.CANCELLED))
    # Only the columns shown, as tuples: a model per booking was half the time.
    rows = list(Booking.select(
        Booking.id, Booking.stylist, Booking.client, Booking.start, Booking.end,
        Booking.status, Booking.deposit_due, Client.name, Client.alerts).join(Client)
        .where(on_the_day).order_by(Booking.start).namedtuples())
    # The day's bookings asked for again by SQLite, not as hundreds of ids in each query
    # (peewee building those parameters took longer than SQLite answering).
    ids = Booking.select(Booking.id).where(on_the_day)
    services, needing_test, phases = _services(ids)
    movements = deposit_movements(salon, ids)
    notes = _notes(ids)
    patch = patch_states(salon, settings, [(row.id, row.client, row.start) for row in rows
                                    if row.id in needing_test])
    stylists = sorted(Staff.select().where(
        Staff.active & Staff.role.in_([Role.STYLIST, Role.MANAGER])),
        key=lambda member: name_key(member.name))
    booked_stylists = {row.stylist for row in rows}
    return DayBook(
        day=day,
        stylists=tuple((s.id, s.name, s.colour) for s in stylists
                       if s.role == Role.STYLIST or s.id in booked_stylists),
        entries=tuple(DayBookEntry(
            booking_id=row.id, stylist_id=row.stylist, client=row.name, alerts=row.alerts,
            services=", ".join(services.get(row.id, [])), start=local_of(row.start, tz),
            end=local_of(row.end, tz), status=row.status, deposit_due=row.deposit_due,
            deposit=deposit_outcome(row.status, row.deposit_due, movements.get(row.id, ())),
            notes=notes.get(row.id, (0, 0))[0],
            notes_agreed=notes.get(row.id, (0, 0))[1],
            patch_test=patch.get(row.id),
            processing=tuple((local_of(begin, tz), local_of(end, tz)) for begin, end in
                             processing_spans(row.start, phases.get(row.id, ()))),
        ) for row in rows),
        tz=tz,
    )


def _services(ids) -> tuple[dict[int, list[str]], set[int], dict[int, list[Phases]]]:
    """Each booking's services by name, the bookings with one that needs a patch test, and
    each booking's services' phases (`ids`: a query of booking ids)."""
    found: dict[int, list[str]] = {}
    needing_test = set()
    phases: dict[int, list[Phases]] = {}
    for booking, name, needs_test, minutes, processing, finish in BookedService.select(
            BookedService.booking, BookedService.name, Service.needs_patch_test,
            BookedService.duration_min, BookedService.processing_min,
            BookedService.finish_min).join(Service).where(
            BookedService.booking.in_(ids)).order_by(BookedService.position).tuples():
        found.setdefault(booking, []).append(name)
        phases.setdefault(booking, []).append(Phases(minutes, processing, finish))
        if needs_test:
            needing_test.add(booking)
    return found, needing_test, phases


def deposit_movements(salon: Salon, ids) -> dict[int, list[tuple[str, str, int]]]:
    """Each booking's journal entries summed by kind and way: what its deposit became
    (`ids`: a list, or a query of booking ids)."""
    # By booking only (the few sale entries of a booking come along, and are passed
    # over): a filter on kind as well would tempt SQLite into the kind index, through
    # years of deposits.
    query = (JournalEntry.select(JournalEntry.booking, JournalEntry.kind, JournalEntry.method,
                                 pw.fn.SUM(JournalEntry.amount))
             .where(JournalEntry.booking.in_(ids))
             .group_by(JournalEntry.booking, JournalEntry.kind, JournalEntry.method).tuples())
    found: dict[int, list[tuple[str, str, int]]] = {}
    for booking, kind, method, amount in query:
        found.setdefault(booking, []).append((kind, method, int(amount)))
    return found


def _notes(ids) -> dict[int, tuple[int, int]]:
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
    client_id: int
    client: str
    phone: str
    alerts: str
    stylist_id: int
    stylist: str
    services: tuple[tuple[str, int, int], ...]  # (name, minutes, price quoted)
    start: datetime  # local
    end: datetime  # local
    status: str
    deposit_due: int  # asked for when booked
    deposit: DepositOutcome  # what became of it
    deposit_reason: str
    notes: tuple[NoteView, ...]
    needs_agreement: tuple[str, ...]  # consultation services still without an agreed note
    # Kinds of service whose consultation form this booking calls for, and of those, the
    # ones the client has answered and signed for it.
    consultation_forms: tuple[str, ...]
    consulted: dict[str, bool]  # kind of service → signed
    patch_test: str  # where the client stands on the day, if a service needs a test ("")
    patch_test_standing: Standing | None
    no_show_from: datetime  # local: the start and the grace after it
    no_show_possible: bool  # that time has come
    sale_id: int | None  # the paid sale, once there is one
    series_id: int | None = None  # the repeat series it belongs to

    @property
    def status_label(self) -> str:
        return BookingStatus(self.status).label

    @property
    def deposit_held(self) -> int:
        return self.deposit.held

    @property
    def total(self) -> int:
        return sum(price for _name, _minutes, price in self.services)

    @property
    def warning(self) -> str:
        """What the desk must see first: a patch-test reaction, then the client's alerts."""
        reaction = self.patch_test if self.patch_test_standing is Standing.REACTION else ""
        return "\n⚠ ".join(text for text in (reaction, self.alerts) if text)

    @property
    def open_note(self) -> NoteView | None:
        """The latest note the client has not agreed to yet (the one still editable)."""
        return next((n for n in reversed(self.notes) if not n.acknowledged), None)


def booking_details(salon: Salon, booking_id: int) -> BookingDetails:
    booking = get_booking(salon, booking_id)
    settings = salon.settings()
    tz = settings.tz
    services = BookedService.select().where(BookedService.booking == booking_id).order_by(
        BookedService.position)
    no_show = no_show_from(booking.start, settings.no_show_grace_minutes)
    sale = Sale.select(Sale.id).where(
        (Sale.booking == booking_id) & Sale.status.in_(list(PAID))).first()
    patch = patch_states(salon, settings, [(booking.id, booking.client_id, _patch_moment(
        salon, booking))] if services_needing_test(salon, booking_id) else []).get(booking.id)
    return BookingDetails(
        booking_id=booking.id, client_id=booking.client_id, client=booking.client.name,
        phone=booking.client.phone,
        alerts=booking.client.alerts, stylist_id=booking.stylist_id,
        stylist=booking.stylist.name,
        services=tuple((s.name, s.duration_min, s.price_quoted) for s in services),
        start=local_of(booking.start, tz), end=local_of(booking.end, tz), status=booking.status,
        deposit_due=booking.deposit_due,
        deposit=deposit_outcome(booking.status, booking.deposit_due,
                                deposit_movements(salon, [booking_id]).get(booking_id, ())),
        deposit_reason=booking.deposit_reason,
        notes=booking_notes(salon, booking_id),
        needs_agreement=tuple(services_missing_agreement(salon, booking_id)),
        consultation_forms=tuple(category for category, _questions in
                                 booking_forms(salon, booking_id)),
        consulted=booking_consultations(salon, booking_id),
        patch_test=describe(patch, tz) if patch else "",
        patch_test_standing=patch.standing if patch else None,
        no_show_from=local_of(no_show, tz), no_show_possible=salon.now_stored() >= no_show,
        sale_id=sale.id if sale else None, series_id=booking.series_id,
    )


def _patch_moment(salon: Salon, booking: Booking) -> datetime:
    """When the patch test is asked for: at the start when booked, now once the client is
    here (the guard at the chair asks then)."""
    if booking.started_at is not None:
        return booking.started_at
    return booking.start if booking.status == BookingStatus.BOOKED else salon.now_stored()
