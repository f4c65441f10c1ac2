"""A stylist's own day: only their bookings, with each booking's expectation notes, and which
client is next."""

from __future__ import annotations

from salon_pos.services.operations import bookings, notes
from salon_pos.services.views.my_day import my_day
from salon_pos.services.views.notes import services_missing_agreement
from salon_pos.store.models import BookedService
from tests.services.helpers import TODAY, agree_note, book


def test_only_the_stylists_bookings_in_order_without_cancelled_ones(s):
    late = book(s, 15)
    early = book(s, 10, services=[s.cut, s.blowdry])
    book(s, 11, stylist=s.stylist2)
    cancelled = book(s, 13)
    bookings.cancel(s.salon, cancelled, by=s.desk)

    day = my_day(s.salon, s.stylist, TODAY)

    assert day.stylist_name == "Aoife Stylist"
    assert [b.booking_id for b in day.bookings] == [early, late]
    first = day.bookings[0].entry
    assert (first.client, first.services) == ("Zoë Ní Bhriain", "Cut and finish, Blow-dry")
    assert (f"{first.start:%H:%M}", f"{first.end:%H:%M}", first.status) == ("10:00", "11:15",
                                                                            "booked")


def test_each_booking_carries_its_notes_and_what_still_needs_agreeing(s):
    booking = book(s, 10, services=[s.colour])
    assert my_day(s.salon, s.stylist, TODAY).next.needs_agreement == ("Colour correction",)

    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            limits_and_risks="May need a second session", price_min=12000,
                            price_max=18000)
    written = my_day(s.salon, s.stylist, TODAY).next
    assert written.needs_agreement == ("Colour correction",)
    assert [(n.note_id, n.expected_result, n.limits_and_risks, n.price_min, n.price_max,
             n.acknowledged) for n in written.notes] == [
        (note, "Soft copper", "May need a second session", 12000, 18000, False)]

    notes.acknowledge_note(s.salon, note, by=s.stylist)
    agreed = my_day(s.salon, s.stylist, TODAY).next
    assert agreed.notes[0].acknowledged and agreed.needs_agreement == ()
    assert list(agreed.needs_agreement) == services_missing_agreement(s.salon, booking)


def test_a_note_on_one_service_covers_only_that_service(s):
    booking = book(s, 10, services=[s.colour, s.colour])
    first, _second = [b.id for b in BookedService.select().where(
        BookedService.booking == booking).order_by(BookedService.position)]
    agree_note(s, booking, booked_service_id=first)

    mine = my_day(s.salon, s.stylist, TODAY).next

    assert mine.notes[0].service == "Colour correction"
    assert list(mine.needs_agreement) == services_missing_agreement(s.salon, booking)
    assert mine.needs_agreement == ("Colour correction",)


def test_the_outcome_and_formula_are_read_back(s):
    booking = book(s, 10, services=[s.colour])
    note = agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.stylist)
    bookings.start_service(s.salon, booking, by=s.stylist)
    notes.complete_note(s.salon, note, by=s.stylist, outcome="Copper 7.4", formula="7/4 + 20vol")

    read = my_day(s.salon, s.stylist, TODAY).next.notes[0]

    assert (read.outcome, read.formula) == ("Copper 7.4", "7/4 + 20vol")


def test_next_is_the_client_in_the_chair_then_at_checkout_then_arrived_then_booked(s):
    book(s, 8)  # 08:00–08:45: over by the fixture's 09:00, and the client never came
    booked = book(s, 12)
    arrived = book(s, 14)
    ready = book(s, 16)
    in_chair = book(s, 18)

    def next_one() -> int | None:
        return my_day(s.salon, s.stylist, TODAY).next_booking_id

    assert next_one() == booked  # the missed one is skipped while a later one waits
    for booking in (arrived, ready, in_chair):
        bookings.check_in(s.salon, booking, by=s.stylist)
    assert next_one() == arrived
    for booking in (ready, in_chair):
        bookings.start_service(s.salon, booking, by=s.stylist)
    bookings.finish_service(s.salon, ready, by=s.stylist)
    assert next_one() == in_chair
    bookings.finish_service(s.salon, in_chair, by=s.stylist)
    assert next_one() == ready


def test_a_client_who_never_came_is_next_when_nobody_else_is_left(s):
    missed = book(s, 8)

    assert my_day(s.salon, s.stylist, TODAY).next_booking_id == missed
    assert my_day(s.salon, s.stylist2, TODAY).next_booking_id is None


def test_the_number_of_queries_does_not_grow_with_the_day(s, monkeypatch):
    def queries_for(stylist: int, count: int) -> int:
        for number in range(count):
            with_note = number % 2 == 0
            booking = book(s, 9 + 2 * number, stylist=stylist,
                           services=[s.colour] if with_note else [s.cut])
            if with_note:
                note = notes.write_note(s.salon, booking, by=s.desk, expected_result="Copper",
                                        price_min=12000, price_max=18000)
                notes.acknowledge_note(s.salon, note, by=s.desk)
        executed = []
        original = s.salon.database.execute_sql
        monkeypatch.setattr(s.salon.database, "execute_sql",
                            lambda *a, **k: executed.append(a) or original(*a, **k))
        day = my_day(s.salon, stylist, TODAY)
        monkeypatch.undo()
        assert len(day.bookings) == count
        return len(executed)

    assert queries_for(s.stylist, 1) == queries_for(s.stylist2, 6) <= 10
