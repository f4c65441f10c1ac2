"""Choosing a range of days: From / To pickers and quick ranges (today, this week, this
month, last month), for the manager's reports and the fees kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget


def month_start(day: date) -> date:
    return day.replace(day=1)


class DateRangeBar(QWidget):
    """From / To date pickers and quick ranges; `changed` fires once per change, also when
    a quick range moves both dates."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent=None):
        super().__init__(parent)
        self.today = today
        self.from_date = self._picker("From")
        self.to_date = self._picker("To")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # A trailing no-break space: Qt measures an underlined "T" before "o" a little short.
        for label, picker in (("&From\u00a0", self.from_date), ("&To\u00a0", self.to_date)):
            caption = QLabel(label)
            caption.setBuddy(picker)
            layout.addWidget(caption)
            layout.addWidget(picker)
        layout.addSpacing(16)
        self.quick: dict[str, QPushButton] = {}
        for text, pick in (("Today", self._today), ("This week", self._this_week),
                           ("This month", self._this_month), ("Last month", self._last_month)):
            button = self.quick[text] = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _=False, pick=pick: self.set_range(*pick()))
            layout.addWidget(button)
        layout.addStretch()

    def _picker(self, name: str) -> QDateEdit:
        picker = QDateEdit(calendarPopup=True, displayFormat="ddd d MMM yyyy")
        picker.setAccessibleName(name)
        picker.setMinimumWidth(150)
        picker.dateChanged.connect(lambda _day: self.changed.emit())
        return picker

    def first(self) -> date:
        return self.from_date.date().toPython()

    def last(self) -> date:
        return self.to_date.date().toPython()

    def set_range(self, first: date, last: date) -> None:
        for picker, day in ((self.from_date, first), (self.to_date, last)):
            picker.blockSignals(True)
            picker.setDate(QDate(day.year, day.month, day.day))
            picker.blockSignals(False)
        self.changed.emit()

    def _today(self) -> tuple[date, date]:
        return self.today(), self.today()

    def _this_week(self) -> tuple[date, date]:
        today = self.today()
        return today - timedelta(days=today.weekday()), today

    def _this_month(self) -> tuple[date, date]:
        return month_start(self.today()), self.today()

    def _last_month(self) -> tuple[date, date]:
        end = month_start(self.today()) - timedelta(days=1)
        return month_start(end), end
