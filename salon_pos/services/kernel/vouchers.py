"""Finding a gift voucher by the code typed or scanned, and what it holds, as the journal
says: the row's digest, value and last day must be those its sale recorded, and its
balance is summed from the journal's entries that name it — a voucher edited by hand
cannot be spent."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import peewee as pw

from salon_pos.domain.errors import DomainError, NotFound
from salon_pos.domain.journal import (
    VOUCHERS_HELD,
    Kind,
    balance_effects,
    tax_carried_change,
    voucher_of,
    voucher_reference,
)
from salon_pos.domain.money_held import GIFT_VOUCHERS
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.vouchers import code_digest, read_code
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import entry_from_row
from salon_pos.store.models import JournalEntry, Sale, SaleLine, SaleTender, Voucher

# The ways to pay that spend a gift voucher (the one the payment's reference names).
VOUCHER_WAYS = [way.code for way in WAYS_TO_PAY.values() if way.draws_on is GIFT_VOUCHERS]


class VoucherNotVouched(DomainError):
    """A voucher whose row no longer matches the journal."""


def find_voucher(salon: Salon, typed_code: str) -> Voucher:
    """The voucher with this code (as typed or scanned), or a refusal."""
    voucher = Voucher.get_or_none(Voucher.code_digest == code_digest(read_code(typed_code)))
    if voucher is None:
        raise NotFound("No voucher has that code: check it, or look at the receipt of the "
                       "sale that sold it.")
    return voucher


def get_voucher(salon: Salon, number: int) -> Voucher:
    voucher = Voucher.get_or_none(Voucher.id == number)
    if voucher is None:
        raise NotFound(f"There is no voucher number {number}.")
    return voucher


class VoucherHolding(NamedTuple):
    balance: int
    tax_rate_bp: int  # a single-purpose voucher's: the rate its sale took
    tax: int  # the tax its sale took that it still carries (0 for a multi-purpose one)


def voucher_holding(salon: Salon, voucher: Voucher) -> VoucherHolding:
    """What the voucher holds, and the tax it carries, from the journal's entries that name
    it; refused when its row is not what its sale and those entries recorded."""
    rows = JournalEntry.select().where(JournalEntry.reference == voucher_reference(voucher.id))
    balance, tax, sold = 0, 0, None
    for row in rows.order_by(JournalEntry.seq):
        entry = entry_from_row(row)
        if entry.kind == Kind.VOUCHER_SOLD:
            sold = entry
        balance += sum(delta for held, _key, delta in balance_effects(entry)
                       if held == VOUCHERS_HELD)
        tax += tax_carried_change(entry)
    if (sold is None or sold.amount != voucher.amount or sold.memo != sold_memo(voucher)
            or balance != voucher.balance):
        raise VoucherNotVouched(
            f"Voucher {voucher.id} does not match the journal: it was changed outside Salon "
            "POS and cannot be used. A manager should run “salon-pos verify”.")
    return VoucherHolding(balance, sold.tax_rate_bp, tax)


def journal_balance(salon: Salon, voucher: Voucher) -> int:
    """What the voucher holds, as the journal says (see voucher_holding)."""
    return voucher_holding(salon, voucher).balance


def single_purpose(salon: Salon, references) -> dict[str, tuple[int, int]]:
    """Of the vouchers these references name, the single-purpose ones: {reference: (tax
    rate, tax)} as their sale lines took it — what a payment by one releases."""
    numbers = {voucher_of(reference) for reference in references}
    numbers = [number for number in numbers if isinstance(number, int)]
    if not numbers:
        return {}
    lines = (SaleLine.select(Voucher.id, SaleLine.tax_rate_bp, SaleLine.tax)
             .join(Voucher, on=Voucher.sale_line == SaleLine.id)
             .where(Voucher.id.in_(numbers) & SaleLine.service.is_null(False)))
    return {voucher_reference(number): (rate, tax) for number, rate, tax in lines.tuples()}


def sold_memo(voucher: Voucher) -> str:
    """What the journal's sale of a voucher keeps of it: its code's digest and last day."""
    return f"{voucher.code_digest} {voucher.expires_on}"


def is_expired(voucher: Voucher, today: date) -> bool:
    return today > voucher.expires_on


def drawn_on_open_sales(salon: Salon, voucher: Voucher, *, but: int | None = None) -> int:
    """What payments on sales not yet closed (other than `but`) draw on the voucher. The
    open sales are found by their business day, which only a closed sale has (indexed:
    a handful of open tickets among years of sales), then their payments by sale."""
    open_sales = Sale.select(Sale.id).where(Sale.business_day.is_null()
                                            & (Sale.status == SaleStatus.OPEN))
    if but is not None:
        open_sales = open_sales.where(Sale.id != but)
    return int(SaleTender.select(pw.fn.COALESCE(pw.fn.SUM(SaleTender.amount), 0)).where(
        SaleTender.sale.in_(open_sales) & SaleTender.method.in_(VOUCHER_WAYS)
        & (SaleTender.reference == voucher_reference(voucher.id))).scalar())
