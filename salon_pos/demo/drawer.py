"""The cash drawer and the day's close in bulk, as `operations.cash_drawer`,
`house_accounts` and `day_close` do them: the morning's float, a house account paid, cash
paid out, the drawer counted against what the journal says it holds, and the day closed —
its Z report worked out by the app's own `day_report` from the rows and entries just
written, frozen and sealed into the journal."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from salon_pos.demo.writer import Writer
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.ways_to_pay import CASH
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.views.day_report import day_report
from salon_pos.store.models import BusinessDay


class Drawer:
    def __init__(self, writer: Writer):
        self.writer = writer

    def open(self, at: datetime, amount: int, by: int) -> None:
        """`cash_drawer.open_drawer`: the float."""
        self.writer.post(at, Kind.DRAWER_FLOAT, amount, method=CASH.code, staff_id=by)

    def house_payment(self, client: int, amount: int, at: datetime, by: int, method: str,
                      reference: str) -> None:
        """`house_accounts.take_house_payment`."""
        self.writer.post(at, Kind.HOUSE_PAYMENT, amount, method=method, reference=reference,
                         client_id=client, staff_id=by)

    def expected(self, day: date) -> int:
        """What the drawer should hold (`balances.expected_cash`, from the journal)."""
        self.writer.flush()
        return expected_cash(self.writer.salon, day)

    def paid_out(self, at: datetime, amount: int, by: int, approved_by: int,
                 reason: str) -> bool:
        """`cash_drawer.paid_out`, when the drawer holds that much."""
        if amount > self.expected(self.writer.day_of(at)):
            return False
        self.writer.post(at, Kind.PAID_OUT, amount, method=CASH.code, staff_id=by,
                         approved_by_id=approved_by, memo=reason)
        return True

    def count(self, at: datetime, counted: int, by: int, expected: int) -> None:
        """`cash_drawer.count_drawer`."""
        self.writer.post(at, Kind.DRAWER_COUNT, counted, method=CASH.code, staff_id=by,
                         memo=f"expected {expected}")

    def close(self, day: date, at: datetime, by: int) -> None:
        """`day_close.close_day`: the Z report frozen as the app works it out, sealed by a
        journal entry before the day is marked closed."""
        self.writer.flush()
        report = day_report(self.writer.salon, day)
        report.closed = True
        snapshot = json.dumps(report.as_dict())  # in report order; the seal hashes this text
        self.writer.post(at, Kind.DAY_CLOSED, 0, staff_id=by,
                         memo=f"{day.isoformat()} {hashlib.sha256(snapshot.encode()).hexdigest()}")
        self.writer.add(BusinessDay, day=day, closed_at=to_utc_naive(at), closed_by=by,
                        z_report=snapshot)
        self.writer.close_day(day)
