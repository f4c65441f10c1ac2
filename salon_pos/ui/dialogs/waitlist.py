"""The waitlist on screen: who is waiting (added, or taken off), and — when a place frees in
the day book — the clients it suits, first come first, each offered it by email or booked
into it on the spot."""

from __future__ import annotations

from datetime import time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError, InvalidInput
from salon_pos.domain.localtime import local_of
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.operations import waitlist
from salon_pos.services.views.catalogue import list_services
from salon_pos.services.views.waitlist import FreedPlace, WaitingClient
from salon_pos.services.views.waitlist import waitlist as waiting_list
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.dialogs.messages import run_modal
from salon_pos.ui.dialogs.reschedule import stylist_choice
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.action_button import action_button
from salon_pos.ui.widgets.found_clients import show_found_clients
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.time_box import TimeBox

HEADERS = ("Client", "Phone", "Days", "Starting", "Services", "Stylist", "Offered", "Notes")


def _rows(waiting: list[WaitingClient]) -> list[tuple]:
    return [(w.client, w.phone or w.email, w.days, w.hours, w.services, w.stylist, w.offered,
             w.notes) for w in waiting]


class WaitlistDialog(QDialog):
    """Everyone waiting, first come first: add a client, or take one off."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.waiting: list[WaitingClient] = []
        self.setWindowTitle("Waitlist")
        self.resize(1100, 520)
        hint = QLabel("Clients waiting for a place, first come first. When a cancellation, a "
                      "no-show or a move frees a place in the day book, the clients it suits "
                      "are offered it.", objectName="hint")
        hint.setWordWrap(True)
        self.model = RowsModel(HEADERS, parent=self)
        self.view = list_table(self.model, "Waitlist", stretch=4)
        self.message = MessageLine()
        self.add_button = action_button("&Add a client…", self.add)
        self.remove_button = action_button("&Take off the list", self.remove)
        close = action_button("Close", self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.remove_button, self.add_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.waiting = waiting_list(self.session.salon)
        self.model.set_rows(_rows(self.waiting))

    def add(self) -> None:
        if run_modal(WaitlistAddDialog(self.session, self)):
            self.refresh()
            self.message.done("Added to the waitlist.")

    def remove(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.message.refuse("Choose a client first.")
            return
        chosen = self.waiting[rows[0].row()]
        try:
            waitlist.remove_from_waitlist(self.session.salon, chosen.id,
                                          by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.refresh()
        self.message.done(f"{chosen.client} is no longer waiting.")


class WaitlistAddDialog(FormDialog):
    """A client put on the waitlist: found as typed, with the days, the hours a start may
    fall in, the services ticked, and a stylist or any."""

    def __init__(self, session: Session, parent=None):
        super().__init__("Add to the waitlist", "Add", parent, session=session)
        self.ok_button.setAccessibleName("Add to the waitlist")
        self.search = QLineEdit(placeholderText="type a name or phone")
        self.found = QListWidget()
        self.found.setMaximumHeight(90)
        self.search.textChanged.connect(self.find_clients)
        today = session.salon.today()
        self.first_day, self.last_day = QDateEdit(calendarPopup=True), QDateEdit(
            calendarPopup=True)
        for picker, day in ((self.first_day, today), (self.last_day, today + timedelta(7))):
            picker.setDisplayFormat("ddd dd MMM yyyy")
            picker.setDate(QDate(day.year, day.month, day.day))
        self.earliest, self.latest = TimeBox(time(9, 0)), TimeBox(time(17, 0))
        self.services = QListWidget()
        for service in list_services(session.salon):
            item = QListWidgetItem(f"{service['name']} ({service['minutes']} min)")
            item.setData(Qt.ItemDataRole.UserRole, service["id"])
            item.setCheckState(Qt.CheckState.Unchecked)
            self.services.addItem(item)
        self.stylist = stylist_choice(session.salon)
        self.stylist.insertItem(0, "Any stylist", None)
        self.stylist.setCurrentIndex(0)
        self.notes = QLineEdit(placeholderText="e.g. can come at short notice")
        days, hours = QWidget(), QWidget()
        for holder, first, last in ((days, self.first_day, self.last_day),
                                    (hours, self.earliest, self.latest)):
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(first)
            row.addWidget(QLabel("to"))
            row.addWidget(last)
            row.addStretch(1)
        for label, widget in (("Client", self.search), ("", self.found), ("Days", days),
                              ("Starting between", hours), ("Services", self.services),
                              ("Stylist", self.stylist), ("Notes", self.notes)):
            self.add_row(label, widget)
        for widget, name in ((self.first_day, "First day"), (self.last_day, "Last day"),
                             (self.earliest, "Earliest start"), (self.latest, "Latest start"),
                             (self.found, "Clients found")):
            widget.setAccessibleName(name)

    def find_clients(self, text: str) -> None:
        show_found_clients(self.found, self.session.salon, text)

    def prepared(self) -> Operation:
        client = self.found.currentItem()
        if client is None:
            raise InvalidInput("Find the client first: type their name or phone.")
        services = [self.services.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(self.services.count())
                    if self.services.item(i).checkState() == Qt.CheckState.Checked]
        fields = dict(client_id=client.data(Qt.ItemDataRole.UserRole),
                      first_day=self.first_day.date().toPython(),
                      last_day=self.last_day.date().toPython(),
                      earliest=self.earliest.time(), latest=self.latest.time(),
                      service_ids=services, stylist_id=self.stylist.currentData(),
                      notes=self.notes.text())
        return lambda: waitlist.add_to_waitlist(self.session.salon, by=self.session.staff_id,
                                                **fields)


class FreedPlaceDialog(QDialog):
    """A place came free: the waitlisted clients it suits, first come first. Send an offer
    by email (the first to take it gets it) or book one into it now."""

    def __init__(self, session: Session, place: FreedPlace, suited: list[WaitingClient],
                 parent=None):
        super().__init__(parent)
        self.session, self.place, self.suited = session, place, suited
        self.booked: int | None = None
        settings = session.salon.settings()
        when = f"{local_of(place.start, settings.tz):%a %d %b, %H:%M}"
        self.setWindowTitle("A place came free")
        self.resize(1100, 420)
        title = QLabel(f"{when} with {get_staff(session.salon, place.stylist_id).name} is "
                       f"free. It suits {len(suited)} waiting "
                       f"{'client' if len(suited) == 1 else 'clients'}:", objectName="hint")
        title.setWordWrap(True)
        self.model = RowsModel(HEADERS, parent=self)
        self.model.set_rows(_rows(suited))
        self.view = list_table(self.model, "Waiting clients this place suits", stretch=4)
        self.view.selectRow(0)
        self.message = MessageLine()
        self.offer_button = action_button("Send an &offer", self.offer)
        self.book_button = action_button("&Book them in", self.book)
        close = action_button("Close", self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.offer_button, self.book_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def chosen(self) -> WaitingClient | None:
        rows = self.view.selectionModel().selectedRows()
        return self.suited[rows[0].row()] if rows else None

    def offer(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        try:
            waitlist.offer_place(self.session.salon, chosen.id,
                                 stylist_id=self.place.stylist_id, start=self.place.start,
                                 by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.message.done(f"Offer to {chosen.client} goes by email with the next send.")
        if self.session.mail is not None:
            self.session.mail.send_now()

    def book(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            return
        try:
            self.booked = waitlist.book_from_waitlist(
                self.session.salon, chosen.id, stylist_id=self.place.stylist_id,
                start=self.place.start, by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.accept()

