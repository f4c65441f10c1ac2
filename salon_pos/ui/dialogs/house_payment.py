"""A payment on the client's house account: what they owe is filled in; card needs the
terminal's reference. The request key makes a double click take it once."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtWidgets import QLabel, QLineEdit

from salon_pos.domain.money import format_amount
from salon_pos.domain.ways_to_pay import Use
from salon_pos.services.operations import house_accounts
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.way_choice import reference_hint, typed_reference, way_choice


class HousePaymentDialog(FormDialog):
    def __init__(self, session: Session, client_id: int, name: str, owed: int, parent=None):
        super().__init__("House-account payment", "Take payment", parent, session=session)
        self.client_id = client_id
        self.key = f"house-payment-{uuid.uuid4()}"
        settings = session.salon.settings()
        self.amount = QLineEdit(format_amount(owed, settings.currency, symbol=False,
                                              style=settings.number_style))
        self.reference = QLineEdit(placeholderText=reference_hint(settings))
        self.reference.setAccessibleName("Terminal reference")
        self.method = way_choice(Use.HOUSE_PAYMENT, self.reference)
        self.form.addRow(QLabel(f"{name} owes {settings.money(owed)}."))
        self.add_row("Amount", self.amount)
        self.add_row("Paid by", self.method)
        self.form.addRow("Reference", self.reference)

    def prepared(self) -> Operation:
        salon, method = self.session.salon, self.method.currentData()
        return partial(house_accounts.take_house_payment, salon, self.client_id,
                       salon.settings().parse_money(self.amount.text()),
                       by=self.session.staff_id, method=method,
                       reference=typed_reference(self.method, self.reference),
                       key=self.key)
