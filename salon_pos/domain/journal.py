"""The journal: one entry per movement of money, hash-chained so tampering shows.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
content (a fixed field order, UTF-8, `|`-separated, text fields escaped). Changing,
removing or reordering any entry breaks every hash after it, which `verify_chain` names.

Amounts are positive except cash rounding (signed) and the drawer count (what was counted).
Which balance an entry moves is decided here, once, by `balance_effects`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from salon_pos.domain import money_held
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY

GENESIS_HASH = "0" * 64
_sha256 = hashlib.sha256


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
    # No money: a manager's approved act on the salon as a whole (a client list imported, a
    # restore), kept in the chain with who approved it.
    APPROVED_CHANGE = "approved_change"
    # No money: the new state of a row that says who may do what or what things cost
    # (staff, settings, catalogue, a client's terms; see domain.standing).
    STANDING_DATA = "standing_data"
    # No money: a closed sale's frozen record sealed into the chain (domain.sale_record).
    SALE_SEALED = "sale_sealed"
    # A gift voucher sold (money held for its bearer, not income), its sale refunded
    # unused, and an expired balance taken into income by a manager. Each names the
    # voucher in its reference (domain.vouchers); a sold one keeps its code's digest.
    VOUCHER_SOLD = "voucher_sold"
    VOUCHER_REFUNDED = "voucher_refunded"
    VOUCHER_EXPIRED = "voucher_expired"
    # Retail stock at cost (domain.stock): the amount is the value moved (a count's is
    # signed: + found, − missing); the memo names the product and the signed quantity.
    STOCK_RECEIVED = "stock_received"
    STOCK_SOLD = "stock_sold"
    STOCK_RETURNED = "stock_returned"  # a refunded unit put back on the shelf
    STOCK_USED = "stock_used"  # back-bar: used in a service, by a stylist
    STOCK_COUNTED = "stock_counted"
    # A pay period's commission owed to one stylist, frozen when a manager closes the
    # period (amount negative when more was taken back than earned; see domain.commission).
    COMMISSION_ACCRUED = "commission_accrued"
    # A prepaid course sold (money held for its client, not income), refunded (its unused
    # sessions, pro rata, or its sale while unused) and expired sessions taken into income.
    # Each names the course in its reference (course_reference); a session used is a
    # payment by the way "course" (domain.courses says how sessions are counted).
    COURSE_SOLD = "course_sold"
    COURSE_REFUNDED = "course_refunded"
    COURSE_EXPIRED = "course_expired"
    # No money: a client's care record (a patch test, …) as now kept, sealed by a digest of
    # its state — the chain holds no personal data, yet a record changed behind the
    # program's back shows (domain.care_records). Its reference names the record.
    CARE_RECORD = "care_record"
    # No money: a manager let a service that needs a patch test start without a valid one;
    # the memo seals the reason given (kept with the booking), the entry names who and when.
    PATCH_TEST_WAIVED = "patch_test_waived"

# Entries that record no money and no trading (a salon with only these has recorded no
# money yet, and may still change its currency or time zone).
RECORDS_ONLY = frozenset({Kind.APPROVED_CHANGE, Kind.STANDING_DATA, Kind.CARE_RECORD,
                          Kind.PATCH_TEST_WAIVED})


# How each deposit movement changes what a booking holds.
DEPOSIT_HELD_SIGNS = {
    Kind.DEPOSIT_TAKEN: 1,
    Kind.DEPOSIT_APPLIED: -1,
    Kind.DEPOSIT_REFUNDED: -1,
    Kind.DEPOSIT_FORFEITED: -1,
    Kind.DEPOSIT_TO_CREDIT: -1,
}

# A deposit larger than the bill goes back with this memo (receipts say so).
DEPOSIT_EXCESS_MEMO = "deposit larger than the bill"


@dataclass(slots=True)
class Entry:
    """One journal entry as stored (the database row, as a plain record). Read-only by
    convention: a frozen dataclass costs ten times as much to build, and `verify` builds
    one per entry of years of journal. `verify` also leaves `at` and `business_day` as
    SQLite's text, which `canonical` reads the same as the datetime and date."""

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
    if "\\" in value or "|" in value:
        return value.replace("\\", "\\\\").replace("|", "\\|")
    return value


def _at(value: datetime | str) -> str:
    """The time to the second, as strftime("%Y-%m-%dT%H:%M:%S") writes it (isoformat is
    the same text, three times faster, for the naive UTC times of years 1000 on). A time
    may also come as SQLite stores it, "YYYY-MM-DD HH:MM:SS[.ffffff]"; any other text is
    taken as it is, and will not match the entry's hash."""
    if isinstance(value, str):
        if len(value) >= 19 and value[10] == " ":
            return f"{value[:10]}T{value[11:19]}"
        return value
    if value.tzinfo is None and value.year >= 1000:
        return value.replace(microsecond=0).isoformat() if value.microsecond else \
            value.isoformat()
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def _canonical_text(e: Entry) -> str:
    return fields_text(e.seq, e.at, e.business_day, e.kind, e.amount, e.method, e.booking_id,
                        e.sale_id, e.client_id, e.stylist_id, e.staff_id, e.approved_by_id,
                        e.category, e.tax_rate_bp, e.tax_amount, e.reference, e.memo)


def fields_text(seq, at, business_day, kind, amount, method, booking_id, sale_id, client_id,
                 stylist_id, staff_id, approved_by_id, category, tax_rate_bp, tax_amount,
                 reference, memo, *_hashes) -> str:
    """The canonical text of an entry's fields (in `Entry`'s order; its hashes, if given,
    are not part of it). Written out field by field, the common cases first: `verify`
    builds it for every entry of years of journal."""
    if at.__class__ is str and len(at) >= 19 and at[10] == " ":
        at = f"{at[:10]}T{at[11:19]}"  # as SQLite keeps it (see _at)
    else:
        at = _at(at)
    if "|" in method or "\\" in method:
        method = _text(method)
    if "|" in category or "\\" in category:
        category = _text(category)
    if "|" in reference or "\\" in reference:
        reference = _text(reference)
    if "|" in memo or "\\" in memo:
        memo = _text(memo)
    return (f"{seq}|{at}|{business_day}|{kind}|{amount}|{method}|"
            f"{'' if booking_id is None else booking_id}|"
            f"{'' if sale_id is None else sale_id}|"
            f"{'' if client_id is None else client_id}|"
            f"{'' if stylist_id is None else stylist_id}|"
            f"{'' if staff_id is None else staff_id}|"
            f"{'' if approved_by_id is None else approved_by_id}|"
            f"{category}|{tax_rate_bp}|{tax_amount}|{reference}|{memo}")


def canonical(entry: Entry) -> bytes:
    """The bytes an entry's hash covers: its fields, `|`-separated (text escaped)."""
    return _canonical_text(entry).encode()


def entry_hash(prev_hash: str, entry: Entry) -> str:
    """SHA-256 of the previous entry's hash (hex, so ASCII) followed by `canonical(entry)`."""
    return hashlib.sha256((prev_hash + _canonical_text(entry)).encode()).hexdigest()


def memo_digest(text: str) -> str:
    """A digest kept in an entry's memo: SHA-256 in base64, which has no long runs of
    digits to be taken for a card number."""
    digest = hashlib.sha256(text.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


class ChainCheck:
    """The chain walked one entry at a time (so `verify` reads the journal in one pass):
    every gap in numbering, wrong link and wrong hash, in `problems`.

    Each entry's hash covers its own fields and the predecessor's hash it stores, so the
    journal can be checked in parts, apart (`part=True`: a stretch that starts inside the
    journal); the seams between the parts are then checked by `join_parts`."""

    def __init__(self, *, part: bool = False) -> None:
        self.expected_seq, self.prev = 1, GENESIS_HASH
        self.part = part
        self.first: tuple[int, str] | None = None  # (seq, the hash it links to)
        self.problems: list[ChainProblem] = []

    def add(self, entry: Entry) -> None:
        seq = entry.seq
        if self.first is None:
            self.first = (seq, entry.prev_hash)
            if not self.part:
                self._link(seq, entry.prev_hash)
        else:
            self._link(seq, entry.prev_hash)
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            self.problems.append(
                ChainProblem(seq, f"entry {seq} was altered after it was written"))
        self.expected_seq, self.prev = seq + 1, entry.hash

    def add_row(self, row: tuple) -> None:
        """`add` for an entry as read: a row of its fields, in `Entry`'s order (no record
        made for years of entries)."""
        seq, prev_hash, stored = row[0], row[17], row[18]
        if self.first is None:
            self.first = (seq, prev_hash)
            if not self.part:
                self._link(seq, prev_hash)
        elif seq != self.expected_seq or prev_hash != self.prev:
            self._link(seq, prev_hash)
        if _sha256((prev_hash + fields_text(*row)).encode()).hexdigest() != stored:
            self.problems.append(
                ChainProblem(seq, f"entry {seq} was altered after it was written"))
        self.expected_seq, self.prev = seq + 1, stored

    def _link(self, seq: int, prev_hash: str) -> None:
        if seq != self.expected_seq:
            self.problems.append(
                ChainProblem(seq, f"entry {self.expected_seq} is missing (found {seq})"))
        if prev_hash != self.prev:
            self.problems.append(
                ChainProblem(seq, f"entry {seq} does not link to the entry before"))

    @property
    def last(self) -> tuple[int, str] | None:
        """(seq, hash) of the last entry seen."""
        return None if self.first is None else (self.expected_seq - 1, self.prev)


def join_parts(parts: Iterable[tuple[tuple[int, str] | None, tuple[int, str] | None]]
               ) -> list[ChainProblem]:
    """The seams of a journal checked in consecutive parts (`ChainCheck(part=True)`), given
    each part's `first` and `last` in journal order: each part's first entry must follow
    the last entry before it (the first part's, the start of the chain)."""
    seam = ChainCheck()
    for first, last in parts:
        if first is not None and last is not None:  # an empty part: the next one follows
            seam._link(*first)  # what came before it
            seam.expected_seq, seam.prev = last[0] + 1, last[1]
    return seam.problems


def verify_chain(entries: Iterable[Entry]) -> list[ChainProblem]:
    """Every break in the chain: a gap in numbering, a wrong link or a wrong hash."""
    check = ChainCheck()
    for entry in entries:
        check.add(entry)
    return check.problems


# --- balances -----------------------------------------------------------------------------

_VOUCHER, _COURSE = "voucher:", "course:"


def voucher_reference(voucher_id: int) -> str:
    """How an entry names the gift voucher it moves (by number: never its code)."""
    return f"{_VOUCHER}{voucher_id}"


def course_reference(course_id: int) -> str:
    """How an entry names the prepaid course it moves."""
    return f"{_COURSE}{course_id}"


def voucher_of(reference: str) -> int | str:
    """The voucher number a reference names (the text itself when it names none: a
    hand-made entry shows up under its own key)."""
    return _named(_VOUCHER, reference)


def course_of(reference: str) -> int | str:
    """The course number a reference names (the text itself when it names none)."""
    return _named(_COURSE, reference)


def _named(prefix: str, reference: str) -> int | str:
    number = reference[len(prefix):] if reference.startswith(prefix) else ""
    return int(number) if number.isascii() and number.isdigit() else reference


# A single-purpose gift voucher's tax is taken when it is sold, and the voucher carries it
# until it pays for its service (or its sale is refunded, or it expires): the sign of each
# entry naming a voucher on the tax it carries.
_TAX_CARRIED_SIGNS = {Kind.VOUCHER_SOLD: 1, Kind.REFUND_PAID: 1, Kind.PAYMENT: -1,
                      Kind.VOUCHER_REFUNDED: -1, Kind.VOUCHER_EXPIRED: -1}


def tax_carried_change(entry: Entry) -> int:
    """How `entry` changes the tax a single-purpose voucher carries (0 for any entry that
    moves no such tax)."""
    return tax_carried(entry.kind, entry.tax_amount, entry.reference)


def tax_carried(kind: str, tax_amount: int, reference: str) -> int:
    """`tax_carried_change` of an entry of this kind, tax and reference."""
    if not tax_amount or not reference.startswith(_VOUCHER):
        return 0
    return _TAX_CARRIED_SIGNS.get(kind, 0) * tax_amount


def held_record(method: str, reference: str) -> tuple[str, int | str] | None:
    """What a payment by `method` draws on when that is kept per record — ("voucher", 3)
    or ("course", 2), as its reference names it; None for any other payment."""
    way = WAYS_TO_PAY.get(method)
    kept = way.draws_on.kept_per if way and way.draws_on else ""
    if kept == "voucher":
        return kept, voucher_of(reference)
    if kept == "course":
        return kept, course_of(reference)
    return None


# The balances an entry moves: the kinds of money held for clients (see money_held), by
# their codes, and the drawer.
DEPOSITS_HELD = money_held.DEPOSITS_HELD.code  # per booking, liability of the salon
CLIENT_CREDIT = money_held.CLIENT_CREDIT.code  # per client, owed by the salon
HOUSE_OWED = money_held.HOUSE_ACCOUNTS.code  # per client, owed to the salon
VOUCHERS_HELD = money_held.GIFT_VOUCHERS.code  # per voucher, owed by the salon to its bearer
COURSES_HELD = money_held.PREPAID_COURSES.code  # per course, owed by the salon to its client
DRAWER = "drawer"  # per business day, cash in the drawer


def _tender_side(method: str, business_day, client_id, reference: str, sign: int) -> list:
    """Money received (+) or paid out (-) in a tender, seen from the balance it moves: the
    drawer for cash, the money held a way draws on (the client's, or the voucher's its
    reference names); none for a card (the terminal settles it) or a way no longer
    registered."""
    way = WAYS_TO_PAY.get(method)
    if way is None:
        return []
    if way.counts_as_cash:
        return [(DRAWER, business_day, sign)]
    held = way.draws_on
    if held is None:
        return []
    kept = held.kept_per
    key = (voucher_of(reference) if kept == "voucher" else course_of(reference)
           if kept == "course" else client_id)
    return [(held.code, key, -sign if held.owed_by_salon else sign)]


def balance_effects(entry: Entry) -> list[tuple[str, object, int]]:
    """(balance, key, signed amount) for every balance this entry moves."""
    move = _MOVES.get(entry.kind)
    return move(entry.amount, entry.method, entry.booking_id, entry.client_id,
                entry.business_day, entry.reference) if move else []


def moves(kind: str, amount: int, method: str, booking_id: int | None,
          client_id: int | None, business_day, reference: str) -> list[tuple[str, object, int]]:
    """`balance_effects` of an entry with these fields."""
    move = _MOVES.get(kind)
    return move(amount, method, booking_id, client_id, business_day, reference) if move else []


# Kind → its moves, given the entry's amount, way, booking, client, day and reference (only
# the entry's own kind is worked out: `verify` does this for every entry of years of
# journal).
_MOVES = {
    Kind.DEPOSIT_TAKEN: lambda a, m, b, c, d, r: [(DEPOSITS_HELD, b, a),
                                                  *_tender_side(m, d, c, r, a)],
    Kind.DEPOSIT_APPLIED: lambda a, m, b, c, d, r: [(DEPOSITS_HELD, b, -a)],
    Kind.DEPOSIT_REFUNDED: lambda a, m, b, c, d, r: [(DEPOSITS_HELD, b, -a),
                                                     *_tender_side(m, d, c, r, -a)],
    Kind.DEPOSIT_FORFEITED: lambda a, m, b, c, d, r: [(DEPOSITS_HELD, b, -a)],
    Kind.DEPOSIT_TO_CREDIT: lambda a, m, b, c, d, r: [(DEPOSITS_HELD, b, -a),
                                                      (CLIENT_CREDIT, c, a)],
    Kind.FEE_REFUNDED: lambda a, m, b, c, d, r: _tender_side(m, d, c, r, -a),
    Kind.PAYMENT: lambda a, m, b, c, d, r: _tender_side(m, d, c, r, a),
    Kind.CHANGE_GIVEN: lambda a, m, b, c, d, r: [(DRAWER, d, -a)],
    Kind.REFUND_PAID: lambda a, m, b, c, d, r: _tender_side(m, d, c, r, -a),
    Kind.HOUSE_PAYMENT: lambda a, m, b, c, d, r: [(HOUSE_OWED, c, -a),
                                                  *_tender_side(m, d, c, r, a)],
    Kind.DRAWER_FLOAT: lambda a, m, b, c, d, r: [(DRAWER, d, a)],
    Kind.PAID_IN: lambda a, m, b, c, d, r: [(DRAWER, d, a)],
    Kind.PAID_OUT: lambda a, m, b, c, d, r: [(DRAWER, d, -a)],
    Kind.VOUCHER_SOLD: lambda a, m, b, c, d, r: [(VOUCHERS_HELD, voucher_of(r), a)],
    Kind.VOUCHER_REFUNDED: lambda a, m, b, c, d, r: [(VOUCHERS_HELD, voucher_of(r), -a)],
    Kind.VOUCHER_EXPIRED: lambda a, m, b, c, d, r: [(VOUCHERS_HELD, voucher_of(r), -a)],
    Kind.COURSE_SOLD: lambda a, m, b, c, d, r: [(COURSES_HELD, course_of(r), a)],
    Kind.COURSE_REFUNDED: lambda a, m, b, c, d, r: [(COURSES_HELD, course_of(r), -a)],
    Kind.COURSE_EXPIRED: lambda a, m, b, c, d, r: [(COURSES_HELD, course_of(r), -a)],
}
# The kinds that move any balance.
MOVING_KINDS = frozenset(_MOVES)
