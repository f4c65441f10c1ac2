"""A closed sale as its receipt shows it: a plain record for `documents.receipt`."""

from __future__ import annotations

from salon_pos.documents.records import Payment, Receipt, ReceiptLine, SalonHeader, TaxRow
from salon_pos.domain.errors import InvalidInput, NotFound
from salon_pos.domain.journal import (
    DEPOSIT_EXCESS_MEMO,
    HOUSE_OWED,
    Kind,
    balance_effects,
    held_record,
)
from salon_pos.domain.localtime import local_of
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.sale_record import CLOSING_KINDS
from salon_pos.domain.sale_status import PAID
from salon_pos.domain.settings import SalonSettings, policy_text
from salon_pos.domain.ways_to_pay import label_of, takes_reference
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import entry_from_row
from salon_pos.services.kernel.lookup import get_sale
from salon_pos.services.views.closed_sales import check_closed_sale
from salon_pos.services.views.sale import active_lines
from salon_pos.store.models import (
    JournalEntry,
    Sale,
    SaleRefund,
    SaleRefundLine,
    SaleTip,
    Staff,
)


def salon_header(settings: SalonSettings) -> SalonHeader:
    return SalonHeader(
        name=settings.salon_name, address=settings.salon_address, phone=settings.salon_phone,
        email=settings.salon_email, tax_number=settings.tax_number,
        footer=settings.receipt_footer, policy=policy_text(settings), logo=settings.logo_file,
    )


def sale_of_receipt(salon: Salon, receipt_no: int) -> int:
    """The sale behind the number printed on a receipt."""
    sale = Sale.get_or_none(Sale.receipt_no == receipt_no)
    if sale is None:
        raise NotFound(f"There is no receipt number {receipt_no}.")
    return sale.id


def receipt_of_sale(salon: Salon, sale_id: int) -> Receipt:
    """Everything from what was frozen when the sale closed, so a reprint years later shows
    exactly what the client paid, whatever the settings are now."""
    sale = get_sale(salon, sale_id)
    if sale.status not in PAID:
        raise InvalidInput("A receipt is printed once the sale is paid.")
    check_closed_sale(salon, sale_id)  # printed only from figures the journal vouches for
    settings = salon.settings()
    included = settings.prices_include_tax if sale.prices_include_tax is None else (
        sale.prices_include_tax)
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    lines = active_lines(salon, sale_id)
    entries = [entry_from_row(row) for row in JournalEntry.select().where(
        (JournalEntry.sale == sale_id) & (JournalEntry.seq <= _closing_seq(sale_id))
    ).order_by(JournalEntry.seq)]
    return Receipt(
        header=salon_header(settings), title="Receipt", number=f"{sale.receipt_no:06d}",
        issued_at=f"{local_of(sale.closed_at, settings.tz):%d %b %Y %H:%M}",
        client=sale.client.name if sale.client else "",
        stylists=tuple(dict.fromkeys(names[line.stylist_id] for line in lines
                                     if line.stylist_id)),
        lines=tuple(_line(line, names, included) for line in lines),
        total=sale.total, tax=sale.tax, taxes=_taxes((line.tax_rate_bp, line.gross, line.tax)
                                                     for line in lines),
        prices_include_tax=included,
        tips=tuple((names[t.stylist_id], t.amount)
                   for t in SaleTip.select().where(SaleTip.sale == sale_id).order_by(SaleTip.id)),
        payments=tuple(_payments(entries)),
        cash_rounding=sum(e.amount for e in entries if e.kind == Kind.CASH_ROUNDING),
        change=sum(e.amount for e in entries if e.kind == Kind.CHANGE_GIVEN),
        house_balance_after=_house_balance_after(sale, entries),
        notes=_deposit_left_over(sale, settings), money=settings.money,
    )


def _taxes(parts) -> tuple[TaxRow, ...]:
    """Tax per rate from (rate, gross, tax) of each line or refunded part."""
    per_rate: dict[int, list[int]] = {}
    for rate, gross, tax in parts:
        bucket = per_rate.setdefault(rate, [0, 0])
        bucket[0] += gross
        bucket[1] += tax
    return tuple(TaxRow(rate_label(rate), gross - tax, tax, gross)
                 for rate, (gross, tax) in sorted(per_rate.items()))


def _deposit_left_over(sale, settings) -> tuple[str, ...]:
    """Where a deposit larger than the bill went, said on the receipt."""
    if sale.booking_id is None:
        return ()
    notes = []
    for entry in JournalEntry.select().where(
            (JournalEntry.booking == sale.booking_id)
            & (JournalEntry.memo == DEPOSIT_EXCESS_MEMO)).order_by(JournalEntry.seq):
        where = ("kept as credit for your next visit" if entry.kind == Kind.DEPOSIT_TO_CREDIT
                 else f"refunded by {label_of(entry.method).lower()}")
        notes.append(f"The rest of your deposit, {settings.money(entry.amount)}, was {where}.")
    return tuple(notes)


def _closing_seq(sale_id: int) -> int:
    """The last entry written when the sale closed (refunds come later)."""
    return max(e.seq for e in JournalEntry.select(JournalEntry.seq).where(
        (JournalEntry.sale == sale_id) & JournalEntry.kind.in_(list(CLOSING_KINDS))))


def _line(line, names, included: bool) -> ReceiptLine:
    changed = line.quoted_price is not None and line.unit_price != line.quoted_price
    return ReceiptLine(
        description=line.description, quantity=line.quantity, unit_price=line.unit_price,
        amount=line.gross if included else line.gross - line.tax,
        stylist=names.get(line.stylist_id, ""), discount=line.discount,
        discount_reason=line.discount_reason,
        price_note=line.change_reason if changed else "", tax_label=rate_label(line.tax_rate_bp),
    )


def _payments(entries) -> list[Payment]:
    payments = [Payment("Deposit applied", e.amount) for e in entries
                if e.kind == Kind.DEPOSIT_APPLIED]
    payments += [_payment(e) for e in entries if e.kind == Kind.PAYMENT]
    return payments


def _payment(entry) -> Payment:
    """A payment as the client reads it: a gift voucher or course by its number (the
    reference names it for the journal), a card with the terminal's reference."""
    record = held_record(entry.method, entry.reference)
    if record:
        return Payment(f"{label_of(entry.method)} {record[1]}", entry.amount)
    return Payment(label_of(entry.method), entry.amount, entry.reference)


def _house_balance_after(sale, entries) -> int | None:
    """What the client owed on their house account just after this sale, if they have one."""
    if sale.client is None or not sale.client.house_account_enabled:
        return None
    last = entries[-1].seq
    owed = 0
    for row in JournalEntry.select().where(
            (JournalEntry.client == sale.client_id) & (JournalEntry.seq <= last)):
        owed += sum(delta for balance, _key, delta in balance_effects(entry_from_row(row))
                    if balance == HOUSE_OWED)
    return owed


def receipt_of_refund(salon: Salon, refund_id: int) -> Receipt:
    """The refund receipt: what was given back, for which lines, and how."""
    refund = SaleRefund.get_or_none(SaleRefund.id == refund_id)
    if refund is None:
        raise NotFound("That refund does not exist.")
    settings = salon.settings()
    sale = refund.sale
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    refunded = list(SaleRefundLine.select().where(SaleRefundLine.refund == refund_id)
                    .order_by(SaleRefundLine.id))
    return Receipt(
        header=salon_header(settings), title="Refund receipt", number=f"R{refund.number:06d}",
        issued_at=f"{local_of(refund.at, settings.tz):%d %b %Y %H:%M}",
        client=sale.client.name if sale.client else "",
        stylists=(),
        lines=tuple(ReceiptLine(description=p.line.description, quantity=p.quantity,
                                unit_price=p.line.unit_price, amount=p.amount)
                    for p in refunded),
        total=refund.amount, tax=sum(part.tax for part in refunded),
        taxes=_taxes((part.line.tax_rate_bp, part.amount, part.tax) for part in refunded),
        prices_include_tax=True, tips=(),
        payments=tuple(Payment(f"Refunded — {label_of(way).lower()}", int(amount),
                               refund.reference if takes_reference(way) else "")
                       for way, amount in (part.split(":") for part in refund.parts.split())),
        cash_rounding=0, change=0, house_balance_after=None,
        notes=(f"Refund of receipt {sale.receipt_no:06d}: {refund.reason}",
               f"Approved by {names.get(refund.approved_by_id, '')}"),
        money=settings.money, refund=True,
    )
