"""Gift vouchers held: every voucher with money on it (the salon owes it to the bearer),
the soonest to expire first, expired ones marked; and taking what expired vouchers hold
into income, a manager's act recorded in the journal."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_pos.domain.errors import DomainError
from salon_pos.services.operations.vouchers import take_expired_into_income
from salon_pos.services.views.vouchers import VouchersHeld, vouchers_held
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.messages import confirm
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Voucher", "Code ends", "Sold", "Receipt", "Valid until", "Value", "Left", "")


class VouchersPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.held: VouchersHeld | None = None
        title = QLabel("Gift vouchers held", objectName="pageTitle")
        hint = QLabel("Money on vouchers belongs to whoever holds them until it is spent or "
                      "the voucher expires. A client asking what is left: Voucher balance… "
                      "in the toolbar.", objectName="hint")
        hint.setWordWrap(True)
        self.summary = QLabel(objectName="hint")
        self.summary.setAccessibleName("Vouchers held")
        self.model = RowsModel(HEADERS, right_aligned=(0, 3, 5, 6), parent=self)
        self.view = list_table(self.model, "Gift vouchers held", stretch=7)
        self.view.setAlternatingRowColors(True)
        self.message = MessageLine()
        self.expire_button = QPushButton("Take expired into income…")
        self.expire_button.setAccessibleName("Take expired into income")
        self.expire_button.setMinimumHeight(36)
        self.expire_button.clicked.connect(self.take_expired)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.expire_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        """A few hundred rows at most (only vouchers with money on them): read at once."""
        money = self.session.salon.settings().money
        self.held = held = vouchers_held(self.session.salon)
        self.model.set_rows([
            (str(v.number), v.shown_code, f"{v.issued_on:%d %b %Y}", str(v.receipt_no or ""),
             f"{v.expires_on:%d %b %Y}", money(v.amount), money(v.balance),
             "expired" if v.expired else "") for v in held.vouchers])
        count = len(held.vouchers)
        self.summary.setText(f"{money(held.total)} held on {count} "
                             f"{'voucher' if count == 1 else 'vouchers'}; "
                             f"{money(held.expired_total)} of it on expired ones.")
        self.expire_button.setEnabled(held.expired_total > 0)

    def take_expired(self) -> None:
        money = self.session.salon.settings().money
        if not confirm(self, "Expired vouchers",
                       f"Take {money(self.held.expired_total)} left on expired vouchers into "
                       "income? Their holders can no longer spend it.",
                       "Take into income", "Cancel"):
            return
        approver = manager_approval(self.session, "Taking expired vouchers into income", self)
        if approver is None:
            self.message.refuse("Not done: no manager approved it.")
            return
        try:
            done = take_expired_into_income(self.session.salon, by=self.session.staff_id,
                                            approved_by=approver)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.refresh()
        self.message.done(f"{money(done['amount'])} from {done['vouchers']} expired "
                          f"{'voucher' if done['vouchers'] == 1 else 'vouchers'} taken into "
                          "income.")
