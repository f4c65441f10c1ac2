"""Refunding a closed sale, in whole or some lines (a manager approves): new negative
journal entries, never an edit of the sale. Money goes back the ways the sale was paid
(never more by a way than was paid by it), so a house-account charge is not refunded in
cash nor client credit turned into cash. Tips stay with the stylists."""

from __future__ import annotations

from collections import defaultdict

import peewee as pw

from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.journal import Kind
from salon_pos.domain.sale_math import TENDER_LABELS, Tender
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.validation import clean_text
from salon_pos.services import ledger
from salon_pos.services.context import Salon
from salon_pos.services.idempotency import run_once
from salon_pos.services.lookup import get_sale
from salon_pos.services.sale_view import active_lines
from salon_pos.services.staff import require_manager, require_staff
from salon_pos.services.tenders import check_reference, check_tender_method
from salon_pos.store.models import (
    Client,
    JournalEntry,
    Sale,
    SaleLine,
    SaleRefund,
    SaleRefundLine,
)

REFUND_METHODS = ("cash", "card", "credit", "house_account")


def _share(whole: int, done: int, more: int, of: int) -> int:
    """The part of `whole` for `more` of `of` units when `done` are already refunded;
    shares of all units add up to `whole` exactly."""
    return whole * (done + more) // of - whole * done // of


def refund_sale(
    salon: Salon, sale_id: int, *, by: int, approved_by: int, reason: str,
    method: str | None = None, lines: dict[int, int] | None = None, reference: str = "",
    key: str | None = None,
) -> dict:
    """Refund `lines` ({line id: quantity}; None = everything not yet refunded), all by
    `method`, or (None) back the ways the sale was paid, the latest payment first."""
    reason = clean_text(reason, "reason for the refund", required=True)
    if method is not None:
        check_tender_method(method, REFUND_METHODS)
    reference = check_reference(method or "", reference, paying_in=False)

    def run():
        require_staff(by)
        require_manager(approved_by)
        sale = get_sale(sale_id)
        if sale.status not in (SaleStatus.CLOSED, SaleStatus.REFUNDED_PART):
            raise InvalidTransition("Only a paid sale can be refunded, and only what is left.")
        picked = _picked_lines(sale_id, lines)
        amount = sum(part[1] for part in picked)
        if amount <= 0:
            raise InvalidInput("There is nothing to refund on those lines.")
        parts = _refund_parts(sale, method, amount, salon)
        number = (SaleRefund.select(pw.fn.MAX(SaleRefund.number)).scalar() or 0) + 1
        refund = SaleRefund.create(sale=sale_id, amount=amount, number=number,
                                   parts=" ".join(f"{way}:{part}" for way, part in parts),
                                   reference=reference, reason=reason, by=by,
                                   approved_by=approved_by, at=salon.now_stored())
        income: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        for line, gross, tax, quantity in picked:
            SaleRefundLine.create(refund=refund, line=line, quantity=quantity, amount=gross,
                                  tax=tax)
            SaleLine.update(refunded_quantity=SaleLine.refunded_quantity + quantity).where(
                SaleLine.id == line.id).execute()
            income[(line.category, line.tax_rate_bp)][0] += gross
            income[(line.category, line.tax_rate_bp)][1] += tax
        common = {"sale_id": sale_id, "client_id": sale.client_id, "staff_id": by,
                  "approved_by_id": approved_by, "memo": reason}
        for (category, rate), (gross, tax) in sorted(income.items()):
            ledger.post(salon, Kind.REFUND_INCOME, gross, category=category, tax_rate_bp=rate,
                        tax_amount=tax, **common)
        for way, part in parts:
            ledger.post(salon, Kind.REFUND_PAID, part, method=way,
                        reference=reference if way == "card" else "", **common)
        left = any(line.refunded_quantity < line.quantity for line in active_lines(sale_id))
        status = SaleStatus.REFUNDED_PART if left else SaleStatus.REFUNDED
        Sale.update(status=status).where(
            Sale.id == sale_id).execute()
        return {"refund_id": refund.id, "number": number, "amount": amount}

    return run_once(salon, key, f"refund_sale:{sale_id}", run)


def _picked_lines(sale_id: int, wanted: dict[int, int] | None):
    by_id = {line.id: line for line in active_lines(sale_id)}
    if wanted is None:
        wanted = {line_id: line.quantity - line.refunded_quantity
                  for line_id, line in by_id.items()}
    picked = []
    for line_id, quantity in wanted.items():
        line = by_id.get(line_id)
        if line is None:
            raise InvalidInput("That line is not on this sale.")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise InvalidInput("A refund quantity is a whole number.")
        left = line.quantity - line.refunded_quantity
        if quantity > left:
            raise InvalidInput(f"Only {left} of “{line.description}” can still be refunded.")
        if quantity:
            gross = _share(line.gross, line.refunded_quantity, quantity, line.quantity)
            tax = _share(line.tax, line.refunded_quantity, quantity, line.quantity)
            picked.append((line, gross, tax, quantity))
    return picked


def refundable_by_method(sale_id: int, booking_id: int | None) -> dict[str, int]:
    """What can still go back by each way the sale was paid, the latest payment first:
    cash net of change, a deposit applied as the way the deposit was paid, and cash
    rounding in the client's favour counted with the payment it rounded."""
    refundable: dict[str, int] = {}
    entries = JournalEntry.select().where(
        (JournalEntry.sale == sale_id) & JournalEntry.kind.in_(
            [Kind.PAYMENT, Kind.CHANGE_GIVEN, Kind.DEPOSIT_APPLIED, Kind.CASH_ROUNDING,
             Kind.REFUND_PAID])
    ).order_by(JournalEntry.seq)
    for entry in entries:
        if entry.kind == Kind.DEPOSIT_APPLIED:
            paid = ledger.deposit_pools(booking_id).split("applied", entry.amount)
        elif entry.kind == Kind.PAYMENT:
            paid = [(entry.method, entry.amount)]
        elif entry.kind == Kind.CASH_ROUNDING:
            # Rounded down, the client paid a little less than the lines are worth; the
            # lines are refunded whole, by the way that was rounded.
            last = "cash" if "cash" in refundable else next(reversed(refundable), "cash")
            paid = [(last, max(0, -entry.amount))]
        else:  # change and earlier refunds reduce what can go back
            paid = [(entry.method, -entry.amount)]
        for way, amount in paid:
            refundable[way] = refundable.pop(way, 0) + amount
    return dict(reversed([(way, left) for way, left in refundable.items() if left > 0]))


def _refund_parts(sale: Sale, method: str | None, amount: int, salon: Salon
                  ) -> list[tuple[str, int]]:
    money = salon.settings().money
    refundable = refundable_by_method(sale.id, sale.booking_id)
    client = Client.get_or_none(Client.id == sale.client_id)
    if method == "credit":  # the client may always take credit instead
        if client is None:
            raise InvalidInput("This sale has no client to give credit to.")
        refundable = {"credit": sum(refundable.values())}
    if "house_account" in refundable:
        # What the client no longer owes cannot come off the house account: it becomes credit.
        owed = client.house_balance
        settled = refundable["house_account"] - min(refundable["house_account"], owed)
        if settled:
            refundable["house_account"] -= settled
            refundable["credit"] = refundable.get("credit", 0) + settled
    if method is not None:
        if refundable.get(method, 0) < amount:
            ways = ", ".join(f"{money(left)} by {TENDER_LABELS[Tender(way)].lower()}"
                             for way, left in refundable.items() if left)
            raise InvalidInput(
                f"A refund goes back the way the sale was paid: at most {ways or 'nothing'}."
            )
        return [(method, amount)]
    parts = []
    for way, left in refundable.items():
        part = min(left, amount)
        if part:
            parts.append((way, part))
            amount -= part
    if amount:
        raise InvalidInput("There is not that much left to refund on this sale.")
    return parts
