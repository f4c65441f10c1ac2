"""What the counter reads, timed on the salon's database next to the barest way of
getting the same thing: the day book, client search, the receipt and Z report, `verify`,
and a backup."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from benchmarks.budgets.timing import Samples, milliseconds
from salon_pos.documents.receipt import render_receipt
from salon_pos.documents.z_report import render_z_report
from salon_pos.domain.journal import canonical, fields_text
from salon_pos.domain.localtime import day_bounds_utc, to_utc_naive
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.validation import search_key
from salon_pos.services.exchange import backups
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries
from salon_pos.services.views.client_profile import client_profile
from salon_pos.services.views.clients import search_clients
from salon_pos.services.views.day_book import day_book
from salon_pos.services.views.day_report import live_day_report
from salon_pos.services.views.receipts import receipt_of_sale, salon_header
from salon_pos.services.views.verify import verify
from salon_pos.store.models import Sale

# The journal's columns in an `Entry`'s order.
JOURNAL_COLUMNS = ("seq, at, business_day, kind, amount, method, booking_id, sale_id, client_id, "
                   "stylist_id, staff_id, approved_by_id, category, tax_rate_bp, tax_amount, "
                   "reference, memo, prev_hash, hash")
# The day book's rows in one query: booking, client, services, deposit held, notes.
DAY_BOOK_SQL = """
SELECT b.id, b.stylist_id, c.name, c.alerts, b.start, b."end", b.status, b.deposit_due,
  (SELECT group_concat(name, ', ') FROM booked_service WHERE booking_id = b.id),
  (SELECT COALESCE(SUM(CASE kind WHEN 'deposit_taken' THEN amount ELSE -amount END), 0)
     FROM journal_entry WHERE booking_id = b.id AND kind IN ('deposit_taken',
       'deposit_applied', 'deposit_refunded', 'deposit_forfeited', 'deposit_to_credit')),
  (SELECT COUNT(*) FROM expectation_note WHERE booking_id = b.id)
FROM booking b JOIN client c ON c.id = b.client_id
WHERE b.start >= ? AND b.start < ? AND b.status != 'cancelled' ORDER BY b.start
"""
SEARCH_SQL = """
SELECT id, name, phone, alerts FROM client
WHERE (search_name >= :key AND search_name < :upper)
   OR (search_surname >= :key AND search_surname < :upper)
ORDER BY search_name LIMIT 20
"""


def busiest_day(salon: Salon) -> date:
    """The business day with the most bookings (not cancelled)."""
    row = salon.database.execute_sql(
        "SELECT date(start), COUNT(*) FROM booking WHERE status != 'cancelled' "
        "GROUP BY date(start) ORDER BY 2 DESC, 1 DESC LIMIT 1").fetchone()
    return date.fromisoformat(row[0])


def day_book_rows(salon: Salon, raw: sqlite3.Connection, day: date, runs: int):
    start, end = (to_utc_naive(t).isoformat(" ") for t in
                  day_bounds_utc(day, salon.settings().tz))
    ours = milliseconds(lambda: day_book(salon, day), runs)
    limit = milliseconds(lambda: raw.execute(DAY_BOOK_SQL, (start, end)).fetchall(), runs)
    return ours, limit, len(day_book(salon, day).entries)


def typed(name: str) -> list[str]:
    """What the search box holds after each keystroke of `name`."""
    return [name[:n] for n in range(1, len(name) + 1)]


def client_search(salon: Salon, raw: sqlite3.Connection, names: list[str], runs: int):
    """Per keystroke: every prefix of a few real names, searched as the box does."""
    prefixes = [prefix for name in names for prefix in typed(name)]
    ours, limit = [], []
    for _ in range(max(1, runs // 5)):
        for prefix in prefixes:
            ours.extend(milliseconds(lambda p=prefix: search_clients(salon, p), 1, 0).values)
            key = search_key(prefix)
            limit.extend(milliseconds(lambda k=key: raw.execute(
                SEARCH_SQL, {"key": k, "upper": k + "\uffff"}).fetchall(), 1, 0).values)
    return Samples(tuple(ours)), Samples(tuple(limit))


def client_profile_of_the_most_seen(salon: Salon, runs: int) -> tuple[Samples, int]:
    """The profile of the client with the most bookings: the longest history to show."""
    client, visits = salon.database.execute_sql(
        "SELECT client_id, COUNT(*) FROM booking GROUP BY client_id ORDER BY 2 DESC, 1 "
        "LIMIT 1").fetchone()
    return milliseconds(lambda: client_profile(salon, client), runs), visits


def one_line_page() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Thank you for visiting!")
    canvas.save()
    return out.getvalue()


def receipt_pdf(salon: Salon, runs: int):
    """The newest paid sale's receipt: read from the database and laid out on the roll."""
    sale = Sale.select(Sale.id).where(Sale.status == SaleStatus.CLOSED).order_by(
        Sale.id.desc()).first()
    ours = milliseconds(lambda: render_receipt(receipt_of_sale(salon, sale.id), "roll"), runs)
    return ours, milliseconds(one_line_page, runs)


def z_report(salon: Salon, day: date, runs: int):
    """Worked out live, as closing the day does (a closed day's is read back frozen)."""
    settings = salon.settings()
    data = milliseconds(lambda: live_day_report(salon, day), runs)
    report = live_day_report(salon, day)
    pdf = milliseconds(lambda: render_z_report(salon_header(settings), f"Z report — {day}",
                                               report.rows(), settings.money, ""), runs)
    return data, pdf


def verify_rate(salon: Salon, runs: int) -> tuple[Samples, Samples, int]:
    """Entries per second: `verify` over the whole journal (its worker processes started
    within the time), and hashing the same bytes (each entry's canonical form after its
    predecessor's hash) in a bare loop."""
    entries = list(journal_entries(salon))
    blobs = [entry.prev_hash.encode("ascii") + canonical(entry) for entry in entries]
    count = len(entries)
    del entries

    def hash_all() -> None:
        for blob in blobs:
            hashlib.sha256(blob).hexdigest()

    ours, bare = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = verify(salon)
        ours.append(count / (time.perf_counter() - started))
        assert result.ok, result.problems[:3]
        started = time.perf_counter()
        hash_all()
        bare.append(count / (time.perf_counter() - started))
    return Samples(tuple(ours)), Samples(tuple(bare)), count


def verify_floor(path: str, runs: int, processes: int | None = None) -> tuple[Samples, int]:
    """Entries per second of the least any `verify` must do with the journal: each row
    read with the sqlite3 module and hashed after its predecessor's hash — nothing else —
    the journal split in one part per core, each read by a process of its own (started
    before the clock, unlike verify's)."""
    processes = processes or len(os.sched_getaffinity(0))
    with closing(sqlite3.connect(path)) as raw:
        first, last, count = raw.execute(
            "SELECT MIN(seq), MAX(seq), COUNT(*) FROM journal_entry").fetchone()
    size = -(-(last - first + 1) // processes)
    parts = [(path, low, min(last, low + size - 1)) for low in range(first, last + 1, size)]
    rates = []
    with ProcessPoolExecutor(max_workers=processes, mp_context=get_context("spawn")) as pool:
        list(pool.map(_hash_rows, [(path, first, first)] * processes))  # started, warm
        for _ in range(runs):
            started = time.perf_counter()
            hashed = sum(pool.map(_hash_rows, parts))
            rates.append(hashed / (time.perf_counter() - started))
    return Samples(tuple(rates)), count


def _hash_rows(part: tuple[str, int, int]) -> int:
    path, first, last = part
    with closing(sqlite3.connect(path)) as raw:
        cursor = raw.execute(f"SELECT {JOURNAL_COLUMNS} FROM journal_entry "
                             "WHERE seq BETWEEN ? AND ? ORDER BY seq", (first, last))
        hashed = 0
        sha256 = hashlib.sha256
        while rows := cursor.fetchmany(2000):
            for row in rows:
                sha256((row[17] + fields_text(*row)).encode()).hexdigest()
            hashed += len(rows)
    return hashed


def backup_time(salon: Salon, folder: Path, runs: int) -> tuple[Samples, Samples]:
    """Seconds: the app's online backup, and copying the file."""
    source = Path(salon.database.database)
    ours, copy = [], []
    for n in range(runs):
        target = folder / f"backup-{n}.db"
        started = time.perf_counter()
        backups.backup(salon, target)
        ours.append(time.perf_counter() - started)
        target.unlink()
        started = time.perf_counter()
        shutil.copyfile(source, target)
        copy.append(time.perf_counter() - started)
        target.unlink()
    return Samples(tuple(ours)), Samples(tuple(copy))


if __name__ == "__main__":  # python -m benchmarks.budgets.reads DB [RUNS]: verify's floor
    import sys

    floor, total = verify_floor(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    low, high = floor.spread
    print(f"reading and hashing {total:,} entries, one process per core: "
          f"{floor.median:,.0f}/s ({low:,.0f}–{high:,.0f})")
