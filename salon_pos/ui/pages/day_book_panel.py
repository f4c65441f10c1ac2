"""The day book's side panel: one button per action the chosen booking's status allows,
and the booking in full (client, services, time, deposit and why it was asked, expectation
notes)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from salon_pos.services.views.day_book import BookingDetails


@dataclass(frozen=True)
class Action:
    """A button of the panel; what it does is the page's (DayBookPage.handlers)."""

    label: str
    hint: str = ""

    def offered(self, details: BookingDetails) -> bool:
        if self is TAKE_DEPOSIT:
            return details.deposit_held < details.deposit_due
        return True


TAKE_DEPOSIT = Action("Take deposit…", "Take the deposit due now")
CHECK_IN = Action("Check in", "The client has arrived")
START = Action("Start service", "The work begins")
FINISH = Action("Finish service", "Done: ready for checkout")
CHECKOUT = Action("Checkout…", "Take payment and print the receipt")
NOTE = Action("Expectation note…", "Write what the client can expect, and record their agreement")
RESCHEDULE = Action("Reschedule…", "Move to another day, time or stylist")
SLIP = Action("Print slip", "The booking confirmation, with the deposit policy")
CALENDAR = Action("Calendar file…", "The booking as a file for the client's own calendar (.ics)")
CANCEL = Action("Cancel booking…", "The client cancels")
NO_SHOW = Action("No-show (client didn't come)",
                 "After the grace period: any deposit held is kept as the no-show fee")

# Which actions a booking's status offers, the likeliest next step first.
ACTIONS: dict[str, tuple[Action, ...]] = {
    "booked": (CHECK_IN, TAKE_DEPOSIT, NOTE, RESCHEDULE, SLIP, CALENDAR, CANCEL, NO_SHOW),
    "arrived": (START, NOTE, SLIP),
    "in_service": (FINISH, SLIP),
    "ready": (CHECKOUT, SLIP),
    "closed": (SLIP,),
    "no_show": (SLIP,),
}


class BookingPanel(QScrollArea):
    """Emits the action a button asks for."""

    action_chosen = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Booking details")
        self.shown: BookingDetails | None = None  # the booking the panel shows
        self.title = QLabel("Booking", objectName="pageTitle")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QVBoxLayout()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addLayout(self.buttons)  # the actions first: always in sight, however long
        layout.addWidget(self.details)
        layout.addStretch()
        self.setWidget(body)
        self.show_details(None, "")

    def show_details(self, details: BookingDetails | None, money_text) -> None:
        self.shown = details
        while self.buttons.count():
            self.buttons.takeAt(0).widget().deleteLater()
        if details is None:
            self.title.setText("Booking")
            self.details.setText("Choose a booking in the day book, or an empty slot to book "
                                 "(Enter or double-click).")
            return
        self.title.setText(details.client)
        self.details.setText(describe(details, money_text))
        for action in ACTIONS.get(details.status, ()):
            if action.offered(details):
                self._add_button(action)

    def _add_button(self, action: Action) -> None:
        button = QPushButton(action.label)
        button.setAccessibleName(action.label)
        button.setToolTip(action.hint)
        button.clicked.connect(lambda _=False, chosen=action: self.action_chosen.emit(chosen))
        self.buttons.addWidget(button)
        if self.isVisible():
            button.show()  # now, not on the next event loop turn: it may get the focus at once

    def action_buttons(self) -> list[QPushButton]:
        return [self.buttons.itemAt(i).widget() for i in range(self.buttons.count())]


def describe(details: BookingDetails, money) -> str:
    """The booking as a few short paragraphs of rich text."""
    parts = []
    if details.phone:
        parts.append(escape(details.phone))
    if details.alerts:
        parts.append(f"<span style='color:#b71c1c'>⚠ {escape(details.alerts)}</span>")
    parts.append(f"<b>{details.start:%a %d %b, %H:%M}–{details.end:%H:%M}</b> with "
                 f"{escape(details.stylist)}<br>Status: <b>{details.status_label}</b>")
    parts.append("<br>".join(f"{escape(name)} · {minutes} min · {money(price)}"
                             for name, minutes, price in details.services))
    parts.append(_deposit(details, money))
    parts.append(_notes(details, money))
    return "".join(f"<p>{part}</p>" for part in parts if part)


def _deposit(details: BookingDetails, money) -> str:
    if not details.deposit_due and not details.deposit_held:
        return f"No deposit. <span style='color:#6d6d6d'>{escape(details.deposit_reason)}</span>"
    if details.deposit_held >= details.deposit_due:
        state = f"<b>Deposit {money(details.deposit_held)} held</b>"
    else:
        state = (f"<b style='color:#c25e00'>Deposit {money(details.deposit_due)} due</b>"
                 f" ({money(details.deposit_held)} held)")
    return f"{state}<br><span style='color:#6d6d6d'>{escape(details.deposit_reason)}</span>"


def _notes(details: BookingDetails, money) -> str:
    lines = []
    for note in details.notes:
        mark = "✓ Agreed" if note.acknowledged else "Not yet agreed"
        photos = f", {note.photos} photo{'s' if note.photos != 1 else ''}" if note.photos else ""
        lines.append(f"<b>{mark}:</b> {escape(note.expected_result)} "
                     f"({money(note.price_min)}–{money(note.price_max)}, "
                     f"{note.sessions_expected} session{'s' if note.sessions_expected > 1 else ''}"
                     f"{photos})")
    if details.needs_agreement:
        lines.append(f"<span style='color:#c25e00'>{escape(', '.join(details.needs_agreement))} "
                     "needs a note the client has agreed to before the work starts.</span>")
    if not lines:
        return ""
    return "<b>Expectation notes</b><br>" + "<br>".join(lines)
