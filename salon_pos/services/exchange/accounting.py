"""The books for an accountant: the journal of a range of business days as a beancount
ledger, or as CSV (one row per posting), in double entry on a chart of accounts.

Each journal entry maps to postings here (`POSTINGS`); a sale's entries (income, tax, tips,
deposit applied, tenders, rounding, change) make one balanced transaction, so do a refund's.
Amounts stay integers until written, with the currency's own number of decimals.

The cash drawer is per business day in the app (each day opens with a float), so the
export lifts the drawer into Assets:Cash:Safe when its day is over (closed, or a later day
has begun): the cash counted if the count was the last thing that day, else the cash
expected, the difference going to Expenses:Cash-Over-Short. Floats and cash paid in come
from the safe. An export that does not start at the journal's first day carries the
balance-sheet accounts' balances at its start in one opening transaction, so its balance
sheet at the end is the app's.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TextIO

import peewee as pw

from salon_pos.domain.errors import DomainError, InvalidInput
from salon_pos.domain.journal import Entry, Kind, tax_carried_change
from salon_pos.domain.money_held import (
    CLIENT_CREDIT,
    DEPOSITS_HELD,
    GIFT_VOUCHERS,
    HOUSE_ACCOUNTS,
    MONEY_HELD,
    PREPAID_COURSES,
)
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.stock import read_memo
from salon_pos.domain.ways_to_pay import CASH, WAYS_TO_PAY, label_of
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries
from salon_pos.services.views.courses import courses_value_held
from salon_pos.services.views.day_report import deposits_held_total
from salon_pos.services.views.stock import stock_value
from salon_pos.store.models import Client, JournalEntry, Product, Sale, Staff, Voucher

# Where money taken each way lands, and the money held for clients, come from their
# registries (domain/ways_to_pay.py, domain/money_held.py); these are the salon's own.
DRAWER = CASH.books_account
SAFE = "Assets:Cash:Safe"
HOUSE = HOUSE_ACCOUNTS.account
HELD = DEPOSITS_HELD.account
CREDIT = CLIENT_CREDIT.account
VOUCHERS = GIFT_VOUCHERS.account
COURSES = PREPAID_COURSES.account
TAX = "Liabilities:Tax-Payable"
TIPS = "Liabilities:Tips-Payable"
OPENING = "Equity:Opening-Balances"
SERVICES = "Income:Services"
RETAIL = "Income:Retail"
NO_SHOW_FEES = "Income:No-Show-Fees"
LATE_CANCEL_FEES = "Income:Late-Cancel-Fees"
ROUNDING = "Income:Cash-Rounding"
EXPIRED_VOUCHERS = "Income:Expired-Vouchers"
# The tax single-purpose vouchers' sales took, carried until each pays for its service:
# the liability to the bearer is the voucher's whole value, tax included.
VOUCHER_TAX = "Assets:Tax-Prepaid-On-Vouchers"
EXPIRED_COURSES = "Income:Expired-Courses"
PAID_OUT = "Expenses:Paid-Out"
COMMISSION = "Expenses:Commission"
COMMISSION_PAYABLE = "Liabilities:Commission-Payable"  # paid out by payroll, not the till
OVER_SHORT = "Expenses:Cash-Over-Short"
STOCK = "Assets:Stock"
SUPPLIERS = "Liabilities:Suppliers-Payable"  # the accountant settles the suppliers
COST_OF_SALES = "Expenses:Cost-Of-Goods-Sold"
BACK_BAR = "Expenses:Back-Bar-Products"
SHRINKAGE = "Expenses:Stock-Shrinkage"  # a count's gain is a credit here

CATEGORIES = {"service": SERVICES, "retail": RETAIL}

Postings = list[tuple[str, int]]


@dataclass
class Transaction:
    id: str
    day: date
    narration: str
    postings: list[tuple[str, int, int | None]]  # account, amount, journal seq
    payee: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)  # the journal entries behind it


# --- account names -------------------------------------------------------------------------

_NOT_DECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                                 "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                 "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"})


def account_part(text: str) -> str:
    """A name as one account component beancount (and other ledger tools) accept: ASCII
    letters, digits and hyphens, starting with a capital or a digit ("" when nothing is
    left, as of a name in another script)."""
    plain = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    plain = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain
                    if not unicodedata.combining(ch))
    words = plain.split()
    return "-".join(words)[:1].upper() + "-".join(words)[1:] if words else ""


def chart() -> tuple[str, ...]:
    """The accounts opened at the start of every export: the drawer and the safe, every
    way to pay's and every kind of money held's account, then income and expenses (tax
    rates and stylists' tips open as they are first used)."""
    return tuple(dict.fromkeys((
        DRAWER, SAFE, *(way.books_account for way in WAYS_TO_PAY.values()),
        *(held.account for held in MONEY_HELD.values()), VOUCHER_TAX, OPENING, SERVICES,
        RETAIL, NO_SHOW_FEES, LATE_CANCEL_FEES, ROUNDING, EXPIRED_VOUCHERS, PAID_OUT,
        OVER_SHORT, STOCK, SUPPLIERS, COST_OF_SALES, BACK_BAR, SHRINKAGE, COMMISSION,
        EXPIRED_COURSES)))


def tax_account(rate_bp: int) -> str:
    return f"{TAX}:{rate_label(rate_bp).replace('.', '-').replace('%', 'pct')}"


def tips_accounts(salon: Salon) -> dict[int, str]:
    """Each member of staff's tips account, by name; an id where names are alike or none."""
    return staff_accounts(salon, TIPS)


def staff_accounts(salon: Salon, parent: str) -> dict[int, str]:
    """Each member of staff's account under `parent`, by name; an id where names are alike
    or none."""
    names = {member.id: account_part(member.name) for member in Staff.select(Staff.id,
                                                                             Staff.name)}
    taken = defaultdict(int)
    for part in names.values():
        taken[part] += 1
    return {staff_id: f"{parent}:{part if part and taken[part] == 1 else f'{part}-{staff_id}'}"
            if part else f"{parent}:Staff-{staff_id}" for staff_id, part in names.items()}


# --- the journal as postings ---------------------------------------------------------------

class Books:
    """Walks the journal, entry by entry, into balanced transactions, keeping every
    account's balance (so an export can start with them)."""

    def __init__(self, salon: Salon, first: date, last: date):
        self.first, self.last, self.money = first, last, salon.settings().money
        self.balances: dict[str, int] = defaultdict(int)
        self.tips = tips_accounts(salon)
        self.commission = staff_accounts(salon, COMMISSION_PAYABLE)
        self.no_shows: set[int] = set()  # bookings whose kept fee was a no-show's
        # business day → [cash the journal expects, cash counted (None: not since), count seq]
        self.drawer: dict[date, list] = {}
        self.later_entries = False  # entries after the range: today's balances are not its

    def book(self, transaction: Transaction) -> Transaction:
        total = 0
        for account, amount, _seq in transaction.postings:
            self.balances[account] += amount
            total += amount
        if total:
            seqs = transaction.meta.get("journal-seq", transaction.id)
            raise DomainError(f"The journal entries {seqs} do not balance (off by {total}): "
                              "run Verify before exporting the books.")
        return transaction

    def tender(self, entry: Entry) -> str:
        way = WAYS_TO_PAY.get(entry.method)
        if way is None:
            raise DomainError(f"Journal entry {entry.seq} was paid by “{entry.method}”, a way "
                              "of payment the accounting export does not know.")
        return way.books_account

    def fee_account(self, entry: Entry) -> str:
        return NO_SHOW_FEES if entry.booking_id in self.no_shows else LATE_CANCEL_FEES

    def postings(self, entry: Entry) -> Postings:
        move = POSTINGS.get(entry.kind)
        if move is None:
            if entry.kind in NO_MONEY:
                return []
            raise DomainError(f"Journal entry {entry.seq} is of a kind ({entry.kind}) the "
                              "accounting export does not know.")
        if entry.kind == Kind.DEPOSIT_FORFEITED and entry.memo == "no-show":
            self.no_shows.add(entry.booking_id)
        return move(self, entry, entry.amount) + _tax_carried(entry)

    def transactions(self, entries: Iterable[Entry], *, pre_range: bool = False
                     ) -> Iterator[Transaction]:
        """The transactions of the entries in the range (or before it), in journal order,
        with the drawer lifted when its day is over."""
        group: list[Entry] = []
        for entry in entries:
            day = entry.business_day
            if group and (day != group[0].business_day or _group(entry) != _group(group[0])):
                yield from self.booked(group)
                group = []
            yield from self.lift_drawers(before=day)
            self.later_entries |= day > self.last
            if not (day < self.first if pre_range else self.first <= day <= self.last):
                continue
            if entry.kind == Kind.DAY_CLOSED:
                yield from self.lift_drawers(closed=_sealed_day(entry))
            elif entry.kind == Kind.DRAWER_COUNT:
                self.drawer.setdefault(day, [0, None, None])[1:] = [entry.amount, entry.seq]
            elif entry.kind not in NO_MONEY:
                group.append(entry)
        if group:
            yield from self.booked(group)
        if pre_range:  # the app's drawer is a day's: none is open before the range starts
            yield from self.lift_drawers(before=self.first)

    def booked(self, group: list[Entry]) -> Iterator[Transaction]:
        """The group's transaction, booked; none when nothing is worth anything (stock of
        a product that has no cost yet moves units, not money)."""
        transaction = self.journal_transaction(group)
        if transaction.postings:
            yield self.book(transaction)

    def journal_transaction(self, group: list[Entry]) -> Transaction:
        postings = []
        for entry in group:
            for account, amount in self.postings(entry):
                if account == DRAWER:
                    day = self.drawer.setdefault(entry.business_day, [0, None, None])
                    day[0] += amount
                    day[1] = None  # a count before this no longer says what is there
                if amount:
                    postings.append((account, amount, entry.seq))
        first, last = group[0].seq, group[-1].seq
        seqs = str(first) if first == last else f"{first}..{last}"
        return Transaction(f"J{first}", group[0].business_day, "", postings,
                           meta={"journal-seq": seqs}, entries=group)

    def lift_drawers(self, *, before: date | None = None, closed: date | None = None
                     ) -> Iterator[Transaction]:
        over = [day for day in self.drawer if day == closed or (before and day < before)]
        for day in sorted(over):
            expected, counted, count_seq = self.drawer.pop(day)
            lifted = expected if counted is None else counted
            postings = [(DRAWER, -expected, None), (SAFE, lifted, count_seq),
                        (OVER_SHORT, expected - lifted, count_seq)]
            postings = [posting for posting in postings if posting[1]]
            if postings:
                yield self.book(Transaction(
                    f"drawer-{day}", day, self.lifted(expected, counted), postings,
                    meta={"journal-seq": str(count_seq)} if count_seq else {}))

    def lifted(self, expected: int, counted: int | None) -> str:
        said = "Cash lifted from the drawer at the end of the day"
        if counted is None or counted == expected:
            return said
        return f"{said} (counted {self.money(counted)}, expected {self.money(expected)})"

    def opening(self) -> Transaction | None:
        """The balance-sheet accounts as they stand at the start of the range."""
        postings = [(account, amount, None) for account, amount in sorted(self.balances.items())
                    if amount and account.startswith(("Assets:", "Liabilities:"))]
        if not postings:
            return None
        postings.append((OPENING, -sum(amount for _a, amount, _s in postings), None))
        return Transaction("opening", self.first,
                           f"Opening balances at the start of {self.first:%d %B %Y}", postings)


def _group(entry: Entry) -> tuple:
    """Entries of one sale (or of one refund, or one deposit going back in parts) make one
    transaction; any other entry is one of its own."""
    if entry.kind in _SALE_KINDS and entry.sale_id is not None:
        return ("sale", entry.sale_id)
    if entry.kind in _REFUND_KINDS:
        return ("refund", entry.sale_id)
    if entry.kind in (Kind.DEPOSIT_REFUNDED, Kind.FEE_REFUNDED):
        return (entry.kind, entry.booking_id)
    return ("entry", entry.seq)


def _sealed_day(entry: Entry) -> date | None:
    try:
        return date.fromisoformat(entry.memo.partition(" ")[0])
    except ValueError:
        return None


_SALE_KINDS = {Kind.SALE_INCOME, Kind.VOUCHER_SOLD, Kind.COURSE_SOLD, Kind.TIP,
               Kind.DEPOSIT_APPLIED, Kind.PAYMENT, Kind.CASH_ROUNDING, Kind.CHANGE_GIVEN}
_REFUND_KINDS = {Kind.REFUND_INCOME, Kind.VOUCHER_REFUNDED, Kind.COURSE_REFUNDED,
                 Kind.REFUND_PAID}


def _income(books: Books, e: Entry, sign: int) -> Postings:
    """Tax-included income: the net to its category, the tax to its rate (sign -1: earned)."""
    account = CATEGORIES.get(e.category) or f"Income:Sales:{account_part(e.category) or 'Other'}"
    return [(account, sign * (e.amount - e.tax_amount)), (tax_account(e.tax_rate_bp),
                                                          sign * e.tax_amount)]


def _tax_carried(e: Entry) -> Postings:
    """A single-purpose voucher's tax: owed when it is sold (and carried as prepaid), no
    longer owed again when it pays for its service (nor when its sale is refunded); an
    expired one's is no part of the income it leaves."""
    change = tax_carried_change(e)
    if not change:
        return []
    other = EXPIRED_VOUCHERS if e.kind == Kind.VOUCHER_EXPIRED else tax_account(e.tax_rate_bp)
    return [(VOUCHER_TAX, change), (other, -change)]


def _fee(books: Books, e: Entry, sign: int) -> Postings:
    return [(books.fee_account(e), sign * (e.amount - e.tax_amount)),
            (tax_account(e.tax_rate_bp), sign * e.tax_amount)]


# Kind → postings (account, signed amount: debit +, credit −), given the books and the
# entry's amount. Each kind's postings balance, except a sale's and a refund's, which balance
# together.
POSTINGS: dict[Kind, Callable[[Books, Entry, int], Postings]] = {
    Kind.DEPOSIT_TAKEN: lambda b, e, a: [(b.tender(e), a), (HELD, -a)],
    Kind.DEPOSIT_APPLIED: lambda b, e, a: [(HELD, a)],
    Kind.DEPOSIT_REFUNDED: lambda b, e, a: [(HELD, a), (b.tender(e), -a)],
    Kind.DEPOSIT_FORFEITED: lambda b, e, a: [(HELD, a), *_fee(b, e, -1)],
    Kind.DEPOSIT_TO_CREDIT: lambda b, e, a: [(HELD, a), (CREDIT, -a)],
    Kind.FEE_REFUNDED: lambda b, e, a: [*_fee(b, e, 1), (b.tender(e), -a)],
    Kind.SALE_INCOME: lambda b, e, a: _income(b, e, -1),
    Kind.TIP: lambda b, e, a: [(b.tips.get(e.stylist_id, f"{TIPS}:Staff-{e.stylist_id}"), -a)],
    Kind.PAYMENT: lambda b, e, a: [(b.tender(e), a)],
    Kind.CHANGE_GIVEN: lambda b, e, a: [(DRAWER, -a)],
    Kind.CASH_ROUNDING: lambda b, e, a: [(ROUNDING, -a)],
    Kind.REFUND_INCOME: lambda b, e, a: _income(b, e, 1),
    Kind.REFUND_PAID: lambda b, e, a: [(b.tender(e), -a)],
    Kind.HOUSE_PAYMENT: lambda b, e, a: [(b.tender(e), a), (HOUSE, -a)],
    Kind.DRAWER_FLOAT: lambda b, e, a: [(DRAWER, a), (SAFE, -a)],
    Kind.PAID_IN: lambda b, e, a: [(DRAWER, a), (SAFE, -a)],
    Kind.PAID_OUT: lambda b, e, a: [(DRAWER, -a), (PAID_OUT, a)],
    Kind.VOUCHER_SOLD: lambda b, e, a: [(VOUCHERS, -a)],
    Kind.VOUCHER_REFUNDED: lambda b, e, a: [(VOUCHERS, a)],
    Kind.VOUCHER_EXPIRED: lambda b, e, a: [(VOUCHERS, a), (EXPIRED_VOUCHERS, -a)],
    Kind.COURSE_SOLD: lambda b, e, a: [(COURSES, -a)],
    Kind.COURSE_REFUNDED: lambda b, e, a: [(COURSES, a)],
    Kind.COURSE_EXPIRED: lambda b, e, a: [(COURSES, a), (EXPIRED_COURSES, -a)],
    # Stock at cost, each entry balanced on its own (a sale's stand beside its sale).
    Kind.STOCK_RECEIVED: lambda b, e, a: [(STOCK, a), (SUPPLIERS, -a)],
    Kind.STOCK_SOLD: lambda b, e, a: [(COST_OF_SALES, a), (STOCK, -a)],
    Kind.STOCK_RETURNED: lambda b, e, a: [(STOCK, a), (COST_OF_SALES, -a)],
    Kind.STOCK_USED: lambda b, e, a: [(BACK_BAR, a), (STOCK, -a)],
    Kind.STOCK_COUNTED: lambda b, e, a: [(STOCK, a), (SHRINKAGE, -a)],
    Kind.COMMISSION_ACCRUED: lambda b, e, a: [
        (COMMISSION, a), (b.commission.get(e.stylist_id, f"{COMMISSION_PAYABLE}:Staff-"
                                                           f"{e.stylist_id}"), -a)],
}
# No money moves: a manager's approved act, standing data, a sale's or a day's seal, a
# count (its difference is booked when the drawer is lifted at the end of the day), a
# care record's seal.
NO_MONEY = frozenset({Kind.APPROVED_CHANGE, Kind.STANDING_DATA, Kind.SALE_SEALED,
                      Kind.DAY_CLOSED, Kind.DRAWER_COUNT, Kind.CARE_RECORD,
                      Kind.PATCH_TEST_WAIVED})


# --- narration -----------------------------------------------------------------------------

_SAID = {
    Kind.DEPOSIT_TAKEN: "Deposit taken for booking {booking}",
    Kind.DEPOSIT_REFUNDED: "Deposit of booking {booking} given back",
    Kind.DEPOSIT_TO_CREDIT: "Deposit of booking {booking} moved to client credit",
    Kind.HOUSE_PAYMENT: "House account payment",
    Kind.DRAWER_FLOAT: "Drawer opened with its float",
    Kind.PAID_IN: "Cash paid into the drawer",
    Kind.PAID_OUT: "Cash paid out of the drawer",
    Kind.VOUCHER_EXPIRED: "Expired gift voucher's balance taken into income",
    Kind.COURSE_EXPIRED: "Expired prepaid course's sessions taken into income",
    Kind.STOCK_RECEIVED: "Stock received",
    Kind.STOCK_SOLD: "Stock sold, at cost",
    Kind.STOCK_RETURNED: "Stock put back on the shelf by a refund, at cost",
    Kind.STOCK_USED: "Stock used in services (back-bar)",
    Kind.STOCK_COUNTED: "Stock count difference",
    Kind.COMMISSION_ACCRUED: "Commission owed for the pay period",
}
_DRAWER_KINDS = (Kind.DRAWER_FLOAT, Kind.PAID_IN, Kind.PAID_OUT)
_STOCK_KINDS = (Kind.STOCK_RECEIVED, Kind.STOCK_SOLD, Kind.STOCK_RETURNED, Kind.STOCK_USED,
                Kind.STOCK_COUNTED)


class Narrator:
    """Who and what each transaction is about, in words (client names, sale, receipt and
    booking numbers), read once rather than per transaction."""

    def __init__(self, first: date, last: date):
        self.clients = dict(Client.select(Client.id, Client.name).tuples())
        self.products = dict(Product.select(Product.id, Product.name).tuples())
        self.sales = {sale: (receipt, booking) for sale, receipt, booking in Sale.select(
            Sale.id, Sale.receipt_no, Sale.booking).where(
            Sale.business_day.between(first, last)).tuples()}

    def sale(self, sale_id: int) -> tuple[int | None, int | None]:
        if sale_id not in self.sales:  # a refund of a sale from before the range
            row = Sale.select(Sale.receipt_no, Sale.booking).where(Sale.id == sale_id).tuples()
            self.sales[sale_id] = row.first() or (None, None)
        return self.sales[sale_id]

    def tell(self, transaction: Transaction, books: Books) -> Transaction:
        entries = transaction.entries
        if not entries:
            return transaction
        entry = entries[0]
        transaction.payee = self.clients.get(entry.client_id, "")
        meta = transaction.meta
        if entry.kind in _STOCK_KINDS:
            transaction.narration = self.stock_moved(entry)
            return transaction
        if entry.sale_id is not None:
            receipt, booking = self.sale(entry.sale_id)
            meta.update(sale=entry.sale_id, receipt=receipt, booking=booking)
            what = "Refund on sale" if entry.kind in _REFUND_KINDS else "Sale"
            text = f"{what} {entry.sale_id}" + (f", receipt {receipt}" if receipt else "")
            text += f", booking {booking}" if booking else ""
        else:
            meta.update(booking=entry.booking_id)
            text = self.said(entry, books).format(booking=entry.booking_id)
            if entry.method and entry.kind not in _DRAWER_KINDS:
                ways = dict.fromkeys(label_of(e.method).lower() for e in entries)
                text += f" ({', '.join(ways)})"
        memo = "" if entry.kind == Kind.DEPOSIT_FORFEITED else entries[-1].memo  # said already
        transaction.narration = f"{text}: {memo}" if memo else text
        transaction.meta = {k: v for k, v in meta.items() if v is not None}
        return transaction

    def stock_moved(self, entry: Entry) -> str:
        """"Stock sold, at cost: 2 × Argan shampoo (sale 14)"; a supplier named."""
        said = read_memo(entry.memo) or {}
        product = self.products.get(said.get("product"), entry.reference)
        text = f"{_SAID[entry.kind]}: {abs(said.get('quantity', 0))} × {product}"
        if said.get("supplier"):
            text += f" from {said['supplier']}"
        return text + (f" (sale {entry.sale_id})" if entry.sale_id else "")

    @staticmethod
    def said(entry: Entry, books: Books) -> str:
        if entry.kind in (Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED):
            fee = "No-show" if books.fee_account(entry) == NO_SHOW_FEES else "Late-cancellation"
            kept = "kept from the deposit of" if entry.kind == Kind.DEPOSIT_FORFEITED else \
                "given back for"
            return f"{fee} fee {kept} booking {{booking}}"
        return _SAID.get(entry.kind, entry.kind.replace("_", " ").capitalize())


# --- the export ----------------------------------------------------------------------------

Progress = Callable[[int, int], None] | None


@dataclass
class ExportSummary:
    first: date
    last: date
    currency: str
    transactions: int
    postings: int
    balances: dict[str, int]  # balance-sheet accounts at the end of the range
    later_entries: bool  # the journal goes on after the range


def journal_days(salon: Salon) -> tuple[date, date] | None:
    """The first and last business days in the journal (None when it is empty)."""
    first = JournalEntry.select(JournalEntry.business_day).order_by(JournalEntry.seq).first()
    last = JournalEntry.select(JournalEntry.business_day).order_by(
        JournalEntry.seq.desc()).first()
    return (first.business_day, last.business_day) if first else None


def book_transactions(salon: Salon, first: date, last: date, progress: Progress = None
                      ) -> tuple[Books, Iterator[Transaction]]:
    """The books of the range: the opening transaction, then the range's, streamed from the
    journal in two passes (the first sums what came before the range)."""
    if first > last:
        raise InvalidInput("The first day of the export is after its last day.")
    books = Books(salon, first, last)
    narrator = Narrator(first, last)
    total = 2 * JournalEntry.select().count()
    counted = _counting(progress, total)

    def stream() -> Iterator[Transaction]:
        for _ in books.transactions(counted(journal_entries(salon)), pre_range=True):
            pass
        opening = books.opening()
        if opening:
            yield opening
        for transaction in books.transactions(counted(journal_entries(salon))):
            yield narrator.tell(transaction, books)
        if progress:
            progress(total, total)

    return books, stream()


def _counting(progress: Progress, total: int):
    done = 0

    def counted(entries: Iterator[Entry]) -> Iterator[Entry]:
        nonlocal done
        for entry in entries:
            done += 1
            if progress and done % 2000 == 0:
                progress(done, total)
            yield entry

    return counted


def _summary(salon: Salon, books: Books, transactions: int, postings: int) -> ExportSummary:
    return ExportSummary(books.first, books.last, salon.settings().currency_code, transactions,
                         postings, {a: v for a, v in sorted(books.balances.items())
                                    if a.startswith(("Assets:", "Liabilities:"))},
                         books.later_entries)


def minor_to_decimal(amount: int, digits: int) -> str:
    """Minor units as a decimal number with the currency's digits (1250, 2 → "12.50")."""
    if not digits:
        return str(amount)
    whole, part = divmod(abs(amount), 10**digits)
    return f"{'-' if amount < 0 else ''}{whole}.{part:0{digits}d}"


def export_beancount(salon: Salon, first: date, last: date, out: TextIO, *,
                     approved_by: int, progress: Progress = None) -> ExportSummary:
    """Write the range's books as a beancount ledger; `progress(done, total)` as it goes.
    The books are a manager's to hand out."""
    require_manager(salon, approved_by)
    settings = salon.settings()
    code, digits = settings.currency_code, settings.currency.digits
    books, stream = book_transactions(salon, first, last, progress)
    out.write(f'option "title" "{_quoted(settings.salon_name)} — {first} to {last}"\n'
              f'option "operating_currency" "{code}"\n\n'
              f"; Exported from the salon's journal: business days {first} to {last}.\n"
              "; journal-seq is the number of the journal entry (or entries) behind each.\n\n")
    opened: set[str] = set()
    _open(out, chart(), opened, first, code)
    count = postings = 0
    for transaction in stream:
        _open(out, (a for a, _v, _s in transaction.postings), opened, first, code)
        out.write(_beancount_transaction(transaction, digits, code))
        count, postings = count + 1, postings + len(transaction.postings)
    summary = _summary(salon, books, count, postings)
    _write_checks(salon, out, summary, opened, digits)
    return summary


def _open(out: TextIO, accounts: Iterable[str], opened: set[str], day: date, code: str) -> None:
    """Accounts open at the range's start (written where first used, for the reader)."""
    new = [account for account in dict.fromkeys(accounts) if account not in opened]
    for account in new:
        opened.add(account)
        out.write(f"{day} open {account} {code}\n")
    if new:
        out.write("\n")


def _quoted(text: str) -> str:
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _beancount_transaction(t: Transaction, digits: int, code: str) -> str:
    head = f'{t.day} * "{_quoted(t.payee)}" "{_quoted(t.narration)}"' if t.payee else \
        f'{t.day} * "{_quoted(t.narration)}"'
    lines = [head]
    for key, value in t.meta.items():
        lines.append(f'  {key}: "{_quoted(value)}"' if isinstance(value, str)
                     else f"  {key}: {value}")
    for account, amount, _seq in t.postings:
        lines.append(f"  {account:<48} {minor_to_decimal(amount, digits):>14} {code}")
    return "\n".join(lines) + "\n\n"


def _write_checks(salon: Salon, out: TextIO, summary: ExportSummary, opened: set[str],
                  digits: int) -> None:
    """Balance assertions from the app's own figures, for bean-check to hold the books to:
    deposits held and the stock's value at the range's end, and — when the range reaches
    the journal's end — the clients' credit and house accounts, the gift vouchers'
    balances and the prepaid courses' values as the app keeps them."""
    held = deposits_held_total(salon, up_to=summary.last)
    checks = [(HELD, -held, "deposits held, as the day report counts them"),
              (STOCK, stock_value(salon, up_to=summary.last),
               "stock at cost, as the stock list values it")]
    if not summary.later_entries:
        credit, owed = client_balances(salon)
        checks += [(CREDIT, -credit, "client credit, as the clients' accounts hold it"),
                   (HOUSE, owed, "house accounts owed, as the clients' accounts hold them"),
                   (VOUCHERS, -vouchers_balance(salon),
                    "gift vouchers' balances, as the vouchers hold them"),
                   (COURSES, -courses_value_held(salon),
                    "prepaid courses' unused sessions, as the courses hold them")]
    day = summary.last + timedelta(days=1)
    out.write("; The app's own figures at the end of the range.\n")
    for account, amount, what in checks:
        if account in opened:
            out.write(f"; {what}\n{day} balance {account} "
                      f"{minor_to_decimal(amount, digits)} {summary.currency}\n")


def client_balances(salon: Salon) -> tuple[int, int]:
    """All clients' credit, and all they owe on house accounts, as the app keeps them now."""
    credit, owed = Client.select(pw.fn.COALESCE(pw.fn.SUM(Client.credit_balance), 0),
                                 pw.fn.COALESCE(pw.fn.SUM(Client.house_balance), 0)).tuples()[0]
    return int(credit), int(owed)


def vouchers_balance(salon: Salon) -> int:
    """What all gift vouchers hold, as the app keeps their balances now."""
    return int(Voucher.select(pw.fn.COALESCE(pw.fn.SUM(Voucher.balance), 0)).scalar())


CSV_COLUMNS = ("date", "transaction", "account", "amount_minor_units", "amount", "currency",
               "payee", "narration", "journal_seq")


def export_csv(salon: Salon, first: date, last: date, out: TextIO, *,
               approved_by: int, progress: Progress = None) -> ExportSummary:
    """Write the range's books as CSV, one row per posting (open `out` with newline="");
    a manager's to hand out."""
    require_manager(salon, approved_by)
    settings = salon.settings()
    code, digits = settings.currency_code, settings.currency.digits
    books, stream = book_transactions(salon, first, last, progress)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = postings = 0
    for t in stream:
        for account, amount, seq in t.postings:
            writer.writerow([t.day.isoformat(), t.id, account, amount,
                             minor_to_decimal(amount, digits), code, _cell(t.payee),
                             _cell(t.narration), "" if seq is None else seq])
        count, postings = count + 1, postings + len(t.postings)
    return _summary(salon, books, count, postings)


def _cell(text: str) -> str:
    """Text a spreadsheet will not take for a formula (a client named "=cmd…")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
