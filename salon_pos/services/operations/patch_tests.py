"""Patch tests on the client's care record: recording a test (anyone on the staff),
reading it once the wait is over (clear or a reaction), a manager clearing a reaction with
the reason; and the guard at the chair — the work on a service that needs a valid test
does not start without one, unless a manager waives it with a reason (never for a
reaction no manager has cleared). Each is sealed into the journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from salon_pos.domain.localtime import local_of, to_utc_naive
from salon_pos.domain.patch_tests import PatchState, Result, Standing
from salon_pos.domain.validation import clean_name, clean_text
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.care_seals import seal_record
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_current_client
from salon_pos.services.operations.signatures import checked_signature, keep_signature
from salon_pos.services.views.patch_tests import (
    PATCH_TESTS,
    WAIVERS,
    patch_state,
    services_needing_test,
    test_state,
    tests_with_signatures,
    waiver_state,
)
from salon_pos.store.models import Booking, PatchTest, PatchTestWaiver

# A test recorded from the paper card of an earlier visit is fine; one "done" tomorrow,
# or decades ago, is a typing mistake.
FURTHEST_BACK = timedelta(days=5 * 366)
CLOCK_SLACK = timedelta(minutes=5)


def record_test(salon: Salon, client_id: int, *, products: str, by: int,
                done_at: datetime | None = None, result: str = Result.NOT_READ,
                notes: str = "", signature: bytes | None = None) -> int:
    """Record a patch test done on the client (`done_at`: now if None), usually not read
    yet, with the client's signature (a PNG drawn on screen) when they signed; a test done
    earlier may be recorded with its result."""
    products = clean_name(products, "products tested")
    signature = None if signature is None else checked_signature(signature)
    notes = clean_text(notes, "patch test notes")
    result = _result(result)
    with salon.writing():
        require_staff(salon, by)
        get_current_client(salon, client_id)
        now = salon.now_stored()
        done = now if done_at is None else _moment(done_at)
        if done > now + CLOCK_SLACK:
            raise InvalidInput("A patch test cannot be recorded before it is done.")
        if done < now - FURTHEST_BACK:
            raise InvalidInput("That patch test is more than five years old: check the date.")
        read = None if result is Result.NOT_READ else now
        signed = None if signature is None else keep_signature(salon, client_id, signature)
        test = PatchTest.create(client=client_id, done_at=done, products=products, done_by=by,
                                result=result, read_at=read, read_by=by if read else None,
                                notes=notes, signature=signed)
        _seal(salon, _test(salon, test.id), by)
        return test.id


def read_test(salon: Salon, test_id: int, *, result: str, by: int, notes: str | None = None
              ) -> None:
    """The result of a test not read yet: clear, or a reaction (which then blocks the
    services that need a test until a manager clears it)."""
    result = _result(result)
    if result is Result.NOT_READ:
        raise InvalidInput("Choose what the test showed: clear, or a reaction.")
    notes = None if notes is None else clean_text(notes, "patch test notes")
    with salon.writing():
        require_staff(salon, by)
        test = _test(salon, test_id)
        if test.result != Result.NOT_READ:
            raise InvalidTransition(f"This patch test was read already: {test.result}.")
        now = salon.now_stored()
        if now < test.done_at:
            raise InvalidTransition("This patch test is not done yet.")
        fields = {"result": result, "read_at": now, "read_by": by}
        if notes is not None:
            fields["notes"] = notes
        PatchTest.update(fields).where(PatchTest.id == test_id).execute()
        _seal(salon, _test(salon, test_id), by)


def clear_reaction(salon: Salon, test_id: int, *, reason: str, approved_by: int) -> None:
    """A manager clears a reaction (e.g. a doctor's all-clear, or a test of another
    product), with the reason; the client then needs a clear test as anyone does."""
    reason = clean_text(reason, "reason for clearing the reaction", required=True)
    with salon.writing():
        require_manager(salon, approved_by)
        test = _test(salon, test_id)
        if test.result != Result.REACTION or test.cleared_at is not None:
            raise InvalidTransition("Only a reaction that is not cleared yet can be cleared.")
        PatchTest.update(cleared_at=salon.now_stored(), cleared_by=approved_by,
                         cleared_reason=reason).where(PatchTest.id == test_id).execute()
        _seal(salon, _test(salon, test_id), approved_by, approved_by=approved_by)


@dataclass(frozen=True)
class Waiver:
    """A manager's leave to start without a valid patch test, and why."""

    approved_by: int
    reason: str


class PatchTestNeeded(NotAllowed):
    """The work cannot start for want of a valid patch test; `waivable` says whether a
    manager may let it (not for a reaction: that a manager clears first)."""

    def __init__(self, message: str, state: PatchState):
        super().__init__(message)
        self.state = state
        self.waivable = state.standing is not Standing.REACTION


def guard_start(salon: Salon, booking: Booking, waiver: Waiver | None, by: int) -> None:
    """Inside the start's transaction: refuse the work on a service that needs a patch
    test the client does not validly have now, unless a manager waives it (recorded)."""
    needing = services_needing_test(salon, booking.id)
    if not needing:
        return
    state = patch_state(salon, booking.client_id, salon.now_stored(), relied_on=True)
    if state.allows_service:
        return
    if waiver is None or state.standing is Standing.REACTION:
        raise PatchTestNeeded(_why_not(salon, ", ".join(needing), state), state)
    reason = clean_text(waiver.reason, "reason to start without a valid patch test",
                        required=True)
    require_manager(salon, waiver.approved_by)
    row = PatchTestWaiver.create(booking=booking.id, approved_by=waiver.approved_by,
                                 standing=state.standing, reason=reason,
                                 at=salon.now_stored())
    seal_record(salon, WAIVERS, row.id, waiver_state(row), client_id=booking.client_id,
                staff_id=by, approved_by_id=waiver.approved_by, booking_id=booking.id)


def _why_not(salon: Salon, services: str, state: PatchState) -> str:
    tz = salon.settings().tz
    on = f"{local_of(state.test.done_at, tz):%d %b %Y}" if state.test else ""
    said = {
        Standing.REACTION: f"the client reacted to the patch test of {on}. A manager has to "
                           "clear the reaction on the client's record before any such work",
        Standing.NOT_READ: f"the patch test of {on} has not been read yet",
        Standing.TOO_SOON: "the patch test can only be relied on from "
                           + (f"{local_of(state.usable_from, tz):%a %d %b %H:%M}"
                              if state.usable_from else "later"),
        Standing.DUE: "the client has no valid patch test",
    }[state.standing]
    waivable = "" if state.standing is Standing.REACTION else \
        " A manager may let the work start, giving the reason."
    return f"{services} needs a valid patch test, and {said}.{waivable}"


def _result(value: str) -> Result:
    try:
        return Result(str(value).strip().lower())
    except ValueError:
        raise InvalidInput("A patch test's result is clear, reaction or not read.") from None


def _moment(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise InvalidInput("The time of the patch test needs a time zone.")
    return to_utc_naive(at)


def _test(salon: Salon, test_id: int) -> PatchTest:
    test = tests_with_signatures(salon).where(PatchTest.id == test_id).get_or_none()
    if test is None:
        raise NotFound("That patch test does not exist.")
    return test


def _seal(salon: Salon, test: PatchTest, by: int, approved_by: int | None = None) -> None:
    seal_record(salon, PATCH_TESTS, test.id, test_state(test), client_id=test.client_id,
                staff_id=by, approved_by_id=approved_by)
