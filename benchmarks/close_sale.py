"""Time the money operations on a real SQLite file (WAL, synchronous=FULL).

    .venv/bin/python benchmarks/close_sale.py [--runs 200]

Prints the median and 90th percentile of: book + take deposit, and close a sale with
three lines, two tenders and a tip. Each run is a fresh booking on the same database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from salon_pos.domain.clock import FixedClock  # noqa: E402
from salon_pos.services import bookings, checkout, deposits, notes, sales  # noqa: E402
from tests.conftest import make_salon  # noqa: E402


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    print("timing on a real SQLite file, synchronous=FULL; a (2-service) booking with deposit,"
          " and a sale with its deposit applied")
    clock = FixedClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        s = make_salon(Path(folder), clock)
        book_ms, close_ms = [], []
        for n in range(runs):
            day = datetime(2026, 3, 2, 8, 0, tzinfo=UTC) + timedelta(days=n // 8)
            clock.set(day)
            start = day + timedelta(hours=1 + n % 8)
            ms, booking = timed(lambda start=start: _book_with_deposit(s, start))
            book_ms.append(ms)
            for step in (bookings.check_in, bookings.start_service, bookings.finish_service):
                clock.set(start)
                step(s.salon, booking, by=s.desk)
            sale = sales.open_sale(s.salon, by=s.desk, booking_id=booking)
            sales.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
            sales.add_service_line(s.salon, sale, s.blowdry, by=s.desk, stylist_id=s.stylist)
            sales.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
            sales.record_signoff(s.salon, sale, by=s.desk, matches=True)
            view = sales.sale_view(s.salon, sale)
            sales.take_tender(s.salon, sale, by=s.desk, method="card", amount=view.remaining // 2,
                              reference="T1")
            sales.take_tender(s.salon, sale, by=s.desk, method="cash", amount=view.remaining)
            ms, _ = timed(lambda sale=sale: checkout.close_sale(s.salon, sale, by=s.desk,
                                                               key=f"close-{sale}"))
            close_ms.append(ms)
    for name, values in (("book + take deposit", book_ms),
                         ("close sale (4 lines, deposit, 2 tenders, tip)", close_ms)):
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<46} median {statistics.median(values):6.2f} ms   p90 {p90:6.2f} ms"
              f"   ({len(values)} runs)")


def _book_with_deposit(s, start):
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=start,
                            service_ids=[s.cut, s.colour], by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T0")
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Copper to ash",
                            price_min=15000, price_max=18000)
    notes.acknowledge_note(s.salon, note, by=s.desk)
    return booking


if __name__ == "__main__":
    main()
