"""Booking from the front desk: find the client as you type, tick services, see the deposit
due and why, book, then take the deposit — checked in the database."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from salon_pos.services import ledger
from salon_pos.store.models import Booking, JournalEntry
from salon_pos.ui.dialogs.booking import BookingDialog, DepositDialog
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner


def tick(dialog: BookingDialog, service_name: str) -> None:
    for i in range(dialog.services.count()):
        item = dialog.services.item(i)
        if item.text().startswith(service_name):
            item.setCheckState(Qt.CheckState.Checked)


def test_book_a_colour_with_its_deposit(s, qtbot):
    session = Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")
    dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
    qtbot.addWidget(dialog)

    qtbot.keyClicks(dialog.search, "zoe")  # accents need not be typed
    assert dialog.found.count() == 1 and dialog.client_id() == s.client
    tick(dialog, "Colour correction")
    assert "Deposit due (€30.00)" in dialog.deposit.text()
    assert "at or over the €60.00 threshold" in dialog.deposit.text()
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    booking = Booking.get_by_id(dialog.booking_id)
    assert (booking.client_id, booking.stylist_id, booking.deposit_due) == (s.client, s.stylist,
                                                                             3000)
    assert booking.start == datetime(2026, 3, 23, 10, 0)  # Dublin is on GMT in March

    deposit = DepositDialog(session, booking.id, 3000)
    qtbot.addWidget(deposit)
    assert deposit.amount.text() == "30.00"
    qtbot.mouseClick(deposit.take_button, Qt.MouseButton.LeftButton)
    assert "terminal's reference" in deposit.message.text()  # card needs it; nothing taken
    assert ledger.deposit_held(booking.id) == 0
    qtbot.keyClicks(deposit.reference, "T-4411")
    qtbot.mouseClick(deposit.take_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(deposit.take_button, Qt.MouseButton.LeftButton)  # a double click

    assert ledger.deposit_held(booking.id) == 3000
    assert JournalEntry.select().where(JournalEntry.kind == "deposit_taken").count() == 1


def test_a_clash_is_refused_with_its_message(s, qtbot):
    session = Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")
    for _attempt in range(2):
        dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.search, "zoe")
        tick(dialog, "Cut and finish")
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert "Aoife Stylist already has Zoë Ní Bhriain at 10:00–10:45" in dialog.message.text()
    assert dialog.booking_id is None and Booking.select().count() == 1
