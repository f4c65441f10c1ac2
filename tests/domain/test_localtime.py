"""Salon-local time: UTC in the database, business days by local midnight, DST safe."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.localtime import (
    business_day_of,
    day_bounds_utc,
    from_utc_naive,
    local_of,
    local_to_utc,
    to_utc_naive,
    zone,
)

LONDON = ZoneInfo("Europe/London")
DUBLIN = ZoneInfo("Europe/Dublin")
SPRING = date(2026, 3, 29)  # clocks go forward at 01:00 UTC
AUTUMN = date(2026, 10, 25)  # clocks go back at 01:00 UTC


def test_booking_at_ten_on_the_spring_change_day():
    assert local_to_utc(SPRING, time(10, 0), LONDON) == datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    # The day before, 10:00 local is still 10:00 UTC.
    assert local_to_utc(date(2026, 3, 28), time(10, 0), LONDON) == datetime(
        2026, 3, 28, 10, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("at", [time(1, 0), time(1, 30), time(1, 59)])
def test_skipped_time_is_refused(at):
    with pytest.raises(InvalidInput, match="does not exist"):
        local_to_utc(SPRING, at, LONDON)


def test_times_around_the_gap_exist():
    assert local_to_utc(SPRING, time(0, 59), LONDON) == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert local_to_utc(SPRING, time(2, 0), LONDON) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_repeated_time_in_autumn_means_the_first():
    # 01:30 happens twice on 25 Oct: first in BST (00:30 UTC), then in GMT (01:30 UTC).
    assert local_to_utc(AUTUMN, time(1, 30), LONDON) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert local_to_utc(AUTUMN, time(10, 0), LONDON) == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)


def test_day_bounds_on_change_days():
    start, end = day_bounds_utc(SPRING, LONDON)
    assert start == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=23)
    start, end = day_bounds_utc(AUTUMN, LONDON)
    assert start == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=25)
    start, end = day_bounds_utc(date(2026, 6, 1), LONDON)
    assert end - start == timedelta(hours=24)


def test_business_day_follows_local_midnight():
    # 23:30 UTC on 29 Mar is 00:30 BST on the 30th: the next business day.
    assert business_day_of(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), LONDON) == date(2026, 3, 30)
    assert business_day_of(datetime(2026, 3, 29, 22, 59, tzinfo=UTC), LONDON) == SPRING
    # In winter local midnight is UTC midnight.
    assert business_day_of(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), LONDON) == date(2026, 3, 28)
    # A naive instant is taken as UTC.
    assert business_day_of(datetime(2026, 3, 29, 23, 30), LONDON) == date(2026, 3, 30)


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
zones = st.sampled_from(
    [LONDON, DUBLIN, ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney"),
     ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]
)


@given(days, zones)
def test_day_bounds_cover_the_day_exactly(day, tz):
    start, end = day_bounds_utc(day, tz)
    assert start.tzinfo is not None and end.tzinfo is not None
    assert timedelta(hours=22) <= end - start <= timedelta(hours=26)
    assert business_day_of(start, tz) == day
    assert business_day_of(end - timedelta(seconds=1), tz) == day
    assert business_day_of(end, tz) == day + timedelta(days=1)
    assert day_bounds_utc(day + timedelta(days=1), tz)[0] == end


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)), zones)
def test_every_instant_falls_in_its_business_day(naive, tz):
    instant = naive.replace(tzinfo=UTC)
    day = business_day_of(instant, tz)
    start, end = day_bounds_utc(day, tz)
    assert start <= instant < end


@given(days, st.times(), zones)
def test_local_to_utc_round_trips_or_refuses(day, at, tz):
    try:
        instant = local_to_utc(day, at, tz)
    except InvalidInput:
        # Only a time in a spring-forward gap may be refused.
        naive = datetime.combine(day, at)
        shifted = naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
        assert shifted.replace(tzinfo=None) != naive
        return
    assert instant.tzinfo == UTC
    local = local_of(instant, tz)
    assert local.date() == day
    assert local.time() == at.replace(tzinfo=None)


def test_storage_form_is_naive_utc_whole_seconds():
    aware = datetime(2026, 6, 1, 11, 30, 15, 999_999, tzinfo=LONDON)
    stored = to_utc_naive(aware)
    assert stored == datetime(2026, 6, 1, 10, 30, 15)
    assert stored.tzinfo is None
    assert from_utc_naive(stored) == datetime(2026, 6, 1, 10, 30, 15, tzinfo=UTC)
    with pytest.raises(ValueError):
        to_utc_naive(datetime(2026, 6, 1, 10, 0))


def test_local_of_naive_is_utc():
    assert local_of(datetime(2026, 7, 1, 12, 0), LONDON).hour == 13


def test_zone_lookup():
    assert zone("Europe/Dublin") == DUBLIN
    for bad in ("Mars/Olympus", "", "../etc/passwd"):
        with pytest.raises(InvalidInput, match="Unknown time zone"):
            zone(bad)
