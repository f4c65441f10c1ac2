"""Checkout after the service, in the order it happens: the open ticket (`ticket`), the
payments on it (`payments`; by gift voucher, and vouchers sold: `vouchers`; prepaid
courses sold and their sessions used: `courses`), and closing
the sale (`close`). The operations are named
here too, so a caller says `checkout.take_tender(...)`. What the screen shows of a sale
is its read model, `views.sale`; refunds come later (`operations.refunds`)."""

from salon_pos.services.operations.checkout.close import close_sale
from salon_pos.services.operations.checkout.courses import (
    add_course_from_note,
    add_course_line,
    stop_using_course_session,
    use_course_session,
)
from salon_pos.services.operations.checkout.payments import remove_tender, take_tender
from salon_pos.services.operations.checkout.ticket import (
    add_product_line,
    add_service_line,
    change_line,
    discount_line,
    discount_sale,
    open_sale,
    record_signoff,
    remove_line,
    set_tip,
    void_sale,
)
from salon_pos.services.operations.checkout.vouchers import add_voucher_line, pay_by_voucher

__all__ = [
    "add_course_from_note", "add_course_line", "add_product_line", "add_service_line",
    "add_voucher_line", "change_line", "close_sale", "discount_line", "discount_sale",
    "open_sale", "pay_by_voucher", "record_signoff", "remove_line", "remove_tender", "set_tip",
    "stop_using_course_session", "take_tender", "use_course_session", "void_sale",
]
