"""Book an appointment: find the client as you type (or add one), tick the services, pick
the stylist and time; the deposit due, and why, is shown before booking."""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.money import format_amount
from salon_pos.services import bookings, catalogue, clients, deposits, staff
from salon_pos.ui.session import Session


class BookingDialog(QDialog):
    def __init__(self, session: Session, stylist_id: int | None = None,
                 when: datetime | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.booking_id: int | None = None
        self.setWindowTitle("New booking")
        self.setMinimumWidth(560)
        settings = session.salon.settings()
        self.money = settings.money
        self.search = QLineEdit(placeholderText="Type a name or phone number")
        self.search.setAccessibleName("Find client")
        self.found = QListWidget()
        self.found.setAccessibleName("Clients found")
        self.found.setMaximumHeight(110)
        self.new_name = QLineEdit(placeholderText="New client's name")
        self.new_phone = QLineEdit(placeholderText="Phone")
        add = QPushButton("Add client")
        add.clicked.connect(self.add_client)
        self.services = QListWidget()
        self.services.setAccessibleName("Services")
        for service in catalogue.list_services():
            item = QListWidgetItem(f"{service['name']} — {service['minutes']} min — "
                                   f"{self.money(service['price'])}")
            item.setData(Qt.ItemDataRole.UserRole, service["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.services.addItem(item)
        self.stylist = QComboBox()
        self.stylist.setAccessibleName("Stylist")
        for member in staff.list_staff():
            if member["role"] in ("stylist", "manager"):
                self.stylist.addItem(member["name"], member["id"])
        if stylist_id is not None:
            self.stylist.setCurrentIndex(self.stylist.findData(stylist_id))
        when = when or session.salon.now().astimezone(settings.tz)
        self.date = QDateEdit(QDate(when.year, when.month, when.day), calendarPopup=True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.services.setMinimumHeight(160)
        self.time = QTimeEdit(QTime(when.hour, when.minute - when.minute % 15))
        self.time.setDisplayFormat("HH:mm")
        self.deposit = QLabel("")
        self.deposit.setWordWrap(True)
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        new_client = QHBoxLayout()
        for widget in (self.new_name, self.new_phone, add):
            new_client.addWidget(widget)
        form = QFormLayout()
        form.addRow("Client", self.search)
        form.addRow("", self.found)
        form.addRow("or new", new_client)
        form.addRow("Services", self.services)
        form.addRow("Stylist", self.stylist)
        form.addRow("Day", self.date)
        form.addRow("Time", self.time)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.book_button = buttons.addButton("Book", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.book)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.deposit)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.find_clients)
        self.found.currentItemChanged.connect(lambda *_: self.quote())
        self.services.itemChanged.connect(lambda *_: self.quote())

    def find_clients(self, text: str) -> None:
        self.found.clear()
        for client in clients.search_clients(text):
            label = client["name"] + (f" — {client['phone']}" if client["phone"] else "")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, client["id"])
            self.found.addItem(item)
        if self.found.count():
            self.found.setCurrentRow(0)

    def add_client(self) -> None:
        try:
            client = clients.add_client(self.session.salon, self.new_name.text(),
                                        phone=self.new_phone.text(), by=self.session.staff_id)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.search.setText(self.new_name.text())
        self.found.setCurrentRow(next(i for i in range(self.found.count()) if
                                      self.found.item(i).data(Qt.ItemDataRole.UserRole)
                                      == client))

    def client_id(self) -> int | None:
        item = self.found.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def service_ids(self) -> list[int]:
        return [self.services.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.services.count())
                if self.services.item(i).checkState() == Qt.CheckState.Checked]

    def quote(self) -> None:
        client, chosen = self.client_id(), self.service_ids()
        if client is None or not chosen:
            self.deposit.setText("")
            return
        decision = deposits.quote_deposit(self.session.salon, client, chosen)
        amount = f" ({self.money(decision.amount)})" if decision.amount else ""
        self.deposit.setText(decision.explanation.replace("Deposit due", f"Deposit due{amount}"))

    def start(self) -> datetime:
        day, at = self.date.date().toPython(), self.time.time().toPython()
        return bookings.local_start(self.session.salon, day, at)

    def book(self) -> None:
        try:
            self.booking_id = bookings.book(
                self.session.salon, client_id=self.client_id(),
                stylist_id=self.stylist.currentData(), start=self.start(),
                service_ids=self.service_ids(), by=self.session.staff_id)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()


class DepositDialog(QDialog):
    """Take the deposit: the amount due is filled in; card needs the terminal's reference.
    The request key makes a double click take it once."""

    def __init__(self, session: Session, booking_id: int, due: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        self.key = f"deposit-{uuid.uuid4()}"
        self.setWindowTitle("Take deposit")
        self.setMinimumWidth(400)
        settings = session.salon.settings()
        self.amount = QLineEdit(format_amount(due, settings.currency, symbol=False,
                                              style=settings.number_style))
        self.amount.setAccessibleName("Amount")
        self.method = QComboBox()
        self.method.addItem("Card", "card")
        self.method.addItem("Cash", "cash")
        self.reference = QLineEdit(placeholderText="Terminal reference (card)")
        self.reference.setAccessibleName("Terminal reference")
        self.message = QLabel("", objectName="message")
        form = QFormLayout(self)
        form.addRow("Amount", self.amount)
        form.addRow("Paid by", self.method)
        form.addRow("Reference", self.reference)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take_button = buttons.addButton("Take deposit",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def take(self) -> None:
        settings = self.session.salon.settings()
        try:
            deposits.take_deposit(
                self.session.salon, self.booking_id, by=self.session.staff_id,
                method=self.method.currentData(), amount=settings.parse_money(self.amount.text()),
                reference=self.reference.text(), key=self.key)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
