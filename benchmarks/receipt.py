"""Time building one receipt PDF, next to a one-line reportlab page.

    .venv/bin/python benchmarks/receipt.py [--runs 200]

The sale (4 lines, deposit, 2 tenders, tip, cash rounding) is built once; the timing is
record → PDF bytes (fonts registered once per process, as in the app).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from salon_pos.documents.fonts import register_fonts  # noqa: E402
from salon_pos.documents.receipt import render_receipt  # noqa: E402
from salon_pos.domain.clock import FixedClock  # noqa: E402
from salon_pos.services.receipt_view import receipt_of_sale  # noqa: E402
from tests.conftest import OPENING, make_salon  # noqa: E402
from tests.documents.test_receipt import paid_sale  # noqa: E402


def one_line_page() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Thank you for visiting!")
    canvas.save()
    return out.getvalue()


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    started = time.perf_counter()
    register_fonts()
    print(f"registering the fonts (once per process): "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        s = make_salon(Path(folder), FixedClock(OPENING))
        sale = paid_sale(s)
        record = timed(lambda: receipt_of_sale(s.salon, sale), runs)
        receipt = receipt_of_sale(s.salon, sale)
        rows = [("receipt record from the database", record),
                ("receipt PDF, 80 mm roll", timed(lambda: render_receipt(receipt, "roll"), runs)),
                ("receipt PDF, A4", timed(lambda: render_receipt(receipt, "a4"), runs)),
                ("one-line reportlab page (limit)", timed(one_line_page, runs))]
    for name, values in rows:
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<36} median {statistics.median(values):6.2f} ms   p90 {p90:6.2f} ms")


if __name__ == "__main__":
    main()
