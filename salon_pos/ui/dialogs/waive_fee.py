"""Waive a kept no-show or late-cancellation fee: say why, choose refund or credit, and a
manager approves; the fee goes back in one step, once however often Waive is pressed."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton

from salon_pos.domain.errors import DomainError
from salon_pos.domain.validation import clean_text
from salon_pos.domain.ways_to_pay import CREDIT
from salon_pos.services.operations import deposits
from salon_pos.services.views.reports import MissedBooking
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session


class WaiveFeeDialog(FormDialog):
    not_approved = "Not waived: no manager approved it."

    def __init__(self, session: Session, fee: MissedBooking, parent=None):
        super().__init__("Waive a fee", "Waive fee (manager)", parent, session=session,
                         approval_for="Waiving a fee")
        self.fee = fee
        self.key = f"waive-fee-{uuid.uuid4()}"  # one per dialog: a second press gives once
        self.given_back = 0
        self.setMinimumWidth(520)
        self.ok_button.setAccessibleName("Waive fee")
        money = session.salon.settings().money
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
        self.layout().insertWidget(0, summary)
        self.form.addRow("&Reason", self.reason)
        self.form.addRow("Goes back", self.refund)
        self.form.addRow("", self.credit)
        # No Alt+T here: a mnemonic's underline breaks the "Te" kerning, so the label
        # would draw wider than its column and lose its last letter.
        self.form.addRow("Terminal reference", self.reference)

    def prepared(self) -> Operation:
        try:  # the reason first: no manager is called over for a form that is not done
            reason = clean_text(self.reason.text(), "reason", required=True)
        except DomainError:
            self.reason.setFocus()
            raise
        return partial(self._waive, reason)

    def _waive(self, reason: str, approver: int) -> None:
        self.given_back = deposits.waive_fee(
            self.session.salon, self.fee.booking_id, by=self.session.staff_id,
            approved_by=approver, reason=reason,
            method=CREDIT.code if self.credit.isChecked() else None,
            reference="" if self.credit.isChecked() else self.reference.text(), key=self.key)
