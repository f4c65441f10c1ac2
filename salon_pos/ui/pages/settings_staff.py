"""Settings, "Staff" tab: who works here (people who left stay listed, marked so), adding
someone, editing their role or colour, and giving them a new PIN."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from salon_pos.services.views import staff
from salon_pos.ui.dialogs.staff_edit import ROLE_LABELS, PinDialog, StaffDialog
from salon_pos.ui.pages.settings_list import ListSection, ListsTab
from salon_pos.ui.session import Session


def staff_row(member: dict) -> tuple[str, ...]:
    return (member["name"], ROLE_LABELS.get(member["role"], member["role"]), member["colour"],
            "Yes" if member["active"] else "No (left)")


class StaffTab(ListsTab):
    def __init__(self, session: Session, parent=None):
        super().__init__(session, parent)
        self.staff = ListSection("Staff", ("Name", "Role", "Colour", "Active"))
        self.staff.add_button("Add…", self.add)
        self.staff.add_button("Edit…", self.edit)
        self.staff.add_button("Set PIN…", self.set_pin)
        self.staff.on_activated(self.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.staff, 1)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.staff.show_items(staff.list_staff(self.session.salon, active_only=False), staff_row)

    def add(self) -> None:
        self.open_dialog(StaffDialog(self.session, None, self))

    def edit(self) -> None:
        if member := self.chosen(self.staff):
            self.open_dialog(StaffDialog(self.session, member, self))

    def set_pin(self) -> None:
        if member := self.chosen(self.staff):
            self.open_dialog(PinDialog(self.session, member, self))
