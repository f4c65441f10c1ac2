"""Book + take a deposit, and close a sale, on a scratch copy of the salon — each next to
its limit: the very same writes, replayed as one raw sqlite3 transaction on a twin copy.

Every statement that writes to the salon's copy is captured (SQLite's trace callback gives
it with its values in place); the preparation's writes are replayed on the twin untimed,
the timed operation's writes timed, so both files stay row for row the same.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from benchmarks.budgets.timing import Samples
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.localtime import local_to_utc
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import bookings, checkout, deposits
from salon_pos.services.views.sale import sale_view
from salon_pos.store.database import SQLITE_PRAGMAS
from salon_pos.store.models import Client, Product, Service, Staff

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriteRecorder:
    """The write statements sent on one sqlite3 connection since the last `take()`."""

    def __init__(self, connection: sqlite3.Connection):
        self.statements: list[str] = []
        connection.set_trace_callback(self._seen)

    def _seen(self, statement: str) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            self.statements.append(statement)

    def take(self) -> list[str]:
        taken, self.statements = self.statements, []
        return taken


class Twin:
    """The raw copy the captured writes are replayed on, with the app's pragmas."""

    def __init__(self, path: str):
        self.connection = sqlite3.connect(path, isolation_level=None)
        for name, value in SQLITE_PRAGMAS:
            self.connection.execute(f"PRAGMA {name}={value}")

    def replay(self, statements: list[str]) -> float:
        """Run them as one IMMEDIATE transaction; the milliseconds it took."""
        started = time.perf_counter()
        self.connection.execute("BEGIN IMMEDIATE")
        for statement in statements:
            self.connection.execute(statement)
        self.connection.execute("COMMIT")
        return (time.perf_counter() - started) * 1000


@dataclass
class Cast:
    """Who and what the write benchmarks use, found in the salon's own data."""

    desk: int
    stylists: list[int]
    client: int
    service: int  # takes a policy deposit
    service_minutes: int
    extra_service: int  # a second service line at checkout
    product: int

    @classmethod
    def of(cls) -> Cast:
        desk = Staff.select().where(Staff.active & (Staff.role == "front_desk")).first() or \
            Staff.select().where(Staff.active & (Staff.role == "manager")).first()
        stylists = [s.id for s in Staff.select().where(Staff.active & (Staff.role == "stylist"))
                    .order_by(Staff.id)]
        services = list(Service.select().where(Service.active & ~Service.needs_consultation)
                        .order_by(Service.price.desc()))
        deposit = next(s for s in services if s.deposit_rule != "never")
        extra = next(s for s in reversed(services) if s.id != deposit.id)
        product = Product.select().where(Product.active).order_by(Product.id).first()
        client = Client.select(Client.id).order_by(Client.id).first()
        return cls(desk.id, stylists, client.id, deposit.id, deposit.duration_min, extra.id,
                   product.id)


class Slots:
    """Free appointments on days no one has booked yet: each stylist's day filled from
    opening, one day after another."""

    def __init__(self, first_day: date, cast: Cast, tz, opens=clock_time(9), per_day=8):
        self.first_day, self.cast, self.tz, self.opens, self.per_day = (
            first_day, cast, tz, opens, per_day)
        self.taken = 0

    def next(self) -> tuple[int, datetime]:
        n, self.taken = self.taken, self.taken + 1
        stylist = self.cast.stylists[n % len(self.cast.stylists)]
        slot = n // len(self.cast.stylists)
        day = self.first_day + timedelta(days=slot // self.per_day)
        minutes = (slot % self.per_day) * max(self.cast.service_minutes, 60)
        at = (datetime.combine(day, self.opens) + timedelta(minutes=minutes)).time()
        return stylist, local_to_utc(day, at, self.tz)


def book_and_take_deposit(salon: Salon, clock: FixedClock, cast: Cast, slots: Slots,
                          recorder: WriteRecorder, twin: Twin, runs: int
                          ) -> tuple[Samples, Samples]:
    took, limit = [], []
    for _ in range(runs):
        stylist, start = slots.next()
        clock.set(start - timedelta(days=1))
        twin.replay(recorder.take())
        started = time.perf_counter()
        booking = bookings.book(salon, client_id=cast.client, stylist_id=stylist, start=start,
                                service_ids=[cast.service], by=cast.desk)
        deposits.take_deposit(salon, booking, by=cast.desk, method="card", reference="BENCH")
        took.append((time.perf_counter() - started) * 1000)
        limit.append(twin.replay(recorder.take()))
    return Samples(tuple(took)), Samples(tuple(limit))


def close_a_sale(salon: Salon, clock: FixedClock, cast: Cast, slots: Slots,
                 recorder: WriteRecorder, twin: Twin, runs: int) -> tuple[Samples, Samples]:
    """3 lines (the booked service, a second service, a product), the deposit applied, a
    tip, card and cash."""
    took, limit = [], []
    for n in range(runs):
        stylist, start = slots.next()
        clock.set(start - timedelta(days=1))
        booking = bookings.book(salon, client_id=cast.client, stylist_id=stylist, start=start,
                                service_ids=[cast.service], by=cast.desk)
        deposits.take_deposit(salon, booking, by=cast.desk, method="card", reference="BENCH")
        clock.set(start)
        for step in (bookings.check_in, bookings.start_service, bookings.finish_service):
            step(salon, booking, by=cast.desk)
        sale = checkout.open_sale(salon, by=cast.desk, booking_id=booking)
        checkout.add_service_line(salon, sale, cast.extra_service, by=cast.desk,
                                  stylist_id=stylist)
        checkout.add_product_line(salon, sale, cast.product, by=cast.desk)
        checkout.set_tip(salon, sale, stylist, 500, by=cast.desk)
        checkout.record_signoff(salon, sale, by=cast.desk, matches=True)
        remaining = sale_view(salon, sale).remaining
        checkout.take_tender(salon, sale, by=cast.desk, method="card", amount=remaining // 2,
                             reference="BENCH")
        checkout.take_tender(salon, sale, by=cast.desk, method="cash",
                             amount=remaining - remaining // 2)
        twin.replay(recorder.take())
        started = time.perf_counter()
        checkout.close_sale(salon, sale, by=cast.desk, key=f"bench-close-{n}-{sale}")
        took.append((time.perf_counter() - started) * 1000)
        limit.append(twin.replay(recorder.take()))
    return Samples(tuple(took)), Samples(tuple(limit))
