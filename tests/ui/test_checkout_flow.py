"""A whole appointment through the real windows: book with a deposit, check in, start,
finish, then checkout with a tip and a split tender, and the receipt — the database is
checked at the end, not only the screen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from salon_pos.services.operations import bookings, cash_drawer, deposits
from salon_pos.services.views import verify
from salon_pos.store.models import Booking, JournalEntry, Sale
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.ui.test_day_book import action_button, click_booking


def test_from_booking_to_receipt(s, qtbot):
    session = Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(minutes=30),
                            service_ids=[s.cut, s.blowdry], by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="D-1")
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    page = DayBookPage(session)
    qtbot.addWidget(page)
    page.show()
    for step in ("Check in", "Start", "Finish"):
        click_booking(qtbot, page, booking)
        qtbot.mouseClick(action_button(page, step), Qt.MouseButton.LeftButton)
    assert Booking.get_by_id(booking).status == "ready"

    dialog = CheckoutDialog(session, booking)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.tip, "5")
    dialog.set_tip()
    assert "To pay €80.00" in dialog.summary.text()  # €75 + €5 tip; €15 deposit applied
    qtbot.keyClicks(dialog.amount, "40")
    qtbot.keyClicks(dialog.reference, "T-77")
    dialog.take("card")
    dialog.amount.setText("30")  # cash handed over: €25 left, €5 change
    dialog.take("cash")
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    dialog.pay()  # pressing pay twice never charges twice

    sale = Sale.get(Sale.booking == booking)
    assert (sale.status, sale.total, sale.tips, sale.change) == ("closed", 7500, 500, 500)
    assert Booking.get_by_id(booking).status == "closed"
    assert JournalEntry.select().where(JournalEntry.kind == "payment").count() == 2
    assert dialog.receipt_path.read_bytes().startswith(b"%PDF")
    assert verify.verify(s.salon).ok
