"""A time of day that can be typed ("9", "930", "09:30") or picked from the quarter hours of
the salon's day — a spin box's arrows are too slow with a client waiting."""

from __future__ import annotations

from contextlib import suppress
from datetime import time

from PySide6.QtWidgets import QComboBox

from salon_pos.domain.booking_times import parse_time_of_day, quarter_hours
from salon_pos.domain.errors import DomainError


class TimeBox(QComboBox):
    def __init__(self, at: time, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # what is typed is not a slot
        self.setCompleter(None)  # inline completion would fight "930" as it is typed
        self.setMaxVisibleItems(16)
        for slot in quarter_hours():
            self.addItem(f"{slot:%H:%M}")
        self.set_time(at)
        self.lineEdit().editingFinished.connect(self._tidy)

    def time(self) -> time:
        """The time shown; a DomainError says how to type one."""
        return parse_time_of_day(self.currentText())

    def set_time(self, at: time) -> None:
        text = f"{at:%H:%M}"
        slot = self.findText(text)
        if slot >= 0:
            self.setCurrentIndex(slot)  # the popup opens on it
        self.setEditText(text)

    def _tidy(self) -> None:
        """Leaving the box shows what was understood: "930" becomes 09:30."""
        with suppress(DomainError):  # else left as typed: booking says what is wrong
            self.set_time(self.time())
