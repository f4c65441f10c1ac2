"""Commission: the levels and their rates (who is on which), a pay period's report by
stylist — chosen a period at a time, saved as PDF or CSV — and closing a period, which puts
what each stylist is owed into the journal. Changing rates and closing are a manager's.
The report loads off the UI thread: it reads a period of sales."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_pos.documents.report_records import report_csv
from salon_pos.documents.report_table import render_report_table
from salon_pos.domain.commission import bands_said
from salon_pos.domain.errors import DomainError
from salon_pos.files import write_bytes, write_file
from salon_pos.services.operations.commission import close_pay_period
from salon_pos.services.views.commission import (
    CommissionReport,
    Level,
    commission_report,
    current_period,
    levels,
    stylists_and_levels,
)
from salon_pos.services.views.receipts import salon_header
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.commission_levels import AssignLevelDialog, LevelDialog
from salon_pos.ui.dialogs.messages import confirm, open_modeless
from salon_pos.ui.pages.reports import ReportModel, TotalsLine, size_columns
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import NewestOnly
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

LEVEL_HEADERS = ("Level", "Services", "Retail", "Back-bar cost", "Stylists")
LEVEL_ROWS_SHOWN = 4  # the rest scroll: the report below needs the room


def _button(text: str, action) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setMinimumHeight(36)
    button.clicked.connect(action)
    return button


class CommissionPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.levels: list[Level] = []
        self.report: CommissionReport | None = None  # the report on screen
        self.loading = False
        self.loads = NewestOnly(session.tasks)  # a newer period's report wins
        self.dialog = None
        self.first, self.last = current_period(session.salon)
        self._build()
        self.refresh()

    def _build(self) -> None:
        title = QLabel("Commission", objectName="pageTitle")
        hint = QLabel("What each level pays on service and retail takings (net of discounts "
                      "and tax), and each pay period's figures by stylist.", objectName="hint")
        hint.setWordWrap(True)
        self.levels_model = RowsModel(LEVEL_HEADERS, parent=self)
        self.levels_view = list_table(self.levels_model, "Commission levels", stretch=4)
        self.levels_view.selectionModel().selectionChanged.connect(self._enable_buttons)
        self.levels_view.doubleClicked.connect(lambda _index: self.change_level())
        rows = self.levels_view.verticalHeader().defaultSectionSize()
        self.levels_view.setMaximumHeight(
            self.levels_view.horizontalHeader().sizeHint().height()
            + LEVEL_ROWS_SHOWN * rows + 2 * self.levels_view.frameWidth())
        self.no_level = QLabel("", objectName="hint")
        self.no_level.setAccessibleName("Stylists on no level")
        self.new_button = _button("&New level…", self.new_level)
        self.change_button = _button("C&hange level…", self.change_level)
        self.assign_button = _button("&Assign a stylist…", self.assign_level)
        level_buttons = QVBoxLayout()
        for button in (self.new_button, self.change_button, self.assign_button):
            level_buttons.addWidget(button)
        level_buttons.addStretch()
        level_list = QVBoxLayout()
        level_list.addWidget(self.levels_view)
        level_list.addWidget(self.no_level)
        level_area = QHBoxLayout()
        level_area.addLayout(level_list, 1)
        level_area.addLayout(level_buttons)

        self.previous_button = _button("◀ &Previous", lambda: self.show_period(
            self.first - timedelta(days=1)))
        self.previous_button.setAccessibleName("Previous period")
        self.next_button = _button("Ne&xt ▶", lambda: self.show_period(
            self.last + timedelta(days=1)))
        self.next_button.setAccessibleName("Next period")
        self.now_button = _button("&This period", lambda: self.show_period(
            self.session.salon.today()))
        self.period = QLabel()
        self.period.setAccessibleName("Pay period")
        self.lines_box = QCheckBox("Show each sale &line")
        self.lines_box.setAccessibleName("Show each sale line")
        self.lines_box.toggled.connect(self._show_table)
        period_bar = QHBoxLayout()
        period_bar.addWidget(self.previous_button)
        period_bar.addWidget(self.period)
        period_bar.addWidget(self.next_button)
        period_bar.addWidget(self.now_button)
        period_bar.addStretch()
        period_bar.addWidget(self.lines_box)

        self.status = QLabel("", objectName="hint")
        self.model = ReportModel(parent=self)
        self.view = list_table(self.model, "Commission by stylist")
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.totals = TotalsLine(self.view)
        self.message = MessageLine()
        self.pdf_button = _button("Save PDF…", self.save_pdf)
        self.csv_button = _button("Save CSV…", self.save_csv)
        self.close_button = _button("&Close pay period…", self.close_period)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        for button in (self.pdf_button, self.csv_button, self.close_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(hint, 1)
        layout.addLayout(heading)
        layout.addLayout(level_area)
        layout.addLayout(period_bar)
        layout.addWidget(self.status)
        table = QVBoxLayout()
        table.setSpacing(0)
        table.addWidget(self.view, 1)
        table.addWidget(self.totals)
        layout.addLayout(table, 1)
        layout.addLayout(bottom)

    # ---- levels ------------------------------------------------------------------------

    def refresh(self) -> None:
        """The levels (a few rows: read at once) and the period's report (in the
        background)."""
        salon = self.session.salon
        money = salon.settings().money
        self.levels = levels(salon)
        self.levels_model.set_rows([
            (level.name, bands_said(level.rates.services, money),
             bands_said(level.rates.retail, money),
             "deducted" if level.deduct_back_bar else "", ", ".join(level.stylists) or "—")
            for level in self.levels])
        without = [row.name for row in stylists_and_levels(salon) if row.level_id is None]
        self.no_level.setText(f"On no level (no commission): {', '.join(without)}"
                              if without else "Every stylist is on a level.")
        self.load_report()

    def chosen_level(self) -> Level | None:
        rows = self.levels_view.selectionModel().selectedRows()
        return self.levels[rows[0].row()] if rows else None

    def new_level(self) -> None:
        self._open(LevelDialog(self.session, None, self), "Level saved.")

    def change_level(self) -> None:
        level = self.chosen_level()
        if level is not None:
            self._open(LevelDialog(self.session, level, self), f"Level “{level.name}” saved.")

    def assign_level(self) -> None:
        self._open(AssignLevelDialog(self.session, stylists_and_levels(self.session.salon),
                                     self.levels, self.chosen_level(), self),
                   "Stylist's level saved.")

    def _open(self, dialog, said: str) -> None:
        self.message.clear()
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(said))
        open_modeless(dialog)

    def _saved(self, said: str) -> None:
        self.refresh()  # the rates changed: the report too
        self.message.done(said)

    # ---- the period's report -----------------------------------------------------------

    def show_period(self, day: date) -> None:
        self.first, self.last = current_period(self.session.salon, day)
        self.message.clear()
        self.load_report()

    def load_report(self) -> None:
        salon, first, last = self.session.salon, self.first, self.last
        self.loading = True
        self.report = None
        self.period.setText(f"<b>{first:%a %d %b} – {last:%a %d %b %Y}</b>")
        self.status.setText("Loading…")
        self._enable_buttons()
        self.loads.run(lambda: commission_report(salon, first, last), self._loaded,
                       self._not_loaded)

    def _loaded(self, report: CommissionReport) -> None:
        self.loading = False
        self.report = report
        self._show_table()
        money = self.session.salon.settings().money
        if report.closed:
            state = "Closed: these figures are frozen, and in the journal."
        elif self.last >= self.session.salon.today():
            state = "Not over yet: the figures so far, with the rates as they are now."
        else:
            state = "Not closed yet: the figures with the rates as they are now."
        count = sum(row.stylist_id is not None for row in report.stylists)
        self.status.setText(f"{state} {money(report.commission)} commission for {count} "
                            f"{'stylist' if count == 1 else 'stylists'}.")
        self._enable_buttons()

    def _not_loaded(self, error: DomainError) -> None:
        self.loading = False
        self.model.set_rows([])
        self.totals.model().set_rows([])
        self.status.setText("")
        self.message.refuse(error.message)
        self._enable_buttons()

    def _show_table(self) -> None:
        if self.report is None:
            return
        table = self.report.table(self.session.salon.settings().money,
                                  lines=self.lines_box.isChecked())
        lines = table.text_rows(self.session.salon.settings().money)
        self.model.show_lines(table, lines[:len(table.rows)])
        self.totals.model().show_lines(table, lines[len(table.rows):])
        size_columns(self.view, self.totals, table)

    def _enable_buttons(self) -> None:
        ready = self.report is not None and not self.loading
        self.pdf_button.setEnabled(ready)
        self.csv_button.setEnabled(ready)
        self.close_button.setEnabled(ready and not self.report.closed)
        self.change_button.setEnabled(self.chosen_level() is not None)

    # ---- saving and closing ------------------------------------------------------------

    def _target(self, kind: str, suffix: str) -> Path | None:
        folder = self.session.salon.data_dir / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"commission-{self.first}-to-{self.last}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, f"Save the commission report as {kind}",
                                                str(folder / name), f"{kind} files (*{suffix})")
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def save_pdf(self) -> None:
        """Every sale line under its stylist, as the CLI prints it; laid out off the UI
        thread."""
        path = self._target("PDF", ".pdf")
        if path is None:
            return
        settings = self.session.salon.settings()
        table = self.report.table(settings.money, lines=True)
        paper = "letter" if settings.receipt_format == "letter" else "a4"
        self.message.working("Making the PDF…")
        self.session.tasks.run_in_background(
            lambda: write_bytes(path, render_report_table(salon_header(settings), table,
                                                          settings.money, paper)),
            lambda _none: self.message.done(f"PDF saved as {path}."),
            lambda error: self.message.refuse(error.message))

    def save_csv(self) -> None:
        path = self._target("CSV", ".csv")
        if path is None:
            return
        settings = self.session.salon.settings()
        text = report_csv(self.report.table(settings.money, lines=True), settings.currency)
        try:
            # The BOM lets spreadsheets see UTF-8.
            write_file(path, lambda out: out.write(text), encoding="utf-8-sig", newline="")
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.message.done(f"CSV saved as {path}.")

    def close_period(self) -> None:
        money = self.session.salon.settings().money
        first, last = self.first, self.last
        if not confirm(self, "Close the pay period",
                       f"Close the pay period {first:%d %b} to {last:%d %b %Y}? What each "
                       f"stylist is owed ({money(self.report.commission)} in all) goes into "
                       "the books and the figures are frozen.", "Close the period", "Cancel"):
            return
        approver = manager_approval(self.session, "Closing a pay period", self)
        if approver is None:
            self.message.refuse("Not closed: no manager approved it.")
            return
        try:
            closed = close_pay_period(self.session.salon, first, approved_by=approver,
                                      key=f"close-pay-period-{uuid.uuid4()}")
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.load_report()
        self.message.done(f"Pay period closed: {money(closed['commission'])} commission owed "
                          f"to {closed['stylists']} "
                          f"{'stylist' if closed['stylists'] == 1 else 'stylists'}, in the "
                          "journal. Paying it is payroll's.")
