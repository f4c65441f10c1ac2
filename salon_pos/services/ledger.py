"""Writing to the journal: the only place entries are made.

`post` appends one entry to the hash chain inside the caller's transaction, stamps it with
the business day (today, or the next open day once today is closed), and keeps the cached
client balances in step. Reads of derived balances live here too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import peewee as pw

from salon_pos.domain.deposit_pools import DepositPools
from salon_pos.domain.deposit_pools import deposit_pools as replay_pools
from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    DEPOSIT_HELD_SIGNS,
    GENESIS_HASH,
    HOUSE_OWED,
    Entry,
    Kind,
    balance_effects,
    entry_hash,
)
from salon_pos.services.context import Salon
from salon_pos.store.models import BusinessDay, Client, JournalEntry


def is_closed(day: date) -> bool:
    closed = BusinessDay.closed_at.is_null(False)
    return BusinessDay.select().where((BusinessDay.day == day) & closed).exists()


def ensure_day_open(day: date) -> None:
    if is_closed(day):
        raise DomainError(f"The business day {day:%d %b %Y} has already been closed.")


def business_day(salon: Salon) -> date:
    """The day money recorded now belongs to: today, or — once the manager has closed
    today — the next day not closed yet (a closed day stays exactly as it was closed)."""
    day = salon.today()
    closed = {
        row.day for row in BusinessDay.select(BusinessDay.day).where(
            (BusinessDay.day >= day) & BusinessDay.closed_at.is_null(False))
    }
    while day in closed:
        day += timedelta(days=1)
    return day


def post(salon: Salon, kind: Kind, amount: int, **extra) -> Entry:
    """Append one entry to the journal (call inside `salon.writing()`)."""
    day = business_day(salon)
    last = JournalEntry.select(JournalEntry.seq, JournalEntry.hash).order_by(
        JournalEntry.seq.desc()
    ).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS_HASH)
    entry = Entry(
        seq=seq,
        at=salon.now_stored(),
        business_day=day,
        kind=str(kind),
        amount=amount,
        prev_hash=prev,
        **extra,
    )
    entry = replace(entry, hash=entry_hash(prev, entry))
    JournalEntry.insert(**entry_columns(entry)).execute()
    _update_cached_balances(entry)
    return entry


def record_approval(salon: Salon, approved_by: int, what: str, changes: dict | None = None
                    ) -> Entry:
    """Keep a manager's approved change in the journal: who approved it and what it was
    (call inside `salon.writing()`, after the change). `changes` are the new values."""
    if changes:
        what += ": " + ", ".join(f"{name} {_shown(value)}" for name, value in changes.items())
    return post(salon, Kind.APPROVED_CHANGE, 0, staff_id=approved_by,
                approved_by_id=approved_by, memo=what)


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"“{value}”" if isinstance(value, str) else str(value)


def entry_columns(entry: Entry) -> dict:
    """The journal_entry row of an entry (the bulk builder in benchmarks/ writes these too)."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "business_day": entry.business_day,
        "kind": entry.kind,
        "amount": entry.amount,
        "method": entry.method,
        "booking": entry.booking_id,
        "sale": entry.sale_id,
        "client": entry.client_id,
        "stylist": entry.stylist_id,
        "staff": entry.staff_id,
        "approved_by": entry.approved_by_id,
        "category": entry.category,
        "tax_rate_bp": entry.tax_rate_bp,
        "tax_amount": entry.tax_amount,
        "reference": entry.reference,
        "memo": entry.memo,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def entry_from_row(row: JournalEntry) -> Entry:
    return Entry(
        seq=row.seq,
        at=row.at,
        business_day=row.business_day,
        kind=row.kind,
        amount=row.amount,
        method=row.method,
        booking_id=row.booking,
        sale_id=row.sale,
        client_id=row.client,
        stylist_id=row.stylist,
        staff_id=row.staff,
        approved_by_id=row.approved_by,
        category=row.category,
        tax_rate_bp=row.tax_rate_bp,
        tax_amount=row.tax_amount,
        reference=row.reference,
        memo=row.memo,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


_CACHED = {CLIENT_CREDIT: Client.credit_balance, HOUSE_OWED: Client.house_balance}


def _update_cached_balances(entry: Entry) -> None:
    for balance, key, delta in balance_effects(entry):
        column = _CACHED.get(balance)
        if column is not None:
            Client.update({column: column + delta}).where(Client.id == key).execute()


def deposit_held(booking_id: int) -> int:
    """Deposit the salon holds for a booking right now, from the journal."""
    rows = (
        JournalEntry.select(JournalEntry.kind, pw.fn.SUM(JournalEntry.amount).alias("total"))
        .where((JournalEntry.booking == booking_id)
               & JournalEntry.kind.in_(list(DEPOSIT_HELD_SIGNS)))
        .group_by(JournalEntry.kind)
        .tuples()
    )
    return sum(DEPOSIT_HELD_SIGNS[Kind(kind)] * int(total) for kind, total in rows)


def deposit_taken_method(booking_id: int) -> str:
    """How the deposit was last paid (the default way a fee goes back)."""
    row = (
        JournalEntry.select(JournalEntry.method)
        .where((JournalEntry.booking == booking_id) & (JournalEntry.kind == Kind.DEPOSIT_TAKEN))
        .order_by(JournalEntry.seq.desc())
        .first()
    )
    return row.method if row else ""


def deposit_pools(booking_id: int) -> DepositPools:
    """A booking's deposit money by way of payment: still held, kept as a fee, applied."""
    rows = JournalEntry.select().where(
        (JournalEntry.booking == booking_id)
        & JournalEntry.kind.in_([*DEPOSIT_HELD_SIGNS, Kind.FEE_REFUNDED])
    ).order_by(JournalEntry.seq)
    return replay_pools(entry_from_row(row) for row in rows)
