"""The Messages tab: the outbox — what was sent, what waits and what failed with the
server's answer — a failed message tried again or dismissed, a pass sent now, the text of
a message read; and the reminders to phone. The server and the wording are set in
Settings › Messages."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.messages import Status
from salon_pos.services.exchange.mail import PassReport
from salon_pos.services.operations import outbox
from salon_pos.services.views.messages import OutboxRow, outbox_counts
from salon_pos.services.views.messages import outbox as outbox_rows
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.action_button import action_button
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Due", "Sent", "Message", "Client", "To", "Status", "Tries", "Answer")
SHOWN = {"": "All messages", Status.WAITING: "Waiting", Status.SENDING: "Sending",
         Status.FAILED: "Failed", Status.SENT: "Sent", Status.DISMISSED: "Dismissed"}
NEWEST = 500


class MessagesPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.rows: list[OutboxRow] = []
        title = QLabel("Messages to clients", objectName="pageTitle")
        self.server = QLabel("", objectName="hint")
        self.server.setWordWrap(True)
        self.counts = QLabel("")
        self.status = QComboBox()
        self.status.setAccessibleName("Show")
        for value, label in SHOWN.items():
            self.status.addItem(label, value)
        self.status.currentIndexChanged.connect(self.refresh)
        self.model = RowsModel(HEADERS, right_aligned=(6,), parent=self)
        self.view = list_table(self.model, "Outbox", stretch=7)
        self.view.setAlternatingRowColors(True)
        self.view.selectionModel().selectionChanged.connect(self._enable)
        self.view.doubleClicked.connect(lambda _index: self.show_text())
        self.message = MessageLine()
        self.send_button = action_button("Send &now", self.send_now)
        self.retry_button = action_button("&Try again", self.retry)
        self.dismiss_button = action_button("&Dismiss", self.dismiss)
        self.text_button = action_button("Show te&xt…", self.show_text)
        self.calls_button = action_button("&Reminders to phone…", self.calls)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(QLabel("Show"))
        top.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.calls_button, self.text_button, self.dismiss_button,
                       self.retry_button, self.send_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.server)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if session.mail is not None:
            session.mail.passed.connect(self._passed)
        self.refresh()

    def refresh(self) -> None:
        salon = self.session.salon
        settings = salon.settings()
        if settings.smtp_host:
            where = f"Messages go through {settings.smtp_host}:{settings.smtp_port}"
            last = self.session.mail.last if self.session.mail else None
            self.server.setText(where + (f"; the last pass: {last}" if last else "."))
        else:
            self.server.setText("No email server is set, so messages wait here. A manager "
                                "sets one in Settings › Messages.")
        counts = outbox_counts(salon)
        self.counts.setText(", ".join(f"{counts[status]} {status.label.lower()}"
                                      for status in Status))
        status = self.status.currentData() or None
        chosen = self.chosen()
        self.rows = outbox_rows(salon, status=Status(status) if status else None, limit=NEWEST)
        self.model.set_rows([
            (row.due, row.sent, row.kind.label, row.client, row.recipient, row.status.label,
             str(row.tries), row.outcome) for row in self.rows])
        if chosen is not None:  # a pass's refresh keeps the row someone is about to act on
            again = next((n for n, row in enumerate(self.rows) if row.id == chosen.id), None)
            if again is not None:
                self.view.selectRow(again)
        self._enable()

    def chosen(self) -> OutboxRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _enable(self) -> None:
        row = self.chosen()
        self.retry_button.setEnabled(row is not None and row.status == Status.FAILED)
        self.dismiss_button.setEnabled(row is not None and row.status in (Status.WAITING,
                                                                          Status.FAILED))
        self.text_button.setEnabled(row is not None and row.status == Status.SENT)
        self.send_button.setEnabled(self.session.mail is not None)

    def send_now(self) -> None:
        if self.session.mail is None:
            return
        self.message.working("Sending what is due…")
        self.session.mail.send_now()

    def _passed(self, report: PassReport) -> None:
        if report.problem:
            self.message.refuse(str(report))
        else:
            self.message.done(str(report))
        self.refresh()

    def retry(self) -> None:
        self._change(outbox.retry, "Will be tried again with the next pass.")
        if self.session.mail is not None:
            self.session.mail.send_now()

    def dismiss(self) -> None:
        self._change(outbox.dismiss, "Dismissed: it will not be sent.")

    def _change(self, change, said: str) -> None:
        row = self.chosen()
        if row is None:
            return
        try:
            change(self.session.salon, row.id, by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
        else:
            self.message.done(said)
        self.refresh()

    def show_text(self) -> None:
        row = self.chosen()
        if row is None or row.status != Status.SENT:
            return
        box = QMessageBox(QMessageBox.Icon.NoIcon, row.subject,
                          f"To {row.recipient}, sent {row.sent}\n\n{row.body}",
                          QMessageBox.StandardButton.Close, self)
        box.exec()

    def calls(self) -> None:
        from salon_pos.ui.dialogs.call_list import CallListDialog

        CallListDialog(self.session, self).open()
