"""Build the five-year salon: set up through the services, then play day after day, each
day written in one transaction and closed through the real day close.

SQLite is tuned for the build (no fsync, a big page cache) on the building connection
only; the file stays in WAL mode and every later connection gets the app's own pragmas.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import peewee as pw

from benchmarks.five_years import salon as salon_def
from benchmarks.five_years.evening import Evening
from benchmarks.five_years.people import SHARE_AT_START, People
from benchmarks.five_years.plan import LEAD_MAX_DAYS, Planner
from benchmarks.five_years.player import Player
from salon_pos.demo.bulk import Balances, Journal, Table
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.localtime import local_to_utc, to_utc_naive, zone
from salon_pos.services.kernel.context import DEFAULT_PIN_COST
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.store.database import close_database
from salon_pos.store.models import (
    ALL_MODELS,
    BookedService,
    Booking,
    Client,
    ExpectationNote,
    Sale,
    SaleLine,
    SaleTender,
    SaleTip,
)

DEFAULT_END = date(2026, 11, 24)  # fixed, so that a seed always gives the same journal
BUILD_PRAGMAS = (("synchronous", "OFF"), ("cache_size", -256_000), ("temp_store", "MEMORY"))
# Written in this order: a row's parents first (the foreign keys stay on).
BULK_MODELS = (Booking, BookedService, ExpectationNote, Sale, SaleLine, SaleTip, SaleTender)


@dataclass(frozen=True)
class Options:
    out: Path
    seed: int = 1
    years: int = 5
    days: int | None = None  # a shorter history, in days (for quick builds and tests)
    stylists: int = 12
    clients: int = 60_000
    end: date = DEFAULT_END
    pin_cost: int = DEFAULT_PIN_COST


def first_open_day(day: date) -> date:
    while salon_def.hours(day) is None:
        day += timedelta(days=1)
    return day


def history_start(end: date, years: int, days: int | None = None) -> date:
    if days is not None:
        return first_open_day(end - timedelta(days=days - 1))
    try:
        start = end.replace(year=end.year - years)
    except ValueError:  # 29 February
        start = end.replace(year=end.year - years, day=28)
    return first_open_day(start + timedelta(days=1))


def build(options: Options, say: Callable[[str], None] = print) -> dict[str, int]:
    """Build the database at `options.out` (which must not exist); returns row counts."""
    if options.out.exists():
        raise FileExistsError(f"{options.out} already exists: build into a new file.")
    started = timer.perf_counter()
    first, end = history_start(options.end, options.years, options.days), options.end
    tz = zone(salon_def.TIME_ZONE)
    clock = FixedClock(local_to_utc(first, time(7), tz))
    salon = open_salon(SalonLocation(str(options.out), options.out.parent), clock,
                       pin_cost=options.pin_cost)
    database = salon.database
    try:
        for name, value in BUILD_PRAGMAS:
            database.execute_sql(f"PRAGMA {name} = {value}")
        with salon.batch():
            ids = salon_def.set_up(salon, options.stylists)
        say(f"salon set up: {options.stylists} stylists, {len(ids.services)} services "
            f"({timer.perf_counter() - started:.1f} s)")
        rng = random.Random(f"five-years:{options.seed}")
        people = _clients(salon, rng, options.clients, first, end)
        say(f"{options.clients} clients written ({timer.perf_counter() - started:.1f} s)")
        _play(salon, clock, ids, people, rng, first, end, started, say)
        database.execute_sql("PRAGMA synchronous = FULL")
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {model.__name__: model.select().count() for model in ALL_MODELS}
    finally:
        close_database()
    say(f"built {options.out} in {timer.perf_counter() - started:.0f} s "
        f"({options.out.stat().st_size / 1e6:.0f} MB)")
    return counts


def _clients(salon, rng: random.Random, count: int, first: date, end: date) -> People:
    """A third of the clients are on the books from the start; the rest first come on a
    day spread over the years (the morning the manager may set their terms)."""
    open_days = [d for d in (first + timedelta(days=n) for n in range((end - first).days + 1))
                 if salon_def.hours(d)]
    at_start = int(count * SHARE_AT_START)
    days = [first] * at_start + sorted(rng.choice(open_days) for _ in range(count - at_start))
    joins = [datetime.combine(d, salon_def.hours(d)[0]) - timedelta(minutes=50) for d in days]
    tz = salon.settings().tz
    first_id = (Client.select(pw.fn.MAX(Client.id)).scalar() or 0) + 1
    people = People(rng, first_id, joins,
                    lambda local: to_utc_naive(local.replace(tzinfo=tz)))
    table = Table(salon.database, Client)
    with salon.batch():
        for row in people.rows:
            table.add(**row)
        table.flush()
    people.rows = []
    return people


def _play(salon, clock, ids, people, rng, first, end, started, say) -> None:
    database = salon.database
    balances = Balances()
    journal = Journal(database, balances)
    tables = {model: Table(database, model) for model in BULK_MODELS}
    player = Player(salon.settings(), ids, people, journal, tables, rng, end)
    planner = Planner(rng, ids, first)
    evening = Evening(salon, clock, ids, people, journal, player, rng)
    for n in range(LEAD_MAX_DAYS):
        player.schedule(planner.plan_day(first + timedelta(days=n)))
    day, total = first, (end - first).days + 1
    while day <= end:
        with salon.batch():
            player.schedule(planner.plan_day(day + timedelta(days=LEAD_MAX_DAYS)))
            opening = salon_def.hours(day)
            if opening:
                evening.morning(day, opening[0])
            player.play_day(day, _walk_ins(planner, day) if opening else [])
            _flush(database, tables, journal, balances)
            if opening:
                evening.evening(day, opening[1])
        done = (day - first).days + 1
        if day.day == 1 or day == end:
            say(f"{day}: day {done} of {total}, {tables[Booking].written} bookings, "
                f"{journal.seq} journal entries ({timer.perf_counter() - started:.0f} s)")
        day += timedelta(days=1)
    with salon.batch():
        player.finish()
        _flush(database, tables, journal, balances)


def _walk_ins(planner: Planner, day: date) -> list[datetime]:
    opens, closes = salon_def.hours(day)
    lo, hi = datetime.combine(day, opens), datetime.combine(day, closes)
    return [planner.desk_moment(lo, hi) for _ in range(planner.rng.randint(1, 4))]


def _flush(database, tables, journal, balances) -> None:
    for table in tables.values():
        table.flush()
    journal.flush()
    balances.write_clients(database)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.build_five_years",
        description="Build a salon database holding years of history, in bulk, by the "
                    "app's own rules (it passes `salon-pos verify`).")
    parser.add_argument("--out", type=Path, required=True, help="the new database file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--days", type=int, help="a shorter history, in days (instead of --years)")
    parser.add_argument("--stylists", type=int, default=12)
    parser.add_argument("--clients", type=int, default=60_000)
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END,
                        help=f"the last day of the history (default {DEFAULT_END})")
    args = parser.parse_args(argv)
    options = Options(args.out.resolve(), args.seed, args.years, args.days, args.stylists,
                      args.clients, args.end)
    try:
        counts = build(options, say=lambda text: print(text, flush=True))
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    width = max(map(len, counts))
    for name, number in counts.items():
        print(f"  {name:<{width}} {number:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
