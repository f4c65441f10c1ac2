"""Processing time: while a colour develops the stylist is free, so another client can be
booked into it (and the colour booked around one already there); the work before and
after it still clashes; a move keeps the phases; the day book shows them; a manager sets
them, refused when they do not fit, and the journal keeps them."""

from __future__ import annotations

import pytest

from salon_pos.domain.errors import Clash, InvalidInput
from salon_pos.services.operations import bookings, catalogue
from salon_pos.services.views import verify
from salon_pos.services.views.day_book import day_book
from salon_pos.store.models import BookedService, Service
from tests.services.helpers import at, book, refused


@pytest.fixture
def colour(s) -> int:
    """Full head colour, 120 min: 55 of work, 35 processing (10:55–11:30 from 10:00), 30
    of work after."""
    return catalogue.add_service(s.salon, "Full head colour", duration_min=120, price=9500,
                                 tax_class_id=s.standard_tax, approved_by=s.manager,
                                 processing_min=35, finish_min=30)


def test_a_blow_dry_fits_in_a_colours_processing_time(s, colour):
    book(s, 10, services=[colour])
    blow_dry = book(s, 10, minute=55, services=[s.blowdry])  # 10:55–11:25
    assert not bookings.get_booking(s.salon, blow_dry).double_booked


@pytest.mark.parametrize(("hour", "minute"), [(10, 30), (11, 15)])  # work before, after
def test_the_work_before_and_after_processing_still_clashes(s, colour, hour, minute):
    book(s, 10, services=[colour])
    with refused(s, "already has", Clash):
        book(s, hour, minute=minute, services=[s.blowdry])


def test_a_colour_can_be_booked_around_a_blow_dry_already_there(s, colour):
    book(s, 11, services=[s.blowdry])  # 11:00–11:30, inside 10:00's processing
    book(s, 10, services=[colour])
    with refused(s, "already has", Clash):
        book(s, 9, minute=30, services=[colour])  # its work 09:30–10:25 meets the 10:00 one


def test_a_move_keeps_the_phases_booked(s, colour):
    first = book(s, 10, services=[colour], days=3)
    book(s, 14, minute=55, services=[s.blowdry], days=3)
    # Its processing holds the blow-dry.
    bookings.reschedule(s.salon, first, start=at(s, 14, days=3), by=s.desk)
    catalogue.edit_service(s.salon, colour, processing_min=0, finish_min=0,
                           approved_by=s.manager)  # the booking keeps what was booked
    assert [(b.processing_min, b.finish_min) for b in BookedService.select().where(
        BookedService.booking == first)] == [(35, 30)]
    with refused(s, "already has", Clash):
        bookings.reschedule(s.salon, first, start=at(s, 14, 30, days=3), by=s.desk)


def test_the_day_book_has_the_processing_time(s, colour):
    book(s, 10, services=[colour, s.blowdry])
    [entry] = day_book(s.salon, s.salon.today()).entries
    assert [(f"{begin:%H:%M}", f"{end:%H:%M}") for begin, end in entry.processing] == [
        ("10:55", "11:30")]


def test_phases_that_do_not_fit_are_refused_and_the_journal_keeps_them(s, colour):
    with refused(s, "leave time for the work before it", InvalidInput):
        catalogue.edit_service(s.salon, colour, duration_min=60, approved_by=s.manager)
    with refused(s, "leave time", InvalidInput):
        catalogue.add_service(s.salon, "Toner", duration_min=30, price=2000,
                              tax_class_id=s.standard_tax, approved_by=s.manager,
                              processing_min=30)
    assert verify.verify(s.salon).ok
    Service.update(processing_min=0).where(Service.id == colour).execute()  # by hand
    found = verify.verify(s.salon)
    assert not found.ok
    assert any("processing min is 0 but the journal says 35" in said
               for _seq, said in found.problems)
