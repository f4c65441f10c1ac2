"""Patch tests guard the chair: a service that needs one does not start without a valid
test, a reaction blocks it until a manager clears it, a manager's waiver is in the journal,
and a hand-edited test is neither relied on nor missed by verify."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.domain.patch_tests import Standing
from salon_pos.services.operations import bookings, catalogue, patch_tests
from salon_pos.services.operations.patch_tests import PatchTestNeeded, Waiver
from salon_pos.services.views.day_book import booking_details, day_book
from salon_pos.services.views.patch_tests import client_tests, patch_state
from salon_pos.services.views.verify import verify
from salon_pos.store.models import Booking, JournalEntry, PatchTest, PatchTestWaiver
from tests.services.helpers import TODAY, add_tint, at, book, refused


@pytest.fixture
def tint(s) -> int:
    """A root tint that needs a valid patch test (and no expectation note)."""
    return add_tint(s)


def checked_in(s, tint: int, hour: int = 11, days: int = 0) -> int:
    booking = book(s, hour, services=[tint], days=days)
    bookings.check_in(s.salon, booking, by=s.desk)
    return booking


def started(booking: int) -> bool:
    return Booking.get_by_id(booking).started_at is not None


def test_no_test_no_start_and_nothing_changes(s, tint):
    booking = checked_in(s, tint)
    s.clock.set(at(s, 11))
    with refused(s, "Root tint needs a valid patch test, and the client has no valid patch "
                    "test. A manager may let", PatchTestNeeded) as caught:
        bookings.start_service(s.salon, booking, by=s.stylist)
    assert caught.value.waivable and caught.value.state.standing is Standing.DUE


def test_a_cut_needs_no_test(s, tint):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)
    assert started(booking)


def test_a_test_is_relied_on_from_48_hours_after_until_six_months(s, tint):
    test = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0 + 6%",
                                   by=s.stylist)
    assert patch_state(s.salon, s.client, s.salon.now_stored()).standing is Standing.NOT_READ
    booking = checked_in(s, tint, 11)
    with refused(s, "has not been read yet"):
        bookings.start_service(s.salon, booking, by=s.stylist)
    s.clock.advance(hours=47)
    patch_tests.read_test(s.salon, test, result="clear", by=s.desk)
    state = patch_state(s.salon, s.client, s.salon.now_stored())
    assert state.standing is Standing.TOO_SOON
    s.clock.advance(hours=1)
    later = checked_in(s, tint, 14, days=2)
    s.clock.set(at(s, 14, days=2))
    bookings.start_service(s.salon, later, by=s.stylist)
    assert started(later)
    s.clock.set(at(s, 14, days=200))
    assert patch_state(s.salon, s.client, s.salon.now_stored()).standing is Standing.DUE


def test_the_day_book_sees_the_standing_on_the_day_of_each_booking(s, tint):
    patch_tests.record_test(s.salon, s.client, products="Majirel 7", by=s.stylist,
                            result="clear")
    today = book(s, 11, services=[tint])
    in_three_days = book(s, 11, services=[tint], days=3)
    cut = book(s, 15)
    def standing(booking: int, days: int = 0):
        book = day_book(s.salon, TODAY + timedelta(days=days))
        return next(e for e in book.entries if e.booking_id == booking).patch_standing

    assert standing(today) is Standing.TOO_SOON
    assert standing(in_three_days, 3) is Standing.VALID
    assert standing(cut) is None
    details = booking_details(s.salon, in_three_days)
    assert details.patch_test.startswith("Patch test clear, valid until ")


def test_a_reaction_blocks_until_a_manager_clears_it_and_is_not_waived(s, tint):
    test = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist)
    s.clock.advance(hours=48)
    patch_tests.read_test(s.salon, test, result="reaction", by=s.stylist,
                          notes="Redness behind the ear")
    booking = checked_in(s, tint, 14, days=2)
    s.clock.set(at(s, 14, days=2))
    with refused(s, "reacted to the patch test") as caught:
        bookings.start_service(s.salon, booking, by=s.stylist,
                               waiver=Waiver(s.manager, "She insists"))
    assert not caught.value.waivable
    with refused(s, "manager", NotAllowed):
        patch_tests.clear_reaction(s.salon, test, reason="GP letter", approved_by=s.desk)
    with refused(s, "reason"):
        patch_tests.clear_reaction(s.salon, test, reason="  ", approved_by=s.manager)
    patch_tests.clear_reaction(s.salon, test, reason="Allergy clinic: no allergy to PPD",
                               approved_by=s.manager)
    assert client_tests(s.salon, s.client)[0].cleared
    # Cleared, the client needs a clear test as anyone does: the waiver may now be given.
    assert patch_state(s.salon, s.client, s.salon.now_stored()).standing is Standing.DUE
    with refused(s, "clear, or a reaction"):
        patch_tests.read_test(s.salon, test, result="not read", by=s.desk)
    with refused(s, "read already", InvalidTransition):
        patch_tests.read_test(s.salon, test, result="clear", by=s.desk)


def test_a_managers_waiver_starts_the_work_and_is_in_the_journal(s, tint):
    booking = checked_in(s, tint)
    s.clock.set(at(s, 11))
    with refused(s, "manager", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist,
                               waiver=Waiver(s.stylist, "Tested last week elsewhere"))
    with refused(s, "reason to start without a valid patch test"):
        bookings.start_service(s.salon, booking, by=s.stylist, waiver=Waiver(s.manager, ""))
    bookings.start_service(s.salon, booking, by=s.stylist,
                           waiver=Waiver(s.manager, "Card from her last salon, 3 weeks ago"))
    assert started(booking)
    waiver = PatchTestWaiver.get(PatchTestWaiver.booking == booking)
    assert (waiver.approved_by_id, waiver.standing) == (s.manager, "due")
    entry = JournalEntry.get(JournalEntry.kind == Kind.PATCH_TEST_WAIVED)
    assert (entry.booking, entry.client, entry.staff, entry.approved_by) == (
        booking, s.client, s.stylist, s.manager)
    assert "salon" not in entry.memo  # a digest: the reason stays with the booking
    assert verify(s.salon).ok


def test_the_journal_keeps_a_seal_not_the_record(s, tint):
    patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist,
                            notes="Sensitive scalp")
    entry = JournalEntry.get(JournalEntry.kind == Kind.CARE_RECORD)
    assert entry.reference.startswith("patch-test:") and entry.client == s.client
    assert "Koleston" not in entry.memo and "scalp" not in entry.memo
    assert verify(s.salon).ok


def test_a_reaction_edited_to_clear_by_hand_is_not_relied_on_and_verify_names_it(s, tint):
    test = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist)
    s.clock.advance(hours=48)
    patch_tests.read_test(s.salon, test, result="reaction", by=s.stylist)
    PatchTest.update(result="clear").where(PatchTest.id == test).execute()  # the attack
    booking = checked_in(s, tint, 14, days=2)
    s.clock.set(at(s, 14, days=2))
    with refused(s, "do not match the journal", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist)
    assert any(f"patch test {test} was changed outside" in said
               for _seq, said in verify(s.salon).problems)


def test_a_reaction_deleted_by_hand_is_missed(s, tint):
    test = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist)
    s.clock.advance(hours=48)
    patch_tests.read_test(s.salon, test, result="reaction", by=s.stylist)
    PatchTest.delete().where(PatchTest.id == test).execute()  # the attack
    booking = checked_in(s, tint, 14, days=2)
    s.clock.set(at(s, 14, days=2))
    with refused(s, "do not match the journal", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist,
                               waiver=Waiver(s.manager, "No test on file"))
    assert any(f"patch test {test} is in the journal but was removed" in said
               for _seq, said in verify(s.salon).problems)


def test_a_test_cannot_be_recorded_in_the_future_or_for_nobody(s):
    with refused(s, "before it is done", InvalidInput):
        patch_tests.record_test(s.salon, s.client, products="Koleston", by=s.stylist,
                                done_at=at(s, 12, days=1))
    with refused(s, "products tested"):
        patch_tests.record_test(s.salon, s.client, products=" ", by=s.stylist)
    with refused(s, "client"):
        patch_tests.record_test(s.salon, 999, products="Koleston", by=s.stylist)


def test_a_service_marked_after_the_fact_is_held_to_the_journal(s):
    catalogue.edit_service(s.salon, s.cut, approved_by=s.manager, needs_patch_test=True)
    assert verify(s.salon).ok
    from salon_pos.store.models import Service
    Service.update(needs_patch_test=False).where(Service.id == s.cut).execute()  # the attack
    problems = verify(s.salon).problems
    assert any("needs patch test is no but the journal says yes" in said
               for _seq, said in problems)
