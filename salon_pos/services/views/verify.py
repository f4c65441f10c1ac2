"""`verify`: the whole journal's hash chain and every ledger invariant, plus the cached
balances, closed sales, bookings, closed days' Z figures, day-close seals, standing data
(staff, settings, catalogue, clients' terms), retail stock and prepaid courses checked
against the journal, and the database's own layout (its guards on the journal, and no
trigger or view it does not make). Reports every problem found."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.invariants import LedgerReplay
from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    DEPOSITS_HELD,
    HOUSE_OWED,
    VOUCHERS_HELD,
    ChainCheck,
    Kind,
)
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.care_seals import seal_problems
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries, stored_time
from salon_pos.services.kernel.standing import standing_problems
from salon_pos.services.views.closed_sales import closed_sales_problems
from salon_pos.services.views.commission import closed_period_problems
from salon_pos.services.views.consultations import CONSULTATIONS
from salon_pos.services.views.courses import course_problems
from salon_pos.services.views.day_report import z_figures_differ
from salon_pos.services.views.notes import AGREEMENTS
from salon_pos.services.views.patch_tests import PATCH_TESTS, WAIVERS
from salon_pos.services.views.stock import stock_problems
from salon_pos.store.models import Booking, BusinessDay, Client, JournalEntry, Sale, Voucher, db
from salon_pos.store.schema import schema_differences


@dataclass(frozen=True)
class VerifyResult:
    entries: int
    problems: tuple[tuple[int, str], ...]  # (entry seq, what is wrong); seq 0: no one entry

    @property
    def ok(self) -> bool:
        return not self.problems


# Every kind of care record sealed into the journal.
CARE_RECORDS = (PATCH_TESTS, WAIVERS, CONSULTATIONS, AGREEMENTS)


def verify(salon: Salon, anchor: tuple[int, str] | None = None) -> VerifyResult:
    """Every check; `anchor` (seq, hash) — the seal printed on a Z report — also proves
    the journal up to that entry is the one that was printed."""
    replay = LedgerReplay()
    seals = _read_seals()
    late_entries: list[tuple[int, str]] = []
    chain = ChainCheck()
    # A day as SQLite stores it (text) and as PostgreSQL gives it (a date), to its seals.
    sealed_days = {**seals, **{stored_time(day, date): found for day, found in seals.items()}}
    count = 0
    booking_clients: dict[int, int | None] = {}  # each booking the journal names: its client
    anchored: str | None = None
    # One pass over years of journal: the per-entry work kept to the bone.
    chain_add, replay_add, sealed_on = chain.add, replay.add, sealed_days.get
    for entry in journal_entries(salon, as_stored=True):
        count += 1
        chain_add(entry)
        replay_add(entry)
        if entry.booking_id is not None:
            booking_clients[entry.booking_id] = entry.client_id
        if anchor and entry.seq == anchor[0]:
            anchored = entry.hash
        sealed = sealed_on(entry.business_day)
        if sealed and entry.seq > sealed[0][0]:
            late_entries.append((entry.seq, f"entry {entry.seq} was added to "
                                 f"{entry.business_day} after that day was closed"))
    chain_problems = [(p.seq, p.message) for p in chain.problems]
    problems = (chain_problems + late_entries + replay.finish() + _cached_balances(replay)
                + _sales(replay) + closed_sales_problems(salon) + _bookings(booking_clients)
                + _resolved_bookings_holding(replay) + _seals(seals) + _closed_days(salon)
                + standing_problems(salon) + stock_problems(salon)
                + closed_period_problems(salon) + course_problems(salon)
                + seal_problems(salon, CARE_RECORDS) + _schema()
                + _anchor(anchor, anchored))
    # Problems at an entry come first, in journal order; those of no one entry after.
    return VerifyResult(count, tuple(sorted(problems, key=lambda p: (p[0] == 0, p))))


def _anchor(anchor: tuple[int, str] | None, found: str | None) -> list[tuple[int, str]]:
    if anchor is None:
        return []
    seq, printed = anchor
    if found is None:
        return [(0, f"the anchor names entry {seq}, which is not in the journal")]
    if found != printed:
        return [(seq, f"entry {seq} is not the one the anchor was printed from: the journal "
                      "up to it was rewritten")]
    return []


def _bookings(booking_clients: dict[int, int | None]) -> list[tuple[int, str]]:
    """Each booking the journal names is still there, for the client the journal names."""
    found = dict(Booking.select(Booking.id, Booking.client).tuples().iterator())
    problems = []
    for booking, client in booking_clients.items():
        if booking not in found:
            problems.append((0, f"booking {booking} is in the journal but was deleted "
                                "outside Salon POS"))
        elif client is not None and found[booking] != client:
            problems.append((0, f"booking {booking} is for client {found[booking]} but the "
                                f"journal says client {client}"))
    return problems


def _closed_days(salon: Salon) -> list[tuple[int, str]]:
    """Each closed day's frozen Z report, worked out again from its journal entries and
    sales: a figure changed (and the seal made to match) shows here."""
    problems = []
    for closed in BusinessDay.select().where(
            BusinessDay.closed_at.is_null(False) & (BusinessDay.z_report != "")
    ).order_by(BusinessDay.day):
        differ = z_figures_differ(salon, closed.day, closed.z_report)
        if differ:
            problems.append((0, f"the Z report of {closed.day} does not match its journal "
                                f"entries ({', '.join(differ)})"))
    return problems


def _cached_balances(replay: LedgerReplay) -> list[tuple[int, str]]:
    problems = []
    for client in Client.select(Client.id, Client.name, Client.credit_balance,
                                Client.house_balance).iterator():
        if client.credit_balance != replay.balance(CLIENT_CREDIT, client.id):
            problems.append((0, f"client {client.id}'s credit does not match the journal"))
        if client.house_balance != replay.balance(HOUSE_OWED, client.id):
            problems.append((0, f"client {client.id}'s house account does not match the journal"))
    vouchers = dict(Voucher.select(Voucher.id, Voucher.balance).tuples().iterator())
    for number in sorted(set(vouchers) | set(replay.balances[VOUCHERS_HELD]), key=str):
        if vouchers.get(number) != replay.balance(VOUCHERS_HELD, number):
            problems.append((0, f"gift voucher {number}'s balance does not match the journal"
                             if number in vouchers else
                             f"gift voucher {number} is in the journal but not in the salon"))
    return problems


def _resolved_bookings_holding(replay: LedgerReplay) -> list[tuple[int, str]]:
    """A booking closed, cancelled or missed holds no deposit: it was applied, refunded,
    moved to credit or kept as a fee (the deposits-held screen reads only open ones)."""
    holding = [booking for booking, held in replay.balances[DEPOSITS_HELD].items() if held]
    resolved = Booking.select(Booking.id, Booking.status).where(
        Booking.id.in_(holding) & Booking.status.not_in(list(ACTIVE)))
    return [(0, f"booking {booking.id} is {BookingStatus(booking.status).label} but still "
                "holds a deposit") for booking in resolved]


def _read_seals() -> dict[str, list[tuple[int, str]]]:
    """The day-close seals in the journal: day → [(seq, hash of its Z report), …]."""
    seals: dict[str, list[tuple[int, str]]] = {}
    for entry in JournalEntry.select(JournalEntry.seq, JournalEntry.memo).where(
            JournalEntry.kind == Kind.DAY_CLOSED).order_by(JournalEntry.seq):
        day, _, digest = entry.memo.partition(" ")
        seals.setdefault(day, []).append((entry.seq, digest))
    return seals


def _seals(seals: dict[str, list[tuple[int, str]]]) -> list[tuple[int, str]]:
    """Each closed day has one seal, matching its Z report; each seal's day stays closed."""
    closed = {day.day.isoformat(): day for day in
              BusinessDay.select().where(BusinessDay.closed_at.is_null(False))}
    problems = [(0, f"the day close of {day} has no seal in the journal")
                for day in closed if day not in seals]
    for day, found in seals.items():
        (seq, digest), *again = found
        problems += [(later, f"the day {day} was sealed a second time") for later, _ in again]
        if day not in closed:
            problems.append((seq, f"the day {day} was sealed but is no longer marked closed"))
        elif hashlib.sha256(closed[day].z_report.encode()).hexdigest() != digest:
            problems.append((seq, f"the Z report of {day} was changed after the close"))
    return problems


def _schema() -> list[tuple[int, str]]:
    """Objects added to or removed from the database since it was opened (the journal's
    guards among them): it is checked at every start, but a running salon can be changed
    behind its back."""
    return [(0, f"the database: {problem}") for problem in schema_differences(db.obj)]


def _sales(replay: LedgerReplay) -> list[tuple[int, str]]:
    """Every closed sale's frozen total + tips + rounding is what the journal recorded, and
    every sale the journal names is still closed."""
    problems = []
    closed = set()
    for sale_id, total, tips, rounding in Sale.select(
            Sale.id, Sale.total, Sale.tips, Sale.rounding).where(Sale.status.in_(PAID)).tuples():
        closed.add(sale_id)
        if replay.sale_owed.get(sale_id, 0) != total + tips + rounding:
            problems.append((replay.sale_last_seq.get(sale_id, 0),
                             f"sale {sale_id} does not match its journal entries"))
    problems += [(replay.sale_last_seq[sale_id], f"sale {sale_id} is in the journal but its "
                  "closed record was deleted or reopened outside Salon POS")
                 for sale_id in replay.sale_owed if sale_id not in closed]
    return problems


