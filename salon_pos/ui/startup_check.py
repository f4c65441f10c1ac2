"""The database file's check (a second or more for years of data), run on a worker: while
the login is on screen (the login waits for it, so no one gets past it on a damaged file,
and no one waits for it while typing their PIN), or, when the file is as a session that
had checked it left it, once the day book is up (ui/app.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, Signal

from salon_pos.ui.tasks import TaskRunner


class StartupCheck(QObject):
    finished = Signal()

    def __init__(self, tasks: TaskRunner, check: Callable[[], None] | None, parent=None):
        super().__init__(parent)
        self.refusal: str | None = None  # the damage and the way back, when it failed
        self.ran = check is not None
        self.done = check is None
        if check is not None:
            tasks.run_in_background(check, self._passed, self._failed, connected=False)

    def _passed(self, _result) -> None:
        self.done = True
        self.finished.emit()

    def _failed(self, error) -> None:
        self.refusal = error.message
        self.done = True
        self.finished.emit()

    @property
    def passed(self) -> bool:
        """The whole file was checked and found sound."""
        return self.ran and self.done and self.refusal is None

    def wait(self) -> None:
        """Until it has finished, the event loop running (the screen stays alive)."""
        if not self.done:
            loop = QEventLoop()
            self.finished.connect(loop.quit)
            loop.exec()
