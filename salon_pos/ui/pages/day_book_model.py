"""The day book as a table model: one column per working stylist, one row per 15 minutes;
a booking sits in the row of its start and spans its length. Bookings of one stylist that
overlap (double-booked on purpose) share one block, side by side."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from salon_pos.domain.booking_times import CLOSING, OPENING  # the grid shows at least these
from salon_pos.domain.deposit_outcome import DepositFate
from salon_pos.domain.patch_tests import BADGES as PATCH_BADGES
from salon_pos.domain.patch_tests import Standing
from salon_pos.services.views.day_book import DayBook, DayBookEntry

SLOT_MINUTES = 15
_ROOT = QModelIndex()
BOOKING_ROLE = Qt.ItemDataRole.UserRole + 1  # the id of the (first) booking in a cell
ENTRIES_ROLE = Qt.ItemDataRole.UserRole + 2  # every booking in the cell, side by side
STATUS_COLOURS = {
    "booked": "#e3f2fd", "arrived": "#fff3e0", "in_service": "#ffe0b2", "ready": "#e8f5e9",
    "closed": "#eeeeee", "no_show": "#ffcdd2",
}
# A deposit's mark on a block: what still needs doing stands out; what is over is grey.
DEPOSIT_BADGES = {DepositFate.DUE: "warn", DepositFate.HELD: "good"}


class DayBookModel(QAbstractTableModel):
    def __init__(self, money=str, parent=None):
        super().__init__(parent)
        self.money = money
        self.book: DayBook | None = None
        self.first_slot = OPENING
        self.slots = 0
        self.cells: dict[tuple[int, int], list[DayBookEntry]] = {}
        self.spans: list[tuple[int, int, int]] = []

    def set_day_book(self, book: DayBook) -> None:
        self.beginResetModel()
        self.book = book
        first = min([e.start.time() for e in book.entries] + [OPENING])
        self.first_slot = time(first.hour, 0)
        last_hour = max([CLOSING.hour] + [self._hour_after(e) for e in book.entries])
        self.slots = (last_hour - self.first_slot.hour) * 60 // SLOT_MINUTES
        self.cells, self.spans = {}, []
        columns = {stylist_id: i for i, (stylist_id, _n, _c) in enumerate(book.stylists)}
        last: dict[int, tuple[int, int]] = {}  # column → (first row, row after) of its last block
        blocks: dict[tuple[int, int], int] = {}  # (row, column) → the row after the block
        for entry in book.entries:  # in order of start
            column = columns.get(entry.stylist_id)
            if column is None:
                continue
            row = max(0, self.row_of(entry.start))
            end = min(self.slots, max(row + 1, self._row_after(entry.end)))
            origin, after = last.get(column, (-1, 0))
            if row < after:  # overlaps the column's last block: joins it
                row, end = origin, max(end, after)
                self.cells[(row, column)].append(entry)
            else:
                self.cells[(row, column)] = [entry]
            blocks[(row, column)] = end
            last[column] = (row, end)
        self.spans = [(row, column, end - row) for (row, column), end in blocks.items()]
        self.endResetModel()

    @staticmethod
    def _hour_after(entry: DayBookEntry) -> int:
        if entry.end.date() > entry.start.date():
            return 24
        return entry.end.hour + (1 if entry.end.minute else 0)

    def row_of(self, moment: datetime) -> int:
        minutes = (moment.hour - self.first_slot.hour) * 60 + moment.minute
        return minutes // SLOT_MINUTES

    def rows_into_day(self, moment: datetime) -> float:
        """Where a moment falls on the grid, in rows (a fraction within one), the grid's
        last row for the next day."""
        if self.book and moment.date() > self.book.day:
            return float(self.slots)
        minutes = (moment.hour - self.first_slot.hour) * 60 + moment.minute
        return minutes / SLOT_MINUTES

    def _row_after(self, moment: datetime) -> int:
        if self.book and moment.date() > self.book.day:
            return self.slots
        minutes = (moment.hour - self.first_slot.hour) * 60 + moment.minute
        return -(-minutes // SLOT_MINUTES)

    def slot_time(self, row: int) -> time:
        start = datetime.combine(date.min, self.first_slot)
        return (start + timedelta(minutes=row * SLOT_MINUTES)).time()

    def stylist_id(self, column: int) -> int:
        return self.book.stylists[column][0]

    def stylist_colour(self, column: int) -> str:
        return self.book.stylists[column][2]

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
        if role == Qt.ItemDataRole.AccessibleTextRole:
            slot = f"{self.slot_time(index.row()):%H:%M}"
            return "; ".join(self.describe(e) for e in entries) if entries else f"{slot} free"
        if not entries:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(self.describe(entry) for entry in entries)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n\n".join(self.describe(entry) for entry in entries)
        if role == BOOKING_ROLE:
            return entries[0].booking_id
        if role == ENTRIES_ROLE:
            return list(entries)
        return None

    def badges(self, entry: DayBookEntry) -> list[tuple[str, str]]:
        """The small marks on a block, each (text, kind): kind picks its colour."""
        marks = [(f"{self.money(amount)} {fate}", DEPOSIT_BADGES.get(fate, "settled"))
                 for fate, amount in entry.deposit.parts]
        if entry.notes:
            agreed = entry.notes_agreed == entry.notes
            marks.append(("note ✓" if agreed else "note to agree", "good" if agreed else "warn"))
        # A patch test to see to comes first (the work may not start without it), a valid
        # one last; a reaction is not a mark but the block's alert line.
        if entry.patch_test and entry.patch_standing is not Standing.REACTION:
            mark = PATCH_BADGES[entry.patch_standing]
            marks.insert(len(marks) if mark[1] == "good" else 0, mark)
        return marks

    def describe(self, entry: DayBookEntry) -> str:
        """The block in words (its tooltip, what a screen reader says): the alert in full."""
        lines = [f"{entry.start:%H:%M}–{entry.end:%H:%M} {entry.client}"]
        if entry.warning:
            lines.append(f"⚠ {entry.warning}")
        lines += [entry.services, entry.status_label]
        lines += [text for text, _kind in self.badges(entry)]
        return "\n".join(lines)

    def entry(self, booking_id: int) -> DayBookEntry | None:
        if self.book is None:
            return None
        return next((e for e in self.book.entries if e.booking_id == booking_id), None)

    def cell_of(self, booking_id: int) -> tuple[int, int] | None:
        """The (row, column) of the block that holds a booking."""
        return next((cell for cell, entries in self.cells.items()
                     if any(e.booking_id == booking_id for e in entries)), None)
