"""The checkout ticket while it is open: lines (from the booking, or added), price changes
with a reason, discounts, tips per stylist, the client's sign-off, and abandoning a ticket
that took no payment.

Nothing here touches the journal: money is recorded when the sale closes (close.py), all
at once. Privileged changes name the approving manager.
"""

from __future__ import annotations

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotFound
from salon_pos.domain.money import check_amount, percent_of
from salon_pos.domain.sale_record import COURSE_LINE, MONEY_HELD_LINES, VOUCHER_LINE
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.standing import TAX_CLASS
from salon_pos.domain.validation import clean_text
from salon_pos.services.kernel.access import require_approval, require_hands_on, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import (
    get_booking,
    get_current_client,
    get_product,
    get_sale,
    get_service,
)
from salon_pos.services.kernel.standing import check_against_journal, check_priced
from salon_pos.services.views.sale import active_lines
from salon_pos.store.models import (
    BookedService,
    Course,
    CourseSession,
    ExpectationNote,
    Sale,
    SaleLine,
    SaleTender,
    SaleTip,
    VoucherUse,
)

MAX_QUANTITY = 999


def open_sale(salon: Salon, *, by: int, booking_id: int | None = None,
              client_id: int | None = None) -> int:
    """Open the ticket for a booking ready for checkout (its services become the lines at
    their quoted prices), or a walk-in sale. Opening twice returns the same open ticket."""
    with salon.writing():
        if booking_id is None:
            require_staff(salon, by)
            if client_id is not None:
                get_current_client(salon, client_id)
            return Sale.create(client=client_id, opened_by=by, opened_at=salon.now_stored()).id
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        existing = Sale.get_or_none(
            (Sale.booking == booking_id) & (Sale.status != SaleStatus.VOID))
        if existing is not None and existing.status == SaleStatus.OPEN:
            return existing.id
        if booking.status != BookingStatus.READY or existing is not None:
            raise InvalidTransition(
                f"Checkout opens once the service is finished; this booking is "
                f"{BookingStatus(booking.status).label}."
            )
        sale = Sale.create(booking=booking, client=booking.client_id, opened_by=by,
                           opened_at=salon.now_stored())
        for booked in BookedService.select().where(BookedService.booking == booking_id).order_by(
            BookedService.position
        ):
            tax = booked.service.tax_class
            check_against_journal(salon, TAX_CLASS, tax)  # the price was quoted at booking
            SaleLine.create(
                sale=sale, category="service", service=booked.service_id, booked_service=booked,
                description=booked.name, stylist=booking.stylist_id, unit_price=booked.price_quoted,
                quoted_price=booked.price_quoted, tax_rate_bp=tax.rate_bp, tax_name=tax.name,
            )
        return sale.id


def open_ticket(salon: Salon, sale_id: int, by: int) -> Sale:
    """A sale that can still change, and a person who may change it (a stylist only their
    own clients' tickets)."""
    sale = get_sale(salon, sale_id)
    if sale.booking_id is not None:
        require_hands_on(salon, by, sale.booking.stylist_id)
    else:
        require_staff(salon, by)
    if sale.status != SaleStatus.OPEN:
        raise InvalidTransition("This sale is closed; a closed sale is never changed.")
    return sale


def _line(sale_id: int, line_id: int) -> SaleLine:
    line = SaleLine.get_or_none((SaleLine.id == line_id) & (SaleLine.sale == sale_id))
    if line is None or line.removed:
        raise NotFound("That line is not on this sale.")
    return line


def _priced_line(salon: Salon, sale_id: int, line_id: int) -> SaleLine:
    """A line whose price may change: a gift voucher's value is money, not a price."""
    line = _line(sale_id, line_id)
    if line.category == VOUCHER_LINE:
        raise InvalidInput("A gift voucher's value does not change: take the line off and "
                           "sell the voucher again at the value wanted.")
    paid_by = paid_at_its_value(salon, line.id)
    if paid_by:
        raise InvalidInput(f"A {paid_by} pays this line at its value: take the {paid_by} off "
                           "first to change it.")
    return line


def paid_at_its_value(salon: Salon, line_id: int) -> str:
    """What pays the line at the value it was bought at — "course session" or "gift
    voucher" (for this one service) — or "": its price is not changed while one does."""
    if CourseSession.select().where(CourseSession.sale_line == line_id).exists():
        return "course session"
    if VoucherUse.select().where(VoucherUse.sale_line == line_id).exists():
        return "gift voucher"
    return ""


def _stylist(salon: Salon, stylist_id: int | None) -> int | None:
    if stylist_id is None:
        return None
    return require_staff(salon, stylist_id).id


def add_service_line(salon: Salon, sale_id: int, service_id: int, *, by: int,
                     stylist_id: int | None = None) -> int:
    with salon.writing():
        open_ticket(salon, sale_id, by)
        service = get_service(salon, service_id)
        check_priced(salon, service)
        tax = service.tax_class
        return SaleLine.create(
            sale=sale_id, category="service", service=service, description=service.name,
            stylist=_stylist(salon, stylist_id), unit_price=service.price,
            quoted_price=service.price,
            tax_rate_bp=tax.rate_bp, tax_name=tax.name,
        ).id


def add_product_line(salon: Salon, sale_id: int, product_id: int, *, by: int,
                     quantity: int = 1, stylist_id: int | None = None) -> int:
    _check_quantity(quantity)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        product = get_product(salon, product_id)
        if not product.active:
            raise InvalidInput(f"{product.name} is no longer sold.")
        check_priced(salon, product)
        tax = product.tax_class
        return SaleLine.create(
            sale=sale_id, category="retail", product=product, description=product.name,
            stylist=_stylist(salon, stylist_id), quantity=quantity, unit_price=product.price,
            quoted_price=product.price, tax_rate_bp=tax.rate_bp, tax_name=tax.name,
        ).id


def _check_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= (
        MAX_QUANTITY
    ):
        raise InvalidInput(f"The quantity is a whole number from 1 to {MAX_QUANTITY}.")


def _agreed_note(line: SaleLine) -> ExpectationNote | None:
    """The acknowledged note whose price range covers this line: the note for its service,
    else a note for the whole booking."""
    if line.booked_service_id is None:
        return None
    notes = ExpectationNote.select().where(
        (ExpectationNote.booking == line.booked_service.booking_id)
        & ((ExpectationNote.booked_service == line.booked_service_id)
           | ExpectationNote.booked_service.is_null())
        & ExpectationNote.acknowledged_at.is_null(False)
    ).order_by(ExpectationNote.booked_service.is_null(), ExpectationNote.id.desc())
    return notes.first()


def _needs_manager(salon: Salon, line: SaleLine, *, unit_price: int, quantity: int,
                   discount: int) -> bool:
    """Whether a change takes the line past what the stylist may decide alone: its value
    (price × quantity − discount) below the agreed range less the discount threshold, or
    raised above the range. A booking-wide note's range is for all its services together;
    without a note the range is the quoted price."""
    note = _agreed_note(line)
    before = line.unit_price * line.quantity - line.discount
    after = unit_price * quantity - discount
    if note is None:
        quoted = line.quoted_price if line.quoted_price is not None else line.unit_price
        low = high = quoted * quantity
    else:
        low, high = note.price_min, note.price_max
        if note.booked_service_id is None:
            others = SaleLine.select().where(
                (SaleLine.sale == line.sale_id) & SaleLine.booked_service.is_null(False)
                & ~SaleLine.removed & (SaleLine.id != line.id))
            rest = sum(o.unit_price * o.quantity - o.discount for o in others)
            before, after = before + rest, after + rest
    floor = low - percent_of(low, salon.settings().discount_threshold_bp)
    return after < floor or (after > high and after > before)


def change_line(
    salon: Salon, sale_id: int, line_id: int, *, by: int, reason: str,
    unit_price: int | None = None, quantity: int | None = None, approved_by: int | None = None,
) -> None:
    """Change what was performed or its price. A price outside the agreed range, or a cut
    beyond the discount threshold, needs a manager."""
    reason = clean_text(reason, "reason for the change", required=True)
    if unit_price is not None:
        check_amount(unit_price, "price", allow_zero=True)
    if quantity is not None:
        _check_quantity(quantity)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        line = _priced_line(salon, sale_id, line_id)
        price = line.unit_price if unit_price is None else unit_price
        count = line.quantity if quantity is None else quantity
        if line.category == COURSE_LINE and count != 1:
            raise InvalidInput("A course is sold one at a time: add another for a second.")
        if line.discount > price * count:
            raise InvalidInput("The line's discount would be more than its new price.")
        fields = {"change_reason": reason, "unit_price": price, "quantity": count}
        if _needs_manager(salon, line, unit_price=price, quantity=count, discount=line.discount):
            fields["approved_by"] = require_approval(salon, approved_by,
                                                     "A price outside the agreed range")
        SaleLine.update(fields).where(SaleLine.id == line_id).execute()


def remove_line(salon: Salon, sale_id: int, line_id: int, *, by: int, reason: str) -> None:
    """Take a line off (a service not performed); the line stays on record with the reason."""
    reason = clean_text(reason, "reason for removing the line", required=True)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        _line(sale_id, line_id)
        session = CourseSession.get_or_none(CourseSession.sale_line == line_id)
        if session is not None:
            release_course_session(salon, session)
        use = VoucherUse.get_or_none(VoucherUse.sale_line == line_id)
        if use is not None:
            release_voucher_use(salon, use)
        Course.delete().where(Course.sale_line == line_id).execute()  # a course not sold
        SaleLine.update(removed=True, change_reason=reason).where(SaleLine.id == line_id).execute()


def release_course_session(salon: Salon, session: CourseSession) -> None:
    """Take a course session off an open ticket: its payment goes, its line is charged at
    the quoted price again, and the session stays on the course."""
    line = SaleLine.get_by_id(session.sale_line_id)
    CourseSession.delete().where(CourseSession.id == session.id).execute()
    SaleTender.delete().where(SaleTender.id == session.tender_id).execute()
    price = line.quoted_price if line.quoted_price is not None else line.unit_price
    SaleLine.update(unit_price=price, change_reason="").where(SaleLine.id == line.id).execute()


def release_voucher_use(salon: Salon, use: VoucherUse) -> None:
    """Take a single-purpose voucher's payment off an open ticket: its line is charged at
    its quoted price and its service's tax again, and the voucher stays whole."""
    line = SaleLine.get_by_id(use.sale_line_id)
    VoucherUse.delete().where(VoucherUse.id == use.id).execute()
    SaleTender.delete().where(SaleTender.id == use.tender_id).execute()
    tax = get_service(salon, line.service_id).tax_class
    price = line.quoted_price if line.quoted_price is not None else line.unit_price
    SaleLine.update(unit_price=price, tax_rate_bp=tax.rate_bp, tax_name=tax.name,
                    change_reason="").where(SaleLine.id == line.id).execute()


def discount_line(
    salon: Salon, sale_id: int, line_id: int, *, by: int, reason: str,
    amount: int | None = None, percent_bp: int | None = None, approved_by: int | None = None,
) -> int:
    """Discount one line by an amount or a percentage; returns the discount in minor units.
    Beyond the salon's threshold a manager approves. Amount 0 removes the discount."""
    reason = clean_text(reason, "reason for the discount", required=True)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        line = _priced_line(salon, sale_id, line_id)
        _apply_discount(salon, line, reason, amount, percent_bp, approved_by)
        return SaleLine.get_by_id(line_id).discount


def discount_sale(salon: Salon, sale_id: int, *, by: int, reason: str, percent_bp: int,
                  approved_by: int | None = None) -> None:
    """The same percentage off every line (e.g. a satisfaction adjustment)."""
    reason = clean_text(reason, "reason for the discount", required=True)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        paid_by_sessions = {session.sale_line_id for session in CourseSession.select().where(
            CourseSession.sale == sale_id)} | {use.sale_line_id for use in VoucherUse.select()
                                               .where(VoucherUse.sale == sale_id)}
        lines = [line for line in active_lines(salon, sale_id)
                 if line.category not in MONEY_HELD_LINES and line.id not in paid_by_sessions]
        if not lines:
            raise InvalidInput("There is nothing on the sale to discount.")
        for line in lines:
            _apply_discount(salon, line, reason, None, percent_bp, approved_by)


def _apply_discount(salon, line, reason, amount, percent_bp, approved_by) -> None:
    base = line.quantity * line.unit_price
    if (amount is None) == (percent_bp is None):
        raise InvalidInput("Give the discount as an amount or as a percentage.")
    if percent_bp is not None:
        if isinstance(percent_bp, bool) or not isinstance(percent_bp, int) or not (
            0 <= percent_bp <= 10_000
        ):
            raise InvalidInput("A discount is between 0 % and 100 %.")
        amount = percent_of(base, percent_bp)
    check_amount(amount, "discount", allow_zero=True)
    if amount > base:
        raise InvalidInput("The discount is more than the line's price.")
    fields = {"discount": amount, "discount_reason": reason if amount else ""}
    if _needs_manager(salon, line, unit_price=line.unit_price, quantity=line.quantity,
                      discount=amount):
        fields["approved_by"] = require_approval(salon, approved_by, "A discount this large")
    SaleLine.update(fields).where(SaleLine.id == line.id).execute()


def set_tip(salon: Salon, sale_id: int, stylist_id: int, amount: int, *, by: int) -> None:
    """The tip for one stylist on this sale (0 removes it)."""
    check_amount(amount, "tip", allow_zero=True)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        stylist = require_staff(salon, stylist_id)
        SaleTip.delete().where((SaleTip.sale == sale_id) & (SaleTip.stylist == stylist)).execute()
        if amount:
            SaleTip.create(sale=sale_id, stylist=stylist, amount=amount)


def record_signoff(
    salon: Salon, sale_id: int, *, by: int, matches: bool, differences: str = "",
    action: str = "",
) -> None:
    """The client's word on the result: it matches what was agreed, or what differs and
    what was done about it."""
    differences = clean_text(differences, "difference from the agreement", required=not matches)
    action = clean_text(action, "action taken")
    with salon.writing():
        open_ticket(salon, sale_id, by)
        Sale.update(
            signoff_matches=bool(matches), signoff_differences=differences,
            signoff_action=action, signoff_by=by, signoff_at=salon.now_stored(),
        ).where(Sale.id == sale_id).execute()


def void_sale(salon: Salon, sale_id: int, *, by: int, reason: str) -> None:
    """Abandon an open ticket that took no payment (the booking stays ready for checkout)."""
    reason = clean_text(reason, "reason for voiding the sale", required=True)
    with salon.writing():
        open_ticket(salon, sale_id, by)
        if SaleTender.select().where(SaleTender.sale == sale_id).exists():
            raise InvalidInput(
                "Take the payments off first (and reverse any card payment on the terminal)."
            )
        Sale.update(status=SaleStatus.VOID, signoff_action=f"voided: {reason}").where(
            Sale.id == sale_id
        ).execute()
