"""The manager's area: the drawer and day close, reports, kept fees, stock, gift vouchers,
prepaid courses, commission, messages to clients, settings, and data (exports and
imports), one tab each. Tabs are built when first opened, so a page nobody visits costs
nothing at start."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from salon_pos.ui.session import Session


def _drawer(session):
    from salon_pos.ui.pages.manager import ManagerPage
    return ManagerPage(session)


def _reports(session):
    from salon_pos.ui.pages.reports import ReportsPage
    return ReportsPage(session)


def _fees(session):
    from salon_pos.ui.pages.fees import FeesPage
    return FeesPage(session)


def _stock(session):
    from salon_pos.ui.pages.stock import StockPage
    return StockPage(session)


def _vouchers(session):
    from salon_pos.ui.pages.vouchers import VouchersPage
    return VouchersPage(session)


def _courses(session):
    from salon_pos.ui.pages.courses_held import CoursesHeldPage
    return CoursesHeldPage(session)


def _commission(session):
    from salon_pos.ui.pages.commission import CommissionPage
    return CommissionPage(session)


def _messages(session):
    from salon_pos.ui.pages.messages import MessagesPage
    return MessagesPage(session)


def _settings(session):
    from salon_pos.ui.pages.settings import SettingsPage
    return SettingsPage(session)


def _data(session):
    from salon_pos.ui.pages.data_tab import DataPage
    return DataPage(session)


TABS: tuple[tuple[str, Callable[[Session], QWidget]], ...] = (
    ("Drawer and day close", _drawer),
    ("Reports", _reports),
    ("Fees kept", _fees),
    ("Stock", _stock),
    ("Gift vouchers", _vouchers),
    ("Courses", _courses),
    ("Commission", _commission),
    ("Messages", _messages),
    ("Settings", _settings),
    ("Data", _data),
)


class ManagerArea(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Manager's area")
        self.tabs.setDocumentMode(True)
        for title, _factory in TABS:
            self.tabs.addTab(QWidget(), title)
        self.built: dict[int, QWidget] = {}
        self.tabs.currentChanged.connect(self._show_tab)
        QVBoxLayout(self).addWidget(self.tabs)
        self._show_tab(0)

    def page(self, index: int) -> QWidget:
        """The tab's page, built on first use."""
        if index not in self.built:
            page = TABS[index][1](self.session)
            title = self.tabs.tabText(index)
            self.tabs.blockSignals(True)  # swapping the placeholder must not re-enter
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, title)
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(False)
            self.built[index] = page
        return self.built[index]

    def _show_tab(self, index: int) -> None:
        self.page(index).refresh()

    def refresh(self) -> None:
        self._show_tab(self.tabs.currentIndex())
