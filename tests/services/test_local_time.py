"""Time: UTC in the database, the salon's zone on screen; daylight saving moves nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.localtime import local_of
from salon_pos.services.operations import bookings, deposits, salon_setup
from salon_pos.store.database import close_database
from salon_pos.store.models import Booking
from tests.conftest import make_salon
from tests.services.helpers import journal

CLOCKS_GO_FORWARD = date(2026, 3, 29)  # last Sunday of March: 01:00 GMT → 02:00 BST
CLOCKS_GO_BACK = date(2026, 10, 25)


@pytest.fixture
def london(tmp_path):
    clock = FixedClock(datetime(2026, 3, 27, 9, 0, tzinfo=UTC))  # Friday before the change
    fixture = make_salon(tmp_path, clock)
    salon_setup.change_settings(fixture.salon, fixture.manager, time_zone="Europe/London")
    yield fixture
    close_database()


def test_booking_after_the_spring_change_keeps_its_local_time_and_length(london):
    s = london
    start = bookings.local_start(s.salon, CLOCKS_GO_FORWARD, time(10, 0))
    booking_id = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=start,
                               service_ids=[s.cut], by=s.desk)
    booking = Booking.get_by_id(booking_id)
    tz = s.salon.settings().tz
    assert booking.start == datetime(2026, 3, 29, 9, 0)  # stored in UTC
    assert local_of(booking.start, tz).time() == time(10, 0)
    assert booking.end - booking.start == timedelta(minutes=45)


def test_booking_made_before_the_change_for_a_week_after_is_at_the_same_wall_clock_time(london):
    s = london
    before = bookings.book(
        s.salon, client_id=s.client, stylist_id=s.stylist, service_ids=[s.cut], by=s.desk,
        start=bookings.local_start(s.salon, date(2026, 3, 28), time(14, 0)))
    moved = bookings.local_start(s.salon, date(2026, 4, 3), time(14, 0))
    bookings.reschedule(s.salon, before, start=moved, by=s.desk)
    booking = Booking.get_by_id(before)
    assert booking.start == datetime(2026, 4, 3, 13, 0)
    assert local_of(booking.start, s.salon.settings().tz).time() == time(14, 0)
    assert booking.end - booking.start == timedelta(minutes=45)


def test_a_time_the_clocks_skip_is_refused(london):
    with pytest.raises(InvalidInput, match="does not exist"):
        bookings.local_start(london.salon, CLOCKS_GO_FORWARD, time(1, 30))


def test_a_time_that_happens_twice_means_the_first(london):
    first = bookings.local_start(london.salon, CLOCKS_GO_BACK, time(1, 30))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST


def test_business_day_follows_local_midnight(london):
    s = london
    s.clock.set(datetime(2026, 4, 1, 22, 0, tzinfo=UTC))  # 23:00 BST on 1 April
    booking = bookings.book(
        s.salon, client_id=s.client, stylist_id=s.stylist, service_ids=[s.colour], by=s.desk,
        start=bookings.local_start(s.salon, date(2026, 4, 8), time(10, 0)))
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash")
    s.clock.set(datetime(2026, 4, 1, 23, 30, tzinfo=UTC))  # 00:30 BST on 2 April
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=100,
                          more_than_due="a little more ahead")
    days = [e.business_day for e in journal()]
    assert days == [date(2026, 4, 1), date(2026, 4, 2)]
