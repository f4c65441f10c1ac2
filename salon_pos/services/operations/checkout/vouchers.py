"""Gift vouchers at checkout: selling one as a line of the ticket (any amount, or a design
from the catalogue), paying with one (by its code, in part or whole), and issuing the
vouchers sold when the sale closes.

A voucher sold is money held for its bearer, not income (the income comes when it pays
for something), so a multi-purpose voucher's line carries no tax, and no line of a voucher
takes a discount. A single-purpose voucher (a design naming one service) is taxed when it
is sold, as that service; it pays for that service only, whole and once: the line of the
service is charged at the voucher's value and tax, and the payment takes the whole voucher
and releases the tax its sale took (domain.sale_record). A voucher cannot buy another
voucher. Two stations paying with the same voucher at once: each payment is checked
against the voucher's balance when it is taken and again inside the close's transaction,
where the second finds it spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salon_pos.domain.errors import InvalidInput, NotFound
from salon_pos.domain.journal import voucher_of, voucher_reference
from salon_pos.domain.money import check_amount
from salon_pos.domain.sale_record import VOUCHER_LINE
from salon_pos.domain.standing import VOUCHER_DESIGN
from salon_pos.domain.vouchers import code_digest, code_hint, expiry_after, new_code, read_code
from salon_pos.domain.ways_to_pay import VOUCHER, is_cash
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.standing import check_against_journal
from salon_pos.services.kernel.vouchers import (
    drawn_on_open_sales,
    find_voucher,
    is_expired,
    journal_balance,
)
from salon_pos.services.operations.checkout.ticket import open_ticket, paid_at_its_value
from salon_pos.services.views.sale import SaleView, sale_view
from salon_pos.store.models import (
    Sale,
    SaleLine,
    SaleTender,
    Voucher,
    VoucherDesign,
    VoucherUse,
)

# The line's tax column: nothing is taxed when a multi-purpose voucher is sold.
NO_TAX = "No tax (gift voucher)"


def add_voucher_line(salon: Salon, sale_id: int, amount: int | None = None, *, by: int,
                     design_id: int | None = None) -> int:
    """Sell a gift voucher on this ticket: of `amount`, or as the catalogue's design
    `design_id`; it is issued, with its code, when the sale closes."""
    if (amount is None) == (design_id is None):
        raise InvalidInput("Sell a voucher of an amount, or one of the salon's designs.")
    if amount is not None:
        check_amount(amount, "voucher's value")
    with salon.writing():
        open_ticket(salon, sale_id, by)
        if _paid_by_voucher(sale_id):
            raise InvalidInput("A gift voucher cannot buy another voucher: take that "
                               "payment off first.")
        line = {"sale": sale_id, "category": VOUCHER_LINE, "description": "Gift voucher",
                "unit_price": amount, "quoted_price": amount, "tax_rate_bp": 0,
                "tax_name": NO_TAX}
        if design_id is not None:
            line |= _as_designed(salon, design_id)
        return SaleLine.create(**line).id


def _as_designed(salon: Salon, design_id: int) -> dict:
    """A voucher line as the design says: its name and value and, single-purpose, its
    service with that service's tax."""
    design = VoucherDesign.get_or_none(VoucherDesign.id == design_id)
    if design is None or not design.active:
        raise InvalidInput("That voucher design is not sold.")
    check_against_journal(salon, VOUCHER_DESIGN, design)  # its value, as the manager set it
    fields = {"description": design.name, "unit_price": design.amount,
              "quoted_price": design.amount}
    if design.service_id is not None:
        tax = design.service.tax_class
        fields |= {"service": design.service_id, "tax_rate_bp": tax.rate_bp,
                   "tax_name": tax.name}
    return fields


def pay_by_voucher(salon: Salon, sale_id: int, code: str, *, by: int,
                   amount: int | None = None, key: str | None = None) -> dict:
    """Pay from the voucher with `code`: `amount`, or (None) as much as it holds up to
    what is left to pay. Returns the payment, and what the voucher has left after it (and,
    for a single-purpose voucher, the line it pays: "pays_for")."""
    plain = read_code(code)
    if amount is not None:
        check_amount(amount, "payment")

    def run():
        open_ticket(salon, sale_id, by)
        voucher = find_voucher(salon, plain)
        view = sale_view(salon, sale_id)
        if any(line.category == VOUCHER_LINE for line in view.lines):
            raise InvalidInput("A gift voucher cannot buy another voucher.")
        sold = voucher.sale_line
        if sold.service_id is not None:
            return _pay_for_its_service(salon, view, voucher, sold, amount, by)
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


def _pay_for_its_service(salon: Salon, view: SaleView, voucher: Voucher, sold: SaleLine,
                         amount: int | None, by: int) -> dict:
    """A single-purpose voucher pays the first line of its service on the sale, whole: the
    line is charged at the voucher's value and tax."""
    if amount is not None and amount != voucher.amount:
        raise InvalidInput(f"This voucher is for {sold.service.name}: it pays for that "
                           "service whole, not part of it.")
    if usable_balance(salon, voucher, view.id) != voucher.amount:
        raise InvalidInput("This voucher is being used on another sale not yet paid.")
    line = _line_it_pays(salon, view.id, sold)
    tender = SaleTender.create(sale=view.id, method=VOUCHER.code, amount=voucher.amount,
                               reference=voucher_reference(voucher.id), taken_by=by,
                               taken_at=salon.now_stored())
    VoucherUse.create(voucher=voucher.id, sale=view.id, sale_line=line.id,
                      tender=tender.id)
    SaleLine.update(unit_price=sold.unit_price, tax_rate_bp=sold.tax_rate_bp,
                    tax_name=sold.tax_name, change_reason=f"paid by gift voucher {voucher.id}",
                    ).where(SaleLine.id == line.id).execute()
    after = sale_view(salon, view.id)
    paid_otherwise = sum(t.amount for t in after.tenders if not is_cash(t.method))
    if after.deposit_applied + paid_otherwise > after.due:  # rolled back with the rest
        raise InvalidInput("The payments already taken are more than the bill would be "
                           "with this voucher: take a payment off first.")
    return {"tender_id": tender.id, "voucher": voucher.id, "amount": voucher.amount,
            "voucher_left": 0, "remaining": after.remaining, "pays_for": line.description}


def _line_it_pays(salon: Salon, sale_id: int, sold: SaleLine) -> SaleLine:
    """The line of the voucher's service on the sale that it can pay: one service, not
    discounted, not paid already by a course session or another voucher."""
    lines = [line for line in SaleLine.select().where(
        (SaleLine.sale == sale_id) & ~SaleLine.removed & (SaleLine.category == "service")
        & (SaleLine.service == sold.service_id)).order_by(SaleLine.id)
        if not paid_at_its_value(salon, line.id)]
    if not lines:
        raise NotFound(f"This voucher pays for {sold.service.name}: put that service on the "
                       "sale first.")
    for line in lines:
        if line.quantity == 1 and not line.discount:
            return line
    raise InvalidInput("This voucher pays for one service at its own value: take the line's "
                       "quantity back to 1 and its discount off first.")


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


def issue_vouchers(salon: Salon, sale: Sale, view: SaleView, day: date) -> list[IssuedVoucher]:
    """A voucher, with a fresh code, for each voucher line of the sale closing on `day`,
    worth what its line costs, tax included (its balance comes with the journal entry of its
    sale)."""
    years = salon.settings().voucher_validity_years
    issued = []
    for line in view.lines:
        if line.category != VOUCHER_LINE:
            continue
        code = new_code()
        plain = read_code(code)
        voucher = Voucher.create(code_digest=code_digest(plain), code_hint=code_hint(plain),
                                 sale=sale.id, sale_line=line.id, amount=line.gross,
                                 issued_on=day, expires_on=expiry_after(day, years),
                                 balance=0)
        issued.append(IssuedVoucher(voucher.id, code, voucher.amount, voucher.expires_on))
    return issued


def _paid_by_voucher(sale_id: int) -> bool:
    return SaleTender.select().where((SaleTender.sale == sale_id)
                                     & (SaleTender.method == VOUCHER.code)).exists()
