"""The day book grid: bookings painted as blocks (status colour, client, safety alert,
services, badges), a line at the current time, a booking dragged to another slot or
stylist, and the keyboard (arrows move, Enter opens what is under the cursor)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QTableView,
)

from salon_pos.services.views.day_book import DayBookEntry
from salon_pos.ui.pages.day_book_model import ENTRIES_ROLE, SLOT_MINUTES, STATUS_COLOURS

ROW_HEIGHT = 28  # a 30-minute block holds client, services and badges without clipping
BADGE_COLOURS = {"good": "#2e7d32", "warn": "#c25e00", "alert": "#b71c1c",
                 "settled": "#78909c"}
CHOSEN_BORDER = QColor("#5d4037")
NOW_LINE = QColor("#c62828")


class BookingBlockDelegate(QStyledItemDelegate):
    """Paints a cell's bookings as blocks, side by side when they overlap."""

    def __init__(self, view: DayBookView):
        super().__init__(view)
        self.view = view
        self.name_font = QFont(view.font())
        self.name_font.setPointSizeF(10)
        self.name_font.setBold(True)
        self.text_font = QFont(view.font())
        self.text_font.setPointSizeF(9.5)
        self.alert_font = QFont(self.text_font)
        self.alert_font.setBold(True)
        self.badge_font = QFont(view.font())
        self.badge_font.setPointSizeF(8.5)
        self.badge_font.setBold(True)

    def paint(self, painter: QPainter, option, index) -> None:
        entries = index.data(ENTRIES_ROLE)
        if not entries:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        stripe = QColor(index.model().stylist_colour(index.column()) or "#8d6e63")
        for lane, entry in zip(self.view.lanes(option.rect, len(entries)), entries, strict=True):
            block = self.view.entry_rect(index, lane, entry.start, entry.end)
            self._paint_block(painter, block.adjusted(1, 1, -1, -1), entry, stripe)
            for begin, end in entry.processing:
                self._paint_processing(painter, self.view.entry_rect(index, lane, begin, end)
                                       .adjusted(6, 0, -1, 0))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(CHOSEN_BORDER, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()

    def _paint_block(self, painter: QPainter, rect: QRect, entry: DayBookEntry,
                     stripe: QColor) -> None:
        chosen = entry.booking_id == self.view.chosen
        painter.setPen(QPen(CHOSEN_BORDER, 2.5) if chosen else QPen(QColor("#b0a49c"), 1))
        painter.setBrush(QColor(STATUS_COLOURS.get(entry.status, "#ffffff")))
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        painter.fillRect(QRect(rect.left() + 1, rect.top() + 2, 4, rect.height() - 4), stripe)
        area = rect.adjusted(9, 3, -4, -2)
        name = f"{entry.start:%H:%M} {entry.client}"
        alert = f"⚠ {entry.warning}" if entry.warning else ""
        if alert and area.height() < 2 * QFontMetrics(self.name_font).height():
            self._one_line_with_alert(painter, area, name, alert)
            return
        y = self._line(painter, area, area.top(), self.name_font, name, "#212121")
        if alert:  # right under the name: never pushed out by what is less important
            y = self._line(painter, area, y, self.alert_font, alert, BADGE_COLOURS["alert"])
        y = self._line(painter, area, y, self.text_font, entry.services, "#37474f")
        badges = self.view.model().badges(entry)
        if badges and y + QFontMetrics(self.badge_font).height() + 2 <= area.bottom():
            y = self._badges(painter, area, y + 1, badges)
        self._line(painter, area, y, self.text_font, entry.status_label, "#5d4037")

    def _paint_processing(self, painter: QPainter, area: QRect) -> None:
        """Processing: hatched, and said, for the desk to see the stylist is free then."""
        painter.fillRect(area, QColor("#fafafa"))
        painter.fillRect(area, QBrush(QColor("#b0bec5"), Qt.BrushStyle.BDiagPattern))
        if area.height() >= QFontMetrics(self.text_font).height():
            self._line(painter, area.adjusted(4, 1, -2, 0), area.top() + 1, self.text_font,
                       "Processing: stylist free", "#455a64")

    def _one_line_with_alert(self, painter, area: QRect, name: str, alert: str) -> None:
        """A short block: the name takes at most half the line, the alert the rest."""
        metrics = QFontMetrics(self.name_font)
        width = min(metrics.horizontalAdvance(name) + 6, area.width() // 2)
        self._line(painter, QRect(area.left(), area.top(), width - 6, area.height()),
                   area.top(), self.name_font, name, "#212121")
        self._line(painter, area.adjusted(width, 0, 0, 0), area.top(), self.alert_font, alert,
                   BADGE_COLOURS["alert"])

    @staticmethod
    def _line(painter, area: QRect, y: int, font: QFont, text: str, colour: str) -> int:
        """One elided line of text if it fits below y; returns the y after it."""
        metrics = QFontMetrics(font)
        if y + metrics.height() > area.bottom() + 2:
            return area.bottom() + metrics.height()  # no room: nothing below fits either
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(QRect(area.left(), y, area.width(), metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, area.width()))
        return y + metrics.height()

    def _badges(self, painter, area: QRect, y: int, badges) -> int:
        metrics = QFontMetrics(self.badge_font)
        painter.setFont(self.badge_font)
        x, height = area.left(), metrics.height() + 2
        for text, kind in badges:
            room = area.right() + 1 - x
            if room < 40:
                break
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room - 10)
            width = metrics.horizontalAdvance(text) + 10
            pill = QRectF(x, y, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BADGE_COLOURS[kind]))
            painter.drawRoundedRect(pill, height / 2, height / 2)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        return y + height + 1


class DayBookView(QTableView):
    """The grid. Emits what the person picked; the page decides what to do with it."""

    booking_chosen = Signal(object)  # a booking id, or None for an empty slot
    booking_activated = Signal(int)  # Enter on a block
    slot_activated = Signal(int, int)  # (row, column): Enter or double-click on a free slot
    booking_dropped = Signal(int, int, int)  # (booking id, row, column) of the new start

    def __init__(self, parent=None):
        super().__init__(parent)
        self.now_row: float | None = None  # slot rows since the first, fractional
        self.chosen: int | None = None
        self._press: tuple[int, QPoint, int] | None = None  # booking, where, rows into it
        self.drop_target: tuple[int, int] | None = None  # (row, column) while dragging
        self.setItemDelegate(BookingBlockDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(120)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)

    # — where things are —

    @staticmethod
    def lanes(rect: QRect, count: int) -> list[QRect]:
        """Overlapping bookings share their block's width, left to right."""
        width = rect.width() // count
        return [QRect(rect.left() + i * width, rect.top(), width, rect.height())
                for i in range(count)]

    def entry_rect(self, index, lane: QRect, begin, end) -> QRect:
        """The part of a lane from `begin` to `end` (local): a booking in a block it shares
        with others sits at its own times."""
        model, first = self.model(), index.row()
        row_height = lane.height() / max(1, self.rowSpan(first, index.column()))
        top = lane.top() + max(0.0, model.rows_into_day(begin) - first) * row_height
        bottom = lane.top() + max(0.0, model.rows_into_day(end) - first) * row_height
        return QRect(lane.left(), round(top), lane.width(),
                     max(1, round(min(bottom, lane.bottom() + 1) - top)))

    def booking_at(self, pos: QPoint) -> int | None:
        """The booking under `pos`; none over its processing time, where the stylist is
        free (a double-click there books another client)."""
        index = self.indexAt(pos)
        entries = index.data(ENTRIES_ROLE) if index.isValid() else None
        if not entries:
            return None
        for lane, entry in zip(self.lanes(self.visualRect(index), len(entries)), entries,
                               strict=True):
            if lane.contains(pos):
                if any(self.entry_rect(index, lane, begin, end).contains(pos)
                       for begin, end in entry.processing) or not self.entry_rect(
                        index, lane, entry.start, entry.end).contains(pos):
                    return None
                return entry.booking_id
        return entries[-1].booking_id

    def block_rect(self, row: int, column: int, rows: int) -> QRect:
        return QRect(self.columnViewportPosition(column), self.rowViewportPosition(row),
                     self.columnWidth(column), rows * self.rowHeight(row))

    def holding_booking(self) -> bool:
        """A booking is pressed on, perhaps being dragged: the grid must not change now."""
        return self._press is not None

    # — choosing and the keyboard —

    def currentChanged(self, current, previous):  # noqa: N802 (Qt's name)
        super().currentChanged(current, previous)
        entries = current.data(ENTRIES_ROLE) if current.isValid() else None
        self.booking_chosen.emit(entries[0].booking_id if entries else None)

    def keyPressEvent(self, event):  # noqa: N802
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and index.isValid():
            entries = index.data(ENTRIES_ROLE)
            if entries:
                chosen = self.chosen if self.chosen in [e.booking_id for e in entries] else None
                self.booking_activated.emit(chosen or entries[0].booking_id)
            else:
                self.slot_activated.emit(index.row(), index.column())
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event):  # noqa: N802
        pos = event.position().toPoint()
        index = self.indexAt(pos)
        if index.isValid() and self.booking_at(pos) is None:  # a free slot, or processing
            self.slot_activated.emit(self.rowAt(pos.y()), index.column())
            return
        super().mouseDoubleClickEvent(event)

    # — dragging a booking to another time or stylist —

    def mousePressEvent(self, event):  # noqa: N802
        super().mousePressEvent(event)
        pos = event.position().toPoint()
        booking = self.booking_at(pos) if event.button() == Qt.MouseButton.LeftButton else None
        self._press = None
        if booking is not None:
            origin = self.indexAt(pos).row()
            self._press = (booking, pos, max(0, self.rowAt(pos.y()) - origin))

    def mouseMoveEvent(self, event):  # noqa: N802
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        pos = event.position().toPoint()
        _booking, start, _into = self._press
        if self.drop_target is None and ((pos - start).manhattanLength()
                                         < QApplication.startDragDistance()):
            return
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.drop_target = self._target(pos)
        self.viewport().update()

    def _target(self, pos: QPoint) -> tuple[int, int] | None:
        _booking, _start, into = self._press
        row, column = self.rowAt(pos.y()), self.columnAt(pos.x())
        if row < 0 or column < 0:
            return None
        return max(0, row - into), column

    def mouseReleaseEvent(self, event):  # noqa: N802
        pos = event.position().toPoint()
        press, dragged, target = self._press, self.drop_target is not None, self.drop_target
        self._press, self.drop_target = None, None
        self.unsetCursor()
        if dragged:
            self.viewport().update()
            if target is not None:
                self.booking_dropped.emit(press[0], *target)
            return
        super().mouseReleaseEvent(event)
        if press is not None and self.booking_at(pos) == press[0]:
            self.booking_chosen.emit(press[0])  # the lane clicked, when blocks share a cell

    # — painting over the grid —

    def paintEvent(self, event):  # noqa: N802
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        if self.drop_target is not None and self._press is not None:
            self._paint_drop(painter)
        if self.now_row is not None and self.model() and 0 <= self.now_row < (
                self.model().rowCount()):
            row = int(self.now_row)
            top = self.rowViewportPosition(row) + (self.now_row - row) * self.rowHeight(row)
            painter.setPen(QPen(NOW_LINE, 2))
            painter.drawLine(0, int(top), self.viewport().width(), int(top))
        painter.end()

    def _paint_drop(self, painter: QPainter) -> None:
        """Where the dragged booking would land: its outline and its new start."""
        entry = self.model().entry(self._press[0])
        row, column = self.drop_target
        minutes = (entry.end - entry.start).total_seconds() / 60
        rect = self.block_rect(row, column, max(1, -(-int(minutes) // SLOT_MINUTES)))
        painter.setPen(QPen(CHOSEN_BORDER, 2, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(141, 110, 99, 60))
        painter.drawRoundedRect(QRectF(rect.adjusted(2, 1, -2, -1)), 4, 4)
        painter.setPen(CHOSEN_BORDER)
        painter.drawText(rect.adjusted(8, 2, -4, 0), Qt.AlignmentFlag.AlignTop,
                         f"→ {self.model().slot_time(row):%H:%M}")
