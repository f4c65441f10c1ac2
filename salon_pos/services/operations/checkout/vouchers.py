"""Gift vouchers at checkout: selling one as a line of the ticket, paying with one (by its
code, in part or whole), and issuing the vouchers sold when the sale closes.

A voucher sold is money held for its bearer, not income (the income comes when it pays
for something), so its line carries no tax and takes no discount. A voucher cannot buy
another voucher. Two stations paying with the same voucher at once: each payment is
checked against the voucher's balance when it is taken and again inside the close's
transaction, where the second finds it spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import voucher_of, voucher_reference
from salon_pos.domain.money import check_amount
from salon_pos.domain.sale_record import VOUCHER_LINE
from salon_pos.domain.vouchers import code_digest, code_hint, expiry_after, new_code, read_code
from salon_pos.domain.ways_to_pay import VOUCHER
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.vouchers import (
    drawn_on_open_sales,
    find_voucher,
    is_expired,
    journal_balance,
)
from salon_pos.services.operations.checkout.ticket import open_ticket
from salon_pos.services.views.sale import sale_view
from salon_pos.store.models import Sale, SaleLine, SaleTender, Voucher

# The line's tax column: nothing is taxed when a multi-purpose voucher is sold.
NO_TAX = "No tax (gift voucher)"


def add_voucher_line(salon: Salon, sale_id: int, amount: int, *, by: int) -> int:
    """Sell a gift voucher of `amount` on this ticket; it is issued, with its code, when
    the sale closes."""
    check_amount(amount, "voucher's value")
    with salon.writing():
        open_ticket(salon, sale_id, by)
        if _paid_by_voucher(sale_id):
            raise InvalidInput("A gift voucher cannot buy another voucher: take that "
                               "payment off first.")
        return SaleLine.create(sale=sale_id, category=VOUCHER_LINE, description="Gift voucher",
                               unit_price=amount, quoted_price=amount, tax_rate_bp=0,
                               tax_name=NO_TAX).id


def pay_by_voucher(salon: Salon, sale_id: int, code: str, *, by: int,
                   amount: int | None = None, key: str | None = None) -> dict:
    """Pay from the voucher with `code`: `amount`, or (None) as much as it holds up to
    what is left to pay. Returns the payment, and what the voucher has left after it."""
    plain = read_code(code)
    if amount is not None:
        check_amount(amount, "payment")

    def run():
        open_ticket(salon, sale_id, by)
        voucher = find_voucher(salon, plain)
        view = sale_view(salon, sale_id)
        if any(line.category == VOUCHER_LINE for line in view.lines):
            raise InvalidInput("A gift voucher cannot buy another voucher.")
        left = usable_balance(salon, voucher, sale_id)
        if view.remaining <= 0:
            raise InvalidInput("Nothing is left to pay on this sale: it can be closed.")
        paying = min(left, view.remaining) if amount is None else amount
        if paying > left:
            raise InvalidInput(f"This voucher has {view.money(left)} left.")
        if paying > view.remaining:
            raise InvalidInput(
                f"That is more than what is left to pay ({view.money(view.remaining)}).")
        tender = SaleTender.create(sale=sale_id, method=VOUCHER.code, amount=paying,
                                   reference=voucher_reference(voucher.id), taken_by=by,
                                   taken_at=salon.now_stored())
        return {"tender_id": tender.id, "voucher": voucher.id, "amount": paying,
                "voucher_left": left - paying, "remaining": sale_view(salon, sale_id).remaining}

    return run_once(salon, key, f"pay_by_voucher:{sale_id}", run)


def usable_balance(salon: Salon, voucher: Voucher, sale_id: int | None = None) -> int:
    """What the voucher can still pay on sale `sale_id`: its balance in the journal, less
    what payments on this and other open sales already draw on it; a refusal when it has
    expired or holds nothing."""
    money = salon.settings().money
    if is_expired(voucher, salon.today()):
        raise InvalidInput(f"This voucher expired on {voucher.expires_on:%d %b %Y}; it "
                           "can no longer pay.")
    left = journal_balance(salon, voucher) - drawn_on_open_sales(salon, voucher)
    if left <= 0:
        elsewhere = drawn_on_open_sales(salon, voucher, but=sale_id)
        raise InvalidInput(f"This voucher has nothing left ({money(elsewhere)} of it is on "
                           "another sale not yet paid)." if elsewhere > 0 else
                           "This voucher has nothing left.")
    return left


def check_vouchers_still_cover(salon: Salon, sale: Sale) -> None:
    """At close, inside its transaction: each voucher paying this sale still holds what is
    taken from it (another station may have spent it since), and has not expired."""
    drawn: dict[str, int] = {}
    for tender in SaleTender.select().where((SaleTender.sale == sale.id)
                                            & (SaleTender.method == VOUCHER.code)):
        drawn[tender.reference] = drawn.get(tender.reference, 0) + tender.amount
    for reference, amount in drawn.items():
        voucher = Voucher.get_or_none(Voucher.id == voucher_of(reference))
        if voucher is None or is_expired(voucher, salon.today()) or amount > journal_balance(
                salon, voucher):
            raise InvalidInput("A gift voucher paying this sale no longer holds that much "
                               "(it was spent at another desk, or has expired): take that "
                               "payment off and take another.")


@dataclass(frozen=True)
class IssuedVoucher:
    id: int
    code: str  # shown and printed once: the salon keeps only its digest
    amount: int
    expires_on: date


def issue_vouchers(salon: Salon, sale: Sale, day: date) -> list[IssuedVoucher]:
    """A voucher, with a fresh code, for each voucher line of the sale closing on `day`
    (its balance comes with the journal entry of its sale)."""
    years = salon.settings().voucher_validity_years
    issued = []
    for line in SaleLine.select().where((SaleLine.sale == sale.id) & ~SaleLine.removed
                                        & (SaleLine.category == VOUCHER_LINE)):
        code = new_code()
        plain = read_code(code)
        voucher = Voucher.create(code_digest=code_digest(plain), code_hint=code_hint(plain),
                                 sale=sale.id, sale_line=line.id, amount=line.unit_price,
                                 issued_on=day, expires_on=expiry_after(day, years),
                                 balance=0)
        issued.append(IssuedVoucher(voucher.id, code, voucher.amount, voucher.expires_on))
    return issued


def _paid_by_voucher(sale_id: int) -> bool:
    return SaleTender.select().where((SaleTender.sale == sale_id)
                                     & (SaleTender.method == VOUCHER.code)).exists()
