"""A payment on the client's house account: what they owe is filled in; card needs the
terminal's reference. The request key makes a double click take it once."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.money import format_amount
from salon_pos.services import house_accounts
from salon_pos.ui.session import Session


class HousePaymentDialog(QDialog):
    def __init__(self, session: Session, client_id: int, name: str, owed: int, parent=None):
        super().__init__(parent)
        self.session, self.client_id = session, client_id
        self.key = f"house-payment-{uuid.uuid4()}"
        self.setWindowTitle("House-account payment")
        self.setMinimumWidth(420)
        settings = session.salon.settings()
        owes = QLabel(f"{name} owes {settings.money(owed)}.")
        self.amount = QLineEdit(format_amount(owed, settings.currency, symbol=False,
                                              style=settings.number_style))
        self.amount.setAccessibleName("Amount")
        self.method = QComboBox()
        self.method.setAccessibleName("Paid by")
        self.method.addItem("Card", "card")
        self.method.addItem("Cash", "cash")
        self.reference = QLineEdit(placeholderText="Terminal reference (card)")
        self.reference.setAccessibleName("Terminal reference")
        self.method.currentIndexChanged.connect(
            lambda: self.reference.setEnabled(self.method.currentData() == "card"))
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take_button = buttons.addButton("Take payment",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_button.setAccessibleName("Take payment")
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(owes)
        form.addRow("Amount", self.amount)
        form.addRow("Paid by", self.method)
        form.addRow("Reference", self.reference)
        form.addRow(self.message)
        form.addRow(buttons)

    def take(self) -> None:
        settings = self.session.salon.settings()
        method = self.method.currentData()
        try:
            house_accounts.take_house_payment(
                self.session.salon, self.client_id, settings.parse_money(self.amount.text()),
                by=self.session.staff_id, method=method,
                reference=self.reference.text() if method == "card" else "", key=self.key)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
