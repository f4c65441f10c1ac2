"""`verify`: the whole journal's hash chain and every ledger invariant, plus the cached
balances, closed sales and day-close seals checked against the journal, and the database's
own guards on the journal. Reports every problem found."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from salon_pos.domain.invariants import LedgerReplay
from salon_pos.domain.journal import CLIENT_CREDIT, HOUSE_OWED, Entry, Kind, verify_chain
from salon_pos.domain.sale_status import PAID
from salon_pos.store.database import missing_journal_guards
from salon_pos.store.models import BusinessDay, Client, JournalEntry, Sale, db

_COLUMNS = (
    JournalEntry.seq, JournalEntry.at, JournalEntry.business_day, JournalEntry.kind,
    JournalEntry.amount, JournalEntry.method, JournalEntry.booking, JournalEntry.sale,
    JournalEntry.client, JournalEntry.stylist, JournalEntry.staff, JournalEntry.approved_by,
    JournalEntry.category, JournalEntry.tax_rate_bp, JournalEntry.tax_amount,
    JournalEntry.reference, JournalEntry.memo, JournalEntry.prev_hash, JournalEntry.hash,
)


@dataclass(frozen=True)
class VerifyResult:
    entries: int
    problems: tuple[tuple[int, str], ...]  # (entry seq, what is wrong); seq 0: no one entry

    @property
    def ok(self) -> bool:
        return not self.problems


def journal_entries():
    """Every entry in order, streamed as plain records."""
    query = JournalEntry.select(*_COLUMNS).order_by(JournalEntry.seq).tuples()
    for row in query.iterator():
        yield Entry(*row)


def verify() -> VerifyResult:
    replay = LedgerReplay()
    chain_problems = []
    count = 0

    def counted():
        nonlocal count
        for entry in journal_entries():
            count += 1
            replay.add(entry)
            yield entry

    chain_problems.extend((p.seq, p.message) for p in verify_chain(counted()))
    problems = (chain_problems + replay.finish() + _cached_balances(replay) + _sales(replay)
                + _seals() + _guards())
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


def _seals() -> list[tuple[int, str]]:
    """Every closed day has its seal in the journal, carrying the hash of its Z report."""
    seals = {}
    for entry in JournalEntry.select(JournalEntry.seq, JournalEntry.memo).where(
            JournalEntry.kind == Kind.DAY_CLOSED):
        day, _, digest = entry.memo.partition(" ")
        seals[day] = (entry.seq, digest)
    problems = []
    for closed in BusinessDay.select().where(BusinessDay.closed_at.is_null(False)):
        seq, digest = seals.get(closed.day.isoformat(), (0, None))
        if digest is None:
            problems.append((0, f"the day close of {closed.day} has no seal in the journal"))
        elif hashlib.sha256(closed.z_report.encode()).hexdigest() != digest:
            problems.append((seq, f"the Z report of {closed.day} was changed after the close"))
    return problems


def _guards() -> list[tuple[int, str]]:
    return [(0, f"the journal's append-only guard “{name}” has been removed")
            for name in missing_journal_guards(db.obj)]


def _sales(replay: LedgerReplay) -> list[tuple[int, str]]:
    """Every closed sale's frozen total + tips + rounding is what the journal recorded."""
    problems = []
    for sale in Sale.select(Sale.id, Sale.total, Sale.tips, Sale.rounding).where(
        Sale.status.in_(PAID)
    ).iterator():
        owed = replay.sale_owed.get(sale.id, 0)
        if owed != sale.total + sale.tips + sale.rounding:
            problems.append((replay.sale_last_seq.get(sale.id, 0),
                             f"sale {sale.id} does not match its journal entries"))
    return problems


