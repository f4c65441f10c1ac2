"""A service's phases: the stylist's busy spans and the processing spans between them
split a booking's time exactly; adjoining work joins into one span."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.phases import Phases, busy_spans, check_phases, overlap, processing_spans

NINE = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return NINE + timedelta(minutes=minutes)


def test_a_colour_then_a_blow_dry():
    colour, blow_dry = Phases(120, 35, 30), Phases(30)
    assert busy_spans(NINE, [colour, blow_dry]) == [(at(0), at(55)), (at(90), at(150))]
    assert processing_spans(NINE, [colour, blow_dry]) == [(at(55), at(90))]


def test_overlap_finds_the_first_meeting_and_not_a_touch():
    assert overlap([(at(0), at(55))], [(at(55), at(85))]) is None
    assert overlap([(at(0), at(55)), (at(90), at(120))], [(at(80), at(100))]) == (at(90),
                                                                                  at(100))


@pytest.mark.parametrize(("duration", "processing", "finish", "said"), [
    (60, 60, 0, "leave time for the work before it"),
    (60, 30, 30, "leave time for the work before it"),
    (60, 0, 10, "needs some processing time"),
    (60, 7, 0, "steps of 5"),
    (60, -5, 0, "steps of 5"),
])
def test_phases_that_cannot_be_are_refused(duration, processing, finish, said):
    with pytest.raises(InvalidInput, match=said):
        check_phases(duration, processing, finish)


phases = st.builds(
    lambda before, processing, finish: Phases(before + processing + finish,
                                              processing if processing else 0,
                                              finish if processing else 0),
    st.integers(1, 48).map(lambda n: n * 5), st.integers(0, 24).map(lambda n: n * 5),
    st.integers(0, 24).map(lambda n: n * 5))


@given(st.lists(phases, min_size=1, max_size=12))
def test_busy_and_processing_spans_split_the_booking_exactly(services):
    busy, processing = busy_spans(NINE, services), processing_spans(NINE, services)
    spans = sorted(busy + processing)
    assert spans[0][0] == NINE
    assert spans[-1][1] == NINE + timedelta(minutes=sum(s.duration_min for s in services))
    for (_, end), (begin, _) in zip(spans, spans[1:], strict=False):
        assert end == begin  # no gap, no overlap
    worked = sum(((end - begin) for begin, end in busy), timedelta())
    assert worked == timedelta(minutes=sum(s.before_min + s.finish_min for s in services))
    assert all(a_end < b_begin for (_, a_end), (b_begin, _) in zip(busy, busy[1:], strict=False))
