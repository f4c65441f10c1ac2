"""Gift vouchers held: every voucher with money on it (the salon owes it to the bearer),
the soonest to expire first, expired ones marked; and taking what expired vouchers hold
into income, a manager's act recorded in the journal."""

from __future__ import annotations

from salon_pos.services.operations.vouchers import take_expired_into_income
from salon_pos.services.views.vouchers import vouchers_held
from salon_pos.ui.pages.held_page import HeldPage


class VouchersPage(HeldPage):
    title = "Gift vouchers held"
    hint = ("Money on vouchers belongs to whoever holds them until it is spent or the voucher "
            "expires. A client asking what is left: Voucher balance… in the toolbar.")
    headers = ("Voucher", "Code ends", "For", "Sold", "Receipt", "Valid until", "Value", "Left",
               "")
    right_aligned = (0, 4, 6, 7)
    stretch = 8
    plural = "vouchers"

    def load(self):
        money = self.session.salon.settings().money
        held = vouchers_held(self.session.salon)
        rows = [(str(v.number), v.shown_code, v.for_service or "anything",
                 f"{v.issued_on:%d %b %Y}", str(v.receipt_no or ""),
                 f"{v.expires_on:%d %b %Y}", money(v.amount), money(v.balance),
                 "expired" if v.expired else "") for v in held.vouchers]
        count = len(held.vouchers)
        return rows, (f"{money(held.total)} held on {count} "
                      f"{'voucher' if count == 1 else 'vouchers'}; "
                      f"{money(held.expired_total)} of it on expired ones."), held.expired_total

    def take_into_income(self, approver: int) -> dict:
        return take_expired_into_income(self.session.salon, by=self.session.staff_id,
                                        approved_by=approver)
