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

from benchmarks.budgets import cold_start, reads, writes
from benchmarks.budgets.table import Row, print_table
from salon_pos.domain.clock import FixedClock
from salon_pos.services.opening import SalonLocation, close_salon, open_salon
from salon_pos.store.models import Booking, Client, JournalEntry

SEARCHED_NAMES = 3  # clients whose names are typed, keystroke by keystroke


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.budgets")
    parser.add_argument("--db", required=True, type=Path, help="the salon database to time on")
    parser.add_argument("--runs", type=int, default=21, help="repeats of each fast row")
    parser.add_argument("--slow-runs", type=int, default=5,
                        help="repeats of cold start, verify and backup")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/budgets-latest.json"))
    parser.add_argument("--scratch", type=Path, default=None,
                        help="folder for the scratch copies (default: the system's temp)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.scratch, prefix="salon-budgets-") as folder:
        rows, about = run(args.db, Path(folder), args.runs, args.slow_runs)
    print_table(rows)
    args.json.write_text(json.dumps({"about": about, "rows": [row.as_dict() for row in rows]},
                                    indent=2) + "\n")
    print(f"\nJSON written to {args.json}")
    return 0


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
    rows = [Row("cold start to the painted day book (PIN at once, file check included)", "ms",
                started["app"], started["bare"], "≤ 1.5 × bare Qt",
                lambda m, limit: m <= 1.5 * limit, limit_name="a bare PySide6 window"),
            Row("cold start to the login window (file check running behind it)", "ms",
                started["login"], started["bare"], "≤ 1.5 × bare Qt",
                lambda m, limit: m <= 1.5 * limit, limit_name="a bare PySide6 window")]
    progress("day book")
    ours, limit, shown = reads.day_book_rows(salon, raw, day, runs)
    rows.append(Row(f"day book, busiest day ({shown} bookings)", "ms", ours, limit, "≤ 50 ms",
                    lambda m, _: m <= 50, limit_name="one raw sqlite3 query"))
    progress("client search")
    names = [c.name for c in Client.select(Client.name).order_by(Client.id)
             .limit(SEARCHED_NAMES * 997) if c.name][::997]
    ours, limit = reads.client_search(salon, raw, names, runs)
    rows.append(Row(f"client search per keystroke ({Client.select().count():,} clients)", "ms",
                    ours, limit, "≤ 20 ms", lambda m, _: m <= 20,
                    limit_name="raw sqlite3 prefix query"))
    progress("receipt and Z report")
    ours, limit = reads.receipt_pdf(salon, runs)
    rows.append(Row("receipt PDF (from the database)", "ms", ours, limit, "≤ 50 ms",
                    lambda m, _: m <= 50, limit_name="a one-line reportlab page"))
    data, pdf = reads.z_report(salon, day, runs)
    rows.append(Row("Z report of the busiest day: data", "ms", data, None, "≤ 100 ms",
                    lambda m, _: m <= 100))
    rows.append(Row("Z report of the busiest day: PDF", "ms", pdf, None, "≤ 300 ms",
                    lambda m, _: m <= 300))
    progress(f"verify ×{slow_runs}")
    ours, bare, entries = reads.verify_rate(salon, slow_runs)
    rows.append(Row(f"verify, whole journal ({entries:,} entries)", "entries/s", ours, bare,
                    "≥ 200,000/s", lambda m, _: m >= 200_000,
                    limit_name="hashing the same bytes in a loop", higher_is_better=True))
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
    rows.append(Row("book + take deposit", "ms", ours, limit, "≤ 20 ms", lambda m, _: m <= 20,
                    limit_name="the same writes, one raw transaction"))
    ours, limit = writes.close_a_sale(salon, clock, cast, slots, recorder, twin_db, runs)
    rows.append(Row("close a sale (3 lines, 2 tenders, tip)", "ms", ours, limit, "≤ 30 ms",
                    lambda m, _: m <= 30, limit_name="the same writes, one raw transaction"))
    rows.append(Row("memory of the app, day book painted", "MB", started["app_rss"],
                    started["bare_rss"], "≤ 250 MB", lambda m, _: m <= 250,
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


def progress(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
