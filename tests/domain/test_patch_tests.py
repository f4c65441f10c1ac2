"""Patch tests: a clear test is relied on from 48 hours after it was done until six months
after; a reaction no manager has cleared blocks; a test not read yet is not relied on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.patch_tests import (
    PatchTest,
    Result,
    Standing,
    latest_test_for,
    state_at,
    valid_until,
)

DONE = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
moments = st.integers(min_value=-30 * 24, max_value=400 * 24).map(
    lambda hours: DONE + timedelta(hours=hours))


@given(moments)
def test_a_clear_test_is_relied_on_from_48_hours_to_six_months(at):
    state = state_at([PatchTest(DONE, Result.CLEAR)], at)
    expected = (Standing.DUE if at < DONE or at >= datetime(2026, 9, 2, 10, 0, tzinfo=UTC)
                else Standing.TOO_SOON if at < DONE + timedelta(hours=48) else Standing.VALID)
    assert state.standing is expected
    assert state.allows_service == (expected is Standing.VALID)


@given(moments)
def test_a_reaction_blocks_until_a_manager_clears_it(at):
    tests = [PatchTest(DONE - timedelta(days=10), Result.CLEAR),
             PatchTest(DONE, Result.REACTION)]
    state = state_at(tests, at)
    assert not state.allows_service or at < DONE
    if at >= DONE:
        assert state.standing is Standing.REACTION
        cleared = [tests[0], PatchTest(DONE, Result.REACTION, cleared=True)]
        assert state_at(cleared, at).standing is not Standing.REACTION


def test_a_test_not_read_is_not_relied_on_and_a_newer_clear_one_is():
    later = DONE + timedelta(days=3)
    tests = [PatchTest(DONE, Result.NOT_READ)]
    assert state_at(tests, later).standing is Standing.NOT_READ
    tests.append(PatchTest(DONE + timedelta(hours=1), Result.CLEAR))
    assert state_at(tests, later).standing is Standing.VALID


def test_six_months_from_the_end_of_a_month_is_the_end_of_a_shorter_one():
    assert valid_until(datetime(2026, 8, 31, 9, 0, tzinfo=UTC), 6) == datetime(
        2027, 2, 28, 9, 0, tzinfo=UTC)
    assert valid_until(DONE, 12) == datetime(2027, 3, 2, 10, 0, tzinfo=UTC)


def test_the_last_moment_to_test_before_a_service():
    start = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    latest = latest_test_for(start)
    assert latest == datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    assert state_at([PatchTest(latest, Result.CLEAR)], start).allows_service
    assert not state_at([PatchTest(latest + timedelta(minutes=1), Result.CLEAR)],
                        start).allows_service
