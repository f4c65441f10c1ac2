"""The shape of the dialogs that fill in a form and run one operation: the form, a message
line, the action button and Cancel.

The action reads the form first (a typing mistake is shown before anyone is called over),
asks a manager's approval when the dialog says what for, then runs the operation; a refusal
stays in the dialog, with its message, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from salon_pos.domain.errors import DomainError
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session

# What a dialog's `prepared()` returns: the operation, ready to run; a dialog that needs a
# manager's approval gets one that waits for the approving manager's id.
Operation = Callable[..., object]


class FormDialog(QDialog):
    not_approved = "Not saved: no manager approved it."

    def __init__(self, title: str, action: str, parent=None, *, shortcut: str = "",
                 session: Session | None = None, approval_for: str = ""):
        """`approval_for` ("Adding a service", said in the approval dialog) makes the action
        ask `session`'s manager, or one on the spot, before it runs."""
        super().__init__(parent)
        self.session = session
        self.approval_for = approval_for
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setAccessibleName(action)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        if shortcut:
            self.ok_button.setShortcut(QKeySequence(shortcut))
        self.buttons.accepted.connect(self.submit)
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

    def submit(self) -> None:
        try:
            operation = self.prepared()
        except DomainError as error:
            self.message.setText(error.message)
            return
        arguments = ()
        if self.approval_for:
            approver = manager_approval(self.session, self.approval_for, self)
            if approver is None:
                self.message.setText(self.not_approved)
                return
            arguments = (approver,)
        try:
            operation(*arguments)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
