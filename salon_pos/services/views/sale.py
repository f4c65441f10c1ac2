"""A sale as the screens and receipts see it: plain records, totals worked out by the
domain's arithmetic, what is still to pay, and the agreement to show again at checkout."""

from __future__ import annotations

from dataclasses import dataclass

from salon_pos.domain.journal import held_record
from salon_pos.domain.sale_math import (
    LineInput,
    SaleTotals,
    cash_still_due,
    deposit_applied,
    remaining_due,
    sale_totals,
)
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.settings import SalonSettings
from salon_pos.domain.ways_to_pay import is_cash
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_sale
from salon_pos.services.views.notes import NoteView, booking_notes
from salon_pos.store.models import SaleLine, SaleTender, SaleTip, Staff


@dataclass(frozen=True)
class LineView:
    id: int
    category: str
    description: str
    stylist_id: int | None
    stylist: str
    quantity: int
    unit_price: int
    quoted_price: int | None
    change_reason: str
    discount: int
    discount_reason: str
    tax_name: str
    tax_rate_bp: int
    gross: int
    tax: int
    refunded_quantity: int


@dataclass(frozen=True)
class TenderView:
    id: int
    method: str
    amount: int
    reference: str

    @property
    def shown_reference(self) -> str:
        """The reference as the desk reads it: the gift voucher or course a payment draws on
        by its number ("voucher 3"), a card payment by the terminal's reference."""
        record = held_record(self.method, self.reference)
        return f"{record[0]} {record[1]}" if record else self.reference


@dataclass(frozen=True)
class SaleView:
    id: int
    status: str
    receipt_no: int | None
    client_id: int | None
    booking_id: int | None
    lines: tuple[LineView, ...]
    totals: SaleTotals
    tips: tuple[tuple[int, str, int], ...]  # (stylist id, name, amount)
    tenders: tuple[TenderView, ...]
    deposit_held: int
    notes: tuple[NoteView, ...]
    signoff_matches: bool | None
    settings: SalonSettings

    @property
    def tip_total(self) -> int:
        return sum(amount for _, _, amount in self.tips)

    @property
    def due(self) -> int:
        """Total plus tips: what the client owes before the deposit and tenders."""
        return self.totals.total + self.tip_total

    @property
    def subtotal(self) -> int:
        """The lines at their prices, before discounts (and before tax added on top)."""
        return sum(line.unit_price * line.quantity for line in self.lines)

    @property
    def discount_total(self) -> int:
        return sum(line.discount for line in self.lines)

    @property
    def deposit_applied(self) -> int:
        """The part of the deposit held that pays this bill (before any payment but a
        course session's)."""
        return deposit_applied(self.due, self.deposit_held,
                               [(t.method, t.amount) for t in self.tenders])

    @property
    def taken(self) -> int:
        return sum(t.amount for t in self.tenders)

    @property
    def remaining(self) -> int:
        taken = [(t.method, t.amount) for t in self.tenders]
        return remaining_due(self.due, self.deposit_held, taken)

    @property
    def cash_to_pay(self) -> int:
        """What to ask for if the rest is paid in cash (after cash rounding)."""
        taken = [(t.method, t.amount) for t in self.tenders]
        return cash_still_due(self.due, self.deposit_held, taken,
                              self.settings.cash_rounding_increment)

    @property
    def change_due(self) -> int:
        """Cash handed over beyond what is owed in cash (after rounding): given back at close."""
        non_cash = [(t.method, t.amount) for t in self.tenders if not is_cash(t.method)]
        owed_in_cash = cash_still_due(self.due, self.deposit_held, non_cash,
                                      self.settings.cash_rounding_increment)
        cash = sum(t.amount for t in self.tenders if is_cash(t.method))
        return max(0, cash - owed_in_cash)

    @property
    def needs_signoff(self) -> bool:
        return any(note.acknowledged for note in self.notes) and self.signoff_matches is None

    def money(self, minor: int) -> str:
        return self.settings.money(minor)


def active_lines(salon: Salon, sale_id: int) -> list[SaleLine]:
    return list(SaleLine.select().where((SaleLine.sale == sale_id) & ~SaleLine.removed)
                .order_by(SaleLine.id))


def line_inputs(lines: list[SaleLine]) -> list[LineInput]:
    return [LineInput(line.quantity, line.unit_price, line.discount, line.tax_rate_bp)
            for line in lines]


def sale_view(salon: Salon, sale_id: int) -> SaleView:
    sale = get_sale(salon, sale_id)
    settings = salon.settings()
    lines = active_lines(salon, sale_id)
    totals = sale_totals(line_inputs(lines), settings.prices_include_tax)
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    line_views = tuple(
        LineView(
            id=line.id, category=line.category, description=line.description,
            stylist_id=line.stylist_id, stylist=names.get(line.stylist_id, ""),
            quantity=line.quantity,
            unit_price=line.unit_price, quoted_price=line.quoted_price,
            change_reason=line.change_reason, discount=line.discount,
            discount_reason=line.discount_reason, tax_name=line.tax_name,
            tax_rate_bp=line.tax_rate_bp, gross=result.gross, tax=result.tax,
            refunded_quantity=line.refunded_quantity,
        )
        for line, result in zip(lines, totals.lines, strict=True)
    )
    tips = tuple((t.stylist_id, names.get(t.stylist_id, ""), t.amount)
                 for t in SaleTip.select().where(SaleTip.sale == sale_id).order_by(SaleTip.id))
    tenders = tuple(TenderView(t.id, t.method, t.amount, t.reference)
                    for t in SaleTender.select().where(SaleTender.sale == sale_id)
                    .order_by(SaleTender.id))
    is_open = sale.status == SaleStatus.OPEN
    held = balances.deposit_held(salon, sale.booking_id) if sale.booking_id and is_open else 0
    notes = booking_notes(salon, sale.booking_id) if sale.booking_id else ()
    return SaleView(
        id=sale.id, status=sale.status, receipt_no=sale.receipt_no, client_id=sale.client_id,
        booking_id=sale.booking_id, lines=line_views, totals=totals, tips=tips, tenders=tenders,
        deposit_held=held, notes=notes, signoff_matches=sale.signoff_matches, settings=settings,
    )
