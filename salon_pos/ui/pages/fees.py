"""Fees kept: the no-show and late-cancellation deposits the salon kept (the last 90 days
unless other days are chosen), and waiving one with a manager's approval. The fees load off
the UI thread, since the days chosen may span years."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.services.views.reports import MissedBooking, MissedReport, no_shows_and_late_cancels
from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.dialogs.waive_fee import WaiveFeeDialog
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import NewestOnly
from salon_pos.ui.widgets.date_range import DateRangeBar
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

DEFAULT_DAYS = 90
HEADERS = ("Recorded", "Appointment", "What", "Client", "Stylist", "Services", "Fee kept",
           "Waived")


class FeesPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.fees: list[MissedBooking] = []
        self.loading = False
        self.loads = NewestOnly(session.tasks)  # a reload drops an older answer
        self.dialog: WaiveFeeDialog | None = None
        title = QLabel("Fees kept", objectName="pageTitle")
        hint = QLabel("No-show and late-cancellation deposits the salon kept as fees. "
                      "Choose one and press “Waive fee…” to give it back.", objectName="hint")
        hint.setWordWrap(True)
        self.dates = DateRangeBar(session.salon.today)
        today = session.salon.today()
        self.dates.set_range(today - timedelta(days=DEFAULT_DAYS - 1), today)
        self.dates.changed.connect(self.refresh)
        self.model = RowsModel(HEADERS, right_aligned=(6, 7), parent=self)
        self.view = list_table(self.model, "Fees kept", stretch=5)
        self.view.setAlternatingRowColors(True)
        self.view.selectionModel().selectionChanged.connect(self._enable_waive)
        self.view.doubleClicked.connect(lambda _index: self.waive())
        self.summary = QLabel("", objectName="hint")
        self.message = MessageLine()
        self.outcome = MessageLine()
        self.outcome.setAccessibleName("Outcome")
        self.waive_button = QPushButton("&Waive fee…")
        self.waive_button.setAccessibleName("Waive fee")
        self.waive_button.setMinimumHeight(36)
        self.waive_button.clicked.connect(self.waive)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.outcome, 1)
        bottom.addWidget(self.waive_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.dates)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        salon, first, last = self.session.salon, self.dates.first(), self.dates.last()
        self.loading = True
        self.message.clear()
        self.summary.setText("Loading…")
        self._enable_waive()

        def done(report: MissedReport) -> None:
            self._show([fee for fee in report.rows if fee.fee_kept])

        def failed(error: DomainError) -> None:
            self.message.refuse(error.message)
            self._show([])

        self.loads.run(lambda: no_shows_and_late_cancels(salon, first, last), done, failed)

    def _show(self, fees: list[MissedBooking]) -> None:
        self.loading = False
        # The latest first: the fee a client is calling about is most likely a recent one.
        self.fees = fees[::-1]
        money = self.session.salon.settings().money
        self.model.set_rows([
            (f"{fee.recorded_on:%a %d %b %Y}", f"{fee.start:%a %d %b %H:%M}", fee.kind,
             fee.client, fee.stylist, ", ".join(fee.services), money(fee.fee_kept),
             money(fee.given_back) if fee.waived else "")
            for fee in self.fees])
        kept = sum(fee.still_kept for fee in self.fees)
        self.summary.setText(f"{len(self.fees)} {'fee' if len(self.fees) == 1 else 'fees'} "
                             f"in these days; {money(kept)} still kept.")
        self._enable_waive()

    def chosen(self) -> MissedBooking | None:
        rows = self.view.selectionModel().selectedRows()
        return self.fees[rows[0].row()] if rows else None

    def _enable_waive(self) -> None:
        fee = self.chosen()
        self.waive_button.setEnabled(not self.loading and fee is not None
                                     and fee.still_kept > 0)

    def waive(self) -> None:
        fee = self.chosen()
        if self.loading or fee is None or fee.still_kept <= 0:
            return
        self.dialog = WaiveFeeDialog(self.session, fee, self)
        self.dialog.accepted.connect(self._waived)
        open_modeless(self.dialog)

    def _waived(self) -> None:
        fee, money = self.dialog.fee, self.session.salon.settings().money
        self.outcome.done(f"{money(self.dialog.given_back)} given back to {fee.client}.")
        self.refresh()
