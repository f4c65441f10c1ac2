"""Where clients stand on patch tests: a client's tests, their standing at a moment, the
services of a booking that need one, and a day's bookings in one go (the day book, My
day). Times are UTC as stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from salon_pos.domain.care_records import PATCH_TEST, PATCH_TEST_WAIVER
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import local_of
from salon_pos.domain.patch_tests import (
    MOMENT,
    PatchState,
    PatchTest,
    Result,
    Standing,
    describe,
    latest_test_for,
    state_at,
)
from salon_pos.domain.settings import SalonSettings
from salon_pos.services.kernel.care_seals import (
    SealedKind,
    check_client_seals,
    signature_digest,
    with_signature,
)
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import BookedService, Booking, PatchTestWaiver, Service, Staff
from salon_pos.store.models import PatchTest as PatchTestRow


@dataclass(frozen=True)
class PatchTestView:
    test_id: int
    done_at: datetime  # UTC
    products: str
    done_by: str
    result: Result
    read_at: datetime | None
    notes: str
    cleared: bool
    cleared_reason: str
    signed: bool = False


def client_tests(salon: Salon, client_id: int) -> list[PatchTestView]:
    """A client's patch tests, the newest first."""
    done_by = Staff.alias()
    query = (PatchTestRow.select(PatchTestRow, done_by.name)
             .join(done_by, on=PatchTestRow.done_by == done_by.id)
             .where(PatchTestRow.client == client_id)
             .order_by(PatchTestRow.done_at.desc(), PatchTestRow.id.desc()).objects())
    return [PatchTestView(row.id, row.done_at, row.products, row.name, Result(row.result),
                          row.read_at, row.notes, row.cleared_at is not None,
                          row.cleared_reason, row.signature_id is not None) for row in query]


def _as_rule(row) -> PatchTest:
    return PatchTest(row.done_at, Result(row.result), row.cleared_at is not None)


def patch_state(salon: Salon, client_id: int, at: datetime, *, relied_on: bool = False,
                settings: SalonSettings | None = None) -> PatchState:
    """Where the client stands at `at` (naive UTC), by the salon's settings (passed when
    the caller has read them). `relied_on`: the work is about to start on it, so the tests
    must be as the journal sealed them."""
    rows = list(tests_with_signatures(salon).where(PatchTestRow.client == client_id))
    if relied_on:
        check_client_seals(salon, PATCH_TESTS, client_id, {row.id: test_state(row) for row in rows})
    return _state(settings or salon.settings(), [_as_rule(row) for row in rows], at)


def _state(settings: SalonSettings, tests: list[PatchTest], at: datetime) -> PatchState:
    return state_at(tests, at, wait_hours=settings.patch_test_wait_hours,
                    valid_months=settings.patch_test_valid_months)


@dataclass(frozen=True)
class PatchOutlook:
    """Where a client will stand at a booking's start, said for the desk; `test_by` (naive
    UTC) is the last moment a test can be done to count, when one should be booked."""

    state: PatchState
    said: str
    test_by: datetime | None


def patch_outlook(salon: Salon, client_id: int, start: datetime) -> PatchOutlook:
    """For a booking being made at `start` (naive UTC)."""
    settings = salon.settings()
    state = patch_state(salon, client_id, start, settings=settings)
    if state.standing is not Standing.DUE:
        return PatchOutlook(state, describe(state, settings.tz), None)
    wait = settings.patch_test_wait_hours
    test_by = latest_test_for(start, wait_hours=wait)
    now = salon.now_stored()
    if test_by < now:
        return PatchOutlook(state, "No valid patch test on the day, and it is too late for a "
                                   "test to count: one done now is relied on from "
                                   f"{local_of(now + timedelta(hours=wait), settings.tz):{MOMENT}}"
                                   ".", None)
    return PatchOutlook(state, "No valid patch test on the day: book the test by "
                               f"{local_of(test_by, settings.tz):{MOMENT}}.", test_by)


def services_needing_test(salon: Salon, booking_id: int) -> list[str]:
    """The booking's services that need a valid patch test, by name."""
    return [row.name for row in BookedService.select(BookedService.name).join(Service).where(
        (BookedService.booking == booking_id) & Service.needs_patch_test).order_by(
        BookedService.position)]


def patch_states(salon: Salon, settings: SalonSettings,
                 bookings: Iterable[tuple[int, int, datetime]]) -> dict[int, PatchState]:
    """For bookings that need a patch test, given as (booking id, client id, start): where
    their client stands at the start. One query, however many bookings."""
    bookings = list(bookings)
    if not bookings:
        return {}
    tests: dict[int, list[PatchTest]] = {}
    for row in PatchTestRow.select().where(
            PatchTestRow.client.in_(list({client for _b, client, _s in bookings}))):
        tests.setdefault(row.client_id, []).append(_as_rule(row))
    return {booking: _state(settings, tests.get(client, []), start)
            for booking, client, start in bookings}


def tests_with_signatures(salon: Salon):
    """Patch tests with the signature each carries, in the one query."""
    return with_signature(salon, PatchTestRow)


def test_state(row) -> dict:
    """What the journal seals of a patch test (a row of `tests_with_signatures`)."""
    state = {"client": row.client_id, "done_at": row.done_at, "products": row.products,
             "done_by": row.done_by_id, "result": row.result, "read_at": row.read_at,
             "read_by": row.read_by_id, "notes": row.notes, "cleared_at": row.cleared_at,
             "cleared_by": row.cleared_by_id, "cleared_reason": row.cleared_reason}
    if row.signature_id is not None:  # only then: tests sealed before signatures keep their seals
        state["signature"] = signature_digest(row)
    return state


def waiver_state(row) -> dict:
    """What the journal seals of a waiver."""
    return {"booking": row.booking_id, "approved_by": row.approved_by_id,
            "standing": row.standing, "reason": row.reason, "at": row.at}


def _test_states(salon: Salon, client_id: int | None):
    rows = tests_with_signatures(salon)
    if client_id is not None:
        rows = rows.where(PatchTestRow.client == client_id)
    return ((row.id, test_state(row)) for row in rows.iterator())


def _waiver_states(_salon: Salon, client_id: int | None):
    rows = PatchTestWaiver.select()
    if client_id is not None:
        rows = rows.join(Booking).where(Booking.client == client_id)
    return ((row.id, waiver_state(row)) for row in rows.iterator())


PATCH_TESTS = SealedKind(PATCH_TEST, "patch test", Kind.CARE_RECORD, _test_states)
WAIVERS = SealedKind(PATCH_TEST_WAIVER, "patch test waiver", Kind.PATCH_TEST_WAIVED,
                     _waiver_states)
