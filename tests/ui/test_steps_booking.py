"""Issue 15's first flow, counted as the desk does it with a client waiting: book a
returning client for a service that needs a deposit, and take the deposit by card — from
the day book, back to the day book. Before: 7 steps, and the slip's window to close (8)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from salon_pos.services.kernel import balances
from salon_pos.services.operations import catalogue
from salon_pos.store.models import Booking, JournalEntry
from salon_pos.ui.dialogs.booking import BookingDialog
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.ui.steps import Steps, button
from tests.ui.test_day_book import cell_centre, column_of, open_page, row_at


def check_box_of(dialog: BookingDialog, service: str) -> QPoint:
    """Where a person clicks to tick a service: its box, at the left of its row."""
    services = dialog.services
    item = next(services.item(i) for i in range(services.count())
                if services.item(i).text().startswith(service))
    rect = services.visualItemRect(item)
    return QPoint(rect.left() + 12, rect.center().y())


def test_book_a_returning_client_and_take_the_deposit_by_card_in_six_steps(s, qtbot):
    catalogue.add_service(s.salon, "Full head colour", duration_min=120, price=9500,
                          tax_class_id=s.standard_tax, approved_by=s.manager)  # €19.00 due
    session = Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")
    page = open_page(session, qtbot, days_ahead=3)  # Monday 23 March
    steps = Steps(qtbot)

    def book_and_take_the_deposit(dialog: BookingDialog) -> None:
        steps.type(dialog.search, "zoe")  # the one match is chosen as it is found
        steps.click(dialog.services.viewport(), check_box_of(dialog, "Full head colour"),
                    "Full head colour")
        steps.click(dialog.reference)
        steps.type(dialog.reference, "T-4411")
        steps.click(button(dialog, "Book and take €19.00 by card"))

    steps.in_next_modal(book_and_take_the_deposit)
    steps.double_click(page.table.viewport(),
                       cell_centre(page, row_at(page, "10:00"), column_of(page, s.stylist)),
                       "the 10:00 slot")
    qtbot.waitUntil(lambda: page.chosen is not None)

    booking = Booking.get()
    assert (booking.client_id, booking.stylist_id, f"{booking.start:%d %H:%M}",
            booking.deposit_due) == (s.client, s.stylist, "23 10:00", 1900)
    taken = JournalEntry.get(JournalEntry.kind == "deposit_taken")
    assert (taken.booking, taken.amount, taken.method, taken.reference, taken.staff) == (
        booking.id, 1900, "card", "T-4411", s.desk)
    assert balances.deposit_held(s.salon, booking.id) == 1900
    assert page.chosen == booking.id and QApplication.activeModalWidget() is None  # back
    assert "€19.00 held" in page.panel.details.text()
    assert steps.count <= 6, str(steps)
