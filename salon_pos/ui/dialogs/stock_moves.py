"""The stock's dialogs, one operation each: a delivery received, a shelf counted (a large
difference asks a manager on the spot), products used in a service, and a product's
barcode and reorder level (a manager's). Each opens on the product chosen in the list."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox

from salon_pos.domain.errors import DomainError, InvalidInput, NotAllowed
from salon_pos.domain.stock import MOST_UNITS
from salon_pos.services.operations import stock
from salon_pos.services.views.staff import list_staff
from salon_pos.services.views.stock import StockRow
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session


def _units(least: int = 1, value: int = 1) -> QSpinBox:
    box = QSpinBox(minimum=least, maximum=MOST_UNITS)
    box.setValue(value)
    return box


class _StockDialog(FormDialog):
    """A product chosen from the stock list (the one chosen on the page first)."""

    def __init__(self, session: Session, rows: list[StockRow], chosen: StockRow | None,
                 title: str, action: str, parent=None, **options):
        super().__init__(title, action, parent, session=session, **options)
        self.rows = {row.product_id: row for row in rows}
        self.key = f"stock-{uuid.uuid4()}"  # a double click records once
        self.product = QComboBox()
        for row in rows:
            self.product.addItem(f"{row.name} ({row.sku})", row.product_id)
        if chosen is not None:
            self.product.setCurrentIndex(self.product.findData(chosen.product_id))
        self.add_row("Product", self.product)

    def chosen(self) -> StockRow:
        if self.product.currentData() is None:
            raise InvalidInput("Add the product to the catalogue first.")
        return self.rows[self.product.currentData()]


class ReceiveDialog(_StockDialog):
    def __init__(self, session: Session, rows, chosen, parent=None):
        super().__init__(session, rows, chosen, "Receive a delivery", "Receive", parent)
        self.supplier = QLineEdit(placeholderText="who delivered it")
        self.quantity = _units()
        money = session.salon.settings().money
        self.unit_cost = QLineEdit(placeholderText=f"what one cost, e.g. {money(450)}")
        self.add_row("Supplier", self.supplier)
        self.add_row("Units received", self.quantity)
        self.add_row("Cost of one unit", self.unit_cost)

    def prepared(self) -> Operation:
        salon = self.session.salon
        line = (self.chosen().product_id, self.quantity.value(),
                salon.settings().parse_money(self.unit_cost.text()))
        return lambda: stock.receive_delivery(salon, self.supplier.text(), [line],
                                              by=self.session.staff_id, key=self.key)


class CountDialog(_StockDialog):
    def __init__(self, session: Session, rows, chosen, parent=None):
        super().__init__(session, rows, chosen, "Count the shelf", "Record the count", parent)
        self.books = QLabel("", objectName="hint")
        self.counted = _units(least=0, value=max(0, self.chosen().on_hand) if rows else 0)
        self.add_row("The books say", self.books)
        self.add_row("Counted on the shelf", self.counted)
        self.product.currentIndexChanged.connect(self._show_books)
        self._show_books()

    def _show_books(self) -> None:
        if self.product.currentData() is not None:
            self.books.setText(f"{self.chosen().on_hand} on hand")

    def prepared(self) -> Operation:
        counted = {self.chosen().product_id: self.counted.value()}
        return lambda approved_by=None: stock.count_stock(
            self.session.salon, counted, by=self.session.staff_id, approved_by=approved_by,
            key=self.key)

    def submit(self) -> None:
        """On the counter's own word; a difference over the salon's limit asks a manager."""
        try:
            operation = self.prepared()
            try:
                operation()
            except NotAllowed as refusal:
                if "manager" not in refusal.message or self.session.staff_id is None:
                    raise
                approver = manager_approval(self.session, "A large stock difference", self)
                if approver is None:
                    raise NotAllowed(f"{refusal.message} Not recorded: no manager approved "
                                     "it.") from None
                operation(approver)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.accept()


class BackBarDialog(_StockDialog):
    def __init__(self, session: Session, rows, chosen, parent=None):
        super().__init__(session, rows, chosen, "Products used in a service",
                         "Record the use", parent)
        self.quantity = _units()
        self.stylist = QComboBox()
        members = list_staff(session.salon)
        for member in members:
            self.stylist.addItem(member["name"], member["id"])
        # The stylist recording their own use, or else the first stylist.
        own = session.staff_id if session.role == "stylist" else next(
            (m["id"] for m in members if m["role"] == "stylist"), session.staff_id)
        self.stylist.setCurrentIndex(max(0, self.stylist.findData(own)))
        self.add_row("Units used", self.quantity)
        self.add_row("Used by", self.stylist)

    def prepared(self) -> Operation:
        product, units = self.chosen().product_id, self.quantity.value()
        return lambda: stock.use_stock(self.session.salon, product, units,
                                       by=self.session.staff_id,
                                       stylist_id=self.stylist.currentData(), key=self.key)


class StockDetailsDialog(_StockDialog):
    def __init__(self, session: Session, rows, chosen, parent=None):
        super().__init__(session, rows, chosen, "Barcode and reorder level", "Save", parent,
                         approval_for="Changing a product's barcode or reorder level")
        self.barcode = QLineEdit(placeholderText="scan it here, or type it (blank: none)")
        self.reorder = _units(least=0, value=0)
        self.add_row("Barcode", self.barcode)
        self.add_row("Reorder at (units)", self.reorder)
        self.product.currentIndexChanged.connect(self._show_details)
        self._show_details()

    def _show_details(self) -> None:
        if self.product.currentData() is not None:
            row = self.chosen()
            self.barcode.setText(row.barcode)
            self.reorder.setValue(row.reorder_level)

    def prepared(self) -> Operation:
        product, code, level = (self.chosen().product_id, self.barcode.text(),
                                self.reorder.value())
        return lambda approved_by: stock.set_stock_details(
            self.session.salon, product, approved_by=approved_by, barcode=code,
            reorder_level=level)
