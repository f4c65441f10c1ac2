"""A client's details (new or edited) and their deposit rule, which only a manager sets."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from salon_pos.domain.errors import DomainError
from salon_pos.services import clients
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session


class ClientEditDialog(QDialog):
    """Name, phone, email and alerts. Without a client id it adds a new client;
    `client_id` is the client saved."""

    def __init__(self, session: Session, client_id: int | None = None, parent=None):
        super().__init__(parent)
        self.session, self.client_id = session, client_id
        client = clients.get_client(client_id) if client_id is not None else None
        self.setWindowTitle("Edit client" if client else "New client")
        self.setMinimumWidth(480)
        self.name = QLineEdit(client.name if client else "")
        self.phone = QLineEdit(client.phone if client else "")
        self.email = QLineEdit(client.email if client else "")
        self.alerts = QPlainTextEdit(client.alerts if client else "")
        self.alerts.setPlaceholderText("Allergies, patch-test dates, anything to know first")
        self.alerts.setTabChangesFocus(True)
        self.alerts.setFixedHeight(90)
        for widget, label in ((self.name, "Name"), (self.phone, "Phone"),
                              (self.email, "Email"), (self.alerts, "Alerts")):
            widget.setAccessibleName(label)
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save client")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Phone", self.phone)
        form.addRow("Email", self.email)
        form.addRow("Alerts", self.alerts)
        form.addRow(self.message)
        form.addRow(buttons)

    def save(self) -> None:
        salon, by = self.session.salon, self.session.staff_id
        fields = {"phone": self.phone.text(), "email": self.email.text(),
                  "alerts": self.alerts.toPlainText()}
        try:
            if self.client_id is None:
                self.client_id = clients.add_client(salon, self.name.text(), by=by, **fields)
            else:
                clients.edit_client(salon, self.client_id, by=by, name=self.name.text(),
                                    **fields)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()


DEPOSIT_RULES = (
    ("policy", "Follow the salon's deposit policy"),
    ("always", "Always ask this client for a deposit"),
    ("never", "Never ask this client for a deposit"),
)


class DepositRuleDialog(QDialog):
    """The client's deposit rule: a manager's decision, so a manager's PIN is asked when
    someone else is logged in."""

    def __init__(self, session: Session, client_id: int, parent=None):
        super().__init__(parent)
        self.session, self.client_id = session, client_id
        client = clients.get_client(client_id)
        self.setWindowTitle(f"Deposit rule — {client.name}")
        self.setMinimumWidth(440)
        self.rule = QComboBox()
        self.rule.setAccessibleName("Deposit rule")
        for value, label in DEPOSIT_RULES:
            self.rule.addItem(label, value)
        self.rule.setCurrentIndex(self.rule.findData(client.deposit_rule))
        hint = QLabel("" if session.role == "manager" else
                      "Changing it needs a manager's approval.", objectName="hint")
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save deposit rule")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Deposit", self.rule)
        form.addRow(hint)
        form.addRow(self.message)
        form.addRow(buttons)

    def save(self) -> None:
        approver = manager_approval(self.session, "Changing a client's deposit rule", self)
        if approver is None:
            self.message.setText("Not changed: no manager approved it.")
            return
        try:
            clients.set_client_terms(self.session.salon, self.client_id, approved_by=approver,
                                     deposit_rule=self.rule.currentData())
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
