"""The main window: a shell hosting the pages, with who is logged in, a lock button, and
the lock that comes by itself after a few idle minutes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QToolBar

from salon_pos import __version__
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.dialogs.refund import RefundDialog
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.pages.manager import ManagerPage
from salon_pos.ui.session import Session

_ACTIVITY = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
             QEvent.Type.Wheel)


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        settings = session.salon.settings()
        self.setWindowTitle(f"{settings.salon_name} — Salon POS {__version__}")
        self.pages = QStackedWidget()
        self.day_book = DayBookPage(session)
        self.pages.addWidget(self.day_book)
        self.manager = ManagerPage(session)
        self.pages.addWidget(self.manager)
        self.setCentralWidget(self.pages)
        toolbar = QToolBar("Pages")
        toolbar.setMovable(False)
        day_book = QAction("Day book", self, shortcut=QKeySequence("F2"))
        day_book.triggered.connect(lambda: self.pages.setCurrentWidget(self.day_book))
        toolbar.addAction(day_book)
        manager = QAction("Manager", self, shortcut=QKeySequence("F9"))
        manager.triggered.connect(self.show_manager)
        toolbar.addAction(manager)
        refund = QAction("Refund…", self)
        refund.triggered.connect(lambda: RefundDialog(session, self).exec())
        toolbar.addAction(refund)
        lock = QAction("Lock", self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        toolbar.addAction(lock)
        self.addToolBar(toolbar)
        self.idle = QTimer(self, singleShot=True)
        self.idle.setInterval(settings.lock_after_minutes * 60_000)
        self.idle.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.idle.start()
        self._show_who()

    def show_manager(self) -> None:
        self.manager.refresh()
        self.pages.setCurrentWidget(self.manager)

    def _show_who(self) -> None:
        self.statusBar().showMessage(f"Logged in: {self.session.staff_name}")

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() in _ACTIVITY:
            self.idle.start()  # any touch, click or key restarts the idle countdown
        return False

    def lock(self) -> None:
        """Hide the salon's data until someone logs in (the same person or another)."""
        self.idle.stop()
        self.pages.hide()
        self.statusBar().showMessage("Locked")
        if LoginDialog(self.session, self).exec():
            self.pages.show()
            self._show_who()
        else:
            self.close()
            return
        self.idle.start()
