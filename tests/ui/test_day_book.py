"""The day book page: the day's bookings in the grid, and the actions a booking's status
allows, each going through the core operation (the database is checked, not the screen)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from salon_pos.services import bookings
from salon_pos.services.day_book import day_book
from salon_pos.store.models import Booking
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.pages.day_book_model import BOOKING_ROLE, DayBookModel
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner


@pytest.fixture
def session(s, qtbot):
    return Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")


def book_at_ten(s) -> int:
    return bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                         start=s.clock.now() + timedelta(hours=1), service_ids=[s.cut],
                         by=s.desk)


def test_the_model_places_a_booking_at_its_start_and_spans_its_length(s, qtmodeltester):
    booking = book_at_ten(s)  # 10:00 local, 45 minutes
    model = DayBookModel(money=s.salon.settings().money)
    model.set_day_book(day_book(s.salon, s.salon.today()))

    qtmodeltester.check(model)
    column = [i for i, (sid, _n, _c) in enumerate(model.book.stylists) if sid == s.stylist][0]
    row = next(r for r in range(model.rowCount()) if f"{model.slot_time(r):%H:%M}" == "10:00")
    index = model.index(row, column)
    assert index.data(BOOKING_ROLE) == booking
    assert "Zoë Ní Bhriain" in index.data() and "Cut and finish" in index.data()
    assert (row, column, 3) in model.spans


def click_booking(qtbot, page: DayBookPage, booking: int) -> None:
    model = page.model
    for (row, column), entries in model.cells.items():
        if any(e.booking_id == booking for e in entries):
            rect = page.table.visualRect(model.index(row, column))
            qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                             pos=rect.center())
            return
    raise AssertionError("booking not in the grid")


def action_button(page: DayBookPage, label: str) -> QPushButton:
    return next(b for b in page.action_buttons() if b.text() == label)


def test_check_in_from_the_side_panel(s, session, qtbot):
    booking = book_at_ten(s)
    page = DayBookPage(session)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()

    click_booking(qtbot, page, booking)
    qtbot.mouseClick(action_button(page, "Check in"), Qt.MouseButton.LeftButton)

    assert Booking.get_by_id(booking).status == "arrived"
    assert [b.text() for b in page.action_buttons()] == ["Start"]


def test_a_refused_no_show_says_why_and_changes_nothing(s, session, qtbot, monkeypatch):
    booking = book_at_ten(s)
    page = DayBookPage(session)
    qtbot.addWidget(page)
    page.show()
    shown = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: shown.append(box.text()))

    click_booking(qtbot, page, booking)
    qtbot.mouseClick(action_button(page, "No-show"), Qt.MouseButton.LeftButton)

    assert shown and "Too early to call this a no-show" in shown[0]
    assert Booking.get_by_id(booking).status == "booked"


def test_the_date_bar_moves_between_days(s, session, qtbot):
    page = DayBookPage(session)
    qtbot.addWidget(page)

    page.go(1)
    assert page.title.text() == "Saturday 21 March 2026"
    page.go(0)
    assert page.title.text() == "Friday 20 March 2026"


def test_an_in_time_cancel_asks_refund_or_credit_and_does_what_the_client_chose(
        s, session, qtbot, monkeypatch):
    from salon_pos.services import deposits
    from salon_pos.store.models import Client

    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=2), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash")
    page = DayBookPage(session)
    qtbot.addWidget(page)
    page.show()
    page.go(2)
    monkeypatch.setattr(DayBookPage, "ask_deposit_choice", lambda self, entry: "credit")

    click_booking(qtbot, page, booking)
    qtbot.mouseClick(action_button(page, "Cancel booking"), Qt.MouseButton.LeftButton)

    assert Booking.get_by_id(booking).status == "cancelled"
    assert Client.get_by_id(s.client).credit_balance == 3000


def test_a_late_cancel_keeps_the_deposit_without_asking(s, session, qtbot, monkeypatch):
    from salon_pos.services import deposits, ledger

    booking = book_at_ten(s)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1000)
    page = DayBookPage(session)
    qtbot.addWidget(page)
    page.show()
    monkeypatch.setattr(DayBookPage, "ask_deposit_choice",
                        lambda self, entry: pytest.fail("a late cancel asks nothing"))

    click_booking(qtbot, page, booking)
    qtbot.mouseClick(action_button(page, "Cancel booking"), Qt.MouseButton.LeftButton)

    assert Booking.get_by_id(booking).cancel_kind == "late"
    assert ledger.deposit_held(booking) == 0
    assert deposits.fee_kept(booking) == 1000


def test_todays_page_draws_the_current_time_and_other_days_do_not(s, session, qtbot):
    page = DayBookPage(session)  # 09:00 in Dublin on the fixture's Friday
    qtbot.addWidget(page)

    assert page.table.now_row == 4  # four 15-minute slots after 08:00
    page.go(1)
    assert page.table.now_row is None
