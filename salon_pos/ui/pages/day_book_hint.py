"""The line above a new salon's day book saying what comes before the first booking —
a tax rate, stylists, services — with the way to set them up (the guided start, at the
steps still missing); once all are there and nothing is booked yet, how to book."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from salon_pos.services.views.getting_started import SERVICES, STYLISTS, TAX, set_up_so_far
from salon_pos.ui.session import Session

MISSING_WORDS = {TAX: "the tax rate on services", STYLISTS: "your stylists",
                 SERVICES: "your services"}
READY = ("Ready for the first booking: press New booking (Ctrl+N), or double-click a free "
         "time in a stylist's column.")


class GettingStartedHint(QFrame):
    set_up_more = Signal()  # something was added: the day book reads itself again

    def __init__(self, session: Session, parent=None):
        super().__init__(parent, objectName="gettingStarted")
        self.session = session
        self.missing: tuple[str, ...] = ()
        self.text = QLabel(wordWrap=True)
        self.text.setAccessibleName("Getting started")
        self.button = QPushButton("Set them up…")
        self.button.setAccessibleName("Set up what is missing")
        self.button.clicked.connect(self.continue_setting_up)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def refresh(self) -> None:
        so_far = set_up_so_far(self.session.salon)
        self.missing = so_far.missing
        if self.missing:
            needed = [MISSING_WORDS[step] for step in self.missing]
            listed = ", ".join(needed[:-1]) + " and " + needed[-1] if len(needed) > 1 \
                else needed[0]
            self.text.setText(f"Before the first booking, set up {listed}.")
        else:
            self.text.setText(READY)
        self.button.setVisible(bool(self.missing))
        self.setVisible(bool(self.missing) or not so_far.has_bookings)

    def continue_setting_up(self) -> None:
        from salon_pos.ui.dialogs.approval import manager_approval
        from salon_pos.ui.dialogs.first_start import FirstStartDialog
        from salon_pos.ui.dialogs.messages import run_modal

        approver = manager_approval(self.session, "Setting up the salon", self)
        if approver is None:
            return
        run_modal(FirstStartDialog(self.session, self, steps=self.missing,
                                   approved_by=approver))
        self.set_up_more.emit()
