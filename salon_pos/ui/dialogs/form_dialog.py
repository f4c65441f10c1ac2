"""The shape of the dialogs that fill in a form and run one operation: the form, a message
line, the action button and Cancel.

The action reads the form first (a typing mistake is shown before anyone is called over),
asks a manager's approval when the dialog says what for, then runs the operation; a refusal
stays in the dialog, with its message, and changes nothing. A slow operation (hashing a PIN)
can run off the UI thread: the dialog's buttons wait, and it closes once the work is done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout

from salon_pos.domain.errors import DomainError
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine

# What a dialog's `prepared()` returns: the operation, ready to run; a dialog that needs a
# manager's approval gets one that waits for the approving manager's id.
Operation = Callable[..., object]


class FormDialog(QDialog):
    not_approved = "Not saved: no manager approved it."

    def __init__(self, title: str, action: str, parent=None, *, shortcut: str = "",
                 session: Session | None = None, approval_for: str = "",
                 in_background: bool = False):
        """`approval_for` ("Adding a service", said in the approval dialog) makes the action
        ask `session`'s manager, or one on the spot, before it runs; `in_background` runs it
        with `session`'s tasks."""
        super().__init__(parent)
        self.session = session
        self.approval_for = approval_for
        self.in_background = in_background
        self.running = False  # the operation is running in the background
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.message = MessageLine()
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
            self.message.refuse(error.message)
            return
        arguments = ()
        if self.approval_for:
            approver = manager_approval(self.session, self.approval_for, self)
            if approver is None:
                self.message.refuse(self.not_approved)
                return
            arguments = (approver,)
        if self.in_background:
            self._run_in_background(operation, arguments)
            return
        try:
            operation(*arguments)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.accept()

    def _run_in_background(self, operation: Operation, arguments: tuple) -> None:
        self._set_running(True)
        self.message.working("Saving…")

        def refused(error: DomainError) -> None:
            self._set_running(False)
            self.message.refuse(error.message)

        def done(_result) -> None:
            self._set_running(False)
            self.accept()

        self.session.tasks.run_in_background(lambda: operation(*arguments), done, refused)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.buttons.setEnabled(not running)

    def reject(self) -> None:
        """Escape or the window's close button wait while the operation runs: it is saving
        either way, and the page must hear that it did."""
        if not self.running:
            super().reject()
