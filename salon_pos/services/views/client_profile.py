"""One client as the Clients page sees them: details, alerts, deposit rule, balances, the
no-show record, and their history (bookings, expectation notes, sales, account and credit
movements) — in a fixed handful of queries, however long the history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.deposit_outcome import DepositOutcome, deposit_outcome
from salon_pos.domain.journal import CLIENT_CREDIT, HOUSE_OWED, Entry, balance_effects
from salon_pos.domain.localtime import local_of
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import entry_from_row
from salon_pos.services.kernel.lookup import get_client
from salon_pos.services.views.clients import missed_in_last_year
from salon_pos.services.views.day_book import deposit_movements
from salon_pos.store.models import (
    BookedService,
    Booking,
    ExpectationNote,
    JournalEntry,
    Sale,
    SaleTender,
    Staff,
)


@dataclass(frozen=True)
class BookingHistory:
    booking_id: int
    start: datetime  # local
    services: str
    stylist: str
    status: str
    deposit: DepositOutcome  # what became of it, as the day book says it
    late_cancel: bool

    @property
    def status_label(self) -> str:
        return "cancelled late" if self.late_cancel else BookingStatus(self.status).label


@dataclass(frozen=True)
class NoteHistory:
    note_id: int
    booking_id: int
    booking_start: datetime  # local
    service: str  # the booked service it is about, or "" for the whole booking
    expected_result: str
    limits_and_risks: str
    price_min: int
    price_max: int
    written_by: str
    acknowledged_at: datetime | None  # local
    outcome: str


@dataclass(frozen=True)
class SaleHistory:
    sale_id: int
    receipt_no: int | None
    when: datetime  # local: closed, or opened while still open
    status: str
    total: int
    tips: int
    deposit_applied: int
    change: int
    tenders: tuple[tuple[str, int], ...]  # (method, amount handed over)


@dataclass(frozen=True)
class Movement:
    """One journal entry as it moved one of the client's balances."""

    seq: int
    at: datetime  # local
    kind: str
    method: str
    reference: str
    receipt_no: int | None
    change: int  # signed: + raises the balance (credit owed to them / house owed by them)
    balance: int  # the balance after this entry


@dataclass(frozen=True)
class ClientProfile:
    client_id: int
    name: str
    phone: str
    email: str
    alerts: str
    deposit_rule: str  # policy | always | never
    house_account_enabled: bool
    house_account_limit: int
    credit_balance: int
    house_balance: int
    missed_last_year: int  # no-shows + late cancels in the last 12 months (drives deposits)
    no_shows: int  # all time
    late_cancels: int  # all time
    bookings: tuple[BookingHistory, ...]  # newest first, as are all the lists below
    notes: tuple[NoteHistory, ...]
    sales: tuple[SaleHistory, ...]
    house_movements: tuple[Movement, ...]
    credit_movements: tuple[Movement, ...]
    erased_on: date | None = None  # the local day their personal data was erased

    @property
    def missed_all_time(self) -> int:
        return self.no_shows + self.late_cancels

    @property
    def has_house_account(self) -> bool:
        """Worth offering a house-account payment: open, or still owing on a closed one."""
        return self.house_account_enabled or self.house_balance != 0


def client_profile(salon: Salon, client_id: int) -> ClientProfile:
    client = get_client(salon, client_id)
    tz = salon.settings().tz
    bookings = _bookings(salon, client_id, tz)
    sales = _sales(client_id, tz)
    receipts = {sale.sale_id: sale.receipt_no for sale in sales}
    house, credit = _movements(client_id, tz, receipts)
    return ClientProfile(
        client_id=client.id, name=client.name, phone=client.phone, email=client.email,
        alerts=client.alerts, deposit_rule=client.deposit_rule,
        house_account_enabled=client.house_account_enabled,
        house_account_limit=client.house_account_limit, credit_balance=client.credit_balance,
        house_balance=client.house_balance,
        missed_last_year=missed_in_last_year(salon, client_id),
        no_shows=sum(b.status == BookingStatus.NO_SHOW for b in bookings),
        late_cancels=sum(b.late_cancel for b in bookings), bookings=bookings,
        notes=_notes(client_id, tz), sales=sales, house_movements=house,
        credit_movements=credit,
        erased_on=None if client.erased_at is None else local_of(client.erased_at, tz).date(),
    )


def _bookings(salon: Salon, client_id: int, tz) -> tuple[BookingHistory, ...]:
    rows = (Booking.select(Booking.id, Booking.start, Booking.status, Booking.deposit_due,
                           Booking.cancel_kind, Staff.name)
            .join(Staff, on=Booking.stylist == Staff.id)
            .where(Booking.client == client_id).order_by(Booking.start.desc()).namedtuples())
    services = _services(client_id)
    movements = deposit_movements(salon, _client_bookings(client_id))
    return tuple(BookingHistory(
        booking_id=row.id, start=local_of(row.start, tz),
        services=", ".join(services.get(row.id, [])), stylist=row.name, status=row.status,
        deposit=deposit_outcome(row.status, row.deposit_due, movements.get(row.id, ())),
        late_cancel=row.status == BookingStatus.CANCELLED and row.cancel_kind == "late",
    ) for row in rows)


def _client_bookings(client_id: int):
    """A subquery, not a list of ids: no limit on how many bookings a client has."""
    return Booking.select(Booking.id).where(Booking.client == client_id)


def _services(client_id: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    query = (BookedService.select(BookedService.booking, BookedService.name)
             .where(BookedService.booking.in_(_client_bookings(client_id)))
             .order_by(BookedService.booking, BookedService.position).tuples())
    for booking, name in query:
        found[booking].append(name)
    return found


def _notes(client_id: int, tz) -> tuple[NoteHistory, ...]:
    rows = (ExpectationNote.select(ExpectationNote, Booking.start, BookedService.name,
                                   Staff.name.alias("writer"))
            .join(Booking).switch(ExpectationNote)
            .join(BookedService, pw.JOIN.LEFT_OUTER).switch(ExpectationNote)
            .join(Staff, on=ExpectationNote.written_by == Staff.id)
            .where(Booking.client == client_id)
            .order_by(Booking.start.desc(), ExpectationNote.id).objects())
    return tuple(NoteHistory(
        note_id=row.id, booking_id=row.booking_id, booking_start=local_of(row.start, tz),
        service=row.name or "", expected_result=row.expected_result,
        limits_and_risks=row.limits_and_risks, price_min=row.price_min,
        price_max=row.price_max, written_by=row.writer,
        acknowledged_at=local_of(row.acknowledged_at, tz) if row.acknowledged_at else None,
        outcome=row.outcome,
    ) for row in rows)


def _sales(client_id: int, tz) -> tuple[SaleHistory, ...]:
    """The client's sales; abandoned (void) tickets are left out."""
    mine = (Sale.client == client_id) & (Sale.status != SaleStatus.VOID)
    tenders: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for sale, method, amount in (SaleTender.select(SaleTender.sale, SaleTender.method,
                                                   SaleTender.amount)
                                 .join(Sale).where(mine).order_by(SaleTender.id).tuples()):
        tenders[sale].append((method, amount))
    rows = Sale.select(Sale.id, Sale.receipt_no, Sale.closed_at, Sale.opened_at, Sale.status,
                       Sale.total, Sale.tips, Sale.deposit_applied, Sale.change).where(
        mine).order_by(pw.fn.COALESCE(Sale.closed_at, Sale.opened_at).desc(),
                       Sale.id.desc()).namedtuples()
    return tuple(SaleHistory(
        sale_id=row.id, receipt_no=row.receipt_no,
        when=local_of(row.closed_at or row.opened_at, tz), status=row.status,
        total=row.total, tips=row.tips, deposit_applied=row.deposit_applied,
        change=row.change, tenders=tuple(tenders.get(row.id, ())),
    ) for row in rows)


def _movements(client_id: int, tz, receipts: dict[int, int | None]
               ) -> tuple[tuple[Movement, ...], tuple[Movement, ...]]:
    """The journal's entries that moved the client's house account and credit, with the
    running balance after each (the balances are the sums of these entries)."""
    found: dict[str, list[Movement]] = {HOUSE_OWED: [], CLIENT_CREDIT: []}
    balances = {HOUSE_OWED: 0, CLIENT_CREDIT: 0}
    # A regular client has hundreds of entries, mostly card payments and deposits: which
    # ones move a balance shown here follows from their kind and way, and only those are
    # read whole.
    moving = [seq for seq, kind, method, reference in JournalEntry.select(
        JournalEntry.seq, JournalEntry.kind, JournalEntry.method, JournalEntry.reference
    ).where(JournalEntry.client == client_id).tuples()
        if any(balance in found for balance, _, _ in balance_effects(Entry(
            seq, None, None, kind, 0, method, client_id=client_id, reference=reference)))]
    rows = JournalEntry.select().where(JournalEntry.seq.in_(moving)).order_by(
        JournalEntry.seq).namedtuples()
    for row in rows:
        for balance, key, change in balance_effects(entry_from_row(row)):
            if balance not in found or key != client_id:
                continue
            balances[balance] += change
            found[balance].append(Movement(
                seq=row.seq, at=local_of(row.at, tz), kind=row.kind, method=row.method,
                reference=row.reference, receipt_no=receipts.get(row.sale),
                change=change, balance=balances[balance],
            ))
    return tuple(reversed(found[HOUSE_OWED])), tuple(reversed(found[CLIENT_CREDIT]))
