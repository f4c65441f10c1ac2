"""The shape of every manager-approved edit dialog (staff, services, products, tax classes):
a form, a message line, Save and Cancel. Save reads the form first (a typing mistake is
shown before a manager is called over), then asks a manager's approval, then runs the one
operation; a refusal stays in the dialog and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from salon_pos.domain.errors import DomainError
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session

# What a dialog's `prepared()` returns: the operation, waiting for the approving manager.
Operation = Callable[[int], object]


class FormDialog(QDialog):
    def __init__(self, session: Session, title: str, what: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.what = what  # "Adding a service" — said in the approval dialog
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setAccessibleName("Save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def add_row(self, label: str, widget) -> None:
        widget.setAccessibleName(label)
        self.form.addRow(label, widget)

    def prepared(self) -> Operation:
        """Read the form (raising DomainError on a mistake) into the operation to run."""
        raise NotImplementedError

    def save(self) -> None:
        try:
            operation = self.prepared()
        except DomainError as error:
            self.message.setText(error.message)
            return
        approver = manager_approval(self.session, self.what, self)
        if approver is None:
            self.message.setText("Not saved: no manager approved it.")
            return
        try:
            operation(approver)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
