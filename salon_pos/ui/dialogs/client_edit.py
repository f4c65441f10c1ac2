"""A client's details (new or edited), and their terms — deposit rule and house account —
which only a manager sets."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit

from salon_pos.services.kernel import lookup
from salon_pos.services.operations import clients
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session


class ClientEditDialog(FormDialog):
    """Name, phone, email and alerts. Without a client id it adds a new client;
    `client_id` is the client saved."""

    def __init__(self, session: Session, client_id: int | None = None, parent=None):
        client = lookup.get_client(session.salon, client_id) if client_id is not None else None
        super().__init__("Edit client" if client else "New client", "Save", parent,
                         session=session)
        self.client_id = client_id
        self.ok_button.setAccessibleName("Save client")
        self.name = QLineEdit(client.name if client else "")
        self.phone = QLineEdit(client.phone if client else "")
        self.email = QLineEdit(client.email if client else "")
        self.alerts = QPlainTextEdit(client.alerts if client else "")
        self.alerts.setPlaceholderText("Allergies, patch-test dates, anything to know first")
        self.alerts.setTabChangesFocus(True)
        self.alerts.setFixedHeight(90)
        self.no_messages = QCheckBox("No messages: the client asked not to be emailed or "
                                     "called about bookings")
        self.no_messages.setChecked(bool(client and client.no_messages))
        for label, widget in (("Name", self.name), ("Phone", self.phone),
                              ("Email", self.email), ("Alerts", self.alerts),
                              ("Messages", self.no_messages)):
            self.add_row(label, widget)

    def prepared(self) -> Operation:
        return self._save  # the service checks every field

    def _save(self) -> None:
        salon, by = self.session.salon, self.session.staff_id
        fields = {"phone": self.phone.text(), "email": self.email.text(),
                  "alerts": self.alerts.toPlainText(),
                  "no_messages": self.no_messages.isChecked()}
        if self.client_id is None:
            self.client_id = clients.add_client(salon, self.name.text(), by=by, **fields)
        else:
            clients.edit_client(salon, self.client_id, by=by, name=self.name.text(), **fields)


DEPOSIT_RULES = (
    ("policy", "Follow the salon's deposit policy"),
    ("always", "Always ask this client for a deposit"),
    ("never", "Never ask this client for a deposit"),
)


class DepositRuleDialog(FormDialog):
    """The client's deposit rule and house account (open or not, and its limit): a
    manager's decision, so a manager's PIN is asked when someone else is logged in."""

    not_approved = "Not changed: no manager approved it."

    def __init__(self, session: Session, client_id: int, parent=None):
        client = lookup.get_client(session.salon, client_id)
        super().__init__(f"Client terms — {client.name}", "Save", parent, session=session,
                         approval_for="Changing a client's terms")
        self.client_id = client_id
        self.ok_button.setAccessibleName("Save deposit rule")
        self.rule = QComboBox()
        self.rule.setAccessibleName("Deposit rule")
        for value, label in DEPOSIT_RULES:
            self.rule.addItem(label, value)
        self.rule.setCurrentIndex(self.rule.findData(client.deposit_rule))
        hint = QLabel("" if session.role == "manager" else
                      "Changing it needs a manager's approval.", objectName="hint")
        settings = session.salon.settings()
        self.house = QCheckBox("The client may pay later, on a house account")
        self.house.setChecked(client.house_account_enabled)
        self.limit = QLineEdit(settings.money(client.house_account_limit))
        self.limit.setEnabled(client.house_account_enabled)
        self.house.toggled.connect(self.limit.setEnabled)
        self.add_row("Deposit", self.rule)
        self.add_row("House account", self.house)
        self.add_row("Account limit", self.limit)
        self.form.addRow(hint)

    def prepared(self) -> Operation:
        salon, client_id, rule = self.session.salon, self.client_id, self.rule.currentData()
        house = self.house.isChecked()
        limit = salon.settings().parse_money(self.limit.text()) if house else None
        return lambda approver: clients.set_client_terms(
            salon, client_id, approved_by=approver, deposit_rule=rule,
            house_account_enabled=house, house_account_limit=limit)
