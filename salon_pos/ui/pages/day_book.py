"""The day book page (the home screen): the day's grid, a date bar, and a side panel with
the chosen booking's details and the actions its status allows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.services import bookings
from salon_pos.services.day_book import day_book
from salon_pos.ui.dialogs.booking import BookingDialog, DepositDialog
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.pages.day_book_model import BOOKING_ROLE, SLOT_MINUTES, DayBookModel

# Which action buttons a booking's status offers, and the operation each calls.
ACTIONS = {
    "booked": [("Check in", "check_in"), ("No-show", "mark_no_show")],
    "arrived": [("Start", "start_service")],
    "in_service": [("Finish", "finish_service")],
}


class DayBookView(QTableView):
    """The grid, with a line across it at the current time on today's page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.now_row: float | None = None  # slot rows since the first, fractional

    def paintEvent(self, event):  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if self.now_row is None or self.model() is None or not self.model().rowCount():
            return
        row = int(self.now_row)
        if row >= self.model().rowCount():
            return
        top = self.rowViewportPosition(row) + (self.now_row - row) * self.rowHeight(row)
        painter = QPainter(self.viewport())
        painter.setPen(QPen(QColor("#c62828"), 2))
        painter.drawLine(0, int(top), self.viewport().width(), int(top))
        painter.end()


class DayBookPage(QWidget):
    booking_changed = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.day = session.salon.today()
        self.chosen: int | None = None
        self.model = DayBookModel(money=session.salon.settings().money, parent=self)
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.title = QLabel(objectName="pageTitle")
        bar = QHBoxLayout()
        for text, step, keys in (("◀ Previous day", -1, "Alt+Left"), ("Today", 0, "Ctrl+T"),
                                 ("Next day ▶", 1, "Alt+Right")):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _=False, step=step: self.go(step))
            QShortcut(QKeySequence(keys), self, activated=lambda step=step: self.go(step))
            bar.addWidget(button)
        new = QPushButton("New booking")
        new.setAccessibleName("New booking")
        new.clicked.connect(lambda: self.new_booking())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=lambda: self.new_booking())
        bar.addWidget(new)
        bar.addStretch()
        bar.addWidget(self.title)
        self.table = DayBookView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Day book")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.clicked.connect(self._chosen_cell)
        self.table.doubleClicked.connect(self._empty_slot)
        self.panel = QGroupBox("Booking")
        self.details = QLabel("Choose a booking in the day book.")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.actions = QVBoxLayout()
        panel = QVBoxLayout(self.panel)
        panel.addWidget(self.details)
        panel.addLayout(self.actions)
        panel.addStretch()
        self.panel.setFixedWidth(300)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(body)

    def go(self, step: int) -> None:
        self.day = self.session.salon.today() if step == 0 else self.day + timedelta(days=step)
        self.chosen = None
        self.refresh()

    def show_day(self, day: date) -> None:
        self.day = day
        self.refresh()

    def refresh(self) -> None:
        self.model.set_day_book(day_book(self.session.salon, self.day))
        self.table.clearSpans()
        for row, column, length in self.model.spans:
            if length > 1:
                self.table.setSpan(row, column, length, 1)
        self.title.setText(f"{self.day:%A %d %B %Y}")
        self._place_now_line()
        self._show_panel()

    def _place_now_line(self) -> None:
        salon = self.session.salon
        now = salon.now().astimezone(salon.settings().tz)
        first = self.model.first_slot
        minutes = (now.hour - first.hour) * 60 + now.minute - first.minute
        today = self.day == salon.today() and minutes >= 0
        self.table.now_row = minutes / SLOT_MINUTES if today else None
        self.table.viewport().update()

    def _chosen_cell(self, index: QModelIndex) -> None:
        self.chosen = index.data(BOOKING_ROLE)
        self._show_panel()

    def _show_panel(self) -> None:
        while self.actions.count():
            self.actions.takeAt(0).widget().deleteLater()
        entry = self.model.entry(self.chosen) if self.chosen else None
        if entry is None:
            self.details.setText("Choose a booking in the day book.")
            return
        money = self.session.salon.settings().money
        lines = [f"<b>{entry.client}</b>", entry.services,
                 f"{entry.start:%H:%M}–{entry.end:%H:%M} · {entry.status_label}"]
        if entry.alerts:
            lines.append(f"⚠ {entry.alerts}")
        if entry.deposit_due or entry.deposit_held:
            lines.append(f"Deposit: {money(entry.deposit_held)} held of "
                         f"{money(entry.deposit_due)} due")
        self.details.setText("<br>".join(lines))
        if entry.status == "booked" and entry.deposit_held < entry.deposit_due:
            take = QPushButton("Take deposit")
            take.setAccessibleName("Take deposit")
            take.clicked.connect(lambda: self.take_deposit(entry.booking_id,
                                                           entry.deposit_due - entry.deposit_held))
            self.actions.addWidget(take)
        if entry.status == "ready":
            pay = QPushButton("Checkout")
            pay.setAccessibleName("Checkout")
            pay.clicked.connect(lambda: self.checkout(entry.booking_id))
            self.actions.addWidget(pay)
        for label, operation in ACTIONS.get(entry.status, []):
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _=False, op=operation: self.act(op))
            self.actions.addWidget(button)
        if entry.status == "booked":
            cancel = QPushButton("Cancel booking")
            cancel.setAccessibleName("Cancel booking")
            cancel.clicked.connect(lambda: self.cancel(entry))
            self.actions.addWidget(cancel)

    def _empty_slot(self, index: QModelIndex) -> None:
        if index.data(BOOKING_ROLE) is not None:
            return
        stylist_id = self.model.book.stylists[index.column()][0]
        slot = self.model.slot_time(index.row())
        self.new_booking(stylist_id, datetime.combine(self.day, slot))

    def new_booking(self, stylist_id: int | None = None, when: datetime | None = None) -> None:
        """Book (from an empty slot: its stylist and time); then take the deposit if due."""
        dialog = BookingDialog(self.session, stylist_id, when, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.chosen = dialog.booking_id
        self.refresh()
        entry = self.model.entry(dialog.booking_id)
        if entry is not None and entry.deposit_due:
            self.take_deposit(entry.booking_id, entry.deposit_due)

    def take_deposit(self, booking_id: int, due: int) -> None:
        if DepositDialog(self.session, booking_id, due, parent=self).exec():
            self.refresh()
            self.booking_changed.emit(booking_id)

    def checkout(self, booking_id: int) -> None:
        try:
            dialog = CheckoutDialog(self.session, booking_id, parent=self)
        except DomainError as error:
            show_refusal(self, error)
            return
        dialog.exec()
        self.refresh()
        self.booking_changed.emit(booking_id)

    def cancel(self, entry) -> None:
        """Cancel; in good time, the client chooses: deposit back, or kept as credit."""
        deposit_to = "refund"
        late = bookings.late_to_cancel(self.session.salon, entry.booking_id)
        if entry.deposit_held and not late:
            deposit_to = self.ask_deposit_choice(entry)
            if deposit_to is None:
                return
        self.act("cancel", deposit_to=deposit_to)

    def ask_deposit_choice(self, entry) -> str | None:
        money = self.session.salon.settings().money
        box = QMessageBox(QMessageBox.Icon.Question, "Cancel booking",
                          f"Cancelled in good time: the {money(entry.deposit_held)} deposit goes "
                          "back. Refund it the way it was paid, or keep it as credit?", parent=self)
        refund = box.addButton("Refund", QMessageBox.ButtonRole.AcceptRole)
        credit = box.addButton("Keep as credit", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Don't cancel", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return {refund: "refund", credit: "credit"}.get(box.clickedButton())

    def action_buttons(self) -> list[QPushButton]:
        """The actions the chosen booking offers now."""
        return [self.actions.itemAt(i).widget() for i in range(self.actions.count())]

    def act(self, operation: str, **options) -> None:
        """Run one booking operation for the chosen booking; a refusal leaves all as it was."""
        booking_id = self.chosen
        try:
            getattr(bookings, operation)(self.session.salon, booking_id,
                                         by=self.session.staff_id, **options)
        except DomainError as error:
            show_refusal(self, error)
            return
        self.refresh()
        self.booking_changed.emit(booking_id)
