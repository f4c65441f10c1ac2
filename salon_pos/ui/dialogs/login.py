"""Log in: pick your name, type your PIN. The PIN is checked off the UI thread (a slow
hash on purpose); a wrong one says so and counts towards the lock-out."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from salon_pos.services.kernel import access
from salon_pos.services.views import staff
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


class LoginDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Log in — Salon POS")
        self.who = QComboBox()
        self.who.setAccessibleName("Your name")
        for member in staff.list_staff(session.salon):
            self.who.addItem(member["name"], member["id"])
        if session.staff_id is not None:  # after a lock, most often the same person is back
            self.who.setCurrentIndex(max(self.who.findData(session.staff_id), 0))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("PIN")
        self.pin.setPlaceholderText("4 to 8 digits")
        self.message = MessageLine()
        form = QFormLayout()
        form.addRow("Name", self.who)
        form.addRow("PIN", self.pin)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log in")
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(QLabel(f"<h2>{session.salon.settings().salon_name}</h2>"
                                "Choose your name and type your PIN."))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.pin.setFocus()
        self.waiting_for_startup_check = False
        self._watch_startup_check()

    def _watch_startup_check(self) -> None:
        """The database file is checked while this dialog is up: a failed check closes
        it (the app then says why, with the way back); a PIN typed before the check has
        finished waits for it."""
        startup = self.session.startup_check
        if startup is None:
            return
        if startup.done:
            if startup.refusal:
                QTimer.singleShot(0, self.reject)
            return
        startup.finished.connect(self._startup_checked)

    def _startup_checked(self) -> None:
        if self.session.startup_check.refusal:
            self.reject()
        elif self.waiting_for_startup_check:
            self.waiting_for_startup_check = False
            self.check()

    def check(self) -> None:
        startup = self.session.startup_check
        if startup is not None and not startup.done:  # a PIN typed in the first second
            self.waiting_for_startup_check = True
            self.buttons.setEnabled(False)
            self.message.working("Checking the database file… one moment.")
            return
        staff_id, pin = self.who.currentData(), self.pin.text()
        self.buttons.setEnabled(False)
        self.message.working("Checking…")
        self.session.tasks.run_in_background(
            lambda: access.check_pin(self.session.salon, staff_id, pin), self._accepted,
            self._refused)

    def _accepted(self, member) -> None:
        self.session.staff_id, self.session.staff_name = member.id, member.name
        self.session.role = member.role
        self.accept()

    def _refused(self, error) -> None:
        self.buttons.setEnabled(True)
        self.message.refuse(error.message)
        self.pin.clear()
        self.pin.setFocus()
