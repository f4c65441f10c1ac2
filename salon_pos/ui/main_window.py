"""The main window: a shell hosting the pages, with who is logged in, a lock button, and
the lock that comes by itself after a few idle minutes. Each person lands on their own
home page: a stylist on their day, everyone else on the day book."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
)

from salon_pos import __version__
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.dialogs.messages import run_modal
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.session import Session
from salon_pos.ui.window_placement import remember_place

_ACTIVITY = (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
             QEvent.Type.Wheel)



def _my_day(session: Session):
    from salon_pos.ui.pages.my_day import MyDayPage

    return MyDayPage(session)


def _clients(session: Session):
    from salon_pos.ui.pages.clients import ClientsPage

    return ClientsPage(session)


def _manager_area(session: Session):
    from salon_pos.ui.pages.manager_area import ManagerArea

    return ManagerArea(session)


# Page name → (toolbar label, shortcut, how to build it). Pages are built — and their
# modules imported — on first visit, so the app opens on its home page without them.
PAGES: dict[str, tuple[str, str, Callable]] = {
    "day_book": ("Day book", "F2", DayBookPage),
    "my_day": ("My day", "F3", _my_day),
    "clients": ("Clients", "F4", _clients),
    "manager": ("Manager", "F9", _manager_area),
}


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        settings = session.salon.settings()
        self.setWindowTitle(f"{settings.salon_name} — Salon POS {__version__}")
        self.pages = QStackedWidget()
        self.built: dict[str, object] = {}
        self.setCentralWidget(self.pages)
        toolbar = QToolBar("Pages")
        toolbar.setMovable(False)
        for name, (label, keys, _build) in PAGES.items():
            action = QAction(f"{label}  {keys}", self, shortcut=QKeySequence(keys))
            action.setToolTip(f"{label} ({keys})")
            action.triggered.connect(lambda _=False, name=name: self.show_page(name))
            toolbar.addAction(action)
        toolbar.addSeparator()
        refund = QAction("Refund…", self)
        refund.triggered.connect(self.refund)
        toolbar.addAction(refund)
        voucher = QAction("Voucher balance…", self)
        voucher.triggered.connect(self.voucher_balance)
        toolbar.addAction(voucher)
        waiting = QAction("Waitlist…", self)
        waiting.setToolTip("Clients waiting for a place that frees")
        waiting.triggered.connect(self.waitlist)
        toolbar.addAction(waiting)
        calls = QAction("Calls to make…", self)
        calls.setToolTip("Reminders to phone: clients with no email address")
        calls.triggered.connect(self.calls_to_make)
        toolbar.addAction(calls)
        lock = QAction("Lock  Ctrl+L", self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        toolbar.addAction(lock)
        about = QAction("About", self)
        about.triggered.connect(self.about)
        toolbar.addAction(about)
        self.addToolBar(toolbar)
        self.idle = QTimer(self, singleShot=True)
        self.idle.setInterval(settings.lock_after_minutes * 60_000)
        self.idle.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.idle.start()
        self.go_home()

    def page(self, name: str):
        if name not in self.built:
            self.built[name] = PAGES[name][2](self.session)
            self.pages.addWidget(self.built[name])
        return self.built[name]

    @property
    def day_book(self) -> DayBookPage:
        return self.page("day_book")

    def show_page(self, name: str) -> bool:
        """Show a page (the manager's area asks a manager's PIN of anyone else)."""
        if name == "manager" and manager_approval(self.session, "The manager's area",
                                                  self) is None:
            return False
        built_before = name in self.built
        page = self.page(name)
        if built_before:  # a page just built has just read its data
            page.refresh()
        self.pages.setCurrentWidget(page)
        return True

    def go_home(self) -> None:
        self.show_page("my_day" if self.session.role == "stylist" else "day_book")
        self.statusBar().showMessage(f"Logged in: {self.session.staff_name}")

    def closeEvent(self, event):  # noqa: N802 (Qt's name)
        remember_place(self)  # the next start opens the window where it was
        super().closeEvent(event)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if event.type() in _ACTIVITY:
            self.idle.start()  # any touch, click or key restarts the idle countdown
        return False

    def lock(self) -> None:
        """Hide the salon's data until someone logs in (the same person or another).
        Open dialogs are closed: each action in them is already saved on its own, and an
        open sale waits for the next Checkout. Whoever logs in lands on their home page."""
        self.idle.stop()
        for window in QApplication.topLevelWidgets():
            if isinstance(window, QDialog) and window.isVisible():
                window.reject()
        self.pages.hide()
        self.statusBar().showMessage("Locked")
        while not run_modal(LoginDialog(self.session, self)):
            if self._confirm_quit():
                self.close()
                return
        self.pages.show()
        self.go_home()
        self.idle.start()

    def _confirm_quit(self) -> bool:
        answer = QMessageBox.question(self, "Close Salon POS",
                                      "Close Salon POS? Nobody is logged in.")
        return answer == QMessageBox.StandardButton.Yes

    def refund(self) -> None:
        from salon_pos.ui.dialogs.refund import RefundDialog

        run_modal(RefundDialog(self.session, self))

    def voucher_balance(self) -> None:
        from salon_pos.ui.dialogs.voucher_lookup import VoucherLookupDialog

        run_modal(VoucherLookupDialog(self.session, self))

    def waitlist(self) -> None:
        from salon_pos.ui.dialogs.waitlist import WaitlistDialog

        run_modal(WaitlistDialog(self.session, self))

    def calls_to_make(self) -> None:
        from salon_pos.ui.dialogs.call_list import CallListDialog

        run_modal(CallListDialog(self.session, self))

    def about(self) -> None:
        QMessageBox.about(
            self, "About Salon POS",
            f"<h3>Salon POS {__version__}</h3>"
            "<p>Point of sale for hair and beauty salons: no-show deposits, expectation "
            "notes agreed before the work, and payment after the service.</p>"
            "<p>Free software under the GNU GPL, version 3 or later.</p>")
