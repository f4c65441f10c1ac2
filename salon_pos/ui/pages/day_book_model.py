"""The day book as a table model: one column per working stylist, one row per 15 minutes;
a booking sits in the row of its start and spans its length."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from salon_pos.services.day_book import DayBook, DayBookEntry

SLOT_MINUTES = 15
_ROOT = QModelIndex()
BOOKING_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLOURS = {
    "booked": "#e3f2fd", "arrived": "#fff3e0", "in_service": "#ffe0b2", "ready": "#e8f5e9",
    "closed": "#eeeeee", "no_show": "#ffcdd2",
}


class DayBookModel(QAbstractTableModel):
    def __init__(self, money=str, parent=None):
        super().__init__(parent)
        self.money = money
        self.cell_font = QFont()
        self.cell_font.setPointSizeF(9.5)
        self.book: DayBook | None = None
        self.first_slot = time(8, 0)
        self.slots = 0
        self.cells: dict[tuple[int, int], list[DayBookEntry]] = {}
        self.spans: list[tuple[int, int, int]] = []

    def set_day_book(self, book: DayBook) -> None:
        self.beginResetModel()
        self.book = book
        starts = [e.start.time() for e in book.entries] + [time(9, 0)]
        ends = [e.end for e in book.entries]
        first = min(min(starts), time(8, 0))
        self.first_slot = time(first.hour, 0)
        last_hour = max([20] + [e.hour + (1 if e.minute else 0) for e in ends])
        self.slots = (last_hour - self.first_slot.hour) * 60 // SLOT_MINUTES
        self.cells, self.spans = {}, []
        columns = {stylist_id: i for i, (stylist_id, _n, _c) in enumerate(book.stylists)}
        taken: dict[int, int] = {}  # column → first free row (so spans never overlap)
        for entry in book.entries:
            column = columns.get(entry.stylist_id)
            if column is None:
                continue
            row = max(0, self._row_of(entry.start))
            self.cells.setdefault((row, column), []).append(entry)
            length = max(1, -(-int((entry.end - entry.start).total_seconds() // 60)
                              // SLOT_MINUTES))
            if row >= taken.get(column, 0):
                self.spans.append((row, column, min(length, self.slots - row)))
                taken[column] = row + length
        self.endResetModel()

    def _row_of(self, moment: datetime) -> int:
        minutes = (moment.hour - self.first_slot.hour) * 60 + moment.minute
        return minutes // SLOT_MINUTES

    def slot_time(self, row: int) -> time:
        start = datetime.combine(datetime.today(), self.first_slot)
        return (start + timedelta(minutes=row * SLOT_MINUTES)).time()

    def rowCount(self, parent=_ROOT):  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self.slots

    def columnCount(self, parent=_ROOT):  # noqa: N802
        return 0 if parent.isValid() or self.book is None else len(self.book.stylists)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or self.book is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.book.stylists[section][1]
        return f"{self.slot_time(section):%H:%M}"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        entries = self.cells.get((index.row(), index.column()))
        if not entries:
            return None
        first = entries[0]
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(self._describe(entry) for entry in entries)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(STATUS_COLOURS.get(first.status, "#ffffff"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role == Qt.ItemDataRole.FontRole:
            return self.cell_font
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{first.client}: {first.services} ({first.status_label})"
        if role == BOOKING_ROLE:
            return first.booking_id
        return None

    def _describe(self, entry: DayBookEntry) -> str:
        badges = []
        if entry.deposit_held:
            badges.append(f"deposit {self.money(entry.deposit_held)} held")
        elif entry.deposit_due:
            badges.append(f"deposit {self.money(entry.deposit_due)} due")
        if entry.notes:
            badges.append("note agreed" if entry.notes_agreed == entry.notes else "note to agree")
        text = f"{entry.start:%H:%M} {entry.client}\n{entry.services}"
        if entry.alerts:
            text += f"\n⚠ {entry.alerts}"
        if badges:
            text += "\n" + " · ".join(badges)
        return text + f"\n[{entry.status_label}]"

    def entry(self, booking_id: int) -> DayBookEntry | None:
        if self.book is None:
            return None
        return next((e for e in self.book.entries if e.booking_id == booking_id), None)
