"""One booking in detail for the day book's side panel: who, what, when, the deposit and
why it was asked, and the expectation notes (agreed or still open)."""

from __future__ import annotations

from salon_pos.services.operations import deposits, notes
from salon_pos.services.views.day_book import booking_details
from tests.services.helpers import agree_note, book, book_with_deposit
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
