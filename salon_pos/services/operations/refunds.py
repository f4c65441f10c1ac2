"""Refunding a closed sale, in whole or some lines (a manager approves): new negative
journal entries, never an edit of the sale. Money goes back the ways the sale was paid
(never more by a way than was paid by it), so a house-account charge is not refunded in
cash nor client credit turned into cash, and what a gift voucher paid goes back onto that
voucher. A gift voucher sold is refunded only while it is unused, and so is a prepaid
course (a course partly used is refunded by operations.courses.refund_course); a line a
course session paid gives that session back to its course, and a line a single-purpose
voucher paid makes that voucher whole again (with the tax its sale took). Tips stay with
the stylists."""

from __future__ import annotations

import peewee as pw

from salon_pos.domain.courses import sessions_memo
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.journal import Kind, course_reference, voucher_reference
from salon_pos.domain.money_held import GIFT_VOUCHERS, PREPAID_COURSES
from salon_pos.domain.sale_math import income_by_category_and_rate
from salon_pos.domain.sale_record import COURSE_LINE, MONEY_HELD_LINES, VOUCHER_LINE
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.validation import clean_text
from salon_pos.domain.ways_to_pay import (
    CASH,
    COURSE,
    CREDIT,
    VOUCHER,
    Use,
    check_way_back,
    label_of,
    money_drawn_on,
    refund_way_of,
    takes_reference,
)
from salon_pos.services.kernel import balances, ledger
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.balances import client_money
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.courses import journal_holding
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_sale
from salon_pos.services.kernel.vouchers import (
    drawn_on_open_sales,
    journal_balance,
    single_purpose,
    voucher_holding,
)
from salon_pos.services.operations.stock import put_back_refunded
from salon_pos.services.views.sale import active_lines
from salon_pos.store.models import (
    Client,
    Course,
    CourseSession,
    JournalEntry,
    Sale,
    SaleLine,
    SaleRefund,
    SaleRefundLine,
    SaleTender,
    Voucher,
    VoucherUse,
)


def _share(whole: int, done: int, more: int, of: int) -> int:
    """The part of `whole` for `more` of `of` units when `done` are already refunded;
    shares of all units add up to `whole` exactly."""
    return whole * (done + more) // of - whole * done // of


def refund_sale(
    salon: Salon, sale_id: int, *, by: int, approved_by: int, reason: str,
    method: str | None = None, lines: dict[int, int] | None = None, reference: str = "",
    restock: dict[int, int] | None = None, key: str | None = None,
) -> dict:
    """Refund `lines` ({line id: quantity}; None = everything not yet refunded), all by
    `method`, or (None) back the ways the sale was paid, the latest payment first.
    `restock` ({line id: units}) puts refunded retail units back on the shelf."""
    reason = clean_text(reason, "reason for the refund", required=True)
    reference = check_way_back(method, Use.REFUND, reference)

    def run():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        sale = get_sale(salon, sale_id)
        if sale.status not in (SaleStatus.CLOSED, SaleStatus.REFUNDED_PART):
            raise InvalidTransition("Only a paid sale can be refunded, and only what is left.")
        picked = _picked_lines(salon, sale_id, lines)
        _check_vouchers_unused(salon, picked)
        courses_sold = _courses_unused(salon, picked)
        amount = sum(part[1] for part in picked)
        if amount <= 0:
            raise InvalidInput("There is nothing to refund on those lines.")
        sessions_back = _sessions_back(sale_id, picked)
        vouchers_back = _vouchers_back(sale_id, picked)
        in_money = amount - sum(value for _session, value in sessions_back) - sum(
            use.tender.amount for use in vouchers_back)
        parts = refund_parts(salon, sale, method, in_money) if in_money else []
        number = (SaleRefund.select(pw.fn.MAX(SaleRefund.number)).scalar() or 0) + 1
        refund = SaleRefund.create(sale=sale_id, amount=amount, number=number,
                                   parts=" ".join(f"{way}:{part}" for way, part in [
                                       *((COURSE.code, value) for _s, value in sessions_back),
                                       *((VOUCHER.code, use.tender.amount)
                                         for use in vouchers_back),
                                       *parts]),
                                   reference=reference, reason=reason, by=by,
                                   approved_by=approved_by, at=salon.now_stored())
        for line, gross, tax, quantity in picked:
            SaleRefundLine.create(refund=refund, line=line, quantity=quantity, amount=gross,
                                  tax=tax)
            SaleLine.update(refunded_quantity=SaleLine.refunded_quantity + quantity).where(
                SaleLine.id == line.id).execute()
        _post_refund(salon, picked, parts, reference, {
            "sale_id": sale_id, "client_id": sale.client_id, "staff_id": by,
            "approved_by_id": approved_by, "memo": reason},
            courses_sold=courses_sold, sessions_back=sessions_back,
            vouchers_back=vouchers_back)
        put_back_refunded(salon, sale_id, restock or {},
                          {line.id: quantity for line, _g, _t, quantity in picked},
                          by=by, approved_by=approved_by)
        left = any(line.refunded_quantity < line.quantity for line in active_lines(salon, sale_id))
        status = SaleStatus.REFUNDED_PART if left else SaleStatus.REFUNDED
        Sale.update(status=status).where(Sale.id == sale_id).execute()
        return {"refund_id": refund.id, "number": number, "amount": amount}

    return run_once(salon, key, f"refund_sale:{sale_id}", run)


def _post_refund(salon: Salon, picked, parts: list[tuple[str, int]],
                 reference: str, common: dict, *, courses_sold: dict[int, tuple[int, int]],
                 sessions_back: list[tuple[CourseSession, int]],
                 vouchers_back: list[VoucherUse]) -> None:
    """The income given back, per category and tax rate (a gift voucher or a course sold:
    taken back off it), the sessions given back to their courses, the single-purpose
    vouchers made whole, and the money paid back, per way (and per voucher)."""
    income = income_by_category_and_rate(
        (line.category, line.tax_rate_bp, gross, tax) for line, gross, tax, _ in picked
        if line.category not in MONEY_HELD_LINES)
    for category, rate, gross, tax in income:
        ledger.post(salon, Kind.REFUND_INCOME, gross, category=category, tax_rate_bp=rate,
                    tax_amount=tax, **common)
    for line, gross, _tax, _quantity in picked:
        if line.category == VOUCHER_LINE:
            voucher = _voucher_sold_by(line)
            _balance, rate, tax = voucher_holding(salon, voucher)
            ledger.post(salon, Kind.VOUCHER_REFUNDED, gross, tax_rate_bp=rate, tax_amount=tax,
                        reference=voucher_reference(voucher.id), **common)
        elif line.category == COURSE_LINE:
            course_id, sessions = courses_sold[line.id]
            ledger.post(salon, Kind.COURSE_REFUNDED, gross, reference=course_reference(
                course_id), **{**common, "memo": sessions_memo(sessions, common["memo"])})
    for session, value in sessions_back:
        ledger.post(salon, Kind.REFUND_PAID, value, method=COURSE.code,
                    reference=course_reference(session.course_id), **common)
    carried = single_purpose(salon, (use.tender.reference for use in vouchers_back))
    for use in vouchers_back:
        rate, tax = carried[use.tender.reference]
        ledger.post(salon, Kind.REFUND_PAID, use.tender.amount, method=VOUCHER.code,
                    reference=use.tender.reference, tax_rate_bp=rate, tax_amount=tax, **common)
    for way, part in parts:
        if way == VOUCHER.code:
            for voucher_ref, share in _back_onto_vouchers(salon, common["sale_id"], part):
                ledger.post(salon, Kind.REFUND_PAID, share, method=way, reference=voucher_ref,
                            **common)
            continue
        ledger.post(salon, Kind.REFUND_PAID, part, method=way,
                    reference=reference if takes_reference(way) else "", **common)


def _voucher_sold_by(line: SaleLine) -> Voucher:
    return Voucher.get(Voucher.sale_line == line.id)


def _check_vouchers_unused(salon: Salon, picked) -> None:
    """A gift voucher's sale is refunded only while the voucher is whole and on no open
    sale: what was spent from it is not money to give back."""
    money = salon.settings().money
    for line, *_ in picked:
        if line.category != VOUCHER_LINE:
            continue
        voucher = _voucher_sold_by(line)
        left = journal_balance(salon, voucher) - drawn_on_open_sales(salon, voucher)
        if left != voucher.amount:
            raise InvalidInput(f"Gift voucher {voucher.id} has been used ({money(left)} of "
                               f"{money(voucher.amount)} left): only an unused voucher's "
                               "sale can be refunded.")


def _courses_unused(salon: Salon, picked) -> dict[int, tuple[int, int]]:
    """A prepaid course's sale is refunded only while no session of it is used (nor on an
    open sale): {line id: (course, its sessions)} of the course lines picked."""
    unused = {}
    for line, *_ in picked:
        if line.category != COURSE_LINE:
            continue
        course = Course.get(Course.sale_line == line.id)
        holding = journal_holding(salon, course)
        if holding.free_sessions != course.sessions or holding.value != course.price:
            raise InvalidInput(f"Course {course.id} has been used ({holding.free_sessions} of "
                               f"{course.sessions} sessions left): a manager refunds its "
                               "unused sessions from the client's courses instead.")
        unused[line.id] = (course.id, course.sessions)
    return unused


def _sessions_back(sale_id: int, picked) -> list[tuple[CourseSession, int]]:
    """The lines picked that a course session paid: that session goes back to its course
    (a session's line is one service, refunded whole) — as far as the journal says this
    sale used it."""
    paid = {session.sale_line_id: session for session in CourseSession.select().where(
        CourseSession.sale_line.in_([line.id for line, *_ in picked]))}
    back = [(paid[line.id], paid[line.id].value) for line, *_ in picked if line.id in paid]
    _check_paid(sale_id, COURSE.code, [(course_reference(session.course_id), value)
                                       for session, value in back])
    return back


def _vouchers_back(sale_id: int, picked) -> list[VoucherUse]:
    """The single-purpose vouchers that paid lines picked: each is made whole again (its
    line is one service, refunded whole) — as far as the journal says this sale spent it."""
    uses = list(VoucherUse.select(VoucherUse, SaleTender).join(SaleTender).where(
        VoucherUse.sale_line.in_([line.id for line, *_ in picked])).order_by(VoucherUse.id))
    _check_paid(sale_id, VOUCHER.code, [(use.tender.reference, use.tender.amount)
                                        for use in uses])
    return uses


def _check_paid(sale_id: int, method: str, uses: list[tuple[str, int]]) -> None:
    """What the course-session or voucher rows say paid the lines refunded (reference,
    amount) the journal says this sale paid that way: rows changed by hand do not turn a
    refund by card into a session or a voucher given back."""
    paid = _paid_by(sale_id, method)
    for reference, amount in uses:
        if paid.get(reference, 0) < amount:
            raise InvalidInput("A payment by a course session or a gift voucher on this sale "
                               "does not match the journal: it was changed outside Salon "
                               "POS. A manager should run “salon-pos verify”.")
        paid[reference] -= amount


def _paid_by(sale_id: int, method: str) -> dict[str, int]:
    """What each voucher or course paid on the sale by `method`, less what went back onto
    it, in the order they paid (from the journal)."""
    paid: dict[str, int] = {}
    for entry in JournalEntry.select().where(
            (JournalEntry.sale == sale_id) & (JournalEntry.method == method)
            & JournalEntry.kind.in_([Kind.PAYMENT, Kind.REFUND_PAID])).order_by(JournalEntry.seq):
        sign = 1 if entry.kind == Kind.PAYMENT else -1
        paid[entry.reference] = paid.pop(entry.reference, 0) + sign * entry.amount
    return paid


def _back_onto_vouchers(salon: Salon, sale_id: int, amount: int) -> list[tuple[str, int]]:
    """`amount` paid by gift vouchers going back onto the (multi-purpose) vouchers it came
    from, the latest payment first, none beyond what it paid less what went back already."""
    paid = _paid_by(sale_id, VOUCHER.code)
    for reference in single_purpose(salon, paid):
        del paid[reference]
    shares = []
    for voucher_ref, left in reversed(paid.items()):
        share = min(left, amount)
        if share > 0:
            shares.append((voucher_ref, share))
            amount -= share
    return shares


def _picked_lines(salon: Salon, sale_id: int, wanted: dict[int, int] | None):
    by_id = {line.id: line for line in active_lines(salon, sale_id)}
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


def refundable_by_method(salon: Salon, sale_id: int, booking_id: int | None) -> dict[str, int]:
    """What can still go back, by the way it goes back (a way's own, unless its rule says
    another), the latest payment first: cash net of change, a deposit applied as the way
    the deposit was paid, and cash rounding in the client's favour counted with the
    payment it rounded."""
    refundable: dict[str, int] = {}
    entries = JournalEntry.select().where(
        (JournalEntry.sale == sale_id) & JournalEntry.kind.in_(
            [Kind.PAYMENT, Kind.CHANGE_GIVEN, Kind.DEPOSIT_APPLIED, Kind.CASH_ROUNDING,
             Kind.REFUND_PAID])
    ).order_by(JournalEntry.seq)
    entries = list(entries)
    whole = single_purpose(salon, (entry.reference for entry in entries
                                   if money_drawn_on(entry.method) is GIFT_VOUCHERS))
    for entry in entries:
        drawn_on = money_drawn_on(entry.method)
        if drawn_on is PREPAID_COURSES or (drawn_on is GIFT_VOUCHERS
                                           and entry.reference in whole):
            continue  # a session, or a voucher for one service, goes back with its line
        if entry.kind == Kind.DEPOSIT_APPLIED:
            paid = balances.deposit_pools(salon, booking_id).split("applied", entry.amount)
        elif entry.kind == Kind.PAYMENT:
            paid = [(refund_way_of(entry.method), entry.amount)]
        elif entry.kind == Kind.CASH_ROUNDING:
            # Rounded down, the client paid a little less than the lines are worth; the
            # lines are refunded whole, by the way that was rounded.
            last = CASH.code if CASH.code in refundable else next(reversed(refundable),
                                                                  CASH.code)
            paid = [(last, max(0, -entry.amount))]
        else:  # change and earlier refunds reduce what can go back
            paid = [(entry.method, -entry.amount)]
        for way, amount in paid:
            refundable[way] = refundable.pop(way, 0) + amount
    return dict(reversed([(way, left) for way, left in refundable.items() if left > 0]))


def refund_parts(salon: Salon, sale: Sale, method: str | None, amount: int
                 ) -> list[tuple[str, int]]:
    """How `amount` goes back on `sale`: all by `method`, or (None) the ways it was paid,
    the latest first (see refundable_by_method)."""
    money = salon.settings().money
    refundable = refundable_by_method(salon, sale.id, sale.booking_id)
    client = Client.get_or_none(Client.id == sale.client_id)
    if method == CREDIT.code:  # the client may always take credit instead
        refundable = {CREDIT.code: sum(refundable.values())}
    for code in list(refundable):
        held = money_drawn_on(code)
        if held is not None and held.kept_per == "client" and client is None:
            raise InvalidInput(f"This sale has no client to give {held.noun} to.")
        if held is not None and not held.owed_by_salon:
            # What the client no longer owes (on a house account) cannot come off it: it
            # becomes credit.
            settled = refundable[code] - min(refundable[code], client_money(client, held))
            if settled:
                refundable[code] -= settled
                refundable[CREDIT.code] = refundable.get(CREDIT.code, 0) + settled
    if method is not None:
        if refundable.get(method, 0) < amount:
            ways = ", ".join(f"{money(left)} by {label_of(way).lower()}"
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

