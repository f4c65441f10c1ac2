"""Checkout after the service: the lines, the agreement shown again with the client's
sign-off, a tip, any mix of tenders, then pay — once, whatever the clicks — and the receipt."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
)

from salon_pos.documents.receipt import render_receipt
from salon_pos.domain.errors import DomainError
from salon_pos.services import checkout, sales
from salon_pos.services.receipt_view import receipt_of_sale
from salon_pos.services.sale_view import sale_view
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.saved_pdfs import save_pdf
from salon_pos.ui.session import Session


class CheckoutDialog(QDialog):
    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session = session
        self.sale_id = sales.open_sale(session.salon, by=session.staff_id, booking_id=booking_id)
        self.pay_key = f"close-{uuid.uuid4()}"
        self.receipt_path: Path | None = None
        self.setWindowTitle("Checkout")
        self.setMinimumSize(760, 640)
        self.lines = RowsModel(("Item", "Stylist", "Qty", "Amount"), right_aligned=(2, 3),
                               parent=self)
        table = QTableView()
        table.setModel(self.lines)
        table.setAccessibleName("Sale lines")
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agreement = QLabel()
        self.agreement.setWordWrap(True)
        self.matches = QRadioButton("The result matches what we agreed")
        self.differs = QRadioButton("It differs:")
        self.differences = QLineEdit(placeholderText="what differs, and what was done")
        choice = QButtonGroup(self)
        choice.addButton(self.matches)
        choice.addButton(self.differs)
        record = QPushButton("Record sign-off")
        record.clicked.connect(self.record_signoff)
        signoff = QVBoxLayout()
        signoff.addWidget(self.agreement)
        for widget in (self.matches, self.differs, self.differences, record):
            signoff.addWidget(widget)
        self.agreement_box = QGroupBox("What we agreed")
        self.agreement_box.setLayout(signoff)
        self.tip = QLineEdit(placeholderText="0.00")
        self.tip.setAccessibleName("Tip")
        set_tip = QPushButton("Set tip")
        set_tip.clicked.connect(self.set_tip)
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Amount")
        self.reference = QLineEdit(placeholderText="card terminal reference")
        self.reference.setAccessibleName("Terminal reference")
        tender_row = QHBoxLayout()
        for label, method in (("Cash", "cash"), ("Card", "card"), ("Client credit", "credit"),
                              ("House account", "house_account")):
            button = QPushButton(label)
            button.setAccessibleName(f"Pay by {label.lower()}")
            button.clicked.connect(lambda _=False, m=method: self.take(m))
            tender_row.addWidget(button)
        self.summary = QLabel()
        self.summary.setObjectName("pageTitle")
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        self.pay_button = QPushButton("Pay and print receipt")
        self.pay_button.setAccessibleName("Pay")
        self.pay_button.clicked.connect(self.pay)
        form = QFormLayout()
        tip_row = QHBoxLayout()
        tip_row.addWidget(self.tip)
        tip_row.addWidget(set_tip)
        form.addRow("Tip", tip_row)
        form.addRow("Amount", self.amount)
        form.addRow("Reference", self.reference)
        form.addRow("Take", tender_row)
        layout = QVBoxLayout(self)
        layout.addWidget(table, 1)
        layout.addWidget(self.agreement_box)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.pay_button)
        self.refresh()

    def refresh(self) -> None:
        view = sale_view(self.session.salon, self.sale_id)
        self.view = view
        self.lines.set_rows([(line.description, line.stylist, str(line.quantity),
                              view.money(line.gross)) for line in view.lines])
        notes = [n for n in view.notes if n.acknowledged]
        self.agreement_box.setVisible(bool(notes))
        self.agreement.setText("<br>".join(
            f"<b>Expected:</b> {n.expected_result}<br><b>Price range:</b> "
            f"{view.money(n.price_min)} – {view.money(n.price_max)}" for n in notes))
        money = view.money
        taken = sum(t.amount for t in view.tenders)
        self.summary.setText(
            f"To pay {money(view.due)} · deposit {money(min(view.deposit_held, view.due))} · "
            f"taken {money(taken)} · left {money(view.remaining)} "
            f"(in cash {money(view.cash_to_pay)})")
        self.amount.setText("")

    def _run(self, action) -> bool:
        try:
            action()
        except DomainError as error:
            self.message.setText(error.message)
            return False
        self.message.setText("")
        self.refresh()
        return True

    def record_signoff(self) -> None:
        self._run(lambda: sales.record_signoff(
            self.session.salon, self.sale_id, by=self.session.staff_id,
            matches=self.matches.isChecked(),
            differences="" if self.matches.isChecked() else self.differences.text()))

    def set_tip(self) -> None:
        settings = self.session.salon.settings()
        booking_stylist = sales.get_sale(self.sale_id).booking.stylist_id  # the tip is theirs
        self._run(lambda: sales.set_tip(
            self.session.salon, self.sale_id, booking_stylist,
            settings.parse_money(self.tip.text() or "0"), by=self.session.staff_id))

    def take(self, method: str) -> None:
        settings = self.session.salon.settings()
        typed = self.amount.text().strip()
        wanted = self.view.cash_to_pay if method == "cash" else self.view.remaining
        self._run(lambda: sales.take_tender(
            self.session.salon, self.sale_id, by=self.session.staff_id, method=method,
            amount=settings.parse_money(typed) if typed else wanted,
            reference=self.reference.text() if method == "card" else "",
            key=f"tender-{uuid.uuid4()}"))

    def pay(self) -> None:
        result = {}

        def close():
            result.update(checkout.close_sale(self.session.salon, self.sale_id,
                                              by=self.session.staff_id, key=self.pay_key))

        if not self._run(close):
            return
        change = self.view.money(result["change"])
        try:
            self.receipt_path = self._save_receipt()
        except DomainError as error:  # paid all the same; the receipt can be reprinted
            self.message.setText(f"Paid. Change to give: {change}. {error.message}")
        else:
            self.message.setText(f"Paid. Change to give: {change}. Receipt saved to "
                                 f"{self.receipt_path}.")
        self.pay_button.setEnabled(False)
        self.accept()

    def _save_receipt(self) -> Path:
        """Rendered in a few milliseconds (see benchmarks/receipt.py): fine on this thread."""
        salon = self.session.salon
        receipt = receipt_of_sale(salon, self.sale_id)
        pdf = render_receipt(receipt, salon.settings().receipt_format)
        return save_pdf(salon, "receipts", f"receipt-{receipt.number}.pdf", pdf)
