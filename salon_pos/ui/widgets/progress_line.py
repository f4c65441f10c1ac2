"""A progress bar for work on a worker thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QProgressBar


class ProgressLine(QProgressBar):
    """A progress bar a worker thread may report to: `report(done, total)` crosses to the
    UI thread by a queued signal, and the bar moves only when the per mille changes."""

    moved = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Progress")
        self.setRange(0, 1000)
        self.hide()
        self.moved.connect(self._move)

    def report(self, done: int, total: int) -> None:
        self.moved.emit(done, total)

    def start(self) -> None:
        self.setValue(0)
        self.show()

    def _move(self, done: int, total: int) -> None:
        value = 1000 * done // total if total else 1000
        if value != self.value():
            self.setValue(value)
