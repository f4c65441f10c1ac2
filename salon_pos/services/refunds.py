"""Refunding a closed sale, in whole or some lines (a manager approves): new negative
journal entries, never an edit of the sale. Tips stay with the stylists."""

from __future__ import annotations

from collections import defaultdict

from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.journal import Kind
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.validation import clean_text
from salon_pos.services import ledger
from salon_pos.services.context import Salon
from salon_pos.services.idempotency import run_once
from salon_pos.services.lookup import get_sale
from salon_pos.services.sale_view import active_lines
from salon_pos.services.staff import require_manager, require_staff
from salon_pos.services.tenders import check_reference, check_tender_method
from salon_pos.store.models import Client, Sale, SaleLine, SaleRefund, SaleRefundLine

REFUND_METHODS = ("cash", "card", "credit", "house_account")


def _share(whole: int, done: int, more: int, of: int) -> int:
    """The part of `whole` for `more` of `of` units when `done` are already refunded;
    shares of all units add up to `whole` exactly."""
    return whole * (done + more) // of - whole * done // of


def refund_sale(
    salon: Salon, sale_id: int, *, by: int, approved_by: int, reason: str, method: str,
    lines: dict[int, int] | None = None, reference: str = "", key: str | None = None,
) -> dict:
    """Refund `lines` ({line id: quantity}; None = everything not yet refunded)."""
    reason = clean_text(reason, "reason for the refund", required=True)
    method = check_tender_method(method, REFUND_METHODS)
    reference = check_reference(method, reference, paying_in=False)

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
        _check_method(sale, method, amount, salon)
        refund = SaleRefund.create(sale=sale_id, amount=amount, method=method,
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
        ledger.post(salon, Kind.REFUND_PAID, amount, method=method, reference=reference,
                    **common)
        left = any(line.refunded_quantity < line.quantity for line in active_lines(sale_id))
        status = SaleStatus.REFUNDED_PART if left else SaleStatus.REFUNDED
        Sale.update(status=status).where(
            Sale.id == sale_id).execute()
        return {"refund_id": refund.id, "amount": amount}

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


def _check_method(sale: Sale, method: str, amount: int, salon: Salon) -> None:
    if method not in ("credit", "house_account"):
        return
    client = Client.get_or_none(Client.id == sale.client_id)
    if client is None:
        raise InvalidInput("This sale has no client to give credit to.")
    if method == "house_account" and amount > client.house_balance:
        raise InvalidInput(
            f"{client.name} owes only {salon.settings().money(client.house_balance)} on the "
            "house account; refund the rest another way."
        )
