"""The cash drawer: opening float, cash paid in and out, and the count against what the
journal says should be there."""

from __future__ import annotations

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind
from salon_pos.domain.money import check_amount
from salon_pos.domain.validation import clean_text
from salon_pos.domain.ways_to_pay import CASH
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.balances import drawer_opened, expected_cash
from salon_pos.services.kernel.context import Salon


def open_drawer(salon: Salon, float_amount: int, *, by: int) -> None:
    check_amount(float_amount, "float", allow_zero=True)
    with salon.writing():
        require_staff(salon, by)
        day = ledger.business_day(salon)
        if drawer_opened(salon, day):
            raise InvalidInput(f"The drawer was already opened for {day:%a %d %b}.")
        ledger.post(salon, Kind.DRAWER_FLOAT, float_amount, method=CASH.code, staff_id=by)


def paid_in(salon: Salon, amount: int, *, by: int, reason: str) -> None:
    reason = clean_text(reason, "reason for the cash paid in", required=True)
    check_amount(amount, "amount")
    with salon.writing():
        require_staff(salon, by)
        ledger.post(salon, Kind.PAID_IN, amount, method=CASH.code, staff_id=by, memo=reason)


def paid_out(salon: Salon, amount: int, *, by: int, reason: str,
             approved_by: int | None = None) -> None:
    """Cash taken out of the drawer (supplies, a tip paid out): a manager approves."""
    reason = clean_text(reason, "reason for the cash paid out", required=True)
    check_amount(amount, "amount")
    with salon.writing():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        day = ledger.business_day(salon)
        in_drawer = expected_cash(salon, day)
        if amount > in_drawer:
            hint = ("" if drawer_opened(salon, day)
                    else " (it has not been opened with its float yet)")
            raise InvalidInput(f"The drawer for {day:%a %d %b} should hold only "
                               f"{salon.settings().money(in_drawer)}{hint}.")
        ledger.post(salon, Kind.PAID_OUT, amount, method=CASH.code, staff_id=by,
                    approved_by_id=approved_by, memo=reason)


def count_drawer(salon: Salon, counted: int, *, by: int) -> dict:
    """Record the cash counted; the difference with what is expected is reported."""
    check_amount(counted, "amount counted", allow_zero=True)
    with salon.writing():
        require_staff(salon, by)
        expected = expected_cash(salon, ledger.business_day(salon))
        ledger.post(salon, Kind.DRAWER_COUNT, counted, method=CASH.code, staff_id=by,
                    memo=f"expected {expected}")
        return {"expected": expected, "counted": counted, "difference": counted - expected}
