"""A manager's approval on the spot: when the person logged in is not a manager, a manager
picks their name and types their PIN (checked off the UI thread, wrong tries counted)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from salon_pos.services.kernel import access
from salon_pos.services.views import staff
from salon_pos.ui.dialogs.messages import run_modal
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


class ApprovalDialog(QDialog):
    def __init__(self, session: Session, what: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.approved_by: int | None = None
        self.setWindowTitle("A manager's approval")
        self.setMinimumWidth(420)
        self.manager = QComboBox()
        self.manager.setAccessibleName("Manager")
        for member in staff.list_staff(session.salon):
            if member["role"] == "manager":
                self.manager.addItem(member["name"], member["id"])
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Manager's PIN")
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Approve")
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{what} needs a manager's approval."))
        form.addRow("Manager", self.manager)
        form.addRow("PIN", self.pin)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def check(self) -> None:
        manager_id, pin = self.manager.currentData(), self.pin.text()
        self.buttons.setEnabled(False)
        self.session.tasks.run_in_background(
            lambda: access.check_pin(self.session.salon, manager_id, pin), self._approved,
            self._refused)

    def _approved(self, member) -> None:
        self.approved_by = member.id
        self.accept()

    def _refused(self, error) -> None:
        self.buttons.setEnabled(True)
        self.message.refuse(error.message)
        self.pin.clear()


def manager_approval(session: Session, what: str, parent=None) -> int | None:
    """The approving manager: the person logged in if a manager, else one asked on the spot."""
    if session.role == "manager":
        return session.staff_id
    dialog = ApprovalDialog(session, what, parent)
    return dialog.approved_by if run_modal(dialog) else None
