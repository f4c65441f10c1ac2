"""Refund a paid sale, found by its receipt number: the sale is shown as its receipt has it
(the client, when, how it was paid), then tick what goes back and say why; a manager
approves; the money goes back the ways the sale was paid, and the refund receipt is saved.
Cancel leaves everything as it was."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from salon_pos.documents.receipt import render_receipt
from salon_pos.documents.records import Receipt
from salon_pos.domain.errors import DomainError
from salon_pos.services.operations import refunds
from salon_pos.services.views.receipts import receipt_of_refund, receipt_of_sale, sale_of_receipt
from salon_pos.services.views.sale import sale_view
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


class RefundDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.sale_id: int | None = None
        self.retail: set[int] = set()  # the sale's product lines
        self.key = f"refund-{uuid.uuid4()}"
        self.receipt_path: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self.setWindowTitle("Refund")
        self.setMinimumWidth(640)
        self.number = QLineEdit(placeholderText="number printed on the receipt")
        self.number.setAccessibleName("Receipt number")
        self.number.returnPressed.connect(self.find)
        find = QPushButton("Find")
        find.setAutoDefault(False)
        find.clicked.connect(self.find)
        self.sale = QLabel("")  # the client, when, how it was paid
        self.sale.setAccessibleName("The sale")
        self.sale.setWordWrap(True)
        self.lines = QListWidget()
        self.lines.setAccessibleName("Lines to refund")
        # Asked only when products are refunded: are they fit to sell again?
        self.put_back = QCheckBox("Put back on the shelf? (unopened, fit to sell again)")
        self.put_back.setAccessibleName("Put back on the shelf")
        self.put_back.hide()
        self.reason = QLineEdit(placeholderText="why the money goes back")
        self.reason.setAccessibleName("Reason")
        self.message = MessageLine()
        # Plain buttons, none the default (a button box would make Refund one): Enter in the
        # number finds the sale, and never refunds.
        self.refund_button = QPushButton("Refund (manager)")
        self.refund_button.setAccessibleName("Refund")
        self.refund_button.clicked.connect(self.refund)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.refund_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(self.number)
        row.addWidget(find)
        form = QFormLayout()
        form.addRow("Receipt", row)
        form.addRow("Sale", self.sale)
        form.addRow("Lines", self.lines)
        form.addRow("", self.put_back)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def find(self) -> None:
        self.lines.clear()
        self.sale.clear()
        salon = self.session.salon
        try:
            self.sale_id = sale_of_receipt(salon, int(self.number.text() or "0"))
            self.sale.setText(_sale_text(receipt_of_sale(salon, self.sale_id)))
        except (DomainError, ValueError) as error:
            self.sale_id = None
            self.message.refuse(getattr(error, "message", "Type the receipt's number."))
            return
        view = sale_view(salon, self.sale_id)
        self.retail = {line.id for line in view.lines if line.category == "retail"}
        for line in view.lines:
            left = line.quantity - line.refunded_quantity
            item = QListWidgetItem(f"{line.description} — {view.money(line.gross)}"
                                   + ("" if left else " (refunded)"))
            item.setData(Qt.ItemDataRole.UserRole, (line.id, left))
            if left:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.lines.addItem(item)
        self.put_back.setChecked(False)
        self.put_back.setVisible(any(line.id in self.retail and
                                     line.quantity > line.refunded_quantity
                                     for line in view.lines))
        self.message.clear()

    def chosen(self) -> dict[int, int]:
        picked = {}
        for i in range(self.lines.count()):
            item = self.lines.item(i)
            line_id, left = item.data(Qt.ItemDataRole.UserRole)
            if left and item.checkState() == Qt.CheckState.Checked:
                picked[line_id] = left
        return picked

    def refund(self) -> None:
        if self.sale_id is None:
            self.message.refuse("Find the sale by its receipt number first.")
            return
        approver = manager_approval(self.session, "A refund", self)
        if approver is None:
            self.message.refuse("Not refunded: no manager approved it.")
            return
        chosen = self.chosen()
        restock = {line_id: units for line_id, units in chosen.items()
                   if line_id in self.retail} if self.put_back.isChecked() else {}
        try:
            result = refunds.refund_sale(
                self.session.salon, self.sale_id, by=self.session.staff_id,
                approved_by=approver, reason=self.reason.text(), lines=chosen,
                restock=restock, key=self.key)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        try:
            self.receipt_path = self._save_receipt(result["refund_id"])
        except DomainError as error:  # refunded all the same; the receipt can be reprinted
            show_refusal(self.parentWidget() or self, error)
        else:  # the refund receipt to print or hand over, once this dialog has closed
            self.preview = PdfPreviewDialog(self.receipt_path, "Refund receipt",
                                            self.session.salon.settings().receipt_printer,
                                            self.parentWidget())
            self.preview.open()
        self.accept()

    def _save_receipt(self, refund_id: int) -> Path:
        salon = self.session.salon
        receipt = receipt_of_refund(salon, refund_id)
        pdf = render_receipt(receipt, salon.settings().receipt_format)
        return save_file(salon, "receipts", f"refund-{receipt.number}.pdf", pdf)


def _sale_text(receipt: Receipt) -> str:
    """Whose sale, when, and how it was paid, as its receipt has it: three lines, no
    payment's name cut from its amount."""
    money = receipt.money
    who = " · ".join(part for part in (
        receipt.client or "No client named", receipt.issued_at,
        f"with {', '.join(receipt.stylists)}" if receipt.stylists else "") if part)
    paid = [f"{p.label}\u00a0{money(p.amount)}" + (f" ({p.reference})" if p.reference else "")
            for p in receipt.payments]
    if receipt.change:
        paid.append(f"change\u00a0given\u00a0{money(receipt.change)}")
    tips = f", tips {money(receipt.tip_total)}" if receipt.tip_total else ""
    return (f"{who}\nTotal {money(receipt.total)}{tips}\nPaid: "
            + (", ".join(paid) or "nothing"))
