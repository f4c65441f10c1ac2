"""Add or edit what the salon sells — services, retail products — and add tax classes; each
saved with a manager's approval. Prices are typed as people write them ("45", "€45.50")."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox

from salon_pos.domain.collation import name_key
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import catalogue
from salon_pos.services.views.catalogue import (
    list_tax_classes,
)
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.percent_box import PercentBox

DEPOSIT_RULE_LABELS = {"policy": "The salon's policy", "always": "Always a deposit",
                       "never": "Never a deposit"}


def tax_class_choice(salon: Salon, selected_id: int | None) -> QComboBox:
    choice = QComboBox()
    for tax_class in list_tax_classes(salon):
        choice.addItem(f"{tax_class['name']} ({rate_label(tax_class['rate_bp'])})",
                       tax_class["id"])
    if selected_id is not None:
        choice.setCurrentIndex(choice.findData(selected_id))
    return choice


NO_TAX_CLASS = "Please add a tax class first (Tax classes, Add tax class…)."


def chosen_tax_class(choice: QComboBox) -> int:
    if choice.currentData() is None:
        raise InvalidInput(NO_TAX_CLASS)
    return choice.currentData()


class _PricedDialog(FormDialog):
    """What services and products share: a price in the salon's currency, a tax class, and
    (when editing) whether it is still sold."""

    def _price_field(self, price: int | None) -> QLineEdit:
        settings = self.session.salon.settings()
        field = QLineEdit(settings.money(price) if price is not None else "")
        field.setPlaceholderText(settings.money(4500))
        return field

    def _price(self) -> int:
        return self.session.salon.settings().parse_money(self.price.text())

    def _say_if_no_tax_class(self) -> None:
        """Said as the form opens, not once it is all typed: nothing is sold untaxed."""
        if self.tax_class.count() == 0:
            self.message.refuse(NO_TAX_CLASS)
            self.ok_button.setEnabled(False)

    def _active_field(self, active: bool) -> QCheckBox:
        field = QCheckBox("Still sold (untick to withdraw it)")
        field.setChecked(active)
        return field


class ServiceDialog(_PricedDialog):
    """`service` is a row of `list_services_all()` to edit, or None to add one."""

    def __init__(self, session: Session, service: dict | None = None,
                 categories: list[str] = (), parent=None):
        adding = service is None
        super().__init__("Add a service" if adding else f"Edit {service['name']}", "Save",
                         parent, shortcut="Ctrl+S", session=session,
                         approval_for="Adding a service" if adding else "Changing a service")
        self.service = service or {}
        self.name = QLineEdit(self.service.get("name", ""))
        self.category = QComboBox(editable=True)
        self.category.addItems(sorted(set(categories), key=name_key))
        self.category.setCurrentText(self.service.get("category", ""))
        self.minutes = QSpinBox(minimum=5, maximum=12 * 60, singleStep=5, suffix=" min")
        self.minutes.setValue(self.service.get("minutes", 30))
        self.processing = QSpinBox(minimum=0, maximum=12 * 60, singleStep=5, suffix=" min",
                                   specialValueText="none")
        self.processing.setValue(self.service.get("processing_min", 0))
        self.processing.setToolTip("Of the duration: the colour or perm develops and the "
                                   "stylist is free for another client")
        self.finish = QSpinBox(minimum=0, maximum=12 * 60, singleStep=5, suffix=" min")
        self.finish.setValue(self.service.get("finish_min", 0))
        self.finish.setToolTip("Of the duration: the work after processing (rinse, cut, "
                               "finish)")
        self.price = self._price_field(self.service.get("price"))
        self.tax_class = tax_class_choice(session.salon, self.service.get("tax_class_id"))
        self.deposit_rule = QComboBox()
        for rule, label in DEPOSIT_RULE_LABELS.items():
            self.deposit_rule.addItem(label, rule)
        self.deposit_rule.setCurrentIndex(
            self.deposit_rule.findData(self.service.get("deposit_rule", "policy")))
        self.needs_consultation = QCheckBox("Results vary: an agreed expectation note first")
        self.needs_consultation.setChecked(self.service.get("needs_consultation", False))
        self.needs_patch_test = QCheckBox("A valid patch test before the work starts")
        self.needs_patch_test.setChecked(self.service.get("needs_patch_test", False))
        for label, widget in (("Name", self.name), ("Category", self.category),
                              ("Duration", self.minutes),
                              ("Processing (stylist free)", self.processing),
                              ("Work after processing", self.finish), ("Price", self.price),
                              ("Tax class", self.tax_class), ("Deposit", self.deposit_rule),
                              ("Consultation", self.needs_consultation),
                              ("Patch test", self.needs_patch_test)):
            self.add_row(label, widget)
        if not adding:
            self.active = self._active_field(service["active"])
            self.add_row("Active", self.active)
        self._say_if_no_tax_class()

    def prepared(self) -> Operation:
        salon = self.session.salon
        fields = {"name": clean_name(self.name.text(), "service name"),
                  "category": self.category.currentText(),
                  "duration_min": self.minutes.value(), "price": self._price(),
                  "processing_min": self.processing.value(),
                  "finish_min": self.finish.value(),
                  "tax_class_id": chosen_tax_class(self.tax_class),
                  "deposit_rule": self.deposit_rule.currentData(),
                  "needs_consultation": self.needs_consultation.isChecked(),
                  "needs_patch_test": self.needs_patch_test.isChecked()}
        if not self.service:
            return lambda approver: catalogue.add_service(salon, approved_by=approver, **fields)
        service_id, active = self.service["id"], self.active.isChecked()
        return lambda approver: catalogue.edit_service(salon, service_id, approved_by=approver,
                                                       active=active, **fields)


class ProductDialog(_PricedDialog):
    """`product` is a row of `list_products_all()` to edit, or None to add one.
    The SKU names the product on stock lists: it is set once."""

    def __init__(self, session: Session, product: dict | None = None, parent=None):
        adding = product is None
        super().__init__("Add a product" if adding else f"Edit {product['name']}", "Save",
                         parent, shortcut="Ctrl+S", session=session,
                         approval_for="Adding a product" if adding else "Changing a product")
        self.product = product or {}
        self.name = QLineEdit(self.product.get("name", ""))
        self.sku = QLineEdit(self.product.get("sku", ""), readOnly=not adding)
        self.price = self._price_field(self.product.get("price"))
        self.tax_class = tax_class_choice(session.salon, self.product.get("tax_class_id"))
        for label, widget in (("Name", self.name), ("SKU (stock code)", self.sku),
                              ("Price", self.price), ("Tax class", self.tax_class)):
            self.add_row(label, widget)
        if not adding:
            self.active = self._active_field(product["active"])
            self.add_row("Active", self.active)
        self._say_if_no_tax_class()

    def prepared(self) -> Operation:
        salon = self.session.salon
        fields = {"name": clean_name(self.name.text(), "product name"), "price": self._price(),
                  "tax_class_id": chosen_tax_class(self.tax_class)}
        if not self.product:
            sku = clean_name(self.sku.text(), "SKU", longest=MAX_SHORT_NAME)
            return lambda approver: catalogue.add_product(salon, sku=sku, approved_by=approver,
                                                          **fields)
        product_id, active = self.product["id"], self.active.isChecked()
        return lambda approver: catalogue.edit_product(salon, product_id, approved_by=approver,
                                                       active=active, **fields)


class TaxClassDialog(FormDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__("Add a tax class", "Save", parent, shortcut="Ctrl+S", session=session,
                         approval_for="Adding a tax class")
        self.name = QLineEdit(placeholderText="e.g. Standard, Reduced, Zero")
        self.rate = PercentBox()
        self.add_row("Name", self.name)
        self.add_row("Rate", self.rate)

    def prepared(self) -> Operation:
        salon, rate = self.session.salon, self.rate.basis_points()
        name = clean_name(self.name.text(), "tax class name", longest=MAX_SHORT_NAME)
        return lambda approver: catalogue.add_tax_class(salon, name, rate, approved_by=approver)
