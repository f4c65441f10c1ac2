"""Crash safety: a child process runs checkouts in a loop on a real SQLite file and is killed
with SIGKILL at random moments, again and again. After every kill the file must open, every
sale must be all there (closed, with its journal entries) or not paid at all (no money
entries), every sale the child saw closed must still be closed, and `verify` must pass.

SALON_CRASH_KILLS sets how many kills (default 25) for a longer run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.journal import Kind
from salon_pos.domain.sale_status import PAID, SaleStatus
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.views import verify
from salon_pos.store.database import close_database
from salon_pos.store.models import Booking, JournalEntry, Sale, SaleTender
from tests.conftest import OPENING, make_salon

KILLS = int(os.environ.get("SALON_CRASH_KILLS", "25"))
REPO = Path(__file__).resolve().parents[2]
# How long the child runs before the kill, once it has opened the database.
LONGEST_RUN_S = 0.4
STARTUP_TIMEOUT_S = 30


@pytest.fixture
def salon_file(tmp_path) -> tuple[Path, str]:
    """A set-up salon in a SQLite file, closed again: (file, the ids as JSON for the child)."""
    fixture = make_salon(tmp_path, FixedClock(OPENING))
    ids = {field.name: getattr(fixture, field.name) for field in dataclasses.fields(fixture)
           if isinstance(getattr(fixture, field.name), int)}
    close_database()
    return tmp_path / "salon.db", json.dumps(ids)


def run_and_kill(db_file: Path, ids: str, rng: random.Random) -> list[int]:
    """Start the checkout loop, kill it at a random moment; the sales it reported closed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.safety.checkout_loop", str(db_file), ids,
         str(rng.randrange(2**32))],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready", "the checkout loop did not start"
        time.sleep(rng.uniform(0, LONGEST_RUN_S))
    finally:
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate(timeout=STARTUP_TIMEOUT_S)
    assert child.returncode == -signal.SIGKILL, "the child stopped before it was killed"
    return [int(line.split()[1]) for line in output.splitlines() if line.startswith("closed ")]


def check_all_or_nothing(db_file: Path, reported_closed: list[int]) -> tuple[int, int]:
    """The database after a kill: whole sales or none, nothing committed lost. Returns the
    number of closed sales and of checkouts left part-way (open sales, unpaid bookings)."""
    salon = open_salon(SalonLocation(str(db_file), db_file.parent), FixedClock(OPENING))
    database = salon.database
    try:
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        result = verify.verify(salon)
        assert result.ok, result.problems
        closed = {sale.id: sale for sale in Sale.select().where(Sale.status.in_(PAID))}
        assert set(reported_closed) <= set(closed), "a sale closed before the kill was lost"
        money = Counter(entry.sale for entry in JournalEntry.select().where(
            JournalEntry.sale.is_null(False)))
        assert set(money) <= set(closed), "an unpaid sale has journal entries"
        for sale in closed.values():
            payments = sorted(entry.amount for entry in JournalEntry.select().where(
                (JournalEntry.sale == sale.id) & (JournalEntry.kind == Kind.PAYMENT)))
            tenders = sorted(tender.amount for tender in SaleTender.select().where(
                SaleTender.sale == sale.id))
            assert payments == tenders and payments, f"sale {sale.id} is half paid"
            if sale.booking_id:
                assert Booking.get_by_id(sale.booking_id).status == BookingStatus.CLOSED
        receipts = sorted(sale.receipt_no for sale in closed.values())
        assert receipts == list(range(1, len(closed) + 1)), "receipt numbers have a gap"
        deposits = Counter(entry.booking for entry in JournalEntry.select().where(
            JournalEntry.kind == Kind.DEPOSIT_TAKEN))
        assert all(count == 1 for count in deposits.values()), "a deposit was taken twice"
        unfinished = (Sale.select().where(Sale.status == SaleStatus.OPEN).count()
                      + Booking.select().where(Booking.status != BookingStatus.CLOSED).count())
        return len(closed), unfinished
    finally:
        close_database()



def test_checkouts_survive_being_killed_at_random_moments(salon_file):
    db_file, ids = salon_file
    rng = random.Random(os.environ.get("SALON_CRASH_SEED", "20260320"))
    closed_before = unfinished_before = survived = interrupted = 0
    for _ in range(KILLS):
        reported = run_and_kill(db_file, ids, rng)
        closed_now, unfinished_now = check_all_or_nothing(db_file, reported)
        assert closed_now >= closed_before
        interrupted += unfinished_now > unfinished_before
        closed_before, unfinished_before = closed_now, unfinished_now
        survived += 1
    verify_cli = subprocess.run(
        [sys.executable, "-m", "salon_pos", "--db", str(db_file), "verify"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert verify_cli.returncode == 0, verify_cli.stdout + verify_cli.stderr
    print(f"\ncrash test: {survived} of {KILLS} SIGKILLs survived ({interrupted} of them "
          f"part-way through a checkout), {closed_before} sales closed, nothing lost or "
          "half-written")
    assert closed_before > 0, "the child never got a sale closed: the kills proved nothing"
    assert interrupted > 0, "no kill landed part-way through a checkout"
