"""Settings, "Messages" tab: the email server messages to clients leave by (with a test
message to check it), when reminders go, and the wording of each kind of message with its
preview on the next booking. The password is never shown: typed, it replaces the one set."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.messages import PLACEHOLDERS, MessageKind
from salon_pos.domain.settings import SalonSettings
from salon_pos.services.exchange.mail import send_test
from salon_pos.services.operations import message_wording
from salon_pos.services.views.messages import preview, wording
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.pages.settings_form import SettingsTab, choice, form_group, select
from salon_pos.ui.widgets.message_line import MessageLine

SECURITY = {"starttls": "STARTTLS (port 587, most providers)",
            "tls": "TLS from the start (port 465)", "none": "None (a server on this network)"}
PREVIEW_AFTER_MS = 300  # typing pauses this long before the preview is composed again


class MessagesTab(SettingsTab):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.smtp_host = QLineEdit(placeholderText="e.g. smtp.gmail.com (empty: none)")
        self.smtp_port = QSpinBox(minimum=1, maximum=65535)
        self.smtp_security = choice(SECURITY)
        self.smtp_user = QLineEdit(placeholderText="usually the full email address")
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.smtp_from = QLineEdit(placeholderText="empty: the salon's email address")
        self.reminder_hours = QSpinBox(minimum=0, maximum=14 * 24,
                                       suffix=" hours before free cancelling ends")
        self.test_to = QLineEdit(placeholderText="an address of yours")
        self.test_button = QPushButton("Send a test message")
        self.test_button.clicked.connect(self.send_test)
        self.test_said = MessageLine()
        self.kind = QComboBox()
        for kind in MessageKind:
            self.kind.addItem(kind.label, kind)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.shown = QPlainTextEdit(readOnly=True)
        self.wording_said = MessageLine()
        self.save_wording_button = QPushButton("Save the wording")
        self.save_wording_button.clicked.connect(self.save_wording)
        self.restore_button = QPushButton("Back to the original")
        self.restore_button.clicked.connect(self.restore_wording)
        self.later = QTimer(self, singleShot=True, interval=PREVIEW_AFTER_MS)
        self.later.timeout.connect(self.show_preview)
        self.subject.textChanged.connect(self.later.start)
        self.body.textChanged.connect(self.later.start)
        self.kind.currentIndexChanged.connect(self.load_wording)
        self._lay_out()
        self.refresh()

    def _lay_out(self) -> None:
        server = form_group("The email server messages leave by (docs/messages.md)", (
            ("Server", self.smtp_host), ("Port", self.smtp_port),
            ("Security", self.smtp_security), ("User name", self.smtp_user),
            ("Password", self.smtp_password), ("Sent from", self.smtp_from),
            ("Reminders go", self.reminder_hours)))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        server.layout().addRow("Check it", test_row)
        server.layout().addRow("", self.test_said)
        self.test_to.setAccessibleName("Send the test to")
        words = QGroupBox("The wording of each message (saved on its own)")
        placeholders = QLabel("Placeholders: " + ", ".join(f"${name}" for name in PLACEHOLDERS)
                              + ". A paragraph that comes out empty is left out.",
                              objectName="hint")
        placeholders.setWordWrap(True)
        for widget, name in ((self.kind, "Message"), (self.subject, "Subject"),
                             (self.body, "Text"), (self.shown, "Preview")):
            widget.setAccessibleName(name)
        inside = QVBoxLayout(words)
        inside.addWidget(self.kind)
        inside.addWidget(QLabel("Subject"))
        inside.addWidget(self.subject)
        inside.addWidget(QLabel("Text"))
        inside.addWidget(self.body, 3)
        inside.addWidget(placeholders)
        inside.addWidget(QLabel("As it would go now (the next booking ahead)"))
        inside.addWidget(self.shown, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.wording_said, 1)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.save_wording_button)
        inside.addLayout(actions)
        server.setMaximumWidth(560)
        left = QVBoxLayout()
        left.addWidget(server)
        left.addStretch(1)
        columns = QHBoxLayout(self.content)
        columns.addLayout(left, 2)
        columns.addWidget(words, 3)

    # ---- The server: settings saved with the tab's "Save changes" ---------------------

    def load(self, settings: SalonSettings) -> None:
        self.smtp_host.setText(settings.smtp_host)
        self.smtp_port.setValue(settings.smtp_port)
        select(self.smtp_security, settings.smtp_security)
        self.smtp_user.setText(settings.smtp_user)
        self.smtp_password.clear()
        self.smtp_password.setPlaceholderText(
            "set: type a new one to replace it" if settings.smtp_password else "none set")
        self.smtp_from.setText(settings.smtp_from)
        self.reminder_hours.setValue(settings.reminder_hours)
        self.load_wording()

    def values(self, settings: SalonSettings) -> dict:
        values = {"smtp_host": self.smtp_host.text(), "smtp_port": self.smtp_port.value(),
                  "smtp_security": self.smtp_security.currentData(),
                  "smtp_user": self.smtp_user.text(), "smtp_from": self.smtp_from.text(),
                  "reminder_hours": self.reminder_hours.value()}
        if self.smtp_password.text():  # left empty: the one set stays
            values["smtp_password"] = self.smtp_password.text()
        return values

    def send_test(self) -> None:
        salon, to = self.session.salon, self.test_to.text()
        self.test_button.setEnabled(False)
        self.test_said.working("Sending…")

        def done(said: str) -> None:
            self.test_button.setEnabled(True)
            self.test_said.done(said)

        def failed(error: DomainError) -> None:
            self.test_button.setEnabled(True)
            self.test_said.refuse(error.message)

        self.session.tasks.run_in_background(lambda: send_test(salon, to), done, failed)

    # ---- The wording: saved on its own -------------------------------------------------

    def current_kind(self) -> MessageKind:
        return MessageKind(self.kind.currentData())

    def load_wording(self) -> None:
        words = wording(self.session.salon, self.current_kind())
        self.subject.setText(words.subject)
        self.body.setPlainText(words.body)
        self.wording_said.clear()
        self.show_preview()

    def show_preview(self) -> None:
        self.later.stop()
        try:  # a few queries on one booking: milliseconds, on the UI thread
            shown = preview(self.session.salon, self.current_kind(), self.subject.text(),
                            self.body.toPlainText())
        except DomainError as error:
            self.shown.setPlainText(f"(This wording cannot be sent: {error.message})")
            return
        self.shown.setPlainText(f"Subject: {shown.subject}\n\n{shown.body}")

    def save_wording(self) -> None:
        self._wording_change(lambda approver: message_wording.save_wording(
            self.session.salon, self.current_kind(), subject=self.subject.text(),
            body=self.body.toPlainText(), approved_by=approver), "Saved.")

    def restore_wording(self) -> None:
        self._wording_change(lambda approver: message_wording.restore_wording(
            self.session.salon, self.current_kind(), approved_by=approver),
            "Back to the original wording.")

    def _wording_change(self, change, said: str) -> None:
        approver = manager_approval(self.session, "Changing a message's wording", self)
        if approver is None:
            self.wording_said.refuse("Not saved: no manager approved it.")
            return
        try:
            change(approver)
        except DomainError as error:
            self.wording_said.refuse(error.message)
            return
        self.load_wording()
        self.wording_said.done(said)
