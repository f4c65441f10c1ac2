"""Waive a kept no-show or late-cancellation fee: say why, choose refund or credit, and a
manager approves; the fee goes back in one step, once however often Waive is pressed."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.validation import clean_text
from salon_pos.services import deposits
from salon_pos.services.reports import MissedBooking
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session


class WaiveFeeDialog(QDialog):
    def __init__(self, session: Session, fee: MissedBooking, parent=None):
        super().__init__(parent)
        self.session = session
        self.fee = fee
        self.key = f"waive-fee-{uuid.uuid4()}"  # one per dialog: a second press gives once
        self.given_back = 0
        money = session.salon.settings().money
        self.setWindowTitle("Waive a fee")
        self.setMinimumWidth(520)
        summary = QLabel(
            f"<b>{fee.kind} fee of {money(fee.still_kept)}</b> kept from {fee.client}<br>"
            f"{fee.start:%a %d %b %Y %H:%M} with {fee.stylist}: {', '.join(fee.services)}")
        summary.setWordWrap(True)
        self.reason = QLineEdit(placeholderText="why the fee goes back")
        self.reason.setAccessibleName("Reason")
        self.refund = QRadioButton("Give it back the way it was paid")
        self.refund.setAccessibleName("Give it back the way it was paid")
        self.refund.setChecked(True)
        self.credit = QRadioButton("Keep it as credit for the client")
        self.credit.setAccessibleName("Keep it as credit for the client")
        ways = QButtonGroup(self)
        ways.addButton(self.refund)
        ways.addButton(self.credit)
        self.reference = QLineEdit(placeholderText="if the card terminal gives one")
        self.reference.setAccessibleName("Card terminal reference")
        self.credit.toggled.connect(lambda credit: self.reference.setEnabled(not credit))
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.waive_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.waive_button.setText("Waive fee (manager)")
        self.waive_button.setAccessibleName("Waive fee")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.waive)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        form.addRow("Goes back", self.refund)
        form.addRow("", self.credit)
        form.addRow("&Terminal reference", self.reference)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def waive(self) -> None:
        try:  # the reason first: no manager is called over for a form that is not done
            reason = clean_text(self.reason.text(), "reason", required=True)
        except DomainError as error:
            self.message.setText(error.message)
            self.reason.setFocus()
            return
        approver = manager_approval(self.session, "Waiving a fee", self)
        if approver is None:
            self.message.setText("Not waived: no manager approved it.")
            return
        try:
            self.given_back = deposits.waive_fee(
                self.session.salon, self.fee.booking_id, by=self.session.staff_id,
                approved_by=approver, reason=reason,
                method="credit" if self.credit.isChecked() else None,
                reference="" if self.credit.isChecked() else self.reference.text(),
                key=self.key)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
