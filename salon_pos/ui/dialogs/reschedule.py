"""Move a booking to another day, time or stylist. The deposit stays with it; a move inside
the cancellation window needs a manager, who is asked and the move tried again. A clash can
be double-booked on purpose; a time outside opening hours or already past is asked about."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from salon_pos.domain.errors import Clash, DomainError, NotAllowed
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import bookings
from salon_pos.services.views import staff
from salon_pos.services.views.day_book import booking_details
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.booking_time import agreed_to_time
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.double_book import DoubleBookChoice
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.time_box import TimeBox


def reschedule_booking(session: Session, booking_id: int, *, start: datetime,
                       stylist_id: int, parent=None, double_book: bool = False) -> bool:
    """Move the booking; False when the manager's approval it needed was not given.
    Any other refusal is raised as it came."""
    salon = session.salon
    move = partial(bookings.reschedule, salon, booking_id, start=start, stylist_id=stylist_id,
                   by=session.staff_id, double_book=double_book)
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
        self.length = details.end - details.start
        self.time = TimeBox(start.time())
        self.time.setAccessibleName("New time")
        self.time.setMaximumWidth(110)
        self.stylist = stylist_choice(session.salon, details.stylist_id)
        self.double_book = DoubleBookChoice(session.staff_name)
        self.asked_about: datetime | None = None  # the unusual start already agreed to
        note = QLabel("The deposit stays with the booking.", objectName="hint")
        self.message = MessageLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = buttons.addButton("Move booking",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setAccessibleName("Move booking")
        buttons.accepted.connect(self.move)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(now)
        form.addRow("Day", self.date)
        form.addRow("Time", self.time)
        form.addRow("Stylist", self.stylist)
        form.addRow(self.double_book)
        form.addRow(note)
        # Below the form, not a row of it: a form's row that wraps keeps one line's height.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for changed in (self.date.dateChanged, self.time.editTextChanged,
                        self.stylist.currentIndexChanged):
            changed.connect(self._changed)

    def _changed(self) -> None:
        """The refusal and the clash it offered to double-book answered another time."""
        self.message.clear()
        self.double_book.clash_gone()

    def move(self) -> None:
        try:
            start = bookings.local_start(self.session.salon, self.date.date().toPython(),
                                         self.time.time())
            if start != self.asked_about and not agreed_to_time(
                    self, self.session.salon, start, start + self.length, "Move"):
                return
            self.asked_about = start
            moved = reschedule_booking(self.session, self.booking_id, start=start,
                                       stylist_id=self.stylist.currentData(), parent=self,
                                       double_book=self.double_book.isChecked())
        except Clash as error:
            self.message.refuse(error.message)
            self.double_book.offer()
            return
        except DomainError as error:
            self.message.refuse(error.message)
            return
        if moved:
            self.accept()
        else:
            self.message.refuse("Not moved: it needs a manager's approval.")
