"""The five-year builder at a tiny scale (two stylists, three weeks): what it writes is a
salon the app accepts as its own, and a seed always gives the same journal."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from benchmarks.five_years.build import Options, build
from benchmarks.five_years.salon import hours
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.journal import Kind
from salon_pos.domain.sale_math import LineInput, sale_totals
from salon_pos.domain.standing import STAFF, read_state
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import deposits
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database, open_database
from salon_pos.store.models import (
    BookedService,
    Booking,
    BusinessDay,
    JournalEntry,
    Sale,
    SaleLine,
)

pytestmark = pytest.mark.sqlite_only(reason="the builder writes a SQLite file in bulk")

END = date(2026, 3, 22)
DAYS = 21
AFTER_END = datetime(2026, 3, 23, 12, 0, tzinfo=UTC)


def tiny(folder, seed: int = 3) -> Options:
    return Options(folder / "salon.db", seed=seed, days=DAYS, stylists=2, clients=300, end=END,
                   pin_cost=16)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    options = tiny(tmp_path_factory.mktemp("five-years"))
    counts = build(options, say=lambda _text: None)
    return options, counts


@pytest.fixture
def opened(built):
    options, _counts = built
    database = open_database(str(options.out))
    yield Salon(database, FixedClock(AFTER_END), options.out.parent, pin_cost=16)
    close_database()


def journal_contents(path) -> list[tuple]:
    """Every entry's content but its hashes, and the staff's PINs: each PIN's hash has a
    salt of its own, so its digest in the journal (and every hash after it) differs from
    one build to the next."""
    open_database(str(path))
    try:
        entries = []
        for entry in JournalEntry.select().order_by(JournalEntry.seq):
            memo = entry.memo
            if entry.kind == Kind.STANDING_DATA and entry.category == STAFF:
                memo = {**read_state(memo), "pin": "(salted)"}
            entries.append((entry.seq, entry.at, entry.kind, entry.amount, entry.method,
                            entry.booking, entry.sale, entry.client, entry.stylist, entry.staff,
                            entry.category, entry.tax_amount, entry.reference, str(memo)))
        return entries
    finally:
        close_database()


def test_the_tiny_salon_passes_verify(built, opened):
    _options, counts = built
    result = verify(opened)
    assert result.ok, result.problems[:5]
    assert result.entries == counts["JournalEntry"] > 1000


def test_it_holds_every_kind_of_day(built, opened):
    _options, counts = built
    for table in ("Booking", "Sale", "SaleTender", "SaleTip", "ExpectationNote", "SaleRefund"):
        assert counts[table] > 0, table
    statuses = {row.status for row in Booking.select(Booking.status).distinct()}
    assert {"closed", "cancelled", "no_show", "booked"} <= statuses
    assert Booking.select().where(Booking.cancel_kind == "late").exists()
    kinds = {row.kind for row in JournalEntry.select(JournalEntry.kind).distinct()}
    assert {"deposit_taken", "deposit_applied", "deposit_refunded", "deposit_forfeited",
            "deposit_to_credit", "sale_income", "tip", "payment", "change_given",
            "drawer_float", "drawer_count", "day_closed", "standing_data"} <= kinds


def test_every_open_day_is_closed(opened):
    days = [END - timedelta(days=n) for n in range(DAYS)]
    closed = {row.day for row in BusinessDay.select().where(BusinessDay.closed_at.is_null(False))}
    assert closed == {day for day in days if hours(day)}


def test_no_stylist_is_booked_twice_at_once_unless_on_purpose(opened):
    """What `bookings.book` refuses: a clash, unless double-booked on purpose."""
    holding = Booking.select().where(Booking.status.not_in(["cancelled", "no_show"])
                                     & ~Booking.double_booked).order_by(Booking.start)
    last_end: dict[int, datetime] = {}
    for booking in holding:
        assert booking.start >= last_end.get(booking.stylist_id, booking.start), booking.id
        last_end[booking.stylist_id] = booking.end
    assert Booking.select().where(Booking.double_booked).exists()


def test_sales_add_up_as_the_app_reckons_them(opened):
    for sale in Sale.select().where(Sale.status != "open"):
        lines = SaleLine.select().where((SaleLine.sale == sale.id) & ~SaleLine.removed)
        totals = sale_totals([LineInput(line.quantity, line.unit_price, line.discount,
                                        line.tax_rate_bp) for line in lines], True)
        assert (totals.total, totals.tax) == (sale.total, sale.tax)
    receipt = receipt_of_sale(opened, Sale.select().order_by(Sale.id.desc()).first().id)
    assert receipt.number


def test_deposits_are_what_the_desk_would_quote(opened):
    """For clients who never missed a booking, the deposit asked is the service's quote."""
    missed = {b.client_id for b in Booking.select(Booking.client).where(
        (Booking.status == "no_show") | (Booking.cancel_kind == "late"))}
    checked = 0
    for booking in Booking.select().where(Booking.client.not_in(missed)).limit(300):
        services = [b.service_id for b in BookedService.select().where(
            BookedService.booking == booking.id).order_by(BookedService.position)]
        quote = deposits.quote_deposit(opened, booking.client_id, services)
        assert quote.amount == booking.deposit_due
        assert quote.explanation == booking.deposit_reason
        checked += 1
    assert checked > 100


def test_a_seed_always_gives_the_same_journal(built, tmp_path):
    again = tiny(tmp_path / "again")
    build(again, say=lambda _text: None)
    assert journal_contents(again.out) == journal_contents(built[0].out)


def test_another_seed_gives_another_salon(built, tmp_path):
    other = tiny(tmp_path / "other", seed=4)
    build(other, say=lambda _text: None)
    assert journal_contents(other.out)[-1] != journal_contents(built[0].out)[-1]


def test_the_file_is_a_normal_salon_database(built):
    connection = sqlite3.connect(built[0].out)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        connection.close()
