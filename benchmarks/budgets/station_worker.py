"""One station: a process of its own that opens the salon as the app does and works the busy
day's mix through the real services, back to back, with no time spent thinking.

Its plan, drawn from its own seed (the same for station 3 whether 4 or 8 are running):
- every visit on its stylists' book today, in time order: check in, start, finish, open
  the sale, now and then a product, a tip, the client's sign-off, the payment (card, cash
  with change, or both) and the close; then the day book is read again, as the desk sees it;
- between them, phone bookings for the coming days (a quarter with the stylists every
  station books), each checked for clashes; when one is refused for a clash the desk
  tries another time, up to three; the deposit due taken (nine times in ten), and the
  day book of that day read;
- now and then a cancellation of one of its own bookings, its deposit refunded.

Every service call is one operation, timed; the outcome is ok, a clash (the booking
clashed with one really there), or a failure (anything else — "database is busy",
serialization, a bug — which must not happen). Each write's time is split into waiting
for the write lock (PostgreSQL's advisory lock, SQLite's BEGIN IMMEDIATE), holding it
until the commit, the commit itself, and the journal appends (`ledger.post`).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.budgets.station_salon import FIRST_VISIT, PIN_COST, ZONE, Cast
from salon_pos.domain.errors import Clash, DomainError
from salon_pos.domain.localtime import local_to_utc, to_utc_naive
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.context import Salon
from salon_pos.services.opening import SalonLocation, close_salon, open_salon
from salon_pos.services.operations import bookings, checkout, deposits
from salon_pos.services.views.day_book import day_book
from salon_pos.services.views.sale import sale_view
from salon_pos.store.models import Booking

READS = ("day book", "sale view")  # what a station reads; every other kind writes
OWN_SHARE = 0.75  # of phone bookings, with the station's own stylists
DAYS_AHEAD = 5
SLOTS = 37  # quarter hours from 08:00 a booking may start at (the last 17:00)
TRIES = 3  # times a desk looks for another slot after a clash
CANCEL_SHARE = 0.15  # of phone bookings, later cancelled


class RunningClock:
    """The salon's clock on the busy day: `start` at wall time `since`, then moving with
    the wall clock (the same instant on every station)."""

    def __init__(self, start: datetime, since: float):
        self.start, self.since = start, since

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.time() - self.since)


class Instruments:
    """Where an operation's time goes: waiting for the write lock, holding it (from getting
    it to the commit returning), the commit, the journal appends, the statements sent (how
    many, and the time in the driver and the server — on SQLite only until the first row,
    the rest is read as the rows are), and peewee building their SQL from the queries."""

    LOCK_SQL = "SELECT pg_advisory_xact_lock"

    def __init__(self, salon: Salon):
        self.reset()
        database = salon.database
        self._acquired: float | None = None
        execute_sql, postgres = database.execute_sql, salon.on_postgres

        def timed_execute(sql, *args, **kwargs):
            if postgres and sql.startswith(self.LOCK_SQL):
                return self._waiting(execute_sql, sql, *args, **kwargs)
            started = time.perf_counter()
            try:
                return execute_sql(sql, *args, **kwargs)
            finally:
                self.statements += 1
                self.in_database += time.perf_counter() - started

        database.execute_sql = timed_execute
        execute = database.execute

        def timed_build(query, **options):
            started, sent = time.perf_counter(), self.in_database
            try:
                return execute(query, **options)
            finally:  # all but the statement's own time: the SQL built
                self.building += time.perf_counter() - started - (self.in_database - sent)

        database.execute = timed_build
        if not postgres:
            begin = database.begin
            database.begin = lambda *args, **kwargs: self._waiting(begin, *args, **kwargs)
        commit, rollback = database.commit, database.rollback

        def timed_commit(*args, **kwargs):
            started = time.perf_counter()
            try:
                return commit(*args, **kwargs)
            finally:
                self.commit += time.perf_counter() - started
                self._released()

        def timed_rollback(*args, **kwargs):
            try:
                return rollback(*args, **kwargs)
            finally:
                self._released()

        database.commit, database.rollback = timed_commit, timed_rollback
        post = ledger.post

        def timed_post(*args, **kwargs):
            started = time.perf_counter()
            try:
                return post(*args, **kwargs)
            finally:
                self.post += time.perf_counter() - started
                self.posts += 1

        for module in list(sys.modules.values()):  # those that imported it by name too
            if module and module.__name__.startswith("salon_pos") and \
                    getattr(module, "post", None) is post:
                module.post = timed_post

    def reset(self) -> None:
        self.wait = self.held = self.commit = self.post = self.in_database = 0.0
        self.building = 0.0
        self.posts = self.statements = 0

    def _waiting(self, call, *args, **kwargs):
        started = time.perf_counter()
        result = call(*args, **kwargs)
        self._acquired = time.perf_counter()
        self.wait += self._acquired - started
        return result

    def _released(self) -> None:
        if self._acquired is not None:
            self.held += time.perf_counter() - self._acquired
            self._acquired = None

    def figures(self) -> tuple:
        """(wait ms, held ms, commit ms, journal ms, journal entries, statements,
        statements' ms, building ms) — as FIGURES names them."""
        return (self.wait * 1000, self.held * 1000, self.commit * 1000, self.post * 1000,
                self.posts, self.statements, self.in_database * 1000, self.building * 1000)


# An operation as reported: its kind, milliseconds and outcome, then Instruments.figures().
FIGURES = ("kind", "ms", "outcome", "wait_ms", "held_ms", "commit_ms", "journal_ms",
           "journal_entries", "statements", "statements_ms", "building_ms")


class Station:
    def __init__(self, salon: Salon, cast: Cast, number: int, seed: int):
        self.salon, self.cast, self.number = salon, cast, number
        self.desk = cast.desks[number]
        self.rng = random.Random(f"{seed}-{number}")
        self.instruments = Instruments(salon)
        # (kind, ms, outcome, *Instruments.figures()): FIGURES
        self.ops: list[tuple] = []
        self.failures: list[tuple[str, str]] = []
        self.clashes: list[tuple[int, str, str]] = []  # (stylist, begin, end) refused
        self.book_and_deposit: list[float] = []  # ms, for a booking whose deposit was taken
        self.booked: list[int] = []  # its phone bookings still to come, to cancel from
        self.took, self.outcome = 0.0, "ok"  # of the last operation

    def op(self, kind: str, action):
        """Run one operation, timed: what it returned (`self.outcome` says how it went)."""
        self.instruments.reset()
        started = time.perf_counter()
        outcome, result = "ok", None
        try:
            result = action()
        except Clash:
            outcome = "clash"
        except DomainError as error:  # a StorageFailure ("database is busy") among them
            outcome = "failed"
            self.failures.append((kind, error.message))
        except Exception as error:  # noqa: BLE001 — counted and reported, never hidden
            outcome = "failed"
            self.failures.append((kind, repr(error)))
        self.took = (time.perf_counter() - started) * 1000
        self.outcome = outcome
        self.ops.append((kind, self.took, outcome, *self.instruments.figures()))
        return result

    # --- the plan ------------------------------------------------------------------------

    def plan(self, checkouts: int, phone_bookings: int) -> list[tuple[str, object]]:
        visits = [("checkout", visit) for visit in self.cast.today[self.number][:checkouts]]
        calls = [("book", None)] * phone_bookings
        merged = []
        while visits or calls:
            take_visit = self.rng.random() < len(visits) / (len(visits) + len(calls))
            merged.append((visits if take_visit else calls).pop(0))
        tasks = list(merged)
        for position, (kind, _target) in reversed(list(enumerate(merged))):
            if kind == "book" and self.rng.random() < CANCEL_SHARE:
                tasks.insert(self.rng.randint(position + 1, len(tasks)), ("cancel", None))
        return tasks

    def run(self, tasks) -> None:
        for kind, target in tasks:
            {"checkout": self.check_out, "book": self.phone_booking,
             "cancel": self.cancel}[kind](target)

    # --- what a desk does ------------------------------------------------------------------

    def phone_booking(self, _target=None) -> None:
        rng, cast = self.rng, self.cast
        own = rng.random() < OWN_SHARE
        stylist = rng.choice(cast.own[self.number] if own else cast.shared)
        service_ids, minutes, _weight = rng.choices(cast.visits, [v[2] for v in cast.visits])[0]
        client = rng.choice(cast.clients)
        day = cast.day + timedelta(days=rng.randint(1, DAYS_AHEAD))
        for _ in range(TRIES):
            at = datetime.combine(day, FIRST_VISIT) + timedelta(minutes=15 * rng.randrange(SLOTS))
            start = local_to_utc(day, at.time(), ZONE)
            booking = self.op("book", lambda start=start: bookings.book(
                self.salon, client_id=client, stylist_id=stylist, start=start,
                service_ids=service_ids, by=self.desk))
            if self.outcome != "clash":
                break
            begin = to_utc_naive(start)
            self.clashes.append((stylist, begin.isoformat(),
                                 (begin + timedelta(minutes=minutes)).isoformat()))
        if self.outcome != "ok":
            return
        took = self.took
        self.booked.append(booking)
        if Booking.get_by_id(booking).deposit_due and rng.random() < 0.9:
            card = rng.random() < 0.75
            self.op("deposit", lambda: deposits.take_deposit(
                self.salon, booking, by=self.desk, method="card" if card else "cash",
                reference=f"D{self.number}-{booking}" if card else ""))
            if self.outcome == "ok":
                self.book_and_deposit.append(took + self.took)
        self.op("day book", lambda: day_book(self.salon, day))

    def cancel(self, _target=None) -> None:
        if not self.booked:
            return
        booking = self.booked.pop(self.rng.randrange(len(self.booked)))
        self.op("cancel", lambda: bookings.cancel(self.salon, booking, by=self.desk))

    def check_out(self, visit: tuple[int, int]) -> None:
        booking, stylist = visit
        salon, desk, rng = self.salon, self.desk, self.rng
        for kind, step in (("check in", bookings.check_in), ("start", bookings.start_service),
                           ("finish", bookings.finish_service)):
            self.op(kind, lambda step=step: step(salon, booking, by=desk))
            if self.outcome != "ok":
                return
        sale = self.op("open sale", lambda: checkout.open_sale(salon, by=desk,
                                                               booking_id=booking))
        if self.outcome != "ok":
            return
        if rng.random() < 0.3:
            self.op("add product", lambda: checkout.add_product_line(
                salon, sale, self.cast.product, by=desk))
        if rng.random() < 0.6:
            tip = 100 * rng.randint(2, 10)
            self.op("tip", lambda: checkout.set_tip(salon, sale, stylist, tip, by=desk))
        self.op("sign-off", lambda: checkout.record_signoff(salon, sale, by=desk, matches=True))
        view = self.op("sale view", lambda: sale_view(salon, sale))
        if view is not None and view.remaining > 0:
            way = rng.random()
            if way < 0.5:
                self.pay(sale, "card", view.remaining)
            elif way < 0.8:  # a note or two: change given
                self.pay(sale, "cash", -(-view.cash_to_pay // 1000) * 1000)
            else:
                self.pay(sale, "card", view.remaining // 2)
                after = self.op("sale view", lambda: sale_view(salon, sale))
                if after is not None and after.cash_to_pay > 0:
                    self.pay(sale, "cash", after.cash_to_pay)
        self.op("close sale", lambda: checkout.close_sale(
            salon, sale, by=desk, key=f"station-{self.number}-close-{sale}"))
        self.op("day book", lambda: day_book(salon, self.cast.day))

    def pay(self, sale: int, method: str, amount: int) -> None:
        self.op("tender", lambda: checkout.take_tender(
            self.salon, sale, by=self.desk, method=method, amount=amount,
            reference=f"T{self.number}-{sale}" if method == "card" else ""))


def station(target: str, data_dir: str, cast: Cast, number: int, checkouts: int,
            phone_bookings: int, seed: int, since: float, barrier, results) -> None:
    """A station's process: open the salon, wait for the others, work the plan, report."""
    salon = open_salon(SalonLocation(target, Path(data_dir)),
                       RunningClock(cast.day_start(), since), pin_cost=PIN_COST)
    desk = Station(salon, cast, number, seed)
    tasks = desk.plan(checkouts, phone_bookings)
    barrier.wait()
    started, cpu = time.time(), time.process_time()
    desk.run(tasks)
    ended = time.time()
    results.put({"station": number, "started": started, "ended": ended,
                 "cpu_s": time.process_time() - cpu, "ops": desk.ops,
                 "failures": desk.failures, "clashes": desk.clashes,
                 "book_and_deposit": desk.book_and_deposit})
    close_salon()
