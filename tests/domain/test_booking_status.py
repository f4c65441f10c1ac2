"""The booking lifecycle: only the steps on the picture, each with a readable refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.booking_status import (
    ACTIVE,
    RESCHEDULABLE,
    TRANSITIONS,
    BookingStatus,
    next_status,
)
from salon_pos.domain.errors import DomainError, InvalidTransition

S = BookingStatus

# The picture in the domain description, written out again independently.
PICTURE = {
    (S.BOOKED, "check in"): S.ARRIVED,
    (S.ARRIVED, "start"): S.IN_SERVICE,
    (S.IN_SERVICE, "finish"): S.READY,
    (S.READY, "pay"): S.CLOSED,
    (S.BOOKED, "cancel"): S.CANCELLED,
    (S.BOOKED, "mark as no-show"): S.NO_SHOW,
}


@pytest.mark.parametrize(("source", "step"), list(PICTURE))
def test_allowed_steps(source, step):
    assert next_status(source, step) == PICTURE[(source, step)]
    assert next_status(source.value, step) == PICTURE[(source, step)]


@given(st.sampled_from(list(BookingStatus)), st.sampled_from(sorted(TRANSITIONS)))
def test_every_other_step_is_refused_with_a_message(status, step):
    if (status, step) in PICTURE:
        assert next_status(status, step) == PICTURE[(status, step)]
        return
    with pytest.raises(InvalidTransition) as caught:
        next_status(status, step)
    message = str(caught.value)
    assert isinstance(caught.value, DomainError)
    assert caught.value.message == message
    assert status.label in message
    assert step in message
    assert TRANSITIONS[step][0].label in message


def test_the_table_is_the_picture():
    assert {(src, step): dst for step, (src, dst) in TRANSITIONS.items()} == PICTURE


def test_final_statuses_have_no_way_out():
    for final in (S.CLOSED, S.CANCELLED, S.NO_SHOW):
        for step in TRANSITIONS:
            with pytest.raises(InvalidTransition):
                next_status(final, step)


def test_message_example():
    with pytest.raises(InvalidTransition, match="This booking is cancelled: “start” is only "
                       "possible while it is arrived."):
        next_status("cancelled", "start")


def test_unknown_status_is_not_silently_accepted():
    with pytest.raises(ValueError):
        next_status("lost", "check in")


def test_labels_and_groups():
    assert {s.label for s in BookingStatus} >= {"ready for checkout", "in service", "a no-show"}
    assert all(s.label for s in BookingStatus)
    assert frozenset({S.BOOKED, S.ARRIVED, S.IN_SERVICE, S.READY}) == ACTIVE
    assert frozenset({S.BOOKED}) == RESCHEDULABLE
    assert S("in_service") is S.IN_SERVICE
