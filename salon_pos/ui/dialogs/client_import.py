"""Importing a client list from another system's CSV: how the file was read, which column
goes to which field (changed with one list a column), the first rows as they would be
stored, every bad and duplicate row with its reason, then — with a manager's approval —
the import on a worker thread, all or nothing, or the good rows only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange import client_import
from salon_pos.services.exchange.client_import import ImportResult, Preview, RowOutcome
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import NewestOnly
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.progress_line import ProgressLine

IGNORE = "ignore"
FIELD_NAMES = ((IGNORE, "Leave out"), ("name", "Full name"), ("first_name", "First name"),
               ("last_name", "Last name"), ("phone", "Phone"), ("email", "Email"),
               ("alerts", "Alerts and notes"))
# Fields one column at most may fill; a full name and its parts exclude each other.
CLASHES = {"name": {"name", "first_name", "last_name"}, "first_name": {"first_name", "name"},
           "last_name": {"last_name", "name"}, "phone": {"phone"}, "email": {"email"}}
ENCODINGS = (("", "Found by itself"), ("utf-8", "UTF-8"), ("utf-16", "UTF-16"),
             ("cp1252", "Windows-1252 (Excel on Windows)"), ("latin-1", "Latin-1"))
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}
STATUS_WORDS = {"new": "New client", "duplicate": "Already here: skipped",
                "bad": "Cannot be imported (see below)"}


def _list(name: str) -> tuple[QListView, QStringListModel]:
    # A view over a model: a file may have thousands of bad rows.
    model = QStringListModel()
    view = QListView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    return view, model


class ClientImportDialog(QDialog):
    imported = Signal(object)  # the ImportResult, once clients were added

    def __init__(self, session: Session, file: Path, parent=None):
        super().__init__(parent)
        self.session, self.file = session, file
        self.shown: Preview | None = None  # the preview on screen
        self.result: ImportResult | None = None
        self.loading = self.importing = False
        self.previews = NewestOnly(session.tasks)
        self.combos: dict[str, QComboBox] = {}
        self.setWindowTitle("Import clients")
        self.setAccessibleName("Import clients")
        self.resize(1100, 680)
        self._build()
        self.load()

    # ---- Layout --------------------------------------------------------------------

    def _build(self) -> None:
        self.read_as = QLabel("Reading the file…")
        self.read_as.setWordWrap(True)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName("Encoding")
        for code, name in ENCODINGS:
            self.encoding.addItem(name, code)
        self.encoding.currentIndexChanged.connect(lambda _i: self.load(keep_mapping=False))
        encoding_label = QLabel("&Encoding")
        encoding_label.setBuddy(self.encoding)
        file_line = QHBoxLayout()
        file_line.addWidget(QLabel(f"<b>{self.file.name}</b>"))
        file_line.addWidget(self.read_as, 1)
        file_line.addWidget(encoding_label)
        file_line.addWidget(self.encoding)

        self.mapping_box = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        mapping = QGroupBox("Which column goes where")
        QVBoxLayout(mapping).addWidget(scroll)

        self.rows = RowsModel(("Row", "Name", "Phone", "Email", "Alerts", "What happens"),
                              parent=self)
        table = QTableView()
        table.setModel(self.rows)
        table.setAccessibleName("First rows")
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        first_rows = QGroupBox("The first rows, as they would be saved")
        QVBoxLayout(first_rows).addWidget(table)

        top = QHBoxLayout()
        top.addWidget(mapping, 2)
        top.addWidget(first_rows, 3)

        self.bad_view, self.bad = _list("Rows that cannot be imported")
        self.duplicate_view, self.duplicates = _list("Duplicates")
        self.bad_box = QGroupBox("Rows that cannot be imported")
        QVBoxLayout(self.bad_box).addWidget(self.bad_view)
        self.duplicate_box = QGroupBox("Duplicates (skipped)")
        QVBoxLayout(self.duplicate_box).addWidget(self.duplicate_view)
        lists = QHBoxLayout()
        lists.addWidget(self.bad_box)
        lists.addWidget(self.duplicate_box)

        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the import will do")
        self.message = MessageLine()
        self.progress = ProgressLine()

        self.import_button = QPushButton("Import", objectName="primaryAction")
        self.import_button.setToolTip("Every new client, or nobody if a row cannot be imported")
        self.import_button.clicked.connect(lambda: self.run_import(good_rows_only=False))
        self.good_only_button = QPushButton("Import the good rows only")
        self.good_only_button.setMinimumHeight(56)
        self.good_only_button.clicked.connect(lambda: self.run_import(good_rows_only=True))
        self.close_button = QPushButton("Close")
        self.close_button.setMinimumHeight(56)
        self.close_button.clicked.connect(self.reject)
        for button in (self.import_button, self.good_only_button, self.close_button):
            button.setAccessibleName(button.text())
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.good_only_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(file_line)
        layout.addLayout(top, 3)
        layout.addLayout(lists, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self._set_buttons()

    def _mapping_rows(self, preview: Preview) -> None:
        """One list a column, set to the field the preview maps it to."""
        while self.mapping_grid.count():
            self.mapping_grid.takeAt(0).widget().deleteLater()
        self.combos = {}
        first = preview.rows[0] if preview.rows else None
        for line, column in enumerate(preview.columns):
            combo = QComboBox()
            combo.setAccessibleName(f"Column {column}")
            for code, name in FIELD_NAMES:
                combo.addItem(name, code)
            combo.setCurrentIndex(combo.findData(preview.mapping.get(column, IGNORE)))
            combo.currentIndexChanged.connect(lambda _i, c=column: self._mapping_changed(c))
            self.combos[column] = combo
            sample = QLabel(_sample(first, preview, column), objectName="hint")
            self.mapping_grid.addWidget(QLabel(column), line, 0)
            self.mapping_grid.addWidget(combo, line, 1)
            self.mapping_grid.addWidget(sample, line, 2)
        self.mapping_grid.setRowStretch(len(preview.columns), 1)
        self.mapping_grid.setColumnStretch(2, 1)

    # ---- Preview -------------------------------------------------------------------

    def mapping(self) -> dict[str, str]:
        return {column: combo.currentData() for column, combo in self.combos.items()}

    def set_field(self, column: str, field: str) -> None:
        """As choosing `field` in the column's list does."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field))

    def _mapping_changed(self, column: str) -> None:
        # A field one column fills is taken from the column that had it, rather than
        # refusing the choice just made.
        field = self.combos[column].currentData()
        for other, combo in self.combos.items():
            if other != column and combo.currentData() in CLASHES.get(field, ()):
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(IGNORE))
                combo.blockSignals(False)
        self.load()

    def load(self, keep_mapping: bool = True) -> None:
        """Read the file again with the mapping and encoding shown, off the UI thread."""
        salon, file, encoding = self.session.salon, self.file, self.encoding.currentData() or None
        mapping = self.mapping() if keep_mapping and self.combos else None
        self.loading = True
        self.message.clear()
        self.summary.setText("Reading the file…")
        self._set_buttons()
        self.previews.run(lambda: client_import.preview(salon, file, mapping,
                                                        encoding=encoding),
                          lambda preview: self._show(preview, rebuild=mapping is None),
                          self._not_read)

    def _show(self, preview: Preview, rebuild: bool) -> None:
        self.loading = False
        self.shown = preview
        if rebuild or set(self.combos) != set(preview.columns):
            self._mapping_rows(preview)
        delimiter = DELIMITER_NAMES.get(preview.delimiter, f"“{preview.delimiter}”")
        blank = (f"; {preview.blank} empty row{'s' if preview.blank != 1 else ''} left out"
                 if preview.blank else "")
        self.read_as.setText(f"Read as {preview.encoding}, columns separated by "
                             f"{delimiter}{blank}.")
        self.rows.set_rows([_row_line(row) for row in preview.rows])
        self.bad.setStringList([row.describe() for row in preview.bad])
        self.duplicates.setStringList([row.describe() for row in preview.duplicates])
        self.bad_box.setTitle(f"Rows that cannot be imported ({len(preview.bad)})")
        self.duplicate_box.setTitle(f"Duplicates, skipped ({len(preview.duplicates)})")
        self.summary.setText(_plan(preview))
        self._set_buttons()

    def _not_read(self, error: DomainError) -> None:
        self.loading = False
        self.shown = None
        self.summary.setText("")
        self.message.refuse(error.message)
        self._set_buttons()

    def _set_buttons(self) -> None:
        preview, idle = self.shown, not (self.loading or self.importing or self.result)
        can = idle and preview is not None and preview.new > 0
        self.import_button.setEnabled(can)
        self.good_only_button.setEnabled(can and bool(preview.bad))
        self.encoding.setEnabled(idle)
        self.mapping_box.setEnabled(idle)
        self.close_button.setEnabled(not self.importing)

    # ---- Import --------------------------------------------------------------------

    def run_import(self, good_rows_only: bool) -> None:
        approver = manager_approval(self.session, "Importing a client list", self)
        if approver is None:
            return
        salon, by, file = self.session.salon, self.session.staff_id, self.file
        mapping, encoding = self.mapping(), self.encoding.currentData() or None
        self.importing = True
        self._set_buttons()
        self.message.clear()
        self.summary.setText("Importing…")
        self.progress.start()
        self.session.tasks.run_in_background(
            lambda: client_import.import_clients(
                salon, file, mapping, by=by, approved_by=approver,
                good_rows_only=good_rows_only, encoding=encoding,
                progress=self.progress.report),
            self._done, self._failed)

    def _done(self, result: ImportResult) -> None:
        self.importing = False
        self.progress.hide()
        if not result.written and result.bad:
            self.summary.setText("")
            self.message.refuse(f"{result.summary()} Correct the rows listed above in the "
                                "file and choose it again, or import the good rows only.")
            self._set_buttons()
            return
        self.result = result
        self.summary.setText(result.summary())
        self.close_button.setText("Done")
        self._set_buttons()
        if result.written:
            self.imported.emit(result)

    def _failed(self, error: DomainError) -> None:
        self.importing = False
        self.progress.hide()
        self.summary.setText("")
        self.message.refuse(f"Nothing was imported: {error.message}")
        self._set_buttons()


def _sample(first: RowOutcome | None, preview: Preview, column: str) -> str:
    """What the column's field holds in the first row, as it would be saved."""
    field = preview.mapping.get(column)
    if first is None or not first.client or not field:
        return ""
    value = first.client.get(field, "")  # the parts of a name are saved joined: none shown
    return f"e.g. {value}" if value else ""


def _row_line(row: RowOutcome) -> tuple[str, ...]:
    """The row's cells; the reasons are in the lists below, where they have room."""
    client = row.client
    return (str(row.number), client.get("name", ""), client.get("phone", ""),
            client.get("email", ""), client.get("alerts", "").replace("\n", " / "),
            STATUS_WORDS[row.status])


def _plan(preview: Preview) -> str:
    parts = [f"{preview.new} new client{'s' if preview.new != 1 else ''} to add"]
    if preview.duplicates:
        parts.append(f"{len(preview.duplicates)} already here (skipped)")
    if preview.bad:
        parts.append(f"{len(preview.bad)} row{'s' if len(preview.bad) != 1 else ''} "
                     "cannot be imported: “Import” adds nobody until they are corrected")
    return "; ".join(parts) + "."
