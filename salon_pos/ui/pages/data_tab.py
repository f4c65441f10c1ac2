"""The manager's Data tab: files for elsewhere — a stylist's calendar for their phone (.ics),
the books for the accountant (beancount or CSV), the client list as CSV — a client list
brought in from another system, and the clients no longer coming purged (previewed first).
Every file is written on a worker thread, with a progress bar, to a temporary name first,
so a failed run never leaves half a file under the name chosen."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.validation import search_key
from salon_pos.files import write_file
from salon_pos.services.exchange import accounting, calendars, client_export
from salon_pos.services.exchange.client_import import ImportResult
from salon_pos.services.views import staff
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.client_import import ClientImportDialog
from salon_pos.ui.dialogs.client_purge import PurgeDialog
from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.date_range import DateRangeBar
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.progress_line import ProgressLine

# (label, file suffix, writer, newline) — the same files the CLI writes.
BOOKS_FORMATS = (
    ("Beancount ledger", ".beancount", accounting.export_beancount, None),
    ("CSV, one row per posting", ".csv", accounting.export_csv, ""),
)
CALENDAR_SPANS = (("Next 7 days", 6), ("Next 4 weeks", 27), ("Next 3 months", 90))


def file_part(name: str) -> str:
    """A name as part of a file name: plain letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", search_key(name)).strip("-") or "stylist"


def _box(title: str, choice: QHBoxLayout | None, hint: str, *buttons: QPushButton
         ) -> QGroupBox:
    """A group: its choices on top, then what to know and its button(s) at the right."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    if choice is not None:
        layout.addLayout(choice)
    bottom = QHBoxLayout()
    bottom.addWidget(QLabel(hint, objectName="hint", wordWrap=True), 1)
    for button in buttons:
        bottom.addWidget(button)
    layout.addLayout(bottom)
    return box


class DataPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.busy = False
        self.last_saved: Path | None = None
        self.import_dialog: ClientImportDialog | None = None
        self.purge_dialog: PurgeDialog | None = None
        self._build()
        today = session.salon.today()
        self.calendar_dates.set_range(today, today + timedelta(days=27))
        self.books_dates.quick["Last month"].click()  # what an accountant asks for
        self.refresh()

    # ---- Layout --------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel("Data: files to take away, client lists to bring in",
                       objectName="pageTitle")
        self.status = QLabel("", objectName="hint")
        self.status.setWordWrap(True)
        self.message = MessageLine()
        self.progress = ProgressLine()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self._calendar_box())
        layout.addWidget(self._books_box())
        layout.addWidget(self._clients_box())
        layout.addWidget(self._lapsed_box())
        layout.addStretch()
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.message)

    def _action(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, objectName="primaryAction")
        button.setAccessibleName(text.rstrip("…"))
        button.setMinimumWidth(280)
        button.clicked.connect(action)
        return button

    def _calendar_box(self) -> QGroupBox:
        self.stylist = QComboBox()
        self.stylist.setAccessibleName("Stylist")
        self.stylist.setMinimumWidth(220)
        stylist_label = QLabel("&Stylist")
        stylist_label.setBuddy(self.stylist)
        self.calendar_dates = DateRangeBar(self.session.salon.today)
        for button in self.calendar_dates.quick.values():  # days gone by: not for a diary
            button.hide()
        for text, days in CALENDAR_SPANS:
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _=False, days=days: self.calendar_dates.set_range(
                self.session.salon.today(), self.session.salon.today() + timedelta(days)))
            self.calendar_dates.layout().insertWidget(self.calendar_dates.layout().count() - 1,
                                                      button)
        self.calendar_button = self._action("Save the calendar file…", self.save_calendar)
        choice = QHBoxLayout()
        choice.addWidget(stylist_label)
        choice.addWidget(self.stylist)
        choice.addSpacing(16)
        choice.addWidget(self.calendar_dates, 1)
        return _box("A stylist's bookings, for the calendar on their phone (.ics)", choice,
                    "Cancelled bookings stay in, marked cancelled, so a phone that had them "
                    "strikes them out.", self.calendar_button)

    def _books_box(self) -> QGroupBox:
        self.books_format = QComboBox()
        self.books_format.setAccessibleName("Format")
        for label, suffix, _writer, _newline in BOOKS_FORMATS:
            self.books_format.addItem(f"{label} ({suffix})")
        format_label = QLabel("F&ormat")
        format_label.setBuddy(self.books_format)
        self.books_dates = DateRangeBar(self.session.salon.today)
        self.books_button = self._action("Save the books…", self.save_books)
        choice = QHBoxLayout()
        choice.addWidget(self.books_dates, 1)
        choice.addSpacing(16)
        choice.addWidget(format_label)
        choice.addWidget(self.books_format)
        return _box("The books for the accountant (double entry, from the journal)", choice,
                    "The days are business days; a range that does not start at the first "
                    "one opens with the balances carried in.", self.books_button)

    def _clients_box(self) -> QGroupBox:
        self.export_button = self._action("Save the client list (.csv)…", self.export_clients)
        self.import_button = self._action("Import clients from a CSV file…",
                                          self.choose_import)
        return _box("The client list", None,
                    "Every client with phone, email and alerts, for a spreadsheet — or a list "
                    "from another system, checked before anything is added.",
                    self.export_button, self.import_button)

    def _lapsed_box(self) -> QGroupBox:
        self.purge_button = self._action("Purge lapsed clients…", self.purge_clients)
        return _box("Clients no longer coming", None,
                    "Clients with no visit for the years set under Settings › Deposits & "
                    "policy › Care records are listed, with those held back and why, before "
                    "they are erased; their money records stay, by number.", self.purge_button)

    def refresh(self) -> None:
        """The stylists as they are now (the one chosen stays chosen)."""
        chosen = self.stylist.currentData()
        self.stylist.clear()
        for member in staff.list_staff(self.session.salon):
            if member["role"] in ("stylist", "manager"):  # those who take clients
                self.stylist.addItem(member["name"], member["id"])
        if chosen is not None and self.stylist.findData(chosen) >= 0:
            self.stylist.setCurrentIndex(self.stylist.findData(chosen))
        self._set_enabled()

    def _set_enabled(self) -> None:
        self.calendar_button.setEnabled(not self.busy and self.stylist.count() > 0)
        for button in (self.books_button, self.export_button, self.import_button,
                       self.purge_button):
            button.setEnabled(not self.busy)

    # ---- Saving files --------------------------------------------------------------

    def choose_target(self, title: str, name: str, kinds: str) -> Path | None:
        folder = self.session.salon.data_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(folder / name), kinds)
        if not chosen:
            return None
        path = Path(chosen)
        suffix = Path(name).suffix
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _run(self, doing: str, work: Callable[[], str]) -> None:
        """`work()` on a worker thread; it answers what to tell the manager."""
        self.busy = True
        self._set_enabled()
        self.message.clear()
        self.status.setText(doing)
        self.progress.start()
        self.session.tasks.run_in_background(work, self._done, self._failed)

    def _done(self, said: str) -> None:
        self.busy = False
        self.progress.hide()
        self.status.setText(said)
        self._set_enabled()

    def _failed(self, error: DomainError) -> None:
        self.busy = False
        self.progress.hide()
        self.status.setText("")
        self.message.refuse(f"Nothing was saved: {error.message}")
        self._set_enabled()

    def save_calendar(self) -> None:
        """No approval: a stylist's own bookings are theirs to carry."""
        stylist_id, who = self.stylist.currentData(), self.stylist.currentText()
        first, last = self.calendar_dates.first(), self.calendar_dates.last()
        path = self.choose_target(f"Save {who}'s calendar",
                                  f"{file_part(who)}-{first}-to-{last}.ics",
                                  "Calendar files (*.ics)")
        if path is None:
            return
        salon, progress = self.session.salon, self.progress.report

        def work() -> str:
            content = calendars.stylist_calendar(salon, stylist_id, first, last, progress)
            write_file(path, lambda out: out.write(content), "wb")
            self.last_saved = path
            return (f"{who}'s calendar from {first:%a %d %b} to {last:%a %d %b %Y} saved as "
                    f"{path}. Open it on the phone (or send it by email) to add the bookings.")

        self._run(f"Writing {who}'s calendar…", work)

    def save_books(self) -> None:
        label, suffix, writer, newline = BOOKS_FORMATS[self.books_format.currentIndex()]
        first, last = self.books_dates.first(), self.books_dates.last()
        approver = manager_approval(self.session, "Exporting the books", self)
        if approver is None:
            return
        path = self.choose_target("Save the books", f"books-{first}-to-{last}{suffix}",
                                  f"{label} (*{suffix})")
        if path is None:
            return
        salon, progress = self.session.salon, self.progress.report

        def work() -> str:
            summary = write_file(
                path, lambda out: writer(salon, first, last, out, approved_by=approver,
                                         progress=progress),
                encoding="utf-8", newline=newline)
            self.last_saved = path
            return (f"The books from {first:%d %b} to {last:%d %b %Y}: "
                    f"{summary.transactions:,} transactions ({summary.postings:,} postings) "
                    f"saved as {path}.")

        self._run("Writing the books…", work)

    def export_clients(self) -> None:
        approver = manager_approval(self.session, "Exporting the client list", self)
        if approver is None:
            return
        path = self.choose_target("Save the client list",
                                  f"clients-{self.session.salon.today()}.csv",
                                  "CSV files (*.csv)")
        if path is None:
            return
        salon, progress = self.session.salon, self.progress.report

        def work() -> str:
            count = client_export.export_clients(salon, path, approved_by=approver,
                                                 progress=progress)
            self.last_saved = path
            return f"{count:,} client{'s' if count != 1 else ''} saved as {path}."

        self._run("Writing the client list…", work)

    def purge_clients(self) -> None:
        approver = manager_approval(self.session, "Purging lapsed clients", self)
        if approver is not None:
            self.purge_dialog = PurgeDialog(self.session, approver, self)
            open_modeless(self.purge_dialog)

    # ---- Importing -----------------------------------------------------------------

    def choose_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Choose the client list to import", str(Path.home()),
            "Client lists (*.csv *.txt);;All files (*)")
        if chosen:
            self.open_import(Path(chosen))

    def open_import(self, file: Path) -> ClientImportDialog:
        """The import dialog; its approval comes when Import is pressed."""
        self.message.clear()
        self.import_dialog = ClientImportDialog(self.session, file, self)
        self.import_dialog.imported.connect(self._imported)
        return open_modeless(self.import_dialog)

    def _imported(self, result: ImportResult) -> None:
        self.status.setText(result.summary())
