"""The day book's side panel: one button per action the chosen booking's status allows,
and the booking in full (client, safety alerts, services, time, what became of the deposit
and why it was asked, expectation notes). It keeps its width whatever it shows: a long
name is cut short (in full in its tooltip), everything else wraps."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.deposit_outcome import DepositFate
from salon_pos.services.views.day_book import BookingDetails
from salon_pos.ui.widgets.patch_test_line import PatchTestLine

PANEL_WIDTH = 310


@dataclass(frozen=True)
class Action:
    """A button of the panel; what it does is the page's (DayBookPage.handlers)."""

    label: str
    hint: str = ""

    def offered(self, details: BookingDetails) -> bool:
        if self is TAKE_DEPOSIT:
            return details.deposit.due > 0
        if self is RECEIPT:
            return details.sale_id is not None
        if self is CONSULT:
            return bool(details.consultation_forms)
        if self is REPEAT:
            return details.series_id is None
        if self is SERIES:
            return details.series_id is not None
        return True


TAKE_DEPOSIT = Action("Take deposit…", "Take the deposit due now")
CHECK_IN = Action("Check in", "The client has arrived")
START = Action("Start service", "The work begins")
FINISH = Action("Finish service", "Done: ready for checkout")
CHECKOUT = Action("Checkout…", "Take payment and print the receipt")
NOTE = Action("Expectation note…", "Write what the client can expect, and record their agreement")
CONSULT = Action("Consultation…", "The consultation form with the client, the expectation note "
                 "beside it, and the client's signature")
FORMULA = Action("Formula and photos…", "The colour formula of this visit (starting from the "
                 "client's last) and photos before and after the work")
RESCHEDULE = Action("Reschedule…", "Move to another day, time or stylist")
REPEAT = Action("Repeat…", "The same again every few weeks, booked in one go")
SERIES = Action("Series…", "The repeat series: move or cancel from this booking on")
SLIP = Action("Print slip", "The booking confirmation, with the deposit policy")
RECEIPT = Action("Print receipt", "The sale's receipt again, to print or save")
CALENDAR = Action("Calendar file…", "The booking as a file for the client's own calendar (.ics)")
CANCEL = Action("Cancel booking…", "The client cancels")
# The button is the confirmation: it says what it does, money included (no_show_button).
NO_SHOW = Action("No-show", "The client didn't come")

# Which actions a booking's status offers, the likeliest next step first.
ACTIONS: dict[str, tuple[Action, ...]] = {
    "booked": (CHECK_IN, TAKE_DEPOSIT, CONSULT, NOTE, RESCHEDULE, REPEAT, SERIES, SLIP,
               CALENDAR, CANCEL, NO_SHOW),
    "arrived": (START, CONSULT, NOTE, FORMULA, SLIP),
    "in_service": (FINISH, FORMULA, SLIP),
    "ready": (CHECKOUT, FORMULA, SLIP),
    "closed": (RECEIPT, FORMULA, SLIP),
    "no_show": (SLIP,),
}


class BookingPanel(QScrollArea):
    """Emits the action a button asks for."""

    action_chosen = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFixedWidth(PANEL_WIDTH)
        # Nothing in it may be wider than the panel (buttons would lose their labels).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Booking details")
        self.shown: BookingDetails | None = None  # the booking the panel shows
        self.title = QLabel("Booking", objectName="pageTitle")
        self.alerts = QLabel(objectName="clientAlerts")
        self.alerts.setWordWrap(True)
        self.alerts.setAccessibleName("Client alerts")
        self.patch_test = PatchTestLine()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QVBoxLayout()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.alerts)  # safety first, in full
        layout.addWidget(self.patch_test)
        layout.addLayout(self.buttons)  # the actions first: always in sight, however long
        layout.addWidget(self.details)
        layout.addStretch()
        self.setWidget(body)
        self.show_details(None, "")

    def show_details(self, details: BookingDetails | None, money_text) -> None:
        self.shown = details
        while self.buttons.count():
            button = self.buttons.takeAt(0).widget()
            if button is not None:
                button.hide()  # at once: deleteLater waits for the event loop
                button.deleteLater()
        self.alerts.setVisible(bool(details and details.warning))
        self.patch_test.show_state(details and details.patch_test_standing,
                                   details.patch_test if details else "")
        if details is None:
            self._set_title("Booking")
            self.details.setText("Choose a booking in the day book, or an empty slot to book "
                                 "(Enter or double-click).")
            return
        self._set_title(details.client)
        self.alerts.setText(f"⚠ {details.warning}")
        self.details.setText(describe(details, money_text))
        for action in ACTIONS.get(details.status, ()):
            if action is NO_SHOW:
                self.buttons.addSpacing(12)  # apart from the everyday steps
                self._add_button(action, *no_show_button(details, money_text))
            elif action.offered(details):
                self._add_button(action, action.label, action.hint)

    def _set_title(self, name: str) -> None:
        """The name on one line, cut short if it must be; in full in the tooltip."""
        room = PANEL_WIDTH - 40  # the frame, the margins and a scroll bar
        self.title.setText(QFontMetrics(self.title.font()).elidedText(
            name, Qt.TextElideMode.ElideRight, room))
        self.title.setToolTip(name)
        self.title.setAccessibleName(name)

    def _add_button(self, action: Action, label: str, hint: str, enabled: bool = True) -> None:
        button = QPushButton(label)
        button.setAccessibleName(label)
        button.setToolTip(hint)
        button.setEnabled(enabled)
        button.clicked.connect(lambda _=False, chosen=action: self.action_chosen.emit(chosen))
        self.buttons.addWidget(button)
        if self.isVisible():
            button.show()  # now, not on the next event loop turn: it may get the focus at once

    def action_buttons(self) -> list[QPushButton]:
        items = (self.buttons.itemAt(i).widget() for i in range(self.buttons.count()))
        return [button for button in items if button is not None]


def no_show_button(details: BookingDetails, money) -> tuple[str, str, bool]:
    """(label, hint, enabled): before the grace is over, when it will be possible; after,
    a button that says what it does — pressing it is the decision, so it names the money."""
    if not details.no_show_possible:
        at = f"{details.no_show_from:%H:%M}"
        return (f"No-show from {at}", f"A client who has not come by {at} can be marked a "
                "no-show (the grace after the start).", False)
    if details.deposit_held:
        return (f"No-show: keep {money(details.deposit_held)} deposit",
                "The client didn't come: the booking becomes a no-show and the deposit held "
                "is kept as the no-show fee, at once.", True)
    return ("No-show (client didn't come)",
            "The client didn't come: the booking becomes a no-show, at once.", True)


def describe(details: BookingDetails, money) -> str:
    """The booking as a few short paragraphs of rich text."""
    parts = []
    if details.phone:
        parts.append(escape(details.phone))
    parts.append(f"<b>{details.start:%a %d %b, %H:%M}–{details.end:%H:%M}</b> with "
                 f"{escape(details.stylist)}<br>Status: <b>{details.status_label}</b>")
    parts.append("<br>".join(f"{escape(name)} · {minutes} min · {money(price)}"
                             for name, minutes, price in details.services))
    parts.append(_deposit(details, money))
    parts.append(_consultations(details))
    parts.append(_notes(details, money))
    return "".join(f"<p>{part}</p>" for part in parts if part)


def _deposit(details: BookingDetails, money) -> str:
    # Why it was asked matters until the client comes; after, what became of it.
    waiting = details.status == BookingStatus.BOOKED
    reason = (f"<br><span style='color:#6d6d6d'>{escape(details.deposit_reason)}</span>"
              if waiting else "")
    if not details.deposit.parts:
        return ("No deposit." if waiting or not details.deposit_due
                else "No deposit was taken.") + reason
    lines = []
    for fate, amount in details.deposit.parts:
        text = f"Deposit {money(amount)} {fate.sentence}"
        lines.append(f"<b style='color:#c25e00'>{text}</b>" if fate is DepositFate.DUE
                     else f"<b>{text}</b>")
    return "<br>".join(lines) + reason


def _consultations(details: BookingDetails) -> str:
    done = [f"✓ {escape(kind)} consultation {'signed' if signed else 'done (not signed)'}"
            for kind, signed in details.consulted.items()]
    due = [kind for kind in details.consultation_forms if kind not in details.consulted]
    if due and details.status in (BookingStatus.BOOKED, BookingStatus.ARRIVED):
        done.append(f"<span style='color:#c25e00'>{escape(', '.join(due))} consultation to "
                    "do with the client</span>")
    return "<br>".join(done)


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
