"""Commission's two forms, each a manager's act: a level's name and rates (new or changed),
and which level a stylist follows."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from salon_pos.domain.commission import bands_typed, parse_bands
from salon_pos.services.operations import commission
from salon_pos.services.views.commission import Level, StylistOnLevel
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session

RATE_HINT = "30, or 30; 35 from 3000 (35 % on takings above 3,000)"


class LevelDialog(FormDialog):
    """A new level (`level` None) or a change to one."""

    def __init__(self, session: Session, level: Level | None = None, parent=None):
        super().__init__("New commission level" if level is None else
                         f"Change the level “{level.name}”", "Save", parent, session=session,
                         approval_for="Changing commission rates")
        self.level = level
        money = session.salon.settings().money
        self.name = QLineEdit(level.name if level else "", placeholderText="such as Senior")
        self.services = QLineEdit(bands_typed(level.rates.services, money) if level else "",
                                  placeholderText=RATE_HINT)
        self.retail = QLineEdit(bands_typed(level.rates.retail, money) if level else "",
                                placeholderText=RATE_HINT)
        self.deduct_back_bar = QCheckBox("Take the cost of products used in services off "
                                         "first")
        self.deduct_back_bar.setChecked(bool(level and level.deduct_back_bar))
        self.add_row("Level", self.name)
        self.add_row("Services (%)", self.services)
        self.add_row("Retail (%)", self.retail)
        self.add_row("Back-bar", self.deduct_back_bar)

    def prepared(self) -> Operation:
        salon = self.session.salon
        parse = salon.settings().parse_money
        services, retail = parse_bands(self.services.text(), parse), parse_bands(
            self.retail.text(), parse)
        return lambda approver: commission.save_level(
            salon, self.name.text(), services=services, retail=retail,
            deduct_back_bar=self.deduct_back_bar.isChecked(), approved_by=approver,
            level_id=self.level.id if self.level else None)


class AssignLevelDialog(FormDialog):
    """Put a stylist (the one given first) on a level, or on none."""

    def __init__(self, session: Session, stylists: list[StylistOnLevel], levels: list[Level],
                 chosen_level: Level | None = None, parent=None):
        super().__init__("A stylist's commission level", "Save", parent, session=session,
                         approval_for="Changing a stylist's commission")
        self.on_level = {row.stylist_id: row.level_id for row in stylists}
        self.stylist = QComboBox()
        for row in stylists:
            self.stylist.addItem(row.name, row.stylist_id)
        self.level = QComboBox()
        self.level.addItem("No commission", None)
        for level in levels:
            self.level.addItem(level.name, level.id)
        self.add_row("Stylist", self.stylist)
        self.add_row("Level", self.level)
        self.stylist.currentIndexChanged.connect(self._show_their_level)
        self._show_their_level()
        if chosen_level is not None:  # the level chosen on the page: the usual next step
            self.level.setCurrentIndex(self.level.findData(chosen_level.id))

    def _show_their_level(self) -> None:
        self.level.setCurrentIndex(max(0, self.level.findData(
            self.on_level.get(self.stylist.currentData()))))

    def prepared(self) -> Operation:
        salon, stylist, level = (self.session.salon, self.stylist.currentData(),
                                 self.level.currentData())
        return lambda approver: commission.assign_level(salon, stylist, level,
                                                        approved_by=approver)
