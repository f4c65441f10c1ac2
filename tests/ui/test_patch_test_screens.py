"""Patch tests on screen: the day book marks the booking, Start is refused without a valid
test and a manager lets the work start in one window (reason, name, PIN), a reaction is
refused outright, and the client's Patch tests tab records and reads a test."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit

from salon_pos.domain.journal import Kind
from salon_pos.services.operations import bookings, catalogue, patch_tests
from salon_pos.store.models import Booking, JournalEntry, PatchTest, PatchTestWaiver
from salon_pos.ui.dialogs.booking import BookingDialog
from tests.conftest import dump
from tests.services.helpers import add_tint
from tests.ui.steps import Steps, button, draw_signature
from tests.ui.test_clients_page import open_zoe
from tests.ui.test_clients_page import page as clients_page  # noqa: F401 (a fixture)
from tests.ui.test_day_book import open_page, refusals, session  # noqa: F401 (fixtures)

WAIVER_TARGET = 5  # choose the booking, Start, the reason (its words apart), PIN, Start


@pytest.fixture
def tinted(s) -> int:
    """Zoë checked in for a root tint (it needs a patch test) at 10:00."""
    tint = add_tint(s)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(hours=1), service_ids=[tint],
                            by=s.desk)
    bookings.check_in(s.salon, booking, by=s.desk)
    return booking


def click_block(steps: Steps, page, booking: int) -> None:
    row, column = page.model.cell_of(booking)
    rect = page.table.visualRect(page.model.index(row, column))
    steps.click(page.table.viewport(), rect.center(), what="the booking")


def test_the_block_and_panel_say_the_patch_test_is_due(s, session, qtbot, tinted):  # noqa: F811
    page = open_page(session, qtbot)
    entry = page.model.entry(tinted)
    assert ("patch test due", "warn") in page.model.badges(entry)
    page.choose(tinted)
    assert page.panel.patch_test.isVisible()
    assert page.panel.patch_test.text() == "⚠ Patch test due: none valid"


def test_a_manager_lets_the_work_start_in_one_window(s, session, qtbot, tinted):  # noqa: F811
    page = open_page(session, qtbot)
    steps = Steps(qtbot)
    asked: list[str] = []

    def waive(dialog: QDialog) -> None:
        asked.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        steps.type(dialog.findChild(QPlainTextEdit), "Card from another salon")
        pin = next(box for box in dialog.findChildren(QLineEdit)
                   if box.accessibleName() == "Manager's PIN")
        steps.type(pin, "1234")
        steps.click(button(dialog, "Start the work"))

    click_block(steps, page, tinted)
    steps.in_next_modal(waive)
    steps.click(button(page.panel, "Start"))
    qtbot.waitUntil(lambda: Booking.get_by_id(tinted).started_at is not None)

    assert "Root tint needs a valid patch test" in asked[0]
    assert steps.count - 3 <= WAIVER_TARGET, str(steps)  # the reason's words count as one
    waiver = PatchTestWaiver.get(PatchTestWaiver.booking == tinted)
    assert (waiver.approved_by_id, waiver.reason) == (s.manager, "Card from another salon")
    assert JournalEntry.get(JournalEntry.kind == Kind.PATCH_TEST_WAIVED).approved_by == \
        s.manager


def test_giving_up_on_the_waiver_changes_nothing(s, session, qtbot, tinted):  # noqa: F811
    page = open_page(session, qtbot)
    before = dump(s.salon)
    steps = Steps(qtbot)
    click_block(steps, page, tinted)
    steps.in_next_modal(lambda dialog: dialog.reject())
    steps.click(button(page.panel, "Start"))
    assert dump(s.salon) == before


def test_a_reaction_is_refused_without_a_waiver_offered(s, session, qtbot, tinted, refusals):  # noqa: F811
    test = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0",
                                   by=s.stylist, done_at=s.clock.now() - timedelta(days=3))
    patch_tests.read_test(s.salon, test, result="reaction", by=s.stylist)
    page = open_page(session, qtbot)
    page.choose(tinted)
    assert "REACTION" in page.panel.alerts.text() and page.panel.alerts.isVisible()
    assert not page.panel.patch_test.isVisible()
    before = dump(s.salon)
    button(page.panel, "Start").click()
    assert "A manager has to clear the reaction" in refusals[0]
    assert dump(s.salon) == before


def test_the_patch_tests_tab_records_and_reads_a_test(s, clients_page, qtbot):  # noqa: F811
    open_zoe(qtbot, clients_page)
    tab = clients_page.patch_tab
    clients_page.tabs.setCurrentWidget(tab)
    assert tab.none_yet.isVisible() and not clients_page.patch_test.isVisible()
    assert not tab.read_button.isEnabled()

    tab.record_button.click()
    dialog = tab.dialog
    qtbot.keyClicks(dialog.products, "Majirel 7.1 + 20 vol")
    draw_signature(qtbot, dialog.signature.pad)  # the client agrees to the test
    button(dialog, "Record").click()
    assert tab.rows.rows[0][1:5] == ("Majirel 7.1 + 20 vol", "Dara Desk", "not read", "✓")
    assert clients_page.patch_test.text().startswith("⚠ Patch test of ")
    assert tab.read_button.isEnabled()

    s.clock.advance(hours=48)
    tab.read_button.click()
    dialog = tab.dialog
    dialog.result.setCurrentIndex(dialog.result.findData("clear"))
    button(dialog, "Save the result").click()
    assert PatchTest.get().result == "clear"
    assert clients_page.patch_test.text().startswith("✓ Patch test clear, valid until ")


def test_booking_colour_says_a_test_is_due_and_books_it_first(s, session, qtbot):  # noqa: F811
    tint = add_tint(s)
    test_service = catalogue.add_service(s.salon, "Patch test", duration_min=15, price=0,
                                         tax_class_id=s.standard_tax, approved_by=s.manager)
    in_five_days = (s.clock.now() + timedelta(days=5)).astimezone(s.salon.settings().tz)
    dialog = BookingDialog(session, client_id=s.client, when=in_five_days,
                           service_ids=(tint,))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.patch_test.text().startswith("⚠ No valid patch test on the day: book the "
                                               "test by ")
    assert dialog.book_test.isVisible()

    offered: list = []

    def book_the_test(inner: QDialog) -> None:
        offered.append((inner.client_id(), inner.service_ids(), inner.date.date().toPython()))
        button(inner, "Book").click()

    Steps(qtbot).in_next_modal(book_the_test)
    dialog.book_test.click()
    test_day = (in_five_days - timedelta(hours=48)).date()
    assert offered == [(s.client, [test_service], test_day)]
    test_booking = Booking.select().order_by(Booking.id.desc()).get()
    assert test_booking.client_id == s.client

    patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist,
                            result="clear", done_at=s.clock.now() - timedelta(days=3))
    dialog.patch_outlook()
    assert dialog.patch_test.text().startswith("✓ Patch test clear, valid until ")
    assert not dialog.book_test.isVisible()
    dialog.close()
