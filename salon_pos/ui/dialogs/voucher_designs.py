"""A voucher design added or changed (a manager's, from the catalogue): the gift vouchers the
desk sells ready-made, for any purchase or for one service."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit

from salon_pos.services.operations import vouchers
from salon_pos.services.views.catalogue import list_services
from salon_pos.services.views.vouchers import DesignView
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session

ANY_PURCHASE = "Anything (multi-purpose: taxed when spent)"


class VoucherDesignDialog(FormDialog):
    """`design` to change, or None to add one: its name, its value, what it pays for and
    whether it is still sold."""

    def __init__(self, session: Session, design: DesignView | None = None, parent=None):
        adding = design is None
        super().__init__("Add a voucher design" if adding else f"Edit {design.name}", "Save",
                         parent, shortcut="Ctrl+S", session=session,
                         approval_for="Adding a voucher design" if adding
                         else "Changing a voucher design")
        settings = session.salon.settings()
        self.design = design
        self.setMinimumWidth(520)
        self.name = QLineEdit(design.name if design else "",
                              placeholderText=f"e.g. Gift voucher {settings.money(5000)}")
        self.amount = QLineEdit(settings.money(design.amount) if design else "",
                                placeholderText=settings.money(5000))
        self.pays_for = QComboBox()
        self.pays_for.addItem(ANY_PURCHASE, None)
        for service in list_services(session.salon):
            self.pays_for.addItem(f"{service['name']} — single-purpose: taxed when sold",
                                  service["id"])
        if design and design.single_purpose:
            if self.pays_for.findData(design.service_id) < 0:  # withdrawn since: shown as is
                self.pays_for.addItem(f"{design.service} (no longer offered)",
                                      design.service_id)
            self.pays_for.setCurrentIndex(self.pays_for.findData(design.service_id))
        self.active = QCheckBox("Still sold (untick to stop selling it)")
        self.active.setChecked(design.active if design else True)
        for label, widget in (("Name", self.name), ("Value", self.amount),
                              ("Pays for", self.pays_for)):
            self.add_row(label, widget)
        if design:
            self.add_row("Sold", self.active)
        self.form.addRow(QLabel("A single-purpose voucher pays for its service whole, "
                                "whatever its price on the day. A voucher already sold keeps "
                                "what it was sold as.", objectName="hint", wordWrap=True))

    def prepared(self) -> Operation:
        salon = self.session.salon
        fields = {"amount": salon.settings().parse_money(self.amount.text()),
                  "service_id": self.pays_for.currentData(),
                  "active": self.active.isChecked(),
                  "design_id": self.design.id if self.design else None}
        name = self.name.text()
        return lambda approver: vouchers.save_design(salon, name, approved_by=approver,
                                                     **fields)
