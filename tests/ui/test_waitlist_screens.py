"""The waitlist on screen: a client put on it from the Waitlist window (steps counted);
a cancellation in the day book then offers the place to the clients it suits, first come
first, and the desk books one into it in one press; an offer by email from the same
window."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtCore import QDate, Qt

from salon_pos.services.operations import bookings, clients, waitlist
from salon_pos.store.models import Booking, OutboxMessage, WaitlistEntry
from salon_pos.ui.dialogs.waitlist import FreedPlaceDialog, WaitlistAddDialog, WaitlistDialog
from tests.ui.steps import Steps
from tests.ui.test_clients_page import session_of
from tests.ui.test_day_book import book, confirm, open_page  # noqa: F401 (a fixture)

# Add a client…, the name typed, a service ticked, Add.
ADD_TARGET = 4


def test_a_client_is_put_on_the_waitlist(s, qtbot, monkeypatch):
    window = WaitlistDialog(session_of(s, "desk"))
    qtbot.addWidget(window)
    steps = Steps(qtbot)
    added = []

    def fill(dialog: WaitlistAddDialog) -> bool:
        added.append(dialog)
        steps.type(dialog.search, "Zoë")
        item = dialog.services.item(0)
        steps.done.append("tick the service")
        item.setCheckState(Qt.CheckState.Checked)
        steps.click(dialog.ok_button)
        return dialog.result()

    monkeypatch.setattr("salon_pos.ui.dialogs.waitlist.run_modal", fill)
    steps.click(window.add_button)
    assert steps.count <= ADD_TARGET, str(steps)
    entry = WaitlistEntry.get()
    assert (entry.client_id, entry.stylist_id, entry.earliest, entry.latest) == (
        s.client, None, time(9, 0), time(17, 0))
    assert window.model.rowCount() == 1 and window.message.text() == "Added to the waitlist."
    window.view.selectRow(0)
    window.remove_button.click()
    assert WaitlistEntry.get().status == "removed" and window.model.rowCount() == 0


def test_a_cancellation_offers_the_place_and_one_press_books_the_first(s, qtbot, monkeypatch,
                                                                      confirm):  # noqa: F811
    leaving = book(s, 27)  # tomorrow 12:00 with Aoife, 45 minutes
    first = clients.add_client(s.salon, "Áine First", by=s.desk, email="aine@example.ie")
    second = clients.add_client(s.salon, "Bríd Second", by=s.desk)
    tomorrow = s.salon.today() + timedelta(days=1)
    for client in (first, second):
        waitlist.add_to_waitlist(s.salon, client_id=client, first_day=tomorrow,
                                 last_day=tomorrow, earliest=time(9), latest=time(17),
                                 service_ids=[s.blowdry], by=s.desk)
    session = session_of(s, "desk")
    page = open_page(session, qtbot, days_ahead=1)
    shown = []

    def answer(dialog) -> bool:
        if not isinstance(dialog, FreedPlaceDialog):
            return dialog.exec()
        shown.append(dialog)
        dialog.offer()  # to the first, by email
        dialog.book()  # and the first here takes it
        return dialog.result()

    monkeypatch.setattr("salon_pos.ui.pages.day_book.run_modal", answer)
    page.cancel(leaving)
    dialog, = shown
    assert [w.client for w in dialog.suited] == ["Áine First", "Bríd Second"]
    booked = Booking.get_by_id(dialog.booked)
    assert (booked.client_id, booked.stylist_id) == (first, s.stylist)
    assert page.chosen == booked.id
    assert OutboxMessage.select().where(OutboxMessage.kind == "waitlist_offer").count() == 1
    assert [e.status for e in WaitlistEntry.select().order_by(WaitlistEntry.id)] == [
        "booked", "waiting"]
    assert bookings.get_booking(s.salon, leaving).status == "cancelled"
    assert page.picker.date() == QDate(tomorrow.year, tomorrow.month, tomorrow.day)
