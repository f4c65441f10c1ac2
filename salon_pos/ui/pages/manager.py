"""The manager's page: the cash drawer (float, paid in and out, count), deposits held now,
closing the day with its Z report saved as PDF, and backups (make one, restore one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_pos.documents.z_report import render_z_report
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import DomainError
from salon_pos.domain.localtime import local_of
from salon_pos.services.exchange import backups
from salon_pos.services.exchange.backups import RestoreRequest
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.operations import cash_drawer, day_close
from salon_pos.services.views.day_report import deposits_held_by_booking
from salon_pos.services.views.receipts import salon_header
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.messages import confirm, warn
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


class ManagerPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.last_z_report: Path | None = None
        self.amount = QLineEdit(placeholderText="amount")
        self.amount.setAccessibleName("Amount")
        self.reason = QLineEdit(placeholderText="reason (paid in / out)")
        self.reason.setAccessibleName("Reason")
        self.message = MessageLine()
        drawer_buttons = QHBoxLayout()
        for label, action in (("Open with float", self.open_drawer), ("Paid in", self.paid_in),
                              ("Paid out", self.paid_out), ("Count", self.count)):
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(action)
            drawer_buttons.addWidget(button)
        drawer = QGroupBox("Cash drawer")
        form = QFormLayout(drawer)
        form.addRow("Amount", self.amount)
        form.addRow("Reason", self.reason)
        form.addRow(drawer_buttons)
        self.close_button = QPushButton("Close today and save the Z report")
        self.close_button.clicked.connect(self.close_today)
        self.backup_button = QPushButton("Back up now")
        self.backup_button.setAccessibleName("Back up now")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton("Restore a backup…")
        self.restore_button.setAccessibleName("Restore a backup")
        self.restore_button.clicked.connect(self.restore_backup)
        if session.salon.on_postgres:
            for button in (self.backup_button, self.restore_button):
                button.setEnabled(False)
                button.setToolTip("The database is on a PostgreSQL server: back it up and "
                                  "restore it there (pg_dump, pg_restore).")
        self.held = RowsModel(("When", "Client", "Status", "Held"), right_aligned=(3,), parent=self)
        table = QTableView()
        table.setModel(self.held)
        table.setAccessibleName("Deposits held")
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        held = QGroupBox("Deposits held now")
        QVBoxLayout(held).addWidget(table)
        layout = QVBoxLayout(self)
        layout.addWidget(drawer)
        day_end = QHBoxLayout()
        day_end.addWidget(self.close_button, 1)
        day_end.addWidget(self.backup_button)
        day_end.addWidget(self.restore_button)
        layout.addLayout(day_end)
        layout.addWidget(self.message)
        layout.addWidget(held, 1)
        self.refresh()

    def refresh(self) -> None:
        settings = self.session.salon.settings()
        self.held.set_rows([
            (f"{local_of(row['start'], settings.tz):%a %d %b %H:%M}", row["client"],
             BookingStatus(row["status"]).label, settings.money(row["held"]))
            for row in deposits_held_by_booking(self.session.salon)])

    def _amount(self) -> int:
        return self.session.salon.settings().parse_money(self.amount.text())

    def _run(self, action, done: str | Callable[[object], str]) -> None:
        try:
            result = action()
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.message.done(done if not callable(done) else done(result))
        self.amount.clear()
        self.reason.clear()
        self.refresh()

    def open_drawer(self) -> None:
        salon, by = self.session.salon, self.session.staff_id
        self._run(lambda: cash_drawer.open_drawer(salon, self._amount(), by=by),
                  "The drawer is open.")

    def paid_in(self) -> None:
        salon, by = self.session.salon, self.session.staff_id
        self._run(lambda: cash_drawer.paid_in(salon, self._amount(), by=by,
                                              reason=self.reason.text()), "Paid in.")

    def paid_out(self) -> None:
        approver = manager_approval(self.session, "Cash out of the drawer", self)
        if approver is None:
            return
        salon, by = self.session.salon, self.session.staff_id
        self._run(lambda: cash_drawer.paid_out(salon, self._amount(), by=by,
                                               reason=self.reason.text(), approved_by=approver),
                  "Paid out.")

    def count(self) -> None:
        salon, money = self.session.salon, self.session.salon.settings().money
        self._run(lambda: cash_drawer.count_drawer(salon, self._amount(),
                                                   by=self.session.staff_id),
                  lambda r: f"Counted {money(r['counted'])}; expected {money(r['expected'])}; "
                            f"difference {money(r['difference'])}.")

    def close_today(self) -> None:
        approver = manager_approval(self.session, "Closing the day", self)
        if approver is None:
            return
        salon = self.session.salon
        day = salon.today()
        try:
            report = day_close.close_day(salon, day, approved_by=approver)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.message.working("Day closed. Saving the Z report…")
        self.session.tasks.run_in_background(lambda: self._save_z(day, report),
                                             self._saved, self._not_saved)

    def back_up(self) -> None:
        """A copy of the database into the backups folder, made on a worker thread."""
        salon = self.session.salon
        self.backup_button.setEnabled(False)
        self.message.working("Backing up…")

        def done(path) -> None:
            self.backup_button.setEnabled(True)
            self.message.done(f"Database backed up to {path}.")

        def failed(error) -> None:
            self.backup_button.setEnabled(True)
            self.message.refuse(f"Not backed up: {error.message}")

        self.session.tasks.run_in_background(
            lambda: backups.automatic_backup(salon, "by-hand"), done, failed)

    def restore_backup(self) -> None:
        """A manager approves, chooses a backup, sees what it holds, and confirms; the
        app then restarts on it at the login (see app.py)."""
        approver = manager_approval(self.session, "Restoring a backup", self)
        if approver is None:
            return
        chosen = self.choose_backup()
        if chosen is None:
            return
        self.message.working("Checking the backup…")
        self.restore_button.setEnabled(False)

        def checked(summary) -> None:
            self.restore_button.setEnabled(True)
            self._confirm_restore(RestoreRequest(chosen, summary, approver,
                                                 get_staff(self.session.salon, approver).name))

        def refused(error) -> None:
            self.restore_button.setEnabled(True)
            self.message.refuse(f"Not restored: {error.message}")

        self.session.tasks.run_in_background(lambda: backups.check_backup(chosen), checked,
                                             refused)

    def choose_backup(self) -> Path | None:
        folder = self.session.salon.data_dir / "backups"
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the backup to restore", str(folder if folder.is_dir() else
                                                      self.session.salon.data_dir),
            "Salon POS backups (*.db);;All files (*)")
        return Path(name) if name else None

    def _confirm_restore(self, request: RestoreRequest) -> None:
        go_ahead = confirm(
            self, "Restore this backup?",
            f"{request.backup_file.name} holds {request.summary.describe()}\n\n"
            "Everything recorded after it will be set aside: the database as it is now is "
            "kept, renamed, beside it — nothing is deleted. Salon POS then opens the backup "
            "and everyone logs in again.",
            "Restore and restart", "Keep the database as it is")
        if not go_ahead:
            self.message.done("Nothing was restored.")
            return
        self.session.restore_request = request
        self.window().close()

    def _save_z(self, day, report):
        """On a worker thread: a long report takes a moment to lay out, and a backup of
        years of data a few seconds. The close stands even if the backup fails."""
        salon = self.session.salon
        settings = salon.settings()
        pdf = render_z_report(salon_header(settings), f"Z report — {day:%A %d %B %Y} (closed)",
                              report.rows(), settings.money, day_close.seal_text(salon, day))
        path = save_file(salon, "reports", f"z-report-{day.isoformat()}.pdf", pdf)
        try:
            return path, backups.backup_after_day_close(salon), ""
        except DomainError as error:
            return path, None, error.message

    def _saved(self, saved) -> None:
        self.last_z_report, backup, problem = saved
        closed = f"Day closed. Z report saved to {self.last_z_report}."
        if problem:
            self.message.refuse(f"{closed} {problem}")
            warn(self, "The automatic backup failed",
                 f"The day is closed and its Z report saved, but {problem[0].lower()}"
                 f"{problem[1:]}\n\nPress “Back up now” once the problem is put right: "
                 "until then today is not in any backup.")
        elif backup is None:
            self.message.done(f"{closed} The database is on a PostgreSQL server: it is "
                              "backed up there.")
        else:
            self.message.done(f"{closed} Database backed up to {backup}.")

    def _not_saved(self, error) -> None:
        self.message.refuse(f"Day closed, but the Z report was not saved: {error.message}")
