"""What a gift voucher holds, for anyone at the desk: its code typed or scanned, then its
balance, its last day and everything that moved it. Nothing is changed here."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from salon_pos.domain.errors import DomainError
from salon_pos.services.views.vouchers import VoucherView, voucher_by_code
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Day", "What", "Amount", "Receipt")


class VoucherLookupDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Gift voucher balance")
        self.setMinimumSize(620, 420)
        self.code = QLineEdit()
        self.code.setPlaceholderText("type or scan the voucher's code")
        self.code.setAccessibleName("Voucher code")
        self.code.returnPressed.connect(self.look_up)
        self.code.textEdited.connect(lambda _text: self.message.clear())
        look = QPushButton("Look up")
        look.setAccessibleName("Look up")
        look.setAutoDefault(False)
        look.clicked.connect(self.look_up)
        self.message = MessageLine()
        self.balance = QLabel(objectName="pageTitle")
        self.balance.setAccessibleName("Balance")
        self.balance.setWordWrap(True)
        self.history = RowsModel(HEADERS, right_aligned=(2, 3), parent=self)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(look)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.balance)
        layout.addWidget(list_table(self.history, "Voucher history", stretch=1), 1)
        layout.addWidget(close)
        self.code.setFocus()

    def look_up(self) -> None:
        try:
            voucher = voucher_by_code(self.session.salon, self.code.text())
        except DomainError as error:
            self.balance.clear()
            self.history.set_rows([])
            self.message.refuse(error.message)
            return
        self.message.clear()
        self.show_voucher(voucher)

    def show_voucher(self, voucher: VoucherView) -> None:
        money = self.session.salon.settings().money
        until = (f"expired on {voucher.expires_on:%d %b %Y}" if voucher.expired
                 else f"valid until {voucher.expires_on:%d %b %Y}")
        self.balance.setText(f"Voucher {voucher.number} ({voucher.shown_code}): "
                             f"{money(voucher.balance)} left, {until}")
        self.history.set_rows([(f"{move.day:%a %d %b %Y}", move.what, money(move.change),
                                str(move.receipt_no or "")) for move in voucher.history])
