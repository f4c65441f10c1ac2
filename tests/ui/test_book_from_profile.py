"""Booking from a client's profile: the booking dialog starts with that client chosen, and
the profile shows the booking at once."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt

from salon_pos.store.models import Booking
from salon_pos.ui.dialogs.booking import BookingDialog
from salon_pos.ui.pages.clients import ClientsPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.ui.test_booking_dialog import tick


def test_book_from_the_profile_with_the_client_already_chosen(s, qtbot, monkeypatch):
    page = ClientsPage(Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                               "front_desk"))
    qtbot.addWidget(page)
    page.open_client(s.client)
    seen = {}

    def receptionist_books(dialog: BookingDialog) -> int:
        seen["client"] = dialog.client_id()
        tick(dialog, "Cut and finish")
        dialog.date.setDate(datetime(2026, 3, 23).date())
        dialog.time.set_time(time(10, 0))
        seen["deposit asked"] = not dialog.without_button.isHidden()
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(BookingDialog, "exec", receptionist_books)

    qtbot.mouseClick(page.book_button, Qt.MouseButton.LeftButton)

    booked = Booking.get(Booking.client == s.client)
    assert seen == {"client": s.client, "deposit asked": False}  # €45 is under the threshold
    assert booked.status == "booked" and booked.stylist_id is not None
    assert page.booking_rows.rowCount() == 1  # the profile shows it at once
