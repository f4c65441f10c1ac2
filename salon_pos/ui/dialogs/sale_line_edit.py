"""The small dialogs that edit a checkout ticket's lines: change a price or quantity, give a
discount, take a line off (each with its reason), add a product or a service, sell a gift
voucher; and the code of a gift voucher paying.

Each dialog reads its form and hands the values to `apply` (the checkout runs the
operation, asking a manager when the service says one must approve). A refusal stays in
the dialog, with its message, and the ticket is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
)

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.settings import SalonSettings
from salon_pos.services.views.sale import LineView
from salon_pos.services.views.vouchers import DesignView
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.widgets.percent_box import PercentBox

Apply = Callable[..., None]  # runs the operation with the form's values; raises DomainError


class _EditDialog(FormDialog):
    """Hands the form's values to `apply`, which runs the operation."""

    def __init__(self, title: str, apply: Apply, ok_text: str, parent=None):
        super().__init__(title, ok_text, parent)
        self.apply = apply

    def values(self) -> dict:
        """The form as the operation's keyword arguments (DomainError on a typing mistake)."""
        raise NotImplementedError

    def prepared(self) -> Operation:
        return partial(self.apply, **self.values())


def _reason_box(placeholder: str, text: str = "") -> QLineEdit:
    box = QLineEdit(text)
    box.setPlaceholderText(placeholder)
    return box


class ChangeLineDialog(_EditDialog):
    """What was really performed: the price and the quantity, and why they changed."""

    def __init__(self, line: LineView, settings: SalonSettings, apply: Apply, parent=None):
        super().__init__(f"Change “{line.description}”", apply, "Change", parent)
        self.settings = settings
        self.price = QLineEdit(settings.money(line.unit_price))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 999)
        self.quantity.setValue(line.quantity)
        self.reason = _reason_box("required: e.g. longer hair, extra toner")
        quoted = "" if line.quoted_price is None else settings.money(line.quoted_price)
        if quoted:
            self.form.addRow(QLabel(f"Quoted at booking: {quoted}", objectName="hint"))
        self.add_row("Price", self.price)
        self.add_row("Quantity", self.quantity)
        self.add_row("Reason", self.reason)
        self.reason.setFocus()

    def values(self) -> dict:
        return {"unit_price": self.settings.parse_money(self.price.text()),
                "quantity": self.quantity.value(), "reason": self.reason.text()}


class DiscountDialog(_EditDialog):
    """A discount as an amount or a percentage (a whole-sale discount: a percentage of every
    line), with its reason."""

    def __init__(self, title: str, settings: SalonSettings, apply: Apply, *,
                 amounts: bool = True, reason: str = "", parent=None):
        super().__init__(title, apply, "Apply discount", parent)
        self.settings = settings
        self.by_percent = QRadioButton("Percentage")
        self.by_amount = QRadioButton("Amount")
        self.by_percent.setChecked(True)
        kind = QButtonGroup(self)
        choice = QHBoxLayout()
        for button in (self.by_percent, self.by_amount):
            kind.addButton(button)
            choice.addWidget(button)
        self.percent = PercentBox()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(settings.money(0))
        self.reason = _reason_box("required: e.g. satisfaction, loyalty", reason)
        if amounts:
            self.form.addRow("Discount by", choice)
        self.add_row("Percentage", self.percent)
        if amounts:
            self.add_row("Amount", self.amount)
        self.add_row("Reason", self.reason)
        self.by_amount.toggled.connect(self._show_kind)
        self._show_kind()

    def _show_kind(self) -> None:
        self.percent.setEnabled(self.by_percent.isChecked())
        self.amount.setEnabled(self.by_amount.isChecked())

    def values(self) -> dict:
        reason = self.reason.text()
        if self.by_amount.isChecked():
            return {"amount": self.settings.parse_money(self.amount.text()), "reason": reason}
        return {"percent_bp": self.percent.basis_points(), "reason": reason}


class ReasonDialog(_EditDialog):
    """Only a reason: taking a line off (a service not performed), voiding a ticket."""

    def __init__(self, title: str, ok_text: str, apply: Apply, parent=None, *,
                 hint: str = "required: e.g. not performed, added by mistake"):
        super().__init__(title, apply, ok_text, parent)
        self.reason = _reason_box(hint)
        self.add_row("Reason", self.reason)

    def values(self) -> dict:
        return {"reason": self.reason.text()}


class _PickerDialog(_EditDialog):
    """A searchable list (type to narrow it; Enter or a double click takes the first or
    chosen row)."""

    def __init__(self, title: str, ok_text: str, headers, rows: list[tuple[int, tuple]],
                 apply: Apply, parent=None):
        super().__init__(title, apply, ok_text, parent)
        self.setMinimumSize(560, 460)
        self.ids = [item_id for item_id, _ in rows]
        self.model = RowsModel(headers, right_aligned=(len(headers) - 1,), parent=self)
        self.model.set_rows([text for _, text in rows])
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.model)
        self.filtered.setFilterKeyColumn(-1)  # any column: a name or a SKU
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit()
        self.search.setPlaceholderText("type to search")
        self.search.textChanged.connect(self._narrow)
        self.search.returnPressed.connect(self.submit)
        self.table = QTableView()
        self.table.setModel(self.filtered)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self.submit)
        self.add_row("Search", self.search)
        self.form.addRow(self.table)
        self.table.setAccessibleName(title)
        self._narrow()
        self.search.setFocus()

    def _narrow(self) -> None:
        self.filtered.setFilterFixedString(self.search.text().strip())
        if self.filtered.rowCount():
            self.table.selectRow(0)

    def chosen_id(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            raise InvalidInput("Choose one from the list first.")
        return self.ids[self.filtered.mapToSource(rows[0]).row()]


class ProductPicker(_PickerDialog):
    def __init__(self, products: list[dict], settings: SalonSettings, apply: Apply,
                 parent=None):
        rows = [(p["id"], (p["name"], p["sku"], settings.money(p["price"]))) for p in products]
        super().__init__("Add a product", "Add product", ("Product", "SKU", "Price"), rows,
                         apply, parent)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 999)
        self.add_row("Quantity", self.quantity)

    def values(self) -> dict:
        return {"product_id": self.chosen_id(), "quantity": self.quantity.value()}


class ServicePicker(_PickerDialog):
    def __init__(self, services: list[dict], stylists: list[tuple[int, str]],
                 stylist_id: int | None, settings: SalonSettings, apply: Apply, parent=None):
        rows = [(s["id"], (s["name"], s["category"], settings.money(s["price"])))
                for s in services]
        super().__init__("Add a service", "Add service", ("Service", "Category", "Price"),
                         rows, apply, parent)
        self.stylist = QComboBox()
        for member_id, name in stylists:
            self.stylist.addItem(name, member_id)
        self.stylist.setCurrentIndex(max(0, self.stylist.findData(stylist_id)))
        self.add_row("Done by", self.stylist)

    def values(self) -> dict:
        return {"service_id": self.chosen_id(), "stylist_id": self.stylist.currentData()}


class VoucherSale(_EditDialog):
    """A gift voucher sold on this ticket: one of the salon's designs (a click adds it), or a
    multi-purpose voucher of any amount typed."""

    def __init__(self, designs: list[DesignView], settings: SalonSettings, apply: Apply,
                 parent=None):
        super().__init__("Sell a gift voucher", apply, "Add voucher", parent)
        self.settings = settings
        self.design_id: int | None = None  # the design clicked, while it is being added
        if designs:
            choices = QGridLayout()
            for place, design in enumerate(designs):
                button = QPushButton(_design_text(design, settings).replace("&", "&&"))
                button.setAccessibleName(design.name)
                button.setAutoDefault(False)
                button.setMinimumHeight(48)
                button.clicked.connect(lambda _=False, d=design.id: self._choose(d))
                choices.addWidget(button, place // 2, place % 2)
            for column in (0, 1):
                choices.setColumnStretch(column, 1)
            self.form.addRow("Designs", choices)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("the value, e.g. 50")
        self.amount.returnPressed.connect(self.submit)
        self.add_row("Other amount" if designs else "Value", self.amount)
        self.form.addRow(QLabel(f"Valid {settings.voucher_validity_years} years; its code "
                                "prints once the sale is paid.", objectName="hint"))
        self.amount.setFocus()

    def _choose(self, design_id: int) -> None:
        self.design_id = design_id
        try:
            self.submit()
        finally:
            self.design_id = None  # refused: the typed amount is what Add voucher sells

    def values(self) -> dict:
        if self.design_id is not None:
            return {"design_id": self.design_id}
        if not self.amount.text().strip():
            raise InvalidInput("Type the voucher's value, or choose one of the designs.")
        return {"amount": self.settings.parse_money(self.amount.text())}


def _design_text(design: DesignView, settings: SalonSettings) -> str:
    """A design's button: its name and value (once: a name often says it already), and a
    single-purpose one's service."""
    value = settings.money(design.amount)
    said = [] if value in design.name else [value]
    if design.single_purpose:
        said.append(f"for {design.service} only")
    return "\n".join([design.name, " · ".join(said)] if said else [design.name])


class VoucherCode(_EditDialog):
    """Paying with a gift voucher: its code, typed or scanned (a scanner types it and
    Enter)."""

    def __init__(self, amount_text: str, apply: Apply, parent=None):
        super().__init__("Pay with a gift voucher", apply, "Take from voucher", parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText("type or scan the code, e.g. 7KQ2-M9XD-40TB-H3PZ")
        self.code.returnPressed.connect(self.submit)
        self.add_row("Voucher code", self.code)
        self.form.addRow(QLabel(f"Takes {amount_text}, or what the voucher holds if that is "
                                "less."))
        self.code.setFocus()

    def values(self) -> dict:
        return {"code": self.code.text()}
