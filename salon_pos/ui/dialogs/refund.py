"""Refund a paid sale, found by its receipt number: tick what goes back, say why; a manager
approves; the money goes back the ways the sale was paid, and the refund receipt is saved."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
from salon_pos.domain.errors import DomainError
from salon_pos.services.operations import refunds
from salon_pos.services.views.receipts import receipt_of_refund, sale_of_receipt
from salon_pos.services.views.sale import sale_view
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session


class RefundDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.sale_id: int | None = None
        self.key = f"refund-{uuid.uuid4()}"
        self.receipt_path: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self.setWindowTitle("Refund")
        self.setMinimumWidth(520)
        self.number = QLineEdit(placeholderText="number printed on the receipt")
        self.number.setAccessibleName("Receipt number")
        find = QPushButton("Find")
        find.clicked.connect(self.find)
        self.lines = QListWidget()
        self.lines.setAccessibleName("Lines to refund")
        self.reason = QLineEdit(placeholderText="why the money goes back")
        self.reason.setAccessibleName("Reason")
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        self.refund_button = QPushButton("Refund (manager)")
        self.refund_button.clicked.connect(self.refund)
        row = QHBoxLayout()
        row.addWidget(self.number)
        row.addWidget(find)
        form = QFormLayout()
        form.addRow("Receipt", row)
        form.addRow("Lines", self.lines)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.refund_button)

    def find(self) -> None:
        self.lines.clear()
        try:
            self.sale_id = sale_of_receipt(self.session.salon, int(self.number.text() or "0"))
        except (DomainError, ValueError) as error:
            self.sale_id = None
            self.message.setText(getattr(error, "message", "Type the receipt's number."))
            return
        view = sale_view(self.session.salon, self.sale_id)
        for line in view.lines:
            left = line.quantity - line.refunded_quantity
            item = QListWidgetItem(f"{line.description} — {view.money(line.gross)}"
                                   + ("" if left else " (refunded)"))
            item.setData(Qt.ItemDataRole.UserRole, (line.id, left))
            if left:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
            self.lines.addItem(item)
        self.message.setText("")

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
            self.message.setText("Find the sale by its receipt number first.")
            return
        approver = manager_approval(self.session, "A refund", self)
        if approver is None:
            self.message.setText("Not refunded: no manager approved it.")
            return
        try:
            result = refunds.refund_sale(
                self.session.salon, self.sale_id, by=self.session.staff_id,
                approved_by=approver, reason=self.reason.text(), lines=self.chosen(),
                key=self.key)
        except DomainError as error:
            self.message.setText(error.message)
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
