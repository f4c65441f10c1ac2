"""Starting without a valid patch test: the refusal said why; a manager may let the work
start, with the reason, in one window (reason, then their name and PIN — or just the
reason when a manager is the one logged in). A reaction is never waived here: a manager
clears it on the client's record first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from salon_pos.domain.errors import DomainError
from salon_pos.services.operations import bookings
from salon_pos.services.operations.patch_tests import PatchTestNeeded, Waiver
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.dialogs.messages import run_modal
from salon_pos.ui.session import Session


class WaiverDialog(ApprovalDialog):
    def __init__(self, session: Session, refusal: str, parent=None):
        super().__init__(session, "Starting without a valid patch test", parent)
        self.setWindowTitle("Start without a valid patch test?")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why the work may start, e.g. a test card from "
                                       "another salon, dated 3 weeks ago")
        self.reason.setFixedHeight(80)
        said = QLabel(refusal)
        said.setWordWrap(True)
        form = self.layout()
        form.insertRow(0, said)
        form.insertRow(1, "Reason", self.reason)
        self.is_manager = session.role == "manager"
        if self.is_manager:  # they approve by being logged in
            for field in (self.manager, self.pin):
                form.setRowVisible(field, False)
        self.buttons.button(self.buttons.StandardButton.Ok).setText("Start the work")

    def check(self) -> None:
        if not self.reason.toPlainText().strip():
            self.message.refuse("Please write the reason.")
            self.reason.setFocus()
            return
        if self.is_manager:
            self.approved_by = self.session.staff_id
            self.accept()
            return
        super().check()

    @property
    def waiver(self) -> Waiver:
        return Waiver(self.approved_by, self.reason.toPlainText())


def start_service(session: Session, booking_id: int, parent: QWidget,
                  show_refusal: Callable[[DomainError], object]) -> bool:
    """Start the work on a booking; when a patch test is missing and a manager may waive
    it, ask (the reason and the approval) and start with the waiver. Any other refusal is
    shown with `show_refusal`. True when the work started."""
    def attempt(waiver: Waiver | None = None) -> bool:
        bookings.start_service(session.salon, booking_id, by=session.staff_id, waiver=waiver)
        return True

    try:
        return attempt()
    except PatchTestNeeded as needed:
        if not needed.waivable:
            show_refusal(needed)
            return False
        refusal = needed
    except DomainError as error:
        show_refusal(error)
        return False
    dialog = WaiverDialog(session, refusal.message, parent)
    if not run_modal(dialog):
        return False
    try:
        return attempt(dialog.waiver)
    except DomainError as error:
        show_refusal(error)
        return False
