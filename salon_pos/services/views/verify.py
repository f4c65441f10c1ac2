"""`verify`: the whole journal's hash chain and every ledger invariant, plus the cached
balances, closed sales and day-close seals checked against the journal, and the
database's own layout (its guards on the journal, and no trigger or view it does not make).
Reports every problem found."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.invariants import LedgerReplay
from salon_pos.domain.journal import CLIENT_CREDIT, DEPOSITS_HELD, HOUSE_OWED, ChainCheck, Kind
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries, stored_time
from salon_pos.store.models import Booking, BusinessDay, Client, JournalEntry, Sale, db
from salon_pos.store.schema import schema_differences


@dataclass(frozen=True)
class VerifyResult:
    entries: int
    problems: tuple[tuple[int, str], ...]  # (entry seq, what is wrong); seq 0: no one entry

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(salon: Salon) -> VerifyResult:
    replay = LedgerReplay()
    seals = _read_seals()
    late_entries: list[tuple[int, str]] = []
    chain = ChainCheck()
    # A day as SQLite stores it (text) and as PostgreSQL gives it (a date), to its seals.
    sealed_days = {**seals, **{stored_time(day, date): found for day, found in seals.items()}}
    count = 0
    # One pass over years of journal: the per-entry work kept to the bone.
    chain_add, replay_add, sealed_on = chain.add, replay.add, sealed_days.get
    for entry in journal_entries(salon, as_stored=True):
        count += 1
        chain_add(entry)
        replay_add(entry)
        sealed = sealed_on(entry.business_day)
        if sealed and entry.seq > sealed[0][0]:
            late_entries.append((entry.seq, f"entry {entry.seq} was added to "
                                 f"{entry.business_day} after that day was closed"))
    chain_problems = [(p.seq, p.message) for p in chain.problems]
    problems = (chain_problems + late_entries + replay.finish() + _cached_balances(replay)
                + _sales(replay) + _resolved_bookings_holding(replay) + _seals(seals)
                + _schema())
    # Problems at an entry come first, in journal order; those of no one entry after.
    return VerifyResult(count, tuple(sorted(problems, key=lambda p: (p[0] == 0, p))))


def _cached_balances(replay: LedgerReplay) -> list[tuple[int, str]]:
    problems = []
    for client in Client.select(Client.id, Client.name, Client.credit_balance,
                                Client.house_balance).iterator():
        if client.credit_balance != replay.balance(CLIENT_CREDIT, client.id):
            problems.append((0, f"client {client.id}'s credit does not match the journal"))
        if client.house_balance != replay.balance(HOUSE_OWED, client.id):
            problems.append((0, f"client {client.id}'s house account does not match the journal"))
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
    """Every closed sale's frozen total + tips + rounding is what the journal recorded."""
    problems = []
    for sale_id, total, tips, rounding in Sale.select(
            Sale.id, Sale.total, Sale.tips, Sale.rounding).where(Sale.status.in_(PAID)).tuples():
        if replay.sale_owed.get(sale_id, 0) != total + tips + rounding:
            problems.append((replay.sale_last_seq.get(sale_id, 0),
                             f"sale {sale_id} does not match its journal entries"))
    return problems


