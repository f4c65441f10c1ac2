"""The app's mail worker: a pass of `exchange.mail.send_due` on the thread pool a little
after the window opens and then every minute (never two at once), so confirmations and
reminders go while the app runs; what the last pass did is kept for the Messages page."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange.mail import PassReport, send_due
from salon_pos.ui.session import Session

EVERY_MS = 60_000
FIRST_AFTER_MS = 5_000  # the day book first: the window is up and painted before a pass


class MailWorker(QObject):
    passed = Signal(object)  # the PassReport of a pass just done

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.running = False
        self.last: PassReport | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.send_now)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(FIRST_AFTER_MS, self, self.send_now)

    def send_now(self) -> None:
        """A pass now, unless one is under way (it will have taken what is due)."""
        if self.running:
            return
        self.running = True
        salon = self.session.salon
        self.session.tasks.run_in_background(lambda: send_due(salon), self._done,
                                             self._failed)

    def _done(self, report: PassReport) -> None:
        self.running = False
        self.last = report
        self.passed.emit(report)

    def _failed(self, error: DomainError) -> None:
        self._done(PassReport(problem=error.message))
