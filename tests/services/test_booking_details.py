"""One booking in detail for the day book's side panel: who, what, when, the deposit and
why it was asked, and the expectation notes (agreed or still open)."""

from __future__ import annotations

from salon_pos.domain.deposit_outcome import DepositFate
from salon_pos.services.operations import bookings, checkout, deposits, notes
from salon_pos.services.views.day_book import booking_details, day_book
from tests.services.helpers import (
    TODAY,
    agree_note,
    book,
    book_with_deposit,
    pay_by_card,
    to_ready,
)
from tests.services.test_notes import picture

PNG_BYTES = picture("PNG")


def test_details_show_services_time_and_the_deposit_with_its_reason(s):
    booking = book_with_deposit(s, 11)  # cut and blow-dry, €15.00 taken by card

    details = booking_details(s.salon, booking)

    assert (details.client, details.stylist, details.status_label) == (
        "Zoë Ní Bhriain", "Aoife Stylist", "booked")
    assert details.services == (("Cut and finish", 45, 4500), ("Blow-dry", 30, 3000))
    assert details.total == 7500
    assert f"{details.start:%H:%M}–{details.end:%H:%M}" == "11:00–12:15"
    assert (details.deposit_due, details.deposit_held) == (1500, 1500)
    assert details.deposit.parts == ((DepositFate.HELD, 1500),)
    assert "€60.00 threshold" in details.deposit_reason
    assert details.notes == () and details.needs_agreement == ()


def test_details_list_the_notes_and_what_still_needs_agreeing(s, tmp_path):
    booking = book(s, 11, services=[s.colour])
    assert booking_details(s.salon, booking).needs_agreement == ("Colour correction",)
    agree_note(s, booking)
    open_note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Redo ends",
                                 price_min=0, price_max=2000)
    photo = tmp_path / "ref.png"
    photo.write_bytes(PNG_BYTES)
    notes.add_photo(s.salon, open_note, photo, by=s.stylist)

    details = booking_details(s.salon, booking)

    agreed, still_open = details.notes
    assert agreed.acknowledged and agreed.sessions_expected == 2 and agreed.photos == 0
    assert (still_open.expected_result, still_open.acknowledged, still_open.photos) == (
        "Redo ends", False, 1)
    assert details.open_note == still_open
    assert details.needs_agreement == ()  # the agreed note covers the whole booking


def test_the_deposit_held_follows_the_journal(s):
    booking = book_with_deposit(s, 11)
    deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                           reason="regular client")

    details = booking_details(s.salon, booking)

    assert (details.deposit_due, details.deposit_held) == (0, 0)
    assert details.deposit_reason == "Deposit waived: regular client"


def deposit_shown(s, booking: int):
    """What the panel and the day book's block both say became of the deposit."""
    details = booking_details(s.salon, booking)
    entry, = [e for e in day_book(s.salon, TODAY).entries if e.booking_id == booking]
    assert entry.deposit == details.deposit
    return details.deposit.parts


def test_a_deposit_applied_at_checkout_shows_as_applied_not_due(s):
    booking = book_with_deposit(s, 9)  # €75.00, €15.00 deposit
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    pay_by_card(s, sale, 6000)

    assert deposit_shown(s, booking) == ((DepositFate.APPLIED, 1500),)
    assert booking_details(s.salon, booking).sale_id == sale


def test_a_no_show_keeps_the_deposit_and_a_waived_fee_shows_where_it_went(s):
    booking = book_with_deposit(s, 9)
    s.clock.advance(minutes=16)
    bookings.mark_no_show(s.salon, booking, by=s.desk)
    assert deposit_shown(s, booking) == ((DepositFate.KEPT, 1500),)

    deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager,
                       reason="flat tyre", method="credit")
    assert deposit_shown(s, booking) == ((DepositFate.CREDITED, 1500),)


def test_a_waived_deposit_shows_as_refunded(s):
    booking = book_with_deposit(s, 11)
    deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                           reason="regular client")
    assert deposit_shown(s, booking) == ((DepositFate.REFUNDED, 1500),)


def test_a_deposit_not_taken_is_due_until_the_client_comes(s):
    booking = book(s, 9, services=[s.cut, s.blowdry])  # €15.00 due, none taken
    assert deposit_shown(s, booking) == ((DepositFate.DUE, 1500),)

    bookings.check_in(s.salon, booking, by=s.desk)
    assert deposit_shown(s, booking) == ()


def test_details_say_from_when_a_no_show_is_possible(s):
    booking = book(s, 10)
    details = booking_details(s.salon, booking)
    assert (f"{details.no_show_from:%H:%M}", details.no_show_possible) == ("10:15", False)

    s.clock.advance(hours=1, minutes=15)
    assert booking_details(s.salon, booking).no_show_possible
