"""The demo salon, built in bulk by the app's own rules: it passes `verify`, it holds what
the README, the user guide and the screenshots rely on, its bookings keep the stylists'
books as `bookings.book` keeps them, and a seed repeats its journal."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from salon_pos.demo import MANAGER_PIN, TIME_ZONE, build_demo
from salon_pos.demo import days as days_module
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind
from salon_pos.domain.localtime import local_of, zone
from salon_pos.domain.messages import MessageKind, Status
from salon_pos.domain.phases import Phases, busy_spans, overlap
from salon_pos.domain.standing import read_state
from salon_pos.services.kernel.access import check_pin
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import salon_setup
from salon_pos.services.operations.erasure import purge_plan
from salon_pos.services.views.closed_sales import check_closed_sale
from salon_pos.services.views.day_report import day_report
from salon_pos.services.views.messages import call_list
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.models import (
    BookedService,
    Booking,
    BusinessDay,
    Client,
    ColourFormula,
    Consultation,
    Course,
    ExpectationNote,
    FormulaBowl,
    JournalEntry,
    OutboxMessage,
    PatchTest,
    Product,
    Sale,
    SaleRefund,
    Service,
    Staff,
    StockMovement,
    VisitPhoto,
    Voucher,
)
from tests.conftest import fresh_database

# A Friday afternoon in Dublin (GMT): the demo's today is played up to 15:30.
NOW = datetime(2026, 3, 20, 15, 30, tzinfo=UTC)
DAYS = 14
TZ = zone(TIME_ZONE)
TODAY = local_of(NOW, TZ).date()


def build(folder, seed: int = 1) -> tuple[str, str]:
    """The demo built in `folder` at NOW; where its database is, and the summary."""
    where = fresh_database(folder)
    salon = open_salon(SalonLocation(where, folder), FixedClock(NOW), pin_cost=16)
    try:
        return where, build_demo(salon, days=DAYS, seed=seed)
    finally:
        close_database()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    where, summary = build(folder)
    return where, folder, summary


@pytest.fixture
def demo(built):
    where, folder, _summary = built
    salon = open_salon(SalonLocation(where, folder), FixedClock(NOW), pin_cost=16)
    yield salon
    close_database()


def test_the_demo_passes_verify(demo):
    result = verify(demo)

    assert result.ok, result.problems[:5]
    assert result.entries == JournalEntry.select().count() > 3000


def test_it_says_what_it_built(built):
    _where, _folder, summary = built

    assert summary.startswith("168 clients, ")
    assert summary.endswith("Manager PIN 1234, front desk 1111, stylists 2001–2006.")


def test_the_readme_people_and_numbers(demo):
    """The people and the numbers the README's examples name."""
    names = {member.name: member for member in Staff.select()}
    assert names["Maeve O'Connor"].role == "manager"
    assert names["Dara Byrne"].role == "front_desk"
    stylists = [m.name for m in Staff.select().where(Staff.role == "stylist").order_by(Staff.id)]
    assert len(stylists) == 6 and stylists[0] == "Aoife Ní Bhriain"
    check_pin(demo, names["Maeve O'Connor"].id, MANAGER_PIN)
    check_pin(demo, names["Dara Byrne"].id, "1111")
    check_pin(demo, names[stylists[-1]].id, "2006")
    # `deposit-receipt 50`, `slip 123`, `refund-receipt 1`, `consultation 1`, `receipt 1`
    assert JournalEntry.get(JournalEntry.seq == 50).kind in DEPOSIT_HELD_SIGNS
    assert Booking.get_or_none(Booking.id == 123) is not None
    assert SaleRefund.get_or_none(SaleRefund.number == 1) is not None
    assert Consultation.get_by_id(1).signature_id is not None
    check_closed_sale(demo, 1)
    # `sales --client jose`: one client's name starts so; `clients erase "Nuala Brennan"`
    assert Client.select().where(Client.search_name.startswith("jose")).count() == 1
    nuala = Client.get(Client.name == "Nuala Brennan")
    assert nuala.erased_at is None
    assert Client.select().where(Client.erased_at.is_null(False)).count() == 1
    assert {client.name for client in purge_plan(demo).lapsed} >= {"Nuala Brennan",
                                                                   "Cathal Ó Dónaill"}


def test_history_closed_today_so_far_and_two_weeks_ahead(demo):
    closed = list(BusinessDay.select().where(BusinessDay.closed_at.is_null(False))
                  .order_by(BusinessDay.day))
    assert [day.day for day in closed] == [TODAY - timedelta(days=n)
                                           for n in range(DAYS, 0, -1)]
    seals = {entry.memo.partition(" ")[0]: entry.memo.partition(" ")[2]
             for entry in JournalEntry.select().where(JournalEntry.kind == Kind.DAY_CLOSED)}
    for day in closed:  # each frozen Z report sealed as the close seals it (and `verify`
        # works its figures out again from the day's entries and sales)
        assert hashlib.sha256(day.z_report.encode()).hexdigest() == seals[day.day.isoformat()]
        assert day_report(demo, day.day).closed
    starts = [local_of(b.start, TZ).date() for b in Booking.select()]
    assert min(starts) == TODAY - timedelta(days=DAYS - 1)
    assert max(starts) <= TODAY + timedelta(days=14)
    assert any(day > TODAY + timedelta(days=7) for day in starts)
    today = [b for b in Booking.select() if local_of(b.start, TZ).date() == TODAY]
    statuses = {b.status for b in today}
    assert {"closed", "booked"} <= statuses  # paid this morning, still to come
    assert all(b.status in ("booked", "cancelled") for b in today
               if b.start.replace(tzinfo=UTC) > NOW + timedelta(minutes=5))
    assert not Sale.select().where(Sale.status == "open").exists()


def test_every_kind_of_day_is_there(demo):
    statuses = {row.status for row in Booking.select(Booking.status).distinct()}
    assert {"closed", "cancelled", "no_show", "booked"} <= statuses
    assert Booking.select().where(Booking.cancel_kind == "late").exists()
    kinds = {row.kind for row in JournalEntry.select(JournalEntry.kind).distinct()}
    assert {"deposit_taken", "deposit_applied", "deposit_refunded", "deposit_forfeited",
            "sale_income", "sale_sealed", "tip", "payment", "change_given", "drawer_float",
            "drawer_count", "day_closed", "standing_data", "care_record", "stock_received",
            "stock_sold", "stock_used", "stock_returned", "course_sold", "voucher_sold",
            "refund_paid", "approved_change"} <= kinds
    methods = {row.method for row in JournalEntry.select(JournalEntry.method).where(
        JournalEntry.kind == Kind.PAYMENT).distinct()}
    assert {"card", "cash", "course", "house_account"} <= methods
    assert ExpectationNote.select().where(ExpectationNote.signature.is_null(False)).exists()


def test_no_stylist_is_booked_twice_at_once(demo):
    """As `bookings.book` keeps the books: a booking's work never meets another's (a
    blow-dry in a colour's processing time meets none of its work)."""
    phases: dict[int, list[Phases]] = {}
    for booked in BookedService.select().order_by(BookedService.position):
        phases.setdefault(booked.booking_id, []).append(
            Phases(booked.duration_min, booked.processing_min, booked.finish_min))
    work: dict[int, list] = {}
    for booking in Booking.select().where(Booking.status.not_in(["cancelled", "no_show"])):
        spans = busy_spans(booking.start, phases[booking.id])
        for other in work.get(booking.stylist_id, []):
            assert not overlap(spans, other), booking.id
        work.setdefault(booking.stylist_id, []).append(spans)


def test_the_outbox_waits_with_what_a_salon_would_send_now(demo):
    """No email server is set: the upcoming bookings' confirmations and reminders wait;
    what is past was withdrawn."""
    waiting = list(OutboxMessage.select(OutboxMessage, Booking.start, Client.email)
                   .join(Booking).switch(OutboxMessage).join(Client)
                   .where(OutboxMessage.status == Status.WAITING).objects())
    assert {m.kind for m in waiting} == {MessageKind.CONFIRMATION, MessageKind.REMINDER}
    assert all(m.start > NOW.replace(tzinfo=None) and m.recipient == m.email != ""
               for m in waiting)
    assert OutboxMessage.select().where(OutboxMessage.status == Status.DISMISSED).exists()
    # One client in seven gave no email: their reminders are on the call list.
    assert any(call_list(demo, TODAY + timedelta(days=n)).rows for n in range(1, 8))


def test_care_records(demo):
    forms = {c.category for c in Consultation.select(Consultation.category).distinct()}
    assert forms == {"Colour", "Treatment"}
    assert not Consultation.select().where(Consultation.signature.is_null()).exists()
    assert FormulaBowl.select().count() > ColourFormula.select().count() > 20
    photos = list(VisitPhoto.select())
    assert {p.moment for p in photos} == {"before", "after"}
    for photo in photos:
        data = (demo.photos_dir / photo.file_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == photo.sha256
        assert photo.file_name == f"{photo.sha256}.jpg" and data[:3] == b"\xff\xd8\xff"
    # The patch tests the screenshots show: one done this morning, not read yet; one read
    # as a reaction, its client booked for colour ahead.
    not_read = PatchTest.get(PatchTest.result == "not read")
    assert not_read.signature_id is not None
    assert NOW.replace(tzinfo=None) - not_read.done_at == timedelta(hours=1)
    reaction = PatchTest.get(PatchTest.result == "reaction")
    assert Booking.select().where((Booking.client == reaction.client_id)
                                  & (Booking.status == "booked")).exists()


def test_a_colour_holds_a_blow_dry_in_its_processing_time(demo):
    """The user guide: the full head colour (55 minutes of work, 35 processing, 30 after)
    holds a blow-dry on the first day ahead with room for it."""
    colour = Service.get(Service.name == "Full head colour")
    assert (colour.duration_min, colour.processing_min, colour.finish_min) == (120, 35, 30)
    processing = BookedService.get(BookedService.processing_min > 0)
    held = Booking.get_by_id(processing.booking_id)
    inside = (Booking.select().join(BookedService)
              .where((Booking.stylist == held.stylist_id) & (Booking.id != held.id)
                     & (BookedService.name == "Blow-dry")
                     & (Booking.start == held.start + timedelta(minutes=60))))
    assert local_of(held.start, TZ).date() > TODAY and inside.exists()


def test_money_held_and_stock(demo):
    courses = list(Course.select().where(Course.issued_on.is_null(False)))
    assert any(0 < c.sessions_left < c.sessions for c in courses)
    vouchers = list(Voucher.select())
    assert vouchers and any(v.balance > 0 for v in vouchers)
    assert Client.select().where(Client.house_account_enabled).exists()
    assert not Product.select().where(Product.barcode.is_null()).exists()
    moves = {row.kind for row in StockMovement.select(StockMovement.kind).distinct()}
    assert {"received", "sold", "used", "returned"} <= moves
    ahead = Booking.select().where(Booking.start > NOW.replace(tzinfo=None) + timedelta(days=1))
    assert {b.status for b in ahead} <= {BookingStatus.BOOKED, BookingStatus.CANCELLED}


def journal_contents() -> list[tuple]:
    """Every entry's content but its hashes and the staff's PINs (each PIN's hash has a
    salt of its own)."""
    entries = []
    for entry in JournalEntry.select().order_by(JournalEntry.seq):
        memo = entry.memo
        if entry.kind == Kind.STANDING_DATA and memo.startswith("{") and '"pin"' in memo:
            memo = str({**read_state(memo), "pin": "(salted)"})
        entries.append((entry.seq, entry.at, entry.business_day, entry.kind, entry.amount,
                        entry.method, entry.booking, entry.sale, entry.client, entry.stylist,
                        entry.staff, entry.approved_by, entry.category, entry.tax_amount,
                        entry.reference, memo))
    return entries


@pytest.mark.sqlite_only("two demo salons side by side")
def test_a_seed_repeats_the_journal(built, tmp_path):
    where, folder, _summary = built
    contents = []
    for place, data in ((where, folder), (build(tmp_path)[0], tmp_path)):
        open_salon(SalonLocation(place, data), FixedClock(NOW), pin_cost=16)
        try:
            contents.append(journal_contents())
        finally:
            close_database()

    assert contents[0] == contents[1]


def test_a_build_that_fails_leaves_the_database_empty(tmp_path, monkeypatch):
    """One transaction: a demo that cannot be finished is not half there (it can be built
    again in the same file)."""
    def fails(_days, day, _at):
        if day == TODAY - timedelta(days=2):
            raise OSError("the disk went away")

    monkeypatch.setattr(days_module.Days, "evening", fails)
    salon = open_salon(SalonLocation(fresh_database(tmp_path), tmp_path), FixedClock(NOW),
                       pin_cost=16)
    try:
        with pytest.raises(OSError):
            build_demo(salon, days=4, seed=1)

        assert not salon_setup.is_set_up(salon)
        assert not JournalEntry.select().exists() and not Client.select().exists()
    finally:
        close_database()
