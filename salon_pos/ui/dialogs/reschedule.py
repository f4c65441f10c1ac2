"""Move a booking to another day, time or stylist. The deposit stays with it; a move inside
the cancellation window needs a manager, who is asked and the move tried again."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTimeEdit,
)

from salon_pos.domain.errors import DomainError, NotAllowed
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import bookings
from salon_pos.services.views import staff
from salon_pos.services.views.day_book import booking_details
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


def reschedule_booking(session: Session, booking_id: int, *, start: datetime,
                       stylist_id: int, parent=None) -> bool:
    """Move the booking; False when the manager's approval it needed was not given.
    Any other refusal is raised as it came."""
    salon = session.salon
    move = partial(bookings.reschedule, salon, booking_id, start=start, stylist_id=stylist_id,
                   by=session.staff_id)
    try:
        move()
    except NotAllowed:
        if not bookings.late_to_cancel(salon, booking_id):
            raise  # not about the window: e.g. a stylist moving a colleague's client
        approver = manager_approval(session, "Moving a booking this close to its time", parent)
        if approver is None:
            return False
        move(approved_by=approver)
    return True


def stylist_choice(salon: Salon, selected: int | None = None) -> QComboBox:
    """The people who take clients, for booking or moving."""
    combo = QComboBox()
    combo.setAccessibleName("Stylist")
    for member in staff.list_staff(salon):
        if member["role"] in ("stylist", "manager"):
            combo.addItem(member["name"], member["id"])
    if selected is not None:
        combo.setCurrentIndex(max(0, combo.findData(selected)))
    return combo


class RescheduleDialog(QDialog):
    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        details = booking_details(session.salon, booking_id)
        self.setWindowTitle("Reschedule")
        self.setMinimumWidth(440)
        start = details.start
        now = QLabel(f"{details.client}: {', '.join(n for n, _m, _p in details.services)}<br>"
                     f"now <b>{start:%a %d %b, %H:%M}</b> with {details.stylist}")
        now.setWordWrap(True)
        self.date = QDateEdit(QDate(start.year, start.month, start.day), calendarPopup=True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName("New day")
        self.time = QTimeEdit(QTime(start.hour, start.minute))
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("New time")
        self.time.setMaximumWidth(110)
        self.stylist = stylist_choice(session.salon, details.stylist_id)
        note = QLabel("The deposit stays with the booking.", objectName="hint")
        self.message = MessageLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = buttons.addButton("Move booking",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setAccessibleName("Move booking")
        buttons.accepted.connect(self.move)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(now)
        form.addRow("Day", self.date)
        form.addRow("Time", self.time)
        form.addRow("Stylist", self.stylist)
        form.addRow(note)
        form.addRow(self.message)
        form.addRow(buttons)

    def move(self) -> None:
        try:
            start = bookings.local_start(self.session.salon, self.date.date().toPython(),
                                         self.time.time().toPython())
            moved = reschedule_booking(self.session, self.booking_id, start=start,
                                       stylist_id=self.stylist.currentData(), parent=self)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        if moved:
            self.accept()
        else:
            self.message.refuse("Not moved: it needs a manager's approval.")
