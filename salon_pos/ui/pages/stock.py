"""Stock: every product's units on hand, reorder level and value at cost, what to order
(at or below the reorder level, or below zero), and the stock's work — a delivery
received, a shelf counted, products used in a service, a barcode and reorder level."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_pos.services.views.stock import StockRow, stock_list
from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.dialogs.stock_moves import (
    BackBarDialog,
    CountDialog,
    ReceiveDialog,
    StockDetailsDialog,
)
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Product", "SKU", "Barcode", "On hand", "Reorder at", "Average cost", "Value",
           "To do")


def _to_do(row: StockRow) -> str:
    if row.on_hand < 0:
        return "Below zero: count it"
    return f"Order {row.to_order}" if row.low else ""


class StockPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.rows: list[StockRow] = []
        self.dialog = None
        title = QLabel("Stock", objectName="pageTitle")
        hint = QLabel("Units on hand and their value at cost. Sales take from the shelf when "
                      "paid; record deliveries, counts and products used in services here.",
                      objectName="hint")
        hint.setWordWrap(True)
        self.low_only = QCheckBox("Only what to order")
        self.low_only.setAccessibleName("Only what to order")
        self.low_only.toggled.connect(self.refresh)
        self.model = RowsModel(HEADERS, right_aligned=(3, 4, 5, 6), parent=self)
        self.view = list_table(self.model, "Stock", stretch=0)
        self.view.setAlternatingRowColors(True)
        self.summary = QLabel("", objectName="hint")
        self.summary.setAccessibleName("Stock value")
        self.outcome = MessageLine()
        self.buttons = {}
        for text, name, dialog in (("&Receive delivery…", "Receive delivery", ReceiveDialog),
                                   ("&Count…", "Count", CountDialog),
                                   ("&Back-bar use…", "Back-bar use", BackBarDialog),
                                   ("Barcode and &reorder level…", "Barcode and reorder level",
                                    StockDetailsDialog)):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _=False, d=dialog: self.open_dialog(d))
            self.buttons[name] = button
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.low_only)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        for button in self.buttons.values():
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def refresh(self) -> None:
        salon = self.session.salon
        money = salon.settings().money
        everything = stock_list(salon)
        self.rows = [row for row in everything if row.low] if self.low_only.isChecked() \
            else everything
        self.model.set_rows([(row.name, row.sku, row.barcode, str(row.on_hand),
                              str(row.reorder_level) if row.reorder_level else "",
                              money(row.average_cost), money(row.value), _to_do(row))
                             for row in self.rows])
        low = sum(1 for row in everything if row.low)
        self.summary.setText(f"Stock value at cost: {money(sum(r.value for r in everything))}"
                             f" · {low} product{'' if low == 1 else 's'} to order")

    def chosen(self) -> StockRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def open_dialog(self, dialog_class) -> None:
        self.outcome.clear()
        self.dialog = dialog_class(self.session, stock_list(self.session.salon), self.chosen(),
                                   self)
        self.dialog.accepted.connect(self._done)
        open_modeless(self.dialog)

    def _done(self) -> None:
        self.outcome.done(f"{self.dialog.windowTitle()}: saved.")
        self.refresh()
