"""Patch (skin) tests: whether a client may have a service that needs one, at a moment.

A test is done at a moment and read later: clear, a reaction, or not read yet. A clear test
can be relied on from `wait_hours` after it was done (48 by default: a reaction can take
that long to show) until `valid_months` after (6 by default, the insurers' rule). A
reaction blocks every service that needs a test until a manager clears it. Times are UTC.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from salon_pos.domain.localtime import local_of


class Result(StrEnum):
    CLEAR = "clear"
    REACTION = "reaction"
    NOT_READ = "not read"


class Standing(StrEnum):
    VALID = "valid"  # a clear test, old enough and recent enough
    TOO_SOON = "too soon"  # a clear test, not yet 48 hours old
    NOT_READ = "not read"  # the newest test has not been read
    REACTION = "reaction"  # a reaction no manager has cleared
    DUE = "due"  # no test, or none recent enough


@dataclass(frozen=True)
class PatchTest:
    done_at: datetime
    result: Result
    cleared: bool = False  # a reaction a manager has cleared (with the reason on record)


@dataclass(frozen=True)
class PatchState:
    standing: Standing
    test: PatchTest | None = None  # the test the standing comes from
    usable_from: datetime | None = None
    valid_until: datetime | None = None

    @property
    def allows_service(self) -> bool:
        return self.standing is Standing.VALID


def valid_until(done_at: datetime, valid_months: int) -> datetime:
    """The moment a test done at `done_at` stops being valid: the same day and time
    `valid_months` on (the last day of a shorter month)."""
    month = done_at.month - 1 + valid_months
    year, month = done_at.year + month // 12, month % 12 + 1
    return done_at.replace(year=year, month=month,
                           day=min(done_at.day, calendar.monthrange(year, month)[1]))


def state_at(tests: list[PatchTest], at: datetime, *, wait_hours: int = 48,
             valid_months: int = 6) -> PatchState:
    """Where the client stands at `at`, given every test they have had (tests done after
    `at` do not count)."""
    wait = timedelta(hours=wait_hours)
    done = sorted((test for test in tests if test.done_at <= at), key=lambda t: t.done_at)
    for test in reversed(done):
        if test.result is Result.REACTION and not test.cleared:
            return PatchState(Standing.REACTION, test)
    if done and done[-1].result is Result.NOT_READ:
        return PatchState(Standing.NOT_READ, done[-1], done[-1].done_at + wait)
    clear = [test for test in done if test.result is Result.CLEAR]
    if clear:
        test = clear[-1]
        state = PatchState(Standing.VALID, test, test.done_at + wait,
                           valid_until(test.done_at, valid_months))
        if at < state.usable_from:
            return PatchState(Standing.TOO_SOON, test, state.usable_from, state.valid_until)
        if at < state.valid_until:
            return state
    return PatchState(Standing.DUE)


def latest_test_for(start: datetime, *, wait_hours: int = 48) -> datetime:
    """The last moment a test can be done to be relied on for a service at `start`."""
    return start - timedelta(hours=wait_hours)


# A booking's mark in the day book: (text, how it reads — good, warn or alert).
BADGES = {
    Standing.VALID: ("patch test ✓", "good"),
    Standing.TOO_SOON: ("patch test too soon", "warn"),
    Standing.NOT_READ: ("patch test not read", "warn"),
    Standing.DUE: ("patch test due", "warn"),
    Standing.REACTION: ("patch test reaction", "alert"),
}


def describe(state: PatchState, tz: ZoneInfo) -> str:
    """Where the client stands, in a sentence for the desk (times local)."""
    def shown(moment: datetime | None, pattern: str) -> str:
        return local_of(moment, tz).strftime(pattern) if moment else "?"

    done = shown(state.test.done_at if state.test else None, "%a %d %b %Y")
    return {
        Standing.VALID: f"Patch test clear, valid until {shown(state.valid_until, DAY)}",
        Standing.TOO_SOON: f"Patch test clear, but only relied on from "
                           f"{shown(state.usable_from, MOMENT)}",
        Standing.NOT_READ: f"Patch test of {done} not read yet (read it from "
                           f"{shown(state.usable_from, MOMENT)})",
        Standing.DUE: "Patch test due: none valid",
        Standing.REACTION: f"REACTION to the patch test of {done}: a manager must clear it "
                           "before any service that needs a test",
    }[state.standing]


DAY = "%a %d %b %Y"
MOMENT = "%a %d %b %H:%M"
