"""The manager's reports: pick a report and the days, read the table (totals last), save it
as PDF or CSV. Reports load off the UI thread, since a range may span years."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_pos.documents.report_records import ReportTable, report_csv
from salon_pos.documents.report_table import render_report_table
from salon_pos.domain.errors import DomainError
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views import reports
from salon_pos.services.views.receipts import salon_header
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import NewestOnly
from salon_pos.ui.widgets.date_range import DateRangeBar
from salon_pos.ui.widgets.message_line import MessageLine


@dataclass(frozen=True)
class Report:
    name: str
    file_name: str
    build: Callable[[Salon, date, date], ReportTable]
    dated: bool = True  # False: a picture of now, whatever the days chosen


REPORTS = (
    Report("Sales and tips by stylist", "sales-by-stylist",
           lambda salon, first, last: reports.sales_by_stylist(salon, first, last).table()),
    Report("No-shows and late cancellations", "no-shows-and-late-cancels",
           lambda salon, first, last: reports.no_shows_and_late_cancels(
               salon, first, last).table()),
    Report("Deposits held now", "deposits-held",
           lambda salon, first, last: reports.deposits_held(salon).table(), dated=False),
    Report("Stock at cost now", "stock-at-cost",
           lambda salon, first, last: reports.stock_at_cost(salon), dated=False),
)


class ReportModel(RowsModel):
    """Any report's lines: its columns change with the report shown."""

    def __init__(self, bold: bool = False, parent=None):
        super().__init__((), parent=parent)
        self.font = QFont()
        self.font.setBold(bold)

    def show_lines(self, table: ReportTable, lines: list[list[str]]) -> None:
        self.headers = tuple(column.title for column in table.columns)
        self.right_aligned = frozenset(table.right_aligned())
        self.set_rows(lines)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole:
            return self.font
        if role == Qt.ItemDataRole.ToolTipRole:  # a cell cut short, in full when pointed at
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class TotalsLine(QTableView):
    """The totals, always in sight under a long report: one bold line whose columns follow
    the report's as they are resized or scrolled."""

    def __init__(self, report_view: QTableView, parent=None):
        super().__init__(parent)
        self.setModel(ReportModel(bold=True, parent=self))
        self.setAccessibleName("Totals")
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFixedHeight(self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth())
        report_view.horizontalHeader().sectionResized.connect(
            lambda column, _old, width: self.setColumnWidth(column, width))
        report_view.horizontalScrollBar().valueChanged.connect(
            self.horizontalScrollBar().setValue)


def size_columns(view: QTableView, totals: TotalsLine, table: ReportTable) -> None:
    """Every column as wide as its rows and its (bold) total need; the widest text column
    takes the room left."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column in range(len(table.columns)):
        view.setColumnWidth(column, max(
            view.sizeHintForColumn(column), totals.sizeHintForColumn(column),
            header.sectionSizeHint(column)))
    texts = [i for i, column in enumerate(table.columns) if not column.figures]
    widest = max(texts, key=lambda i: table.columns[i].weight, default=None)
    if widest is not None:
        header.setSectionResizeMode(widest, QHeaderView.ResizeMode.Stretch)
    for column in range(len(table.columns)):  # a width already right sends no signal
        totals.setColumnWidth(column, view.columnWidth(column))


class ReportsPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.table: ReportTable | None = None  # the report on screen
        self.loading = False
        self.loads = NewestOnly(session.tasks)  # a reload drops an older answer
        self.preview: PdfPreviewDialog | None = None
        self.saved_csv = None
        self._build()
        self.dates.set_range(session.salon.today(), session.salon.today())
        self.dates.changed.connect(self.refresh)
        self.chooser.currentIndexChanged.connect(self.refresh)

    def _build(self) -> None:
        title = QLabel("Reports", objectName="pageTitle")
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Report")
        self.chooser.setMinimumWidth(320)
        for report in REPORTS:
            self.chooser.addItem(report.name)
        chooser_label = QLabel("&Report")
        chooser_label.setBuddy(self.chooser)
        self.dates = DateRangeBar(self.session.salon.today)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(chooser_label)
        top.addWidget(self.chooser)
        top.addStretch()
        self.status = QLabel("", objectName="hint")
        self.model = ReportModel(parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Report rows")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.totals = TotalsLine(self.view)
        self.message = MessageLine()
        self.pdf_button = self._button("Save as PDF", "Ctrl+S", self.save_pdf)
        self.csv_button = self._button("Save as CSV", "Ctrl+E", self.save_csv)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.dates)
        layout.addWidget(self.status)
        table = QVBoxLayout()
        table.setSpacing(0)
        table.addWidget(self.view, 1)
        table.addWidget(self.totals)
        layout.addLayout(table, 1)
        layout.addLayout(bottom)
        self._set_saving_enabled()

    def _button(self, text: str, keys: str, action) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.setToolTip(f"{text} ({keys})")
        button.setMinimumHeight(36)
        button.clicked.connect(action)
        QShortcut(QKeySequence(keys), self, activated=lambda: button.isEnabled() and action())
        return button

    def report(self) -> Report:
        return REPORTS[self.chooser.currentIndex()]

    def refresh(self) -> None:
        """Load the chosen report for the chosen days, off the UI thread."""
        report, salon = self.report(), self.session.salon
        first, last = self.dates.first(), self.dates.last()
        self.dates.setEnabled(report.dated)
        self.loading = True
        self.message.clear()
        self.status.setText("Loading…")
        self._set_saving_enabled()

        self.loads.run(lambda: report.build(salon, first, last), self._show, self._not_loaded)

    def _show(self, table: ReportTable) -> None:
        self.loading = False
        self.table = table
        lines = table.text_rows(self.session.salon.settings().money)
        self.model.show_lines(table, lines[:len(table.rows)])
        self.totals.model().show_lines(table, lines[len(table.rows):])
        self.totals.setVisible(table.totals is not None)
        size_columns(self.view, self.totals, table)
        rows = len(table.rows)
        note = "" if self.report().dated else " The dates do not apply to this report."
        self.status.setText(f"{table.title} — {table.period}: "
                            f"{rows} {'line' if rows == 1 else 'lines'}.{note}")
        self._set_saving_enabled()

    def _not_loaded(self, error: DomainError) -> None:
        self.loading = False
        self.table = None
        self.model.set_rows([])
        self.totals.model().set_rows([])
        self.status.setText("")
        self.message.refuse(error.message)
        self._set_saving_enabled()

    def _set_saving_enabled(self) -> None:
        ready = self.table is not None and not self.loading
        self.pdf_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)

    def _file_name(self, extension: str) -> str:
        report = self.report()
        if not report.dated:
            now = self.session.salon.now().astimezone(self.session.salon.settings().tz)
            return f"{report.file_name}-{now:%Y-%m-%d-%H%M}.{extension}"
        return f"{report.file_name}-{self.dates.first()}-to-{self.dates.last()}.{extension}"

    def save_pdf(self) -> None:
        """Laid out and filed on a worker thread (a long report takes a moment)."""
        salon, table, name = self.session.salon, self.table, self._file_name("pdf")
        settings = salon.settings()
        paper = "letter" if settings.receipt_format == "letter" else "a4"
        self.pdf_button.setEnabled(False)
        self.message.clear()
        self.status.setText("Making the PDF…")
        # The title goes with the PDF: the report on screen may be another one (or none)
        # by the time the PDF is ready.
        self.session.tasks.run_in_background(
            lambda: save_file(salon, "reports", name, render_report_table(
                salon_header(settings), table, settings.money, paper)),
            lambda path: self._pdf_saved(path, table.title), self._not_saved)

    def _pdf_saved(self, path, title: str) -> None:
        self._set_saving_enabled()
        self.status.setText(f"PDF saved as {path}.")
        self.preview = PdfPreviewDialog(path, title,
                                        self.session.salon.settings().receipt_printer, self)
        self.preview.open()

    def _not_saved(self, error: DomainError) -> None:
        self._set_saving_enabled()
        self.status.setText("")
        self.message.refuse(error.message)

    def save_csv(self) -> None:
        salon = self.session.salon
        text = report_csv(self.table, salon.settings().currency)
        try:
            # The BOM lets spreadsheets see UTF-8.
            self.saved_csv = save_file(salon, "reports", self._file_name("csv"),
                                       text.encode("utf-8-sig"))
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.status.setText(f"CSV saved as {self.saved_csv}.")
