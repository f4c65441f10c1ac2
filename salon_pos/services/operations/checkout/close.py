"""Closing a sale: one transaction that settles the bill (deposit first, then tenders,
cash rounding, change), writes every journal entry, freezes the ticket, gives it the next
receipt number and closes the booking. With the same key, pressing pay twice charges once."""

from __future__ import annotations

import peewee as pw

from salon_pos.domain.booking_status import next_status
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import DEPOSIT_EXCESS_MEMO, Kind
from salon_pos.domain.sale_math import income_by_category_and_rate, settle
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.ways_to_pay import CASH
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.operations.checkout.payments import check_client_money_still_covers
from salon_pos.services.operations.checkout.ticket import open_ticket
from salon_pos.services.operations.deposits import release_deposit
from salon_pos.services.views.sale import SaleView, sale_view
from salon_pos.store.models import Booking, Sale, SaleLine, SaleTender


def close_sale(
    salon: Salon, sale_id: int, *, by: int, deposit_excess: str = "refund", key: str | None = None,
) -> dict:
    """Take the payment. `deposit_excess` says where a deposit larger than the bill goes
    ("refund" by the way it was paid, or "credit"). Returns receipt number and change."""
    if deposit_excess not in ("refund", "credit"):
        raise InvalidInput("The rest of the deposit goes back as a refund or as credit.")

    def run():
        sale = open_ticket(salon, sale_id, by)
        view = sale_view(salon, sale_id)
        _check_ready(view)
        settings = salon.settings()
        settlement = settle(view.due, view.deposit_held,
                            [(t.method, t.amount) for t in view.tenders],
                            settings.cash_rounding_increment, settings.money)
        check_client_money_still_covers(salon, sale)
        _post_sale_entries(salon, sale, view, settlement, by)
        if settlement.deposit_excess:
            booking = Booking.get_by_id(sale.booking_id)
            release_deposit(salon, booking, to=deposit_excess, by=by, memo=DEPOSIT_EXCESS_MEMO)
        receipt_no = (Sale.select(pw.fn.MAX(Sale.receipt_no)).scalar() or 0) + 1
        _freeze(salon, sale, view, settlement, receipt_no, by)
        return {"sale_id": sale_id, "receipt_no": receipt_no, "change": settlement.change,
                "rounding": settlement.rounding, "deposit_applied": settlement.deposit_applied,
                "deposit_excess": settlement.deposit_excess}

    return run_once(salon, key, f"close_sale:{sale_id}", run)


def _check_ready(view: SaleView) -> None:
    if not view.lines:
        raise InvalidInput("There is nothing on this sale to pay for.")
    if view.needs_signoff:
        raise InvalidInput(
            "Show the client the agreed expectations again and record whether the result "
            "matches before taking payment."
        )


def _post_sale_entries(salon, sale, view, settlement, by) -> None:
    common = {"sale_id": sale.id, "client_id": sale.client_id, "staff_id": by}
    income = income_by_category_and_rate(
        (line.category, line.tax_rate_bp, line.gross, line.tax) for line in view.lines)
    for category, rate, gross, tax in income:
        ledger.post(salon, Kind.SALE_INCOME, gross, category=category, tax_rate_bp=rate,
                    tax_amount=tax, **common)
    for stylist_id, _name, amount in view.tips:
        ledger.post(salon, Kind.TIP, amount, stylist_id=stylist_id, **common)
    if settlement.deposit_applied:
        ledger.post(salon, Kind.DEPOSIT_APPLIED, settlement.deposit_applied,
                    booking_id=sale.booking_id, **common)
    for tender in SaleTender.select().where(SaleTender.sale == sale.id).order_by(SaleTender.id):
        ledger.post(salon, Kind.PAYMENT, tender.amount, method=tender.method,
                    reference=tender.reference, approved_by_id=tender.approved_by_id, **common)
    if settlement.rounding:
        ledger.post(salon, Kind.CASH_ROUNDING, settlement.rounding, method=CASH.code, **common)
    if settlement.change:
        ledger.post(salon, Kind.CHANGE_GIVEN, settlement.change, method=CASH.code, **common)


def _freeze(salon, sale, view, settlement, receipt_no, by) -> None:
    for line in view.lines:
        SaleLine.update(gross=line.gross, tax=line.tax).where(SaleLine.id == line.id).execute()
    now = salon.now_stored()
    Sale.update(
        status=SaleStatus.CLOSED, receipt_no=receipt_no, closed_by=by, closed_at=now,
        business_day=ledger.business_day(salon), total=view.totals.total, tax=view.totals.tax,
        tips=view.tip_total, rounding=settlement.rounding, change=settlement.change,
        deposit_applied=settlement.deposit_applied,
        prices_include_tax=view.settings.prices_include_tax,
    ).where(Sale.id == sale.id).execute()
    if sale.booking_id:
        status = next_status(Booking.get_by_id(sale.booking_id).status, "pay")
        Booking.update(status=status).where(Booking.id == sale.booking_id).execute()

