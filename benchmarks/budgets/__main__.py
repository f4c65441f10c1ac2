"""Run the interaction budgets: see benchmarks/budgets/__init__.py."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import PySide6

from benchmarks.budgets import cold_start, demo_salon, reads, stations, writes
from benchmarks.budgets.table import Row, print_station_tables, print_table
from salon_pos.domain.clock import FixedClock
from salon_pos.services.opening import SalonLocation, close_salon, open_salon
from salon_pos.store.models import Booking, Client, JournalEntry

SEARCHED_NAMES = 3  # clients whose names are typed, keystroke by keystroke
# What the front desk waits on is done within one frame at 60 Hz, nine times in ten.
ONE_FRAME = "p90 ≤ 16 ms"


def within_a_frame(p90: float, _limit: float | None) -> bool:
    return p90 <= 16


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.budgets")
    parser.add_argument("--db", type=Path,
                        help="the salon database to time on (required but with --stations)")
    parser.add_argument("--runs", type=int, default=21, help="repeats of each fast row")
    parser.add_argument("--slow-runs", type=int, default=5,
                        help="repeats of cold start, verify and backup")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/budgets-latest.json"))
    parser.add_argument("--scratch", type=Path, default=None,
                        help="folder for the scratch copies (default: the system's temp)")
    station_options(parser)
    args = parser.parse_args(argv)
    if args.stations:
        return run_stations(args)
    if args.db is None:
        parser.error("--db is required (or --stations, to measure only several stations)")
    with tempfile.TemporaryDirectory(dir=args.scratch, prefix="salon-budgets-") as folder:
        rows, about = run(args.db, Path(folder), args.runs, args.slow_runs)
    print_table(rows)
    args.json.write_text(json.dumps({"about": about, "rows": [row.as_dict() for row in rows]},
                                    indent=2) + "\n")
    print(f"\nJSON written to {args.json}")
    return 0 if args.no_stations else run_stations(args)


def station_options(parser: argparse.ArgumentParser) -> None:
    """Several stations (benchmarks/budgets/stations.py): measured after the other rows, or
    alone with --stations; their figures go under "stations" in the JSON."""
    parser.add_argument("--stations", action="store_true",
                        help="measure only several stations at once (no --db needed)")
    parser.add_argument("--no-stations", action="store_true",
                        help="leave several stations out of the run")
    parser.add_argument("--postgres", metavar="URL",
                        help="a PostgreSQL server for the stations' rows (a database is created "
                             "on it for each run and dropped); without it they are skipped")
    parser.add_argument("--station-runs", type=int, default=2,
                        help="runs of each stations configuration, each on a fresh copy")
    parser.add_argument("--station-checkouts", type=int, default=stations.Workload.checkouts,
                        help="visits each station checks out")
    parser.add_argument("--station-bookings", type=int, default=stations.Workload.bookings,
                        help="phone bookings each station takes")
    parser.add_argument("--station-counts", default="1,2,4,8",
                        help="stations on PostgreSQL (SQLite: 1 and 2 of them)")


def run_stations(args) -> int:
    """Measure several stations; print their tables and add them to the JSON (the other
    rows there are kept). 1 when a run refused anything but a real clash, or failed verify
    or its counts."""
    work = stations.Workload(checkouts=args.station_checkouts, bookings=args.station_bookings,
                             runs=args.station_runs)
    counts = tuple(int(n) for n in args.station_counts.split(","))
    with tempfile.TemporaryDirectory(dir=args.scratch, prefix="salon-stations-") as folder:
        configs, about = stations.measure(Path(folder), args.postgres, work,
                                          postgres_counts=counts,
                                          sqlite_counts=tuple(n for n in counts if n <= 2),
                                          say=progress)
    found = [config.as_dict() for config in configs]
    print_station_tables(found)
    written = json.loads(args.json.read_text()) if args.json.exists() else {}
    written["stations"] = {"about": _about_stations(about), "configs": found}
    args.json.write_text(json.dumps(written, indent=2) + "\n")
    print(f"\nStations added to {args.json}")
    wrong = [f"{config.stations} on {config.database}" for config in configs
             if not config.all_right()]
    if wrong:
        print(f"Refused other than by a real clash, or verify or the counts failed: "
              f"{', '.join(wrong)}", file=sys.stderr)
        return 1
    return 0


def _about_stations(about: dict) -> dict:
    cpu = _about_machine()
    return {"when": datetime.now(UTC).isoformat(timespec="seconds"), **cpu,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, **about}


def run(database: Path, folder: Path, runs: int, slow_runs: int) -> tuple[list[Row], dict]:
    copy, twin = folder / "salon.db", folder / "twin.db"
    _copy(database, copy)
    _copy(database, twin)
    clock = FixedClock(datetime.now(UTC))
    salon = open_salon(SalonLocation(str(copy), folder), clock)
    raw = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    about = _about(database)
    day = reads.busiest_day(salon)
    progress(f"busiest day {day}; cold start ×{slow_runs}")
    started = cold_start.cold_starts(str(copy), day.isoformat(), slow_runs)
    rows = [Row("cold start to the painted day book (PIN at once; the file as its last "
                "clean close left it, checked once the day book is up)", "ms",
                started["app"], started["bare"], "≤ 1.5 × bare Qt",
                lambda m, limit: m <= 1.5 * limit, limit_name="a bare PySide6 window"),
            Row("cold start to the painted day book, the file changed since its last clean "
                "close (the whole file checked before the login)", "ms",
                started["app-changed"], started["bare"], "—", lambda m, limit: True,
                limit_name="a bare PySide6 window"),
            Row("cold start to the login window", "ms",
                started["login"], started["bare"], "≤ 1.5 × bare Qt",
                lambda m, limit: m <= 1.5 * limit, limit_name="a bare PySide6 window")]
    progress("day book")
    ours, limit, shown = reads.day_book_rows(salon, raw, day, runs)
    rows.append(Row(f"day book, busiest day ({shown} bookings)", "ms", ours, limit, ONE_FRAME,
                    within_a_frame, limit_name="one raw sqlite3 query", on_p90=True))
    progress("client search")
    names = [c.name for c in Client.select(Client.name).order_by(Client.id)
             .limit(SEARCHED_NAMES * 997) if c.name][::997]
    ours, limit = reads.client_search(salon, raw, names, runs)
    rows.append(Row(f"client search per keystroke ({Client.select().count():,} clients)", "ms",
                    ours, limit, ONE_FRAME, within_a_frame,
                    limit_name="raw sqlite3 prefix query", on_p90=True))
    progress("client profile")
    ours, visits = reads.client_profile_of_the_most_seen(salon, runs)
    rows.append(Row(f"client profile, the client seen most ({visits} bookings)", "ms", ours,
                    None, ONE_FRAME, within_a_frame, on_p90=True))
    progress("receipt and Z report")
    ours, limit = reads.receipt_pdf(salon, runs)
    rows.append(Row("receipt PDF (from the database)", "ms", ours, limit, ONE_FRAME,
                    within_a_frame, limit_name="a one-line reportlab page", on_p90=True))
    data, pdf = reads.z_report(salon, day, runs)
    rows.append(Row("Z report of the busiest day: data", "ms", data, None, ONE_FRAME,
                    within_a_frame, on_p90=True))
    rows.append(Row("Z report of the busiest day: PDF", "ms", pdf, None, "≤ 300 ms",
                    lambda m, _: m <= 300))
    progress(f"verify ×{slow_runs}")
    ours, bare, entries = reads.verify_rate(salon, slow_runs)
    rows.append(Row(f"verify, whole journal ({entries:,} entries)", "entries/s", ours, bare,
                    "≥ 500,000/s", lambda m, _: m >= 500_000,
                    limit_name="hashing the same bytes in a loop", higher_is_better=True))
    progress(f"the demo salon ×{slow_runs}")
    rows.append(Row(f"the demo salon, {demo_salon.DAYS} days (salon-pos demo, a new process)",
                    "s", demo_salon.demo_builds(folder, slow_runs), None, "≤ 3 s",
                    lambda m, _: m <= 3))
    progress(f"backup ×{slow_runs}")
    ours, copied = reads.backup_time(salon, folder, slow_runs)
    rows.append(Row(f"backup ({copy.stat().st_size / 2**20:,.0f} MB)", "s", ours, copied,
                    "≤ 5 s", lambda m, _: m <= 5, limit_name="copying the file"))
    progress("book + deposit, close a sale")
    recorder = writes.WriteRecorder(salon.database.connection())
    twin_db = writes.Twin(str(twin))
    cast = writes.Cast.of()
    first_free = Booking.select(Booking.start).order_by(Booking.start.desc()).first().start
    slots = writes.Slots(first_free.date() + timedelta(days=2), cast, salon.settings().tz)
    ours, limit = writes.book_and_take_deposit(salon, clock, cast, slots, recorder, twin_db,
                                               runs)
    rows.append(Row("book + take deposit", "ms", ours, limit, ONE_FRAME, within_a_frame,
                    limit_name="the same writes, one raw transaction", on_p90=True))
    ours, limit = writes.close_a_sale(salon, clock, cast, slots, recorder, twin_db, runs)
    rows.append(Row("close a sale (3 lines, 2 tenders, tip)", "ms", ours, limit, ONE_FRAME,
                    within_a_frame, limit_name="the same writes, one raw transaction",
                    on_p90=True))
    rows.append(Row("memory of the app, day book painted", "MB", started["app_rss"],
                    started["bare_rss"], "≤ 1.5 × bare Qt", lambda m, limit: m <= 1.5 * limit,
                    limit_name="a bare PySide6 window"))
    raw.close()
    close_salon()
    return rows, about


def _copy(source: Path, target: Path) -> None:
    """A consistent copy, whatever mode the source is in."""
    with sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True) as src, \
            sqlite3.connect(target) as dst:
        src.backup(dst)
    os.chmod(target, 0o600)


def _about(database: Path) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "pyside6": PySide6.__version__,
        "database": {"file": str(database), "mb": round(database.stat().st_size / 2**20),
                     "clients": Client.select().count(), "bookings": Booking.select().count(),
                     "journal_entries": JournalEntry.select().count()},
    }


def _about_machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} "
                       f"{platform.release()}"}


def progress(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
