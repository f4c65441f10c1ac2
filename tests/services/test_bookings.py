"""The booking lifecycle: book, reschedule, check in, start (behind the consultation
guard), finish, cancel and no-show as transitions; deposits moved by them are in
test_deposits.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from salon_pos.services.kernel import balances
from salon_pos.services.operations import (
    bookings,
    catalogue,
    checkout,
    clients,
    notes,
    salon_setup,
    staff,
)
from salon_pos.store.models import BookedService, Booking
from tests.services.helpers import (
    agree_note,
    at,
    book,
    book_with_deposit,
    pay_by_card,
    refused,
    to_ready,
)


def status(booking_id: int) -> str:
    return Booking.get_by_id(booking_id).status


# --- book ---------------------------------------------------------------------------------


def test_book_records_services_at_their_quoted_price_and_the_deposit_due(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    row = Booking.get_by_id(booking)
    assert row.status == "booked"
    assert row.start == datetime(2026, 3, 20, 11, 0)  # stored as naive UTC
    assert row.end == datetime(2026, 3, 20, 12, 15)  # 45 + 30 minutes
    assert row.created_by_id == s.desk
    assert row.deposit_due == 1500  # 20 % of €75.00
    assert "at or over the €60.00 threshold" in row.deposit_reason
    booked = [(b.name, b.price_quoted, b.duration_min) for b in
              BookedService.select().where(BookedService.booking == booking)
              .order_by(BookedService.position)]
    assert booked == [("Cut and finish", 4500, 45), ("Blow-dry", 3000, 30)]


def test_book_below_the_threshold_needs_no_deposit(s):
    booking = book(s, 11)

    row = Booking.get_by_id(booking)
    assert row.deposit_due == 0
    assert row.deposit_reason == "No deposit is needed for this booking."


def test_book_refuses_a_clash_with_the_same_stylist_and_says_with_whom(s):
    book(s, 11)

    with refused(s, "Aoife Stylist already has Zoë Ní Bhriain at 11:00–11:45. "
                    "Choose another time, or double-book on purpose.", InvalidInput):
        book(s, 11, minute=30)


def test_book_clash_counts_overlap_not_touching(s):
    book(s, 11)

    back_to_back = book(s, 11, minute=45)

    assert Booking.get_by_id(back_to_back).double_booked is False


def test_the_longest_booking_still_clashes_on_its_last_day(s):
    """The clash check reads back only as far as the longest booking can last."""
    marathon = catalogue.add_service(s.salon, "Twelve hours", duration_min=12 * 60, price=0,
                                     tax_class_id=s.standard_tax, approved_by=s.manager)
    book(s, 9, services=[marathon] * bookings.MAX_SERVICES)  # 144 hours, six days

    with refused(s, "Aoife Stylist already has Zoë Ní Bhriain", InvalidInput):
        book(s, 8, days=6)  # 08:00 on day six: the last hour of the marathon
    assert book(s, 9, days=6)  # touching its end is no clash


def test_double_book_on_purpose_is_allowed_and_flagged(s):
    first = book(s, 11)

    second = book(s, 11, minute=15, double_book=True)

    assert Booking.get_by_id(second).double_booked is True
    assert Booking.get_by_id(first).double_booked is False


def test_double_book_flag_stays_off_when_there_is_no_clash(s):
    booking = book(s, 11, double_book=True)

    assert Booking.get_by_id(booking).double_booked is False


def test_another_stylist_at_the_same_time_is_no_clash(s):
    book(s, 11)

    other = book(s, 11, stylist=s.stylist2)

    assert Booking.get_by_id(other).stylist_id == s.stylist2


def test_cancelled_booking_no_longer_holds_its_place(s):
    first = book(s, 11)
    bookings.cancel(s.salon, first, by=s.desk)

    book(s, 11)


def test_a_manager_can_take_clients(s):
    booking = book(s, 11, stylist=s.manager)

    assert Booking.get_by_id(booking).stylist_id == s.manager


def test_book_refuses_front_desk_as_the_stylist(s):
    with refused(s, "Dara Desk does not take clients", InvalidInput):
        book(s, 11, stylist=s.desk)


def test_book_refuses_without_services(s):
    with refused(s, "Choose at least one service", InvalidInput):
        bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                      start=at(s, 11), service_ids=[], by=s.desk)


def test_book_refuses_more_than_twelve_services(s):
    with refused(s, "at most 12 services", InvalidInput):
        book(s, 11, services=[s.cut] * 13)


def test_book_refuses_a_start_without_time_zone(s):
    with refused(s, "needs a time zone", InvalidInput):
        bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                      start=datetime(2026, 3, 20, 11, 0), service_ids=[s.cut], by=s.desk)


def test_book_refuses_a_time_long_past(s):
    with refused(s, "already passed", InvalidInput):
        book(s, 7, minute=59)


def test_book_accepts_a_client_already_in_the_chair_within_the_hour(s):
    booking = book(s, 8)

    assert status(booking) == "booked"


def test_book_refuses_a_time_skipped_by_the_clock_change(s):
    with pytest.raises(InvalidInput, match="does not exist on 29 Mar 2026"):
        bookings.local_start(s.salon, date(2026, 3, 29), time(1, 30))


def test_booking_after_the_clock_change_keeps_its_local_time(s):
    booking = bookings.book(
        s.salon, client_id=s.client, stylist_id=s.stylist, by=s.desk, service_ids=[s.cut],
        start=bookings.local_start(s.salon, date(2026, 3, 30), time(10, 0)),
    )

    assert Booking.get_by_id(booking).start == datetime(2026, 3, 30, 9, 0)  # IST = UTC+1


def test_book_refuses_a_service_no_longer_offered(s):
    catalogue.edit_service(s.salon, s.cut, approved_by=s.manager, active=False)

    with refused(s, "Cut and finish is no longer offered", InvalidInput):
        book(s, 11)


def test_book_refuses_an_unknown_client(s):
    with refused(s, "That client does not exist", NotFound):
        book(s, 11, client=999)


def test_book_refuses_an_unknown_service(s):
    with refused(s, "That service does not exist", NotFound):
        book(s, 11, services=[999])


def test_book_refuses_nobody_logged_in(s):
    with refused(s, "Please log in first", NotAllowed):
        bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=at(s, 11),
                      service_ids=[s.cut], by=None)


def test_book_refuses_a_staff_member_who_left(s):
    staff.edit_staff(s.salon, s.desk, approved_by=s.manager, active=False)

    with refused(s, "Dara Desk is no longer an active member of staff", NotAllowed):
        book(s, 11)


def test_book_refuses_notes_that_cannot_be_printed(s):
    with refused(s, "cannot be printed", InvalidInput):
        book(s, 11, notes="bell\x07")


# --- free redo ----------------------------------------------------------------------------


def paid_booking(s) -> int:
    booking = book(s, 11)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    pay_by_card(s, sale, 4500)
    return booking


def test_free_redo_is_booked_at_price_zero_without_deposit(s):
    original = paid_booking(s)

    redo = book(s, 11, days=3, services=[s.cut], redo_of=original)

    row = Booking.get_by_id(redo)
    assert row.redo_of_id == original
    assert row.deposit_due == 0
    assert [b.price_quoted for b in row.services] == [0]


def test_free_redo_repeats_only_the_original_services_and_only_once(s):
    original = paid_booking(s)

    with refused(s, "can only repeat services of the original booking", InvalidInput):
        book(s, 11, days=3, services=[s.cut, s.colour], redo_of=original)
    book(s, 11, days=3, services=[s.cut], redo_of=original)
    with refused(s, "has already had its free redo", InvalidInput):
        book(s, 15, days=3, services=[s.cut], redo_of=original)


def test_free_redo_refused_after_the_guarantee_period(s):
    original = paid_booking(s)
    s.clock.advance(days=14, minutes=1)

    with refused(s, "14-day guarantee for a free redo has passed", InvalidInput):
        book(s, 11, days=15, redo_of=original)


def test_free_redo_refused_for_a_booking_not_yet_paid(s):
    original = book(s, 11)

    with refused(s, "follows a finished and paid booking", InvalidInput):
        book(s, 11, days=3, redo_of=original)


def test_free_redo_refused_for_another_clients_booking(s):
    original = paid_booking(s)
    other = clients.add_client(s.salon, "Ciarán Walsh", by=s.desk)

    with refused(s, "same client", InvalidInput):
        book(s, 11, days=3, client=other, redo_of=original)


# --- reschedule ---------------------------------------------------------------------------


def test_reschedule_moves_the_booking_keeping_its_length_and_deposit(s):
    booking = book_with_deposit(s, 11, days=2)

    bookings.reschedule(s.salon, booking, start=at(s, 14, days=3), by=s.desk)

    row = Booking.get_by_id(booking)
    assert (row.start, row.end) == (datetime(2026, 3, 23, 14, 0), datetime(2026, 3, 23, 15, 15))
    assert row.deposit_due == 1500
    assert balances.deposit_held(s.salon, booking) == 1500


def test_reschedule_to_another_stylist(s):
    booking = book(s, 11, days=2)

    bookings.reschedule(s.salon, booking, start=at(s, 11, days=2), by=s.desk,
                        stylist_id=s.stylist2)

    assert Booking.get_by_id(booking).stylist_id == s.stylist2


def test_reschedule_refuses_a_clash(s):
    book(s, 14, days=2)
    booking = book(s, 11, days=2)

    with refused(s, "already has Zoë Ní Bhriain at 14:00–14:45", InvalidInput):
        bookings.reschedule(s.salon, booking, start=at(s, 13, 30, days=2), by=s.desk)


def test_reschedule_within_its_own_time_is_no_clash(s):
    booking = book(s, 11, days=2)

    bookings.reschedule(s.salon, booking, start=at(s, 11, 15, days=2), by=s.desk)

    assert Booking.get_by_id(booking).start == datetime(2026, 3, 22, 11, 15)


def test_reschedule_double_books_on_purpose(s):
    book(s, 14, days=2)
    booking = book(s, 11, days=2)

    bookings.reschedule(s.salon, booking, start=at(s, 14, days=2), by=s.desk, double_book=True)

    assert Booking.get_by_id(booking).double_booked is True


def test_reschedule_refused_once_the_client_has_arrived(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "Only a booking that has not started can be moved; this one is arrived",
                 InvalidTransition):
        bookings.reschedule(s.salon, booking, start=at(s, 14), by=s.desk)


def test_reschedule_refuses_a_time_long_past(s):
    booking = book(s, 11, days=2)

    with refused(s, "already passed", InvalidInput):
        bookings.reschedule(s.salon, booking, start=at(s, 7), by=s.desk)


def test_moving_a_booking_inside_the_cancellation_window_needs_a_manager(s):
    booking = book_with_deposit(s, 11)

    with refused(s, "starts within 24 hours: moving it now counts as a late change",
                 NotAllowed):
        bookings.reschedule(s.salon, booking, start=at(s, 14, days=10), by=s.desk)
    bookings.reschedule(s.salon, booking, start=at(s, 14, days=10), by=s.desk,
                        approved_by=s.manager)

    assert balances.deposit_held(s.salon, booking) == 1500


def test_a_stylist_works_only_on_their_own_clients(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "Łukasz Stylist can only do this for their own clients", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist2)
    bookings.start_service(s.salon, booking, by=s.stylist)


def test_reschedule_refuses_an_unknown_booking(s):
    with refused(s, "That booking does not exist", NotFound):
        bookings.reschedule(s.salon, 999, start=at(s, 14), by=s.desk)


def test_reschedule_refuses_a_naive_start(s):
    booking = book(s, 11)

    with refused(s, "needs a time zone", InvalidInput):
        bookings.reschedule(s.salon, booking, start=datetime(2026, 3, 20, 14), by=s.desk)


# --- check in, start, finish --------------------------------------------------------------


def test_check_in_on_the_day(s):
    booking = book(s, 11)

    bookings.check_in(s.salon, booking, by=s.desk)

    row = Booking.get_by_id(booking)
    assert row.status == "arrived"
    assert row.checked_in_at == datetime(2026, 3, 20, 9, 0)


def test_check_in_refused_on_another_day(s):
    booking = book(s, 11, days=1)

    with refused(s, "This booking is for Sat 21 Mar, not today", InvalidInput):
        bookings.check_in(s.salon, booking, by=s.desk)


def test_check_in_refused_twice(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "This booking is arrived: “check in” is only possible while it is booked",
                 InvalidTransition):
        bookings.check_in(s.salon, booking, by=s.desk)


def test_start_and_finish_walk_the_booking_to_checkout(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)
    s.clock.advance(minutes=5)

    bookings.start_service(s.salon, booking, by=s.stylist)
    assert status(booking) == "in_service"
    s.clock.advance(minutes=45)
    bookings.finish_service(s.salon, booking, by=s.stylist)

    row = Booking.get_by_id(booking)
    assert row.status == "ready"
    assert row.started_at == datetime(2026, 3, 20, 9, 5)
    assert row.finished_at == datetime(2026, 3, 20, 9, 50)


def test_start_refused_before_the_client_arrives(s):
    booking = book(s, 11)

    with refused(s, "This booking is booked: “start” is only possible while it is arrived",
                 InvalidTransition):
        bookings.start_service(s.salon, booking, by=s.stylist)


def test_start_refused_for_a_consultation_service_without_a_note(s):
    booking = book(s, 11, services=[s.colour])
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "Colour correction needs an expectation note that the client has "
                    "acknowledged before the work starts", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist)


def test_start_refused_while_the_note_is_not_acknowledged(s):
    booking = book(s, 11, services=[s.colour])
    notes.write_note(s.salon, booking, by=s.stylist, expected_result="Copper", price_min=12000,
                     price_max=18000)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "Colour correction needs an expectation note", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist)


def test_start_allowed_once_the_note_is_acknowledged(s):
    booking = book(s, 11, services=[s.colour])
    agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.desk)

    bookings.start_service(s.salon, booking, by=s.stylist)

    assert status(booking) == "in_service"


def test_start_needs_the_note_for_that_very_service(s):
    booking = book(s, 11, services=[s.cut, s.colour])
    cut_line, colour_line = (b.id for b in BookedService.select().where(
        BookedService.booking == booking).order_by(BookedService.position))
    agree_note(s, booking, booked_service_id=cut_line)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "Colour correction needs an expectation note", NotAllowed):
        bookings.start_service(s.salon, booking, by=s.stylist)

    agree_note(s, booking, booked_service_id=colour_line)
    bookings.start_service(s.salon, booking, by=s.stylist)
    assert status(booking) == "in_service"


def test_finish_refused_before_the_work_starts(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "This booking is arrived: “finish” is only possible while it is in service",
                 InvalidTransition):
        bookings.finish_service(s.salon, booking, by=s.stylist)


def test_paying_closes_the_booking(s):
    booking = paid_booking(s)

    assert status(booking) == "closed"


def test_lifecycle_refuses_steps_not_on_the_picture_for_a_closed_booking(s):
    booking = paid_booking(s)

    with refused(s, "This booking is paid and closed", InvalidTransition):
        bookings.cancel(s.salon, booking, by=s.desk)
    with refused(s, "This booking is paid and closed", InvalidTransition):
        bookings.check_in(s.salon, booking, by=s.desk)
    with refused(s, "This booking is paid and closed", InvalidTransition):
        bookings.mark_no_show(s.salon, booking, by=s.desk)


# --- cancel and no-show as transitions ---------------------------------------------------


def test_cancel_in_time_without_a_deposit(s):
    booking = book(s, 11, days=2)

    assert bookings.cancel(s.salon, booking, by=s.desk) == "in_time"

    row = Booking.get_by_id(booking)
    assert (row.status, row.cancel_kind, row.outcome_by_id) == ("cancelled", "in_time", s.desk)
    assert row.cancelled_at == datetime(2026, 3, 20, 9, 0)


def test_cancel_refused_once_the_client_has_arrived(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)

    with refused(s, "This booking is arrived: “cancel” is only possible while it is booked",
                 InvalidTransition):
        bookings.cancel(s.salon, booking, by=s.desk)


def test_cancel_refused_twice(s):
    booking = book(s, 11, days=2)
    bookings.cancel(s.salon, booking, by=s.desk)

    with refused(s, "This booking is cancelled", InvalidTransition):
        bookings.cancel(s.salon, booking, by=s.desk)


def test_cancel_refuses_an_unknown_deposit_choice(s):
    booking = book(s, 11, days=2)

    with refused(s, "refund or as credit", InvalidInput):
        bookings.cancel(s.salon, booking, by=s.desk, deposit_to="voucher")


def test_no_show_refused_before_grace(s):
    booking = book(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 14, 59, tzinfo=UTC))

    with refused(s, r"Too early to call this a no-show: wait until 11:15 \(15 minutes after "
                    r"the start\)", InvalidTransition):
        bookings.mark_no_show(s.salon, booking, by=s.desk)


def test_no_show_allowed_once_grace_has_passed(s):
    booking = book(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 15, tzinfo=UTC))

    assert bookings.mark_no_show(s.salon, booking, by=s.desk) == 0

    row = Booking.get_by_id(booking)
    assert (row.status, row.outcome_by_id) == ("no_show", s.desk)


def test_no_show_grace_follows_the_setting(s):
    salon_setup.change_settings(s.salon, s.manager, no_show_grace_minutes=30)
    booking = book(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 20, tzinfo=UTC))

    with refused(s, "wait until 11:30", InvalidTransition):
        bookings.mark_no_show(s.salon, booking, by=s.desk)


def test_no_show_message_counts_a_whole_day_of_grace(s):
    salon_setup.change_settings(s.salon, s.manager, no_show_grace_minutes=24 * 60)
    booking = book(s, 11)
    s.clock.set(datetime(2026, 3, 21, 10, 0, tzinfo=UTC))

    with refused(s, r"wait until 11:00 \(1440 minutes after the start\)", InvalidTransition):
        bookings.mark_no_show(s.salon, booking, by=s.desk)


def test_no_show_refused_for_a_client_who_arrived(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)
    s.clock.set(datetime(2026, 3, 20, 12, 0, tzinfo=UTC))

    with refused(s, "This booking is arrived: “mark as no-show” is only possible while it is "
                    "booked", InvalidTransition):
        bookings.mark_no_show(s.salon, booking, by=s.desk)


def test_no_show_refuses_an_unknown_booking(s):
    with refused(s, "That booking does not exist", NotFound):
        bookings.mark_no_show(s.salon, 999, by=s.desk)


def test_no_show_booking_gives_its_place_back(s):
    booking = book(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 20, tzinfo=UTC))
    bookings.mark_no_show(s.salon, booking, by=s.desk)

    later = book(s, 11, minute=30)

    assert Booking.get_by_id(later).double_booked is False


def test_checkout_after_finish_leaves_deposit_with_the_booking_until_paid(s):
    booking = book_with_deposit(s, 11)
    to_ready(s, booking)

    assert balances.deposit_held(s.salon, booking) == 1500
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=6000, reference="T-7")
    checkout.close_sale(s.salon, sale, by=s.desk)
    assert balances.deposit_held(s.salon, booking) == 0



def test_a_free_redo_is_not_itself_redone_for_free(s):
    original = paid_booking(s)
    redo = book(s, 11, days=1, services=[s.cut], redo_of=original)
    s.clock.set(datetime(2026, 3, 21, 11, 0, tzinfo=UTC))
    to_ready(s, redo)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=redo)
    checkout.close_sale(s.salon, sale, by=s.desk)

    with refused(s, "was itself a free redo", InvalidInput):
        book(s, 11, days=3, services=[s.cut], redo_of=redo)


def test_a_move_inside_the_window_records_who_moved_it_and_who_approved(s):
    booking = book(s, 11)

    bookings.reschedule(s.salon, booking, start=at(s, 14, days=7), by=s.desk,
                        approved_by=s.manager)

    row = Booking.get_by_id(booking)
    assert (row.rescheduled_by_id, row.reschedule_approved_by_id) == (s.desk, s.manager)
    assert row.rescheduled_at == datetime(2026, 3, 20, 9, 0)
