"""My day: a stylist's own day, driven through the real page — the next client's card, its
one big action, the agreement, the outcome note and checkout — and the database checked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from salon_pos.services.operations import bookings, clients, notes
from salon_pos.store.models import Booking, ExpectationNote
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.outcome_note import NO_NOTE
from salon_pos.ui.pages.my_day import AUTO_REFRESH_MS, MyDayPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.helpers import agree_note, book
from tests.ui.steps import Steps, sign_in_next_window


@pytest.fixture
def stylist_session(s, qtbot):
    return Session(s.salon, TaskRunner(s.salon.database), s.stylist, "Aoife Stylist", "stylist")


def open_page(qtbot, session) -> MyDayPage:
    page = MyDayPage(session)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_row(qtbot, page: MyDayPage, booking: int) -> None:
    row = [b.booking_id for b in page.day.bookings].index(booking)
    rect = page.table.visualRect(page.rows.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def status(booking: int) -> str:
    return Booking.get_by_id(booking).status


def colour_with_note(s) -> tuple[int, int]:
    """A colour correction at 10:00 with a note the client has not agreed to yet."""
    booking = book(s, 10, services=[s.colour])
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            limits_and_risks="Old box dye may grab", sessions_expected=2,
                            price_min=12000, price_max=18000)
    return booking, note


def test_a_stylist_sees_only_their_own_day(s, stylist_session, qtbot):
    book(s, 14)
    book(s, 10, services=[s.blowdry])
    book(s, 11, stylist=s.stylist2)

    page = open_page(qtbot, stylist_session)

    assert [page.rows.index(r, 0).data() for r in range(page.rows.rowCount())] == [
        "10:00–10:30", "14:00–14:45"]
    assert [page.rows.index(r, 2).data() for r in range(2)] == ["Blow-dry", "Cut and finish"]
    assert page.chooser.isHidden()  # a stylist has no one else's day to choose
    assert "Aoife Stylist" in page.title.text()


def test_the_next_clients_alerts_and_note_are_shown(s, stylist_session, qtbot):
    clients.edit_client(s.salon, s.client, by=s.desk, alerts="Allergic to PPD")
    colour_with_note(s)

    page = open_page(qtbot, stylist_session)

    card = page.card
    assert card.title() == "Next client"
    assert card.alerts.isVisible() and "Allergic to PPD" in card.alerts.text()
    shown = " ".join(label.text() for label in card.findChildren(type(card.alerts)))
    for expected in ("Zoë Ní Bhriain", "Colour correction", "Soft copper",
                     "Old box dye may grab", "€120.00–€180.00", "NOT agreed yet"):
        assert expected in shown
    assert page.rows.index(0, 1).data() == "⚠ Zoë Ní Bhriain"


def test_a_long_alert_is_read_in_full_on_the_row_and_in_the_card(s, stylist_session, qtbot):
    alert = ("Allergic to PPD — patch test every 6 months; latex gloves only; sensitive "
             "scalp after the last bleach, no heat above 180 °C")
    clients.edit_client(s.salon, s.client, by=s.desk, alerts=alert)
    book(s, 10, services=[s.blowdry])
    later = book(s, 14, services=[s.blowdry])
    page = open_page(qtbot, stylist_session)

    assert page.rows.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == f"⚠ {alert}"
    choose_row(qtbot, page, later)  # one press
    assert card_alert(page) == f"⚠ {alert}"


def card_alert(page: MyDayPage) -> str:
    from html import unescape
    from re import sub

    return unescape(sub("<[^>]+>", "", page.card.alerts.text()))


def test_the_card_says_what_became_of_the_deposit(s, stylist_session, qtbot):
    from salon_pos.services.operations import checkout
    from tests.services.helpers import book_with_deposit, pay_by_card, to_ready

    paid = book_with_deposit(s, 9)
    to_ready(s, paid)
    pay_by_card(s, checkout.open_sale(s.salon, by=s.desk, booking_id=paid), 6000)
    waiting = book(s, 14, services=[s.cut, s.blowdry])  # €15.00 due, not taken
    page = open_page(qtbot, stylist_session)

    choose_row(qtbot, page, paid)
    assert "deposit €15.00 applied to the bill" in page.card.summary.text()
    assert "due" not in page.card.summary.text()
    choose_row(qtbot, page, waiting)
    assert "deposit €15.00 due, not taken yet" in page.card.summary.text()


def test_check_in_start_and_finish_with_the_one_big_button(s, stylist_session, qtbot):
    booking = book(s, 10)
    page = open_page(qtbot, stylist_session)
    big = page.card.primary
    assert big.height() >= 56

    for label, after in (("Check in", "arrived"), ("Start", "in_service"), ("Finish", "ready")):
        assert big.text() == label
        click(qtbot, big)
        assert status(booking) == after
    assert big.text() == "Checkout"
    assert page.outcome_dialog is None  # no note, so no outcome to offer


def test_start_waits_until_the_client_agrees_to_the_note(s, stylist_session, qtbot):
    booking, note = colour_with_note(s)
    page = open_page(qtbot, stylist_session)
    click(qtbot, page.card.primary)  # check in
    assert status(booking) == "arrived"

    click(qtbot, page.card.primary)  # start: refused
    assert "needs an expectation note that the client has acknowledged" in \
        page.card.message.text()
    assert status(booking) == "arrived"

    [agree] = page.card.agree_buttons()
    sign_in_next_window(Steps(qtbot))
    click(qtbot, agree)
    agreed = ExpectationNote.get_by_id(note)
    assert agreed.acknowledged_recorded_by_id == s.stylist and agreed.signature_id is not None
    assert page.card.agree_buttons() == [] and page.card.message.text() == ""

    click(qtbot, page.card.primary)
    assert status(booking) == "in_service"


def test_finish_offers_the_outcome_note_and_it_is_saved(s, stylist_session, qtbot):
    booking = book(s, 10, services=[s.colour])
    note = agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.stylist)
    bookings.start_service(s.salon, booking, by=s.stylist)
    page = open_page(qtbot, stylist_session)

    click(qtbot, page.card.primary)  # finish

    dialog = page.outcome_dialog
    assert status(booking) == "ready" and dialog.isVisible()
    [(_note, outcome, formula)] = dialog.fields
    qtbot.keyClicks(outcome, "Copper 7.4, even all over")
    qtbot.keyClicks(formula, "7/4 + 6% developer, 35 min")
    click(qtbot, dialog.save_button)

    saved = ExpectationNote.get_by_id(note)
    assert (saved.outcome, saved.formula, saved.completed_by_id) == (
        "Copper 7.4, even all over", "7/4 + 6% developer, 35 min", s.stylist)
    assert "Copper 7.4" in " ".join(w.text() for w in page.card.findChildren(type(page.title)))


def test_an_empty_outcome_is_refused_and_nothing_is_saved(s, stylist_session, qtbot):
    booking = book(s, 10, services=[s.colour])
    note = agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.stylist)
    bookings.start_service(s.salon, booking, by=s.stylist)
    page = open_page(qtbot, stylist_session)

    click(qtbot, page.card.outcome)
    [(_note, _outcome, formula)] = page.outcome_dialog.fields
    qtbot.keyClicks(formula, "7/4")
    click(qtbot, page.outcome_dialog.save_button)

    assert page.outcome_dialog.message.text() != ""
    assert ExpectationNote.get_by_id(note).completed_at is None


def test_outcomes_for_two_notes_are_saved_together_or_not_at_all(s, stylist_session, qtbot):
    booking = book(s, 10, services=[s.colour])
    first, second = agree_note(s, booking), agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.stylist)
    bookings.start_service(s.salon, booking, by=s.stylist)
    page = open_page(qtbot, stylist_session)
    click(qtbot, page.card.outcome)
    dialog = page.outcome_dialog
    [(_a, first_outcome, _f), (_b, _second_outcome, second_formula)] = dialog.fields
    qtbot.keyClicks(first_outcome, "Copper 7.4")
    qtbot.keyClicks(second_formula, "7/4")  # a formula with no outcome: refused

    click(qtbot, dialog.save_button)

    assert dialog.message.text() != "" and dialog.isVisible()
    assert [ExpectationNote.get_by_id(n).completed_at for n in (first, second)] == [None, None]


def test_a_booking_without_a_note_says_where_the_outcome_goes(s, stylist_session, qtbot):
    booking = book(s, 10)
    bookings.check_in(s.salon, booking, by=s.stylist)
    bookings.start_service(s.salon, booking, by=s.stylist)
    page = open_page(qtbot, stylist_session)

    click(qtbot, page.card.outcome)

    dialog = page.outcome_dialog
    assert dialog.fields == [] and not hasattr(dialog, "save_button")
    assert any(label.text() == NO_NOTE for label in dialog.findChildren(type(page.title)))


def test_checkout_opens_the_checkout_dialog_for_the_chosen_booking(
        s, stylist_session, qtbot, monkeypatch):
    first, second = book(s, 10), book(s, 12)
    for booking in (first, second):
        bookings.check_in(s.salon, booking, by=s.stylist)
        bookings.start_service(s.salon, booking, by=s.stylist)
        bookings.finish_service(s.salon, booking, by=s.stylist)
    opened = []
    real_init = CheckoutDialog.__init__

    def spy(dialog, session, booking_id, parent=None):
        opened.append(booking_id)
        real_init(dialog, session, booking_id, parent)

    monkeypatch.setattr(CheckoutDialog, "__init__", spy)
    monkeypatch.setattr(CheckoutDialog, "exec", lambda dialog: 0)
    page = open_page(qtbot, stylist_session)
    assert page.shown().booking_id == first

    choose_row(qtbot, page, second)
    assert page.card.title() == "Chosen client" and page.card.primary.text() == "Checkout"
    click(qtbot, page.card.primary)

    assert opened == [second]
    assert status(second) == "ready"  # the dialog was closed without paying


def test_a_manager_chooses_whose_day_to_see(s, qtbot):
    book(s, 11, stylist=s.stylist2)
    session = Session(s.salon, TaskRunner(s.salon.database), s.manager, "Maeve Manager",
                      "manager")
    page = open_page(qtbot, session)
    assert page.rows.rowCount() == 0
    assert page.card.heading.text().endswith("No more clients today.</span>")

    page.chooser.setCurrentIndex(page.chooser.findData(s.stylist2))

    assert page.rows.rowCount() == 1 and "Łukasz Stylist" in page.title.text()
    assert page.card.primary.text() == "Check in"


def test_the_page_refreshes_itself_every_30_seconds_while_shown(s, stylist_session, qtbot):
    page = open_page(qtbot, stylist_session)
    assert page.auto_refresh.isActive() and page.auto_refresh.interval() == AUTO_REFRESH_MS
    assert AUTO_REFRESH_MS == 30_000

    page.hide()
    assert not page.auto_refresh.isActive()


def test_a_check_in_at_the_desk_appears_with_the_chosen_client_kept(s, stylist_session, qtbot):
    first, second = book(s, 10), book(s, 12)
    page = open_page(qtbot, stylist_session)
    choose_row(qtbot, page, second)
    bookings.check_in(s.salon, first, by=s.desk)
    bookings.check_in(s.salon, second, by=s.desk)

    page.refresh_quietly()

    assert [page.rows.index(r, 3).data() for r in range(2)] == ["arrived", "arrived"]
    assert page.chosen == second and page.card.title() == "Chosen client"
    assert page.card.primary.text() == "Start"


def test_nothing_changes_under_an_open_dialog(s, stylist_session, qtbot):
    booking = book(s, 10)
    page = open_page(qtbot, stylist_session)
    dialog = QDialog(page)
    dialog.setModal(True)
    dialog.show()
    bookings.check_in(s.salon, booking, by=s.desk)

    page.refresh_quietly()
    assert page.card.primary.text() == "Check in"

    dialog.close()
    page.refresh_quietly()
    assert page.card.primary.text() == "Start"
