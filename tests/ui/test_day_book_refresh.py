"""The day book keeps itself up to date: every 30 seconds while it is on screen it shows what
other stations did and moves the now-line, keeping the chosen booking and the scroll
position, and it waits while a booking is being dragged or a dialog is open. Today's page
opens at the current time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from salon_pos.services.operations import bookings
from salon_pos.ui.pages.day_book import AUTO_REFRESH_MS
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.ui.test_day_book import block_of, book, book_at_ten, click_booking, open_page, row_at


@pytest.fixture
def session(s, qtbot):
    return Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")


def status_shown(page, booking: int) -> str:
    return page.model.entry(booking).status


def in_view(page, row: int) -> bool:
    viewport = page.table.viewport()
    return page.table.rowAt(0) <= row <= page.table.rowAt(viewport.height() - 1)


def test_the_timer_runs_every_30_seconds_only_while_the_page_is_shown(s, session, qtbot):
    page = open_page(session, qtbot)
    assert page.auto_refresh.isActive()
    assert page.auto_refresh.interval() == AUTO_REFRESH_MS == 30_000

    page.hide()
    assert not page.auto_refresh.isActive()


def test_a_check_in_at_another_station_appears_and_the_choice_and_scroll_stay(
        s, session, qtbot):
    booking, other = book_at_ten(s), book(s, 6)  # 10:00 and 15:00
    page = open_page(session, qtbot)
    click_booking(qtbot, page, booking)
    page.table.verticalScrollBar().setValue(5)
    bookings.check_in(s.salon, other, by=s.desk)  # the other station
    bookings.check_in(s.salon, booking, by=s.desk)

    page.refresh_quietly()

    assert status_shown(page, other) == "arrived" and status_shown(page, booking) == "arrived"
    assert page.chosen == booking and page.panel.shown.status == "arrived"
    assert [b.text() for b in page.action_buttons()][0] == "Start service"
    assert page.table.verticalScrollBar().value() == 5


def test_the_now_line_moves_on_its_own(s, session, qtbot):
    page = open_page(session, qtbot)
    assert page.table.now_row == 4  # 09:00

    s.clock.advance(minutes=30)
    page.refresh_quietly()

    assert page.table.now_row == 6


def test_nothing_changes_under_an_open_dialog(s, session, qtbot):
    booking = book_at_ten(s)
    page = open_page(session, qtbot)
    dialog = QDialog(page)
    dialog.setModal(True)
    dialog.show()
    bookings.check_in(s.salon, booking, by=s.desk)
    s.clock.advance(minutes=30)

    page.refresh_quietly()
    assert status_shown(page, booking) == "booked" and page.table.now_row == 4

    dialog.close()
    page.refresh_quietly()
    assert status_shown(page, booking) == "arrived"


def test_nothing_changes_while_a_booking_is_held_for_dragging(s, session, qtbot):
    booking = book_at_ten(s)
    page = open_page(session, qtbot)
    page.table.scrollTo(page.model.index(*page.model.cell_of(booking)))
    _row, _column, rect = block_of(page, booking)
    qtbot.mousePress(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    bookings.check_in(s.salon, booking, by=s.desk)

    page.refresh_quietly()
    assert status_shown(page, booking) == "booked"

    qtbot.mouseRelease(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page.refresh_quietly()
    assert status_shown(page, booking) == "arrived"


def test_today_opens_at_the_current_time(s, session, qtbot):
    s.clock.advance(hours=6)  # 15:00
    page = open_page(session, qtbot)

    qtbot.waitUntil(lambda: page.table.rowAt(0) > 0, timeout=1000)
    assert in_view(page, row_at(page, "15:00")) and in_view(page, row_at(page, "14:00"))


def test_another_day_opens_at_its_first_booking(s, session, qtbot):
    booking = book(s, 48 + 8)  # Sunday 17:00
    page = open_page(session, qtbot)

    page.go(2)

    assert in_view(page, page.model.cell_of(booking)[0])
