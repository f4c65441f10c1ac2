"""The line above a new salon's day book saying what comes before the first booking —
a tax rate, stylists, services — with the way to set them up (the guided start, at the
steps still missing); once all are there and nothing is booked yet, the first booking one
press away (the keyboard is on its button)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from salon_pos.services.views.getting_started import SERVICES, STYLISTS, TAX, set_up_so_far
from salon_pos.ui.session import Session

MISSING_WORDS = {TAX: "the tax rate on services", STYLISTS: "your stylists",
                 SERVICES: "your services"}
READY = ("Ready for the first booking: press Book the first client, or double-click a free "
         "time in a stylist's column.")


class GettingStartedHint(QFrame):
    set_up_more = Signal()  # something was added: the day book reads itself again
    book = Signal()  # the first booking, asked for here

    def __init__(self, session: Session, parent=None):
        super().__init__(parent, objectName="gettingStarted")
        self.session = session
        self.missing: tuple[str, ...] = ()
        self.text = QLabel(wordWrap=True)
        self.text.setAccessibleName("Getting started")
        self.button = QPushButton(autoDefault=True)  # Enter presses it, as in a dialog
        self.button.clicked.connect(self._pressed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def refresh(self) -> None:
        so_far = set_up_so_far(self.session.salon)
        self.missing = so_far.missing
        ready_before = not self.isHidden() and self.text.text() == READY
        if self.missing:
            needed = [MISSING_WORDS[step] for step in self.missing]
            listed = ", ".join(needed[:-1]) + " and " + needed[-1] if len(needed) > 1 \
                else needed[0]
            self.text.setText(f"Before the first booking, set up {listed}.")
            self.button.setText("Set them up…")
        else:
            self.text.setText(READY)
            self.button.setText("Book the first client…")
        self.button.setAccessibleName(self.button.text().rstrip("…"))
        ready = not self.missing and not so_far.has_bookings
        self.setVisible(bool(self.missing) or ready)
        if ready and not ready_before:  # Enter books: the first booking is one press away
            QTimer.singleShot(0, self.button.setFocus)  # once the window is up to take it

    def _pressed(self) -> None:
        if self.missing:
            self.continue_setting_up()
        else:
            self.book.emit()

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
