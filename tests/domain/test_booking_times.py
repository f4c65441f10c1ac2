"""A time as the desk types it, and what makes a booking's start worth a question."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from salon_pos.domain.booking_times import parse_time_of_day, quarter_hours, unusual_start
from salon_pos.domain.errors import InvalidInput


@pytest.mark.parametrize(("typed", "meant"), [
    ("09:00", time(9)), ("9:30", time(9, 30)), ("0900", time(9)), ("930", time(9, 30)),
    ("9", time(9)), (" 17.45 ", time(17, 45)), ("21", time(21)), ("00:00", time(0)),
])
def test_a_typed_time_is_understood(typed, meant):
    assert parse_time_of_day(typed) == meant


@pytest.mark.parametrize("typed", ["", "24", "9:60", "9:5", "nine", "12345", "-1"])
def test_what_is_not_a_time_says_how_to_type_one(typed):
    with pytest.raises(InvalidInput, match="type it like 09:30"):
        parse_time_of_day(typed)


def test_the_quarter_hours_run_from_opening_to_the_last_slot_before_closing():
    slots = quarter_hours()
    assert (slots[0], slots[1], slots[-1], len(slots)) == (time(8), time(8, 15),
                                                           time(19, 45), 48)


NOW = datetime(2026, 3, 20, 10, 7)  # a Friday morning


@pytest.mark.parametrize(("start", "end", "reasons"), [
    (datetime(2026, 3, 20, 11, 0), datetime(2026, 3, 20, 12, 0), []),
    (datetime(2026, 3, 20, 10, 0), datetime(2026, 3, 20, 10, 45), []),  # "now" at the desk
    (datetime(2026, 3, 20, 9, 45), datetime(2026, 3, 20, 10, 30), ["already past"]),
    (datetime(2026, 3, 20, 7, 30), datetime(2026, 3, 20, 8, 15),
     ["outside opening hours (08:00–20:00)", "already past"]),
    (datetime(2026, 3, 21, 19, 30), datetime(2026, 3, 21, 20, 15),
     ["outside opening hours (08:00–20:00)"]),  # ends after closing
    (datetime(2026, 3, 21, 19, 0), datetime(2026, 3, 21, 20, 0), []),
])
def test_a_start_outside_opening_hours_or_past_is_named(start, end, reasons):
    assert unusual_start(start, end, NOW) == reasons
