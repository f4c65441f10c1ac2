"""The main window: a shell hosting the pages, with who is logged in and a lock button."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QToolBar

from salon_pos import __version__
from salon_pos.ui.dialogs.refund import RefundDialog
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.session import Session


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        settings = session.salon.settings()
        self.setWindowTitle(f"{settings.salon_name} — Salon POS {__version__}")
        self.pages = QStackedWidget()
        self.day_book = DayBookPage(session)
        self.pages.addWidget(self.day_book)
        self.setCentralWidget(self.pages)
        toolbar = QToolBar("Pages")
        toolbar.setMovable(False)
        day_book = QAction("Day book", self, shortcut=QKeySequence("F2"))
        day_book.triggered.connect(lambda: self.pages.setCurrentWidget(self.day_book))
        toolbar.addAction(day_book)
        refund = QAction("Refund…", self)
        refund.triggered.connect(lambda: RefundDialog(session, self).exec())
        toolbar.addAction(refund)
        self.addToolBar(toolbar)
        self.statusBar().showMessage(f"Logged in: {session.staff_name}")
