"""Repeat bookings on screen. "Repeat…" plans a booking's repeats — every few weeks, so
many times or until a day — and lists each with what stands in its way; a clash is
resolved on its row (another time, another stylist, or not booked) before "Book" books
them all at once. "Series…" shows a series, and moves or cancels it from the booking
chosen on."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.localtime import local_of, local_to_utc
from salon_pos.services.kernel.lookup import get_booking
from salon_pos.services.operations import series
from salon_pos.services.views.series import series_bookings
from salon_pos.ui.dialogs.messages import confirm
from salon_pos.ui.dialogs.reschedule import stylist_choice
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.time_box import TimeBox

CLASH_STYLE = "color: #b71c1c;"


class PlannedRow:
    """One repeat on its row: booked or not, its day, time and stylist, and its clash."""

    def __init__(self, dialog: RepeatDialog, planned: series.Planned):
        self.dialog = dialog
        tz = dialog.session.salon.settings().tz
        local = planned.start.astimezone(tz)
        self.book = QCheckBox()
        self.book.setChecked(True)
        self.book.setAccessibleName("Book this repeat")
        self.day = QDateEdit(QDate(local.year, local.month, local.day), calendarPopup=True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Day")
        self.time = TimeBox(local.time())
        self.time.setAccessibleName("Time")
        self.stylist = stylist_choice(dialog.session.salon, planned.stylist_id)
        self.clash = QLabel()
        self.clash.setWordWrap(True)
        self.show_clash(planned.clash)
        self.book.toggled.connect(self.changed)
        self.day.dateChanged.connect(self.changed)
        self.time.currentTextChanged.connect(self.changed)
        self.stylist.currentIndexChanged.connect(self.changed)

    def start(self) -> datetime:
        return local_to_utc(self.day.date().toPython(), self.time.time(),
                            self.dialog.session.salon.settings().tz)

    def changed(self, *_args) -> None:
        """Checked again at once: a few queries on one stylist's few days."""
        if not self.book.isChecked():
            self.show_clash("")
        else:
            try:
                planned = series.check_planned(self.dialog.session.salon,
                                               self.dialog.booking_id, self.start(),
                                               self.stylist.currentData())
            except DomainError as error:
                self.show_clash(error.message)
            else:
                self.show_clash(planned.clash)
        self.dialog.enable_book()

    def show_clash(self, clash: str) -> None:
        self.has_clash = bool(clash)
        self.clash.setText(f"⚠ {clash}: another time, another stylist, or untick it"
                           if clash else ("Free" if self.book.isChecked() else "Not booked"))
        self.clash.setStyleSheet(CLASH_STYLE if clash else "")


class RepeatDialog(QDialog):
    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        self.made: list[int] = []
        self.rows: list[PlannedRow] = []
        self.setWindowTitle("Repeat the booking")
        self.resize(1000, 620)
        booking = get_booking(session.salon, booking_id)
        self.every = QSpinBox(minimum=1, maximum=series.MAX_WEEKS_APART)
        self.every.valueChanged.connect(
            lambda weeks: self.every.setSuffix(" week" if weeks == 1 else " weeks"))
        self.every.setValue(4)
        self.every.setAccessibleName("Every")
        self.by_times = QRadioButton("times")
        self.by_times.setChecked(True)
        self.times = QSpinBox(minimum=1, maximum=series.MAX_REPEATS)
        self.times.setValue(5)
        self.times.setAccessibleName("Times")
        self.by_day = QRadioButton("until")
        self.until = QDateEdit(calendarPopup=True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        self.until.setAccessibleName("Until")
        start = booking.start
        self.until.setDate(QDate(start.year + 1, start.month, min(start.day, 28)))
        plan = QPushButton("&Plan")
        plan.clicked.connect(self.plan)
        top = QHBoxLayout()
        for widget in (QLabel(f"{booking.client.name}: the same services every"), self.every,
                       self.times, self.by_times, self.by_day, self.until, plan):
            top.addWidget(widget)
        top.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.message = MessageLine()
        self.book_button = QPushButton("&Book them")
        self.book_button.setAccessibleName("Book them")
        self.book_button.setEnabled(False)
        self.book_button.clicked.connect(self.book)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.book_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self.plan()

    def plan(self) -> None:
        options = ({"times": self.times.value()} if self.by_times.isChecked() else
                   {"until": self.until.date().toPython()})
        try:
            planned = series.plan_repeats(self.session.salon, self.booking_id,
                                          every_weeks=self.every.value(), **options)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.rows = [PlannedRow(self, one) for one in planned]
        holder = QWidget()  # a new plan, new rows: the old ones go with their holder
        grid = QGridLayout(holder)
        for column, title in enumerate(("Book", "Day", "Time", "Stylist", "")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for number, row in enumerate(self.rows, start=1):
            for column, widget in enumerate((row.book, row.day, row.time, row.stylist,
                                             row.clash)):
                grid.addWidget(widget, number, column)
        grid.setColumnStretch(4, 1)
        grid.setRowStretch(len(self.rows) + 1, 1)
        self.scroll.setWidget(holder)
        self.enable_book()

    def enable_book(self) -> None:
        chosen = [row for row in self.rows if row.book.isChecked()]
        clashes = sum(row.has_clash for row in chosen)
        self.book_button.setEnabled(bool(chosen) and not clashes)
        self.book_button.setText(f"&Book {len(chosen)} "
                                 f"{'repeat' if len(chosen) == 1 else 'repeats'}")
        if clashes:
            self.message.refuse(f"{clashes} {'clash' if clashes == 1 else 'clashes'} to "
                                "resolve before anything is booked.")
        else:
            self.message.clear()

    def book(self) -> None:
        try:
            self.made = series.book_repeats(
                self.session.salon, self.booking_id, every_weeks=self.every.value(),
                planned=[(row.start(), row.stylist.currentData()) for row in self.rows
                         if row.book.isChecked()], by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.accept()


class SeriesDialog(QDialog):
    """A series' bookings; from the one chosen in the day book on, moved or cancelled."""

    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        self.changed = False
        booking = get_booking(session.salon, booking_id)
        self.setWindowTitle(f"Repeat series — {booking.client.name}")
        self.resize(820, 520)
        money = session.salon.settings().money
        self.model = RowsModel(("When", "Stylist", "Status", "Deposit due", "Held"),
                               right_aligned=(3, 4), parent=self)
        self.model.set_rows([
            (("▶ " if b.booking_id == booking_id else "") + f"{b.start:%a %d %b %Y, %H:%M}",
             b.stylist, b.status.label, money(b.deposit_due), money(b.deposit_held))
            for b in series_bookings(session.salon, booking.series_id)])
        view = list_table(self.model, "Bookings of the series", stretch=0)
        local = local_of(booking.start, session.salon.settings().tz)
        self.day = QDateEdit(QDate(local.year, local.month, local.day), calendarPopup=True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("New day")
        self.time = TimeBox(local.time())
        self.time.setAccessibleName("New time")
        self.stylist = stylist_choice(session.salon, booking.stylist_id)
        self.message = MessageLine()
        self.move_button = QPushButton("&Move this and later")
        self.move_button.clicked.connect(self.move)
        self.cancel_button = QPushButton("&Cancel this and later")
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        move = QHBoxLayout()
        for widget in (QLabel("This booking to"), self.day, self.time, self.stylist,
                       self.move_button):
            move.addWidget(widget)
        move.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Later bookings move by the same step (Tuesdays at 10 become "
                                "Wednesdays at 11).", objectName="hint"))
        layout.addWidget(view, 1)
        layout.addLayout(move)
        layout.addLayout(bottom)

    def move(self) -> None:
        salon = self.session.salon
        try:
            start = local_to_utc(self.day.date().toPython(), self.time.time(),
                                 salon.settings().tz)
            moved = series.move_series_from(salon, self.booking_id, start=start,
                                            stylist_id=self.stylist.currentData(),
                                            by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.changed = True
        self.message.done(f"Moved {len(moved)} {'booking' if len(moved) == 1 else 'bookings'}.")
        self.accept()

    def cancel(self) -> None:
        if not confirm(self, "Cancel the series", "Cancel this booking and the later ones of "
                       "the series? Each follows the cancellation rules: a deposit goes back "
                       "when in good time, and is kept when late.", "Cancel them",
                       "Keep them"):
            return
        try:
            series.cancel_series_from(self.session.salon, self.booking_id,
                                      by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.changed = True
        self.accept()
