"""The journal: one entry per movement of money, hash-chained so tampering shows.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
content (a fixed field order, UTF-8, `|`-separated, text fields escaped). Changing,
removing or reordering any entry breaks every hash after it, which `verify_chain` names.

Amounts are positive except cash rounding (signed) and the drawer count (what was counted).
Which balance an entry moves is decided here, once, by `balance_effects`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

GENESIS_HASH = "0" * 64


class Kind(StrEnum):
    DEPOSIT_TAKEN = "deposit_taken"
    DEPOSIT_APPLIED = "deposit_applied"
    DEPOSIT_REFUNDED = "deposit_refunded"
    DEPOSIT_FORFEITED = "deposit_forfeited"
    DEPOSIT_TO_CREDIT = "deposit_to_credit"
    FEE_REFUNDED = "fee_refunded"  # a forfeited fee given back (manager waives it)
    SALE_INCOME = "sale_income"  # per sale, category and tax rate; tax included
    TIP = "tip"
    PAYMENT = "payment"
    CHANGE_GIVEN = "change_given"
    CASH_ROUNDING = "cash_rounding"
    REFUND_INCOME = "refund_income"  # income given back, per category and tax rate
    REFUND_PAID = "refund_paid"
    HOUSE_PAYMENT = "house_payment"
    DRAWER_FLOAT = "drawer_float"
    PAID_IN = "paid_in"
    PAID_OUT = "paid_out"
    DRAWER_COUNT = "drawer_count"
    DAY_CLOSED = "day_closed"
    # No money: a manager's approved change to how the salon runs (settings, catalogue,
    # staff, a client's terms) or a restore, kept in the chain with who approved it.
    APPROVED_CHANGE = "approved_change"


# How each deposit movement changes what a booking holds.
DEPOSIT_HELD_SIGNS = {
    Kind.DEPOSIT_TAKEN: 1,
    Kind.DEPOSIT_APPLIED: -1,
    Kind.DEPOSIT_REFUNDED: -1,
    Kind.DEPOSIT_FORFEITED: -1,
    Kind.DEPOSIT_TO_CREDIT: -1,
}

# Money handed over in these tenders lands in (or leaves) these balances.
CASH = "cash"
CREDIT = "credit"
HOUSE = "house_account"


@dataclass(frozen=True)
class Entry:
    """One journal entry as stored (the database row, as a plain record)."""

    seq: int
    at: datetime  # UTC
    business_day: date
    kind: str
    amount: int
    method: str = ""
    booking_id: int | None = None
    sale_id: int | None = None
    client_id: int | None = None
    stylist_id: int | None = None
    staff_id: int | None = None
    approved_by_id: int | None = None
    category: str = ""
    tax_rate_bp: int = 0
    tax_amount: int = 0
    reference: str = ""
    memo: str = ""
    prev_hash: str = GENESIS_HASH
    hash: str = ""


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def _opt(value: int | None) -> str:
    return "" if value is None else str(value)


def canonical(entry: Entry) -> bytes:
    fields = (
        str(entry.seq),
        entry.at.strftime("%Y-%m-%dT%H:%M:%S"),
        entry.business_day.isoformat(),
        entry.kind,
        str(entry.amount),
        _text(entry.method),
        _opt(entry.booking_id),
        _opt(entry.sale_id),
        _opt(entry.client_id),
        _opt(entry.stylist_id),
        _opt(entry.staff_id),
        _opt(entry.approved_by_id),
        _text(entry.category),
        str(entry.tax_rate_bp),
        str(entry.tax_amount),
        _text(entry.reference),
        _text(entry.memo),
    )
    return "|".join(fields).encode("utf-8")


def entry_hash(prev_hash: str, entry: Entry) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(entry)).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


def verify_chain(entries: Iterable[Entry]) -> Iterator[ChainProblem]:
    """Yield every break in the chain: a gap in numbering, a wrong link or a wrong hash."""
    expected_seq, prev = 1, GENESIS_HASH
    for entry in entries:
        if entry.seq != expected_seq:
            yield ChainProblem(entry.seq, f"entry {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != prev:
            yield ChainProblem(entry.seq, f"entry {entry.seq} does not link to the entry before")
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            yield ChainProblem(entry.seq, f"entry {entry.seq} was altered after it was written")
        expected_seq, prev = entry.seq + 1, entry.hash


# --- balances -----------------------------------------------------------------------------

DEPOSITS_HELD = "deposits_held"  # per booking, liability of the salon
CLIENT_CREDIT = "client_credit"  # per client, owed by the salon
HOUSE_OWED = "house_owed"  # per client, owed to the salon
DRAWER = "drawer"  # per business day, cash in the drawer


def _tender_side(method: str, client_id: int | None, day: date, sign: int):
    """Money received (+) or paid out (-) in a tender, seen from the balance it moves."""
    if method == CASH:
        return [(DRAWER, day, sign)]
    if method == CREDIT:
        return [(CLIENT_CREDIT, client_id, -sign)]
    if method == HOUSE:
        return [(HOUSE_OWED, client_id, sign)]
    return []  # card: settled by the terminal, outside these balances


def balance_effects(entry: Entry) -> list[tuple[str, object, int]]:
    """(balance, key, signed amount) for every balance this entry moves."""
    k, a, day = entry.kind, entry.amount, entry.business_day
    booking, client = entry.booking_id, entry.client_id
    moves = {
        Kind.DEPOSIT_TAKEN: [(DEPOSITS_HELD, booking, a)]
        + _tender_side(entry.method, client, day, a),
        Kind.DEPOSIT_APPLIED: [(DEPOSITS_HELD, booking, -a)],
        Kind.DEPOSIT_REFUNDED: [(DEPOSITS_HELD, booking, -a)]
        + _tender_side(entry.method, client, day, -a),
        Kind.DEPOSIT_FORFEITED: [(DEPOSITS_HELD, booking, -a)],
        Kind.DEPOSIT_TO_CREDIT: [(DEPOSITS_HELD, booking, -a), (CLIENT_CREDIT, client, a)],
        Kind.FEE_REFUNDED: _tender_side(entry.method, client, day, -a),
        Kind.PAYMENT: _tender_side(entry.method, client, day, a),
        Kind.CHANGE_GIVEN: [(DRAWER, day, -a)],
        Kind.REFUND_PAID: _tender_side(entry.method, client, day, -a),
        Kind.HOUSE_PAYMENT: [(HOUSE_OWED, client, -a)] + _tender_side(entry.method, client, day, a),
        Kind.DRAWER_FLOAT: [(DRAWER, day, a)],
        Kind.PAID_IN: [(DRAWER, day, a)],
        Kind.PAID_OUT: [(DRAWER, day, -a)],
    }
    return moves.get(k, [])
