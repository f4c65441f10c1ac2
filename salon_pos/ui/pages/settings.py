"""The Settings page: the salon's details and receipts, the deposit policy, the staff and
their PINs, the catalogue, and messages to clients — one tab each. Anyone may look; every
save needs a manager (the one logged in, or one who types their PIN on the spot)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from salon_pos.ui.pages.settings_catalogue import CatalogueTab
from salon_pos.ui.pages.settings_messages import MessagesTab
from salon_pos.ui.pages.settings_policy import PolicyTab
from salon_pos.ui.pages.settings_salon import SalonTab
from salon_pos.ui.pages.settings_staff import StaffTab
from salon_pos.ui.session import Session


class SettingsPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.salon = SalonTab(session)
        self.policy = PolicyTab(session)
        self.staff = StaffTab(session)
        self.catalogue = CatalogueTab(session)
        self.messages = MessagesTab(session)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings")
        for tab, label in ((self.salon, "&Salon"), (self.policy, "&Deposits && policy"),
                           (self.staff, "S&taff"), (self.catalogue, "&Catalogue"),
                           (self.messages, "&Messages")):
            self.tabs.addTab(tab, label)
        # A new currency or number format changes how amounts look on the other tabs.
        self.salon.saved.connect(self.policy.refresh)
        self.salon.saved.connect(self.catalogue.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Settings", objectName="pageTitle"))
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        for tab in (self.salon, self.policy, self.staff, self.catalogue, self.messages):
            tab.refresh()
