"""The cash drawer: opening float, cash paid in and out, and the count against what the
journal says should be there."""

from __future__ import annotations

from datetime import date

import peewee as pw

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import DRAWER, Entry, Kind, balance_effects
from salon_pos.domain.money import check_amount
from salon_pos.domain.validation import clean_text
from salon_pos.services import ledger
from salon_pos.services.context import Salon
from salon_pos.services.staff import require_manager, require_staff
from salon_pos.store.models import JournalEntry


def open_drawer(salon: Salon, float_amount: int, *, by: int) -> None:
    check_amount(float_amount, "float", allow_zero=True)
    with salon.writing():
        require_staff(by)
        day = ledger.business_day(salon)
        if _opened(day):
            raise InvalidInput(f"The drawer was already opened for {day:%a %d %b}.")
        ledger.post(salon, Kind.DRAWER_FLOAT, float_amount, method="cash", staff_id=by)


def paid_in(salon: Salon, amount: int, *, by: int, reason: str) -> None:
    reason = clean_text(reason, "reason", required=True)
    check_amount(amount, "amount")
    with salon.writing():
        require_staff(by)
        ledger.post(salon, Kind.PAID_IN, amount, method="cash", staff_id=by, memo=reason)


def paid_out(salon: Salon, amount: int, *, by: int, reason: str,
             approved_by: int | None = None) -> None:
    """Cash taken out of the drawer (supplies, a tip paid out): a manager approves."""
    reason = clean_text(reason, "reason", required=True)
    check_amount(amount, "amount")
    with salon.writing():
        require_staff(by)
        require_manager(approved_by)
        day = ledger.business_day(salon)
        in_drawer = expected_cash(day)
        if amount > in_drawer:
            hint = "" if _opened(day) else " (it has not been opened with its float yet)"
            raise InvalidInput(f"The drawer for {day:%a %d %b} should hold only "
                               f"{salon.settings().money(in_drawer)}{hint}.")
        ledger.post(salon, Kind.PAID_OUT, amount, method="cash", staff_id=by,
                    approved_by_id=approved_by, memo=reason)


def _opened(day: date) -> bool:
    return JournalEntry.select().where(
        (JournalEntry.business_day == day) & (JournalEntry.kind == Kind.DRAWER_FLOAT)
    ).exists()


def expected_cash(day: date) -> int:
    """Float + cash in − cash out for a business day, from the journal."""
    rows = (
        JournalEntry.select(JournalEntry.kind, JournalEntry.method,
                            pw.fn.SUM(JournalEntry.amount).alias("amount"))
        .where(JournalEntry.business_day == day)
        .group_by(JournalEntry.kind, JournalEntry.method)
        .tuples()
    )
    total = 0
    for kind, method, amount in rows:
        entry = Entry(seq=0, at=None, business_day=day, kind=kind, amount=int(amount),
                      method=method)
        total += sum(delta for balance, _key, delta in balance_effects(entry) if balance == DRAWER)
    return total


def count_drawer(salon: Salon, counted: int, *, by: int) -> dict:
    """Record the cash counted; the difference with what is expected is reported."""
    check_amount(counted, "amount counted", allow_zero=True)
    with salon.writing():
        require_staff(by)
        expected = expected_cash(ledger.business_day(salon))
        ledger.post(salon, Kind.DRAWER_COUNT, counted, method="cash", staff_id=by,
                    memo=f"expected {expected}")
        return {"expected": expected, "counted": counted, "difference": counted - expected}
