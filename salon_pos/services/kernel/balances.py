"""What is held, booking by booking, client by client and day by day: a booking's deposit
(and by which ways it was paid) and the fee kept from it, a client's money (credit, what
they owe on a house account), and the cash a drawer should hold. Read in the operations'
own transactions, so they see their own writes."""

from __future__ import annotations

from datetime import date

import peewee as pw

from salon_pos.domain.deposit_pools import DepositPools
from salon_pos.domain.deposit_pools import deposit_pools as replay_pools
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, DRAWER, Entry, Kind, balance_effects
from salon_pos.domain.money_held import MoneyHeld
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import CLIENT_COLUMNS, entry_from_row
from salon_pos.store.models import Client, JournalEntry


def deposit_held(salon: Salon, booking_id: int) -> int:
    """Deposit the salon holds for a booking right now, from the journal."""
    rows = (
        JournalEntry.select(JournalEntry.kind, pw.fn.SUM(JournalEntry.amount).alias("total"))
        .where((JournalEntry.booking == booking_id)
               & JournalEntry.kind.in_(list(DEPOSIT_HELD_SIGNS)))
        .group_by(JournalEntry.kind)
        .tuples()
    )
    return sum(DEPOSIT_HELD_SIGNS[Kind(kind)] * int(total) for kind, total in rows)


def deposit_pools(salon: Salon, booking_id: int) -> DepositPools:
    """A booking's deposit money by way of payment: still held, kept as a fee, applied."""
    rows = JournalEntry.select().where(
        (JournalEntry.booking == booking_id)
        & JournalEntry.kind.in_([*DEPOSIT_HELD_SIGNS, Kind.FEE_REFUNDED])
    ).order_by(JournalEntry.seq)
    return replay_pools(entry_from_row(row) for row in rows)


def client_money(client: Client, held: MoneyHeld) -> int:
    """A client's balance of one kind of money held for them, as their row keeps it."""
    return getattr(client, CLIENT_COLUMNS[held.code].name)


def fee_totals(salon: Salon, booking_id: int) -> tuple[int, int]:
    """The no-show or late-cancellation fee kept for a booking, and the tax in it, less
    what was already given back."""
    amount = tax = 0
    for entry in JournalEntry.select(JournalEntry.kind, JournalEntry.amount,
                                     JournalEntry.tax_amount).where(
        (JournalEntry.booking == booking_id)
        & JournalEntry.kind.in_([Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED])
    ):
        sign = 1 if entry.kind == Kind.DEPOSIT_FORFEITED else -1
        amount += sign * entry.amount
        tax += sign * entry.tax_amount
    return amount, tax


def fee_kept(salon: Salon, booking_id: int) -> int:
    return fee_totals(salon, booking_id)[0]


def fee_tax_rate(salon: Salon, booking_id: int) -> int:
    """The tax rate the kept fee was recorded with (0 when fees carry no tax)."""
    entry = JournalEntry.select(JournalEntry.tax_rate_bp).where(
        (JournalEntry.booking == booking_id) & (JournalEntry.kind == Kind.DEPOSIT_FORFEITED)
    ).order_by(JournalEntry.seq.desc()).first()
    return entry.tax_rate_bp if entry else 0


def drawer_opened(salon: Salon, day: date) -> bool:
    """Whether the drawer of a business day was opened with its float."""
    return JournalEntry.select().where(
        (JournalEntry.business_day == day) & (JournalEntry.kind == Kind.DRAWER_FLOAT)
    ).exists()


def expected_cash(salon: Salon, day: date) -> int:
    """Float + cash in − cash out for a business day, from the journal."""
    rows = (
        JournalEntry.select(JournalEntry.kind, JournalEntry.method,
                            pw.fn.SUM(JournalEntry.amount).alias("amount"))
        .where(JournalEntry.business_day == day)
        .group_by(JournalEntry.kind, JournalEntry.method)
        .tuples()
    )
    total = 0
    for kind, method, amount in rows:
        entry = Entry(seq=0, at=None, business_day=day, kind=kind, amount=int(amount),
                      method=method)
        total += sum(delta for balance, _key, delta in balance_effects(entry) if balance == DRAWER)
    return total
