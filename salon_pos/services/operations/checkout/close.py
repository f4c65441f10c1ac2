"""Closing a sale: one transaction that settles the bill (deposit first, then tenders,
cash rounding, change), issues the gift vouchers and prepaid courses it sold, writes every
journal entry, freezes the ticket, gives it the next receipt number and closes the
booking. With the same key, pressing pay twice charges once."""

from __future__ import annotations

import peewee as pw

from salon_pos.domain.booking_status import next_status
from salon_pos.domain.courses import sold_memo
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import DEPOSIT_EXCESS_MEMO, Kind
from salon_pos.domain.sale_math import settle
from salon_pos.domain.sale_record import ClosedSale, closing_postings
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.vouchers import VOUCHER_WAYS, single_purpose
from salon_pos.services.operations.checkout.courses import (
    check_courses_still_cover,
    issue_courses,
)
from salon_pos.services.operations.checkout.payments import check_client_money_still_covers
from salon_pos.services.operations.checkout.ticket import open_ticket
from salon_pos.services.operations.checkout.vouchers import (
    IssuedVoucher,
    check_vouchers_still_cover,
    issue_vouchers,
)
from salon_pos.services.operations.deposits import release_deposit
from salon_pos.services.operations.stock import take_sold_stock
from salon_pos.services.views.closed_sales import sale_rows, seal_of_rows
from salon_pos.services.views.sale import SaleView, sale_view
from salon_pos.store.models import Booking, Course, Sale, SaleLine, SaleTender, Voucher


def close_sale(
    salon: Salon, sale_id: int, *, by: int, deposit_excess: str = "refund", key: str | None = None,
) -> dict:
    """Take the payment. `deposit_excess` says where a deposit larger than the bill goes
    ("refund" by the way it was paid, or "credit"). Returns receipt number and change, and
    the gift vouchers sold with their codes — given once, to this call: the salon keeps no
    code, so a retry with the same key gets the vouchers' numbers without them."""
    if deposit_excess not in ("refund", "credit"):
        raise InvalidInput("The rest of the deposit goes back as a refund or as credit.")
    issued: list[IssuedVoucher] = []

    def run():
        sale = open_ticket(salon, sale_id, by)
        view = sale_view(salon, sale_id)
        _check_ready(view)
        settings = salon.settings()
        settlement = settle(view.due, view.deposit_held,
                            [(t.method, t.amount) for t in view.tenders],
                            settings.cash_rounding_increment, settings.money)
        check_client_money_still_covers(salon, sale)
        check_vouchers_still_cover(salon, sale)
        check_courses_still_cover(salon, sale)
        issued[:] = issue_vouchers(salon, sale, view, ledger.business_day(salon))
        issue_courses(salon, sale, ledger.business_day(salon))
        _post_sale_entries(salon, sale, view, settlement, by)
        if settlement.deposit_excess:
            booking = Booking.get_by_id(sale.booking_id)
            release_deposit(salon, booking, to=deposit_excess, by=by, memo=DEPOSIT_EXCESS_MEMO)
        receipt_no = (Sale.select(pw.fn.MAX(Sale.receipt_no)).scalar() or 0) + 1
        _freeze(salon, sale, view, settlement, receipt_no, by)
        _seal(salon, sale, by)
        take_sold_stock(salon, sale_id, by=by)
        return {"sale_id": sale_id, "receipt_no": receipt_no, "change": settlement.change,
                "rounding": settlement.rounding, "deposit_applied": settlement.deposit_applied,
                "deposit_excess": settlement.deposit_excess,
                "vouchers": [{"id": voucher.id, "amount": voucher.amount,
                              "expires_on": voucher.expires_on.isoformat()}
                             for voucher in issued]}

    result = run_once(salon, key, f"close_sale:{sale_id}", run)
    codes = {voucher.id: voucher.code for voucher in issued}
    for voucher in result["vouchers"]:
        if voucher["id"] in codes:
            voucher["code"] = codes[voucher["id"]]
    return result


def _check_ready(view: SaleView) -> None:
    if not view.lines:
        raise InvalidInput("There is nothing on this sale to pay for.")
    if view.needs_signoff:
        raise InvalidInput(
            "Show the client the agreed expectations again and record whether the result "
            "matches before taking payment."
        )


def _post_sale_entries(salon, sale, view, settlement, by) -> None:
    tenders = list(SaleTender.select().where(SaleTender.sale == sale.id).order_by(SaleTender.id))
    taxed = {line.id: (line.tax_rate_bp, line.tax) for line in view.lines}
    spent = single_purpose(salon, (t.reference for t in tenders if t.method in VOUCHER_WAYS))
    closed = ClosedSale(
        client_id=sale.client_id, booking_id=sale.booking_id,
        lines=tuple((line.category, line.tax_rate_bp, line.gross, line.tax)
                    for line in view.lines),
        tips=tuple((stylist_id, amount) for stylist_id, _name, amount in view.tips),
        deposit_applied=settlement.deposit_applied,
        tenders=tuple((t.method, t.amount, t.reference, t.approved_by_id) for t in tenders),
        rounding=settlement.rounding, change=settlement.change,
        vouchers=tuple((v.id, v.amount, v.code_digest, v.expires_on, *taxed[v.sale_line_id])
                       for v in Voucher.select().where(Voucher.sale == sale.id)
                       .order_by(Voucher.id)),
        courses=tuple((c.id, c.price, sold_memo(c.sessions, c.service_ids, c.expires_on))
                      for c in Course.select().where(Course.sale == sale.id).order_by(Course.id)),
        single_purpose=tuple((t.reference, *spent[t.reference]) for t in tenders
                             if t.reference in spent))
    for posting in closing_postings(closed):
        ledger.post(salon, posting.kind, posting.amount, sale_id=sale.id, staff_id=by,
                    **posting.details())


def _seal(salon, sale, by) -> None:
    """Everything frozen on the sale, sealed into the chain as its rows now hold it."""
    rows = sale_rows(salon, sale.id, sale.id)[sale.id]
    ledger.post(salon, Kind.SALE_SEALED, 0, sale_id=sale.id, client_id=sale.client_id,
                booking_id=sale.booking_id, staff_id=by, memo=seal_of_rows(rows))


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

