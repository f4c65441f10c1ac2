"""A closed sale as the journal vouches for it.

Closing a sale posts its money (`closing_postings`: income per category and tax rate, the
gift vouchers and prepaid courses sold, tips, the deposit applied, each tender, cash
rounding, change) and then seals everything else frozen on it — each line's description,
price, quantity, discount and reasons, the receipt number, the sign-off — as a digest in a
`sale_sealed` entry (`seal_digest`).
`verify` and a receipt's reprint rebuild both from the sale's rows and compare: a closed
sale edited by hand no longer matches its journal.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from salon_pos.domain.journal import (
    Entry,
    Kind,
    course_reference,
    memo_digest,
    voucher_reference,
)
from salon_pos.domain.sale_math import income_by_category_and_rate
from salon_pos.domain.ways_to_pay import CASH

# The kinds a sale's close posts with the sale's number (refunds come later, on their own).
CLOSING_KINDS = frozenset({Kind.SALE_INCOME, Kind.VOUCHER_SOLD, Kind.COURSE_SOLD, Kind.TIP,
                           Kind.DEPOSIT_APPLIED, Kind.PAYMENT, Kind.CASH_ROUNDING,
                           Kind.CHANGE_GIVEN})
# A sale line of this category sells a gift voucher: money held for its bearer, not income.
VOUCHER_LINE = "voucher"
# A sale line of this category sells a prepaid course: money held for its client.
COURSE_LINE = "course"
MONEY_HELD_LINES = frozenset({VOUCHER_LINE, COURSE_LINE})


class Posting(NamedTuple):
    """One journal entry of a sale's close, as far as the sale's rows can tell it (a
    tuple: `verify` compares years of them)."""

    kind: str
    amount: int
    client_id: int | None
    method: str = ""
    category: str = ""
    tax_rate_bp: int = 0
    tax_amount: int = 0
    stylist_id: int | None = None
    booking_id: int | None = None
    reference: str = ""
    approved_by_id: int | None = None
    memo: str = ""

    def details(self) -> dict:
        """The entry's fields besides its kind and amount (as `post` takes them)."""
        return {name: value for name, value in self._asdict().items()
                if name not in ("kind", "amount")}


@dataclass(frozen=True)
class ClosedSale:
    """What a sale's close settled: its lines' (category, tax rate, gross, tax), the gift
    vouchers it issued (number, value, code digest, last day, and the tax rate and tax taken
    on a single-purpose one), the tips per stylist, the deposit applied from its booking, the
    tenders (method, amount, reference, approving manager), cash rounding and change; and the
    single-purpose vouchers the tenders spend, by reference, with the tax each carries."""

    client_id: int | None
    booking_id: int | None
    lines: tuple[tuple[str, int, int, int], ...]
    tips: tuple[tuple[int, int], ...]
    deposit_applied: int
    tenders: tuple[tuple[str, int, str, int | None], ...]
    rounding: int
    change: int
    vouchers: tuple[tuple[int, int, str, date | str, int, int], ...] = ()
    courses: tuple[tuple[int, int, str], ...] = ()
    single_purpose: tuple[tuple[str, int, int], ...] = ()


def closing_postings(sale: ClosedSale) -> list[Posting]:
    """The entries closing `sale` posts, in the order they are posted."""
    client = sale.client_id
    income = (line for line in sale.lines if line[0] not in MONEY_HELD_LINES)
    postings = [Posting(Kind.SALE_INCOME, gross, client, category=category, tax_rate_bp=rate,
                        tax_amount=tax)
                for category, rate, gross, tax in income_by_category_and_rate(income)]
    postings += [Posting(Kind.VOUCHER_SOLD, amount, client, tax_rate_bp=rate, tax_amount=tax,
                         reference=voucher_reference(voucher), memo=f"{digest} {expires_on}")
                 for voucher, amount, digest, expires_on, rate, tax in sale.vouchers]
    postings += [Posting(Kind.COURSE_SOLD, price, client, reference=course_reference(course),
                         memo=memo)
                 for course, price, memo in sale.courses]
    postings += [Posting(Kind.TIP, amount, client, stylist_id=stylist)
                 for stylist, amount in sale.tips]
    if sale.deposit_applied:
        postings.append(Posting(Kind.DEPOSIT_APPLIED, sale.deposit_applied, client,
                                booking_id=sale.booking_id))
    carried = {reference: (rate, tax) for reference, rate, tax in sale.single_purpose}
    postings += [Posting(Kind.PAYMENT, amount, client, method=method, reference=reference,
                         approved_by_id=approved_by,
                         **_tax_released(carried.get(reference) if reference else None))
                 for method, amount, reference, approved_by in sale.tenders]
    if sale.rounding:
        postings.append(Posting(Kind.CASH_ROUNDING, sale.rounding, client, method=CASH.code))
    if sale.change:
        postings.append(Posting(Kind.CHANGE_GIVEN, sale.change, client, method=CASH.code))
    return postings


def _tax_released(carried: tuple[int, int] | None) -> dict:
    """A payment by a single-purpose voucher releases the tax its sale took (it pays its
    service whole: the sale taxes that service again, and this entry takes it back off)."""
    return {} if carried is None else {"tax_rate_bp": carried[0], "tax_amount": carried[1]}


def posting_of(entry: Entry) -> Posting:
    """What an entry of a sale's close says, in the form `closing_postings` gives."""
    return Posting(entry.kind, entry.amount, entry.client_id, entry.method, entry.category,
                   entry.tax_rate_bp, entry.tax_amount, entry.stylist_id, entry.booking_id,
                   entry.reference, entry.approved_by_id, entry.memo)


def postings_differ(expected: Iterable[Posting], found: Iterable[Posting]) -> list[str]:
    """The kinds of entry on which the rows and the journal disagree (in any order: two
    tenders of one way may come either way round)."""
    expected, found = Counter(expected), Counter(found)
    if expected == found:
        return []
    return sorted({posting.kind for posting in (expected - found) + (found - expected)})


def seal_digest(record: dict) -> str:
    """The digest sealed into the chain of a closed sale's frozen record (its rows, as
    plain values)."""
    return memo_digest(json.dumps(record, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False, default=str))
