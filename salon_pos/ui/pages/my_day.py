"""My day: a stylist's own day. The next client comes first, in large print — alerts, the
expectations agreed, and one big action for where the appointment stands — and the rest of
the day is listed below (choosing a row puts that booking in the card)."""

from __future__ import annotations

from functools import partial
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import DomainError
from salon_pos.domain.patch_tests import BADGES as PATCH_BADGES
from salon_pos.domain.patch_tests import Standing
from salon_pos.services.operations import bookings, notes
from salon_pos.services.views import staff
from salon_pos.services.views.commission import running_figure
from salon_pos.services.views.my_day import MyBooking, MyDay, my_day
from salon_pos.services.views.notes import NoteView
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.messages import open_modeless, run_modal
from salon_pos.ui.dialogs.outcome_note import OutcomeNoteDialog
from salon_pos.ui.dialogs.patch_test_waiver import start_service
from salon_pos.ui.dialogs.signature import ask_note_signature
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.patch_test_line import PatchTestLine

# The one big action each status offers: its label and the booking operation it runs
# (checkout opens the checkout window instead).
PRIMARY_ACTIONS = {
    BookingStatus.BOOKED: ("Check in", bookings.check_in),
    BookingStatus.ARRIVED: ("Start", bookings.start_service),
    BookingStatus.IN_SERVICE: ("Finish", bookings.finish_service),
    BookingStatus.READY: ("Checkout", None),
}
# The outcome is written between the start of the work and checkout.
OUTCOME_STATUSES = (BookingStatus.IN_SERVICE, BookingStatus.READY)
# A note is agreed before the work starts.
AGREEING_STATUSES = (BookingStatus.BOOKED, BookingStatus.ARRIVED)
ALERT_COLOUR = "#b71c1c"
# A check-in at the front desk reaches the stylist's screen without anyone pressing a key.
AUTO_REFRESH_MS = 30_000


class NextClientCard(QGroupBox):
    """One booking in large print, with the actions its status allows."""

    primary_clicked = Signal()
    client_agreed = Signal(int)  # the note's id
    outcome_clicked = Signal()

    def __init__(self, money, parent=None):
        super().__init__("Next client", parent)
        self.money = money
        self.setObjectName("nextClient")
        self.heading = QLabel()
        self.summary = QLabel()
        self.alerts = QLabel()
        for label in (self.heading, self.summary, self.alerts):
            label.setWordWrap(True)
        self.alerts.setAccessibleName("Client alerts")
        self.patch_test = PatchTestLine()
        self.notes = QVBoxLayout()
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        self.primary = QPushButton(objectName="primaryAction")
        self.primary.setMinimumSize(240, 64)
        self.primary.setToolTip("Ctrl+Enter")
        self.primary.clicked.connect(self.primary_clicked)
        self.outcome = QPushButton("Outcome note…")
        self.outcome.setAccessibleName("Outcome note")
        self.outcome.setToolTip("What was done, formula and products (Ctrl+O)")
        self.outcome.setMinimumHeight(48)
        self.outcome.clicked.connect(self.outcome_clicked)
        details = QVBoxLayout()
        for widget in (self.heading, self.summary, self.alerts, self.patch_test):
            details.addWidget(widget)
        details.addLayout(self.notes)
        details.addWidget(self.message)
        details.addStretch()
        actions = QVBoxLayout()
        actions.addWidget(self.primary)
        actions.addWidget(self.outcome)
        actions.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(details, 1)
        layout.addLayout(actions)

    def show_booking(self, booking: MyBooking | None, is_next: bool) -> None:
        self.setTitle("Next client" if is_next or booking is None else "Chosen client")
        self.message.clear()
        self._clear_notes()
        if booking is None:
            self.heading.setText("<span style='font-size:18pt'>No more clients today.</span>")
            for widget in (self.summary, self.alerts, self.patch_test, self.primary,
                           self.outcome):
                widget.hide()
            return
        entry = booking.entry
        self.heading.setText(f"<span style='font-size:20pt'><b>{entry.start:%H:%M}</b> "
                             f"{escape(entry.client)}</span>")
        self.summary.setText(f"<span style='font-size:14pt'>{escape(entry.services)}</span>"
                             f"<br>{entry.start:%H:%M}–{entry.end:%H:%M} · "
                             f"<b>{entry.status_label}</b>{self._deposit(booking)}")
        self.summary.show()
        warning = " · ".join(text for text in (
            booking.patch_test if entry.patch_standing is Standing.REACTION else "",
            entry.alerts) if text)
        self.alerts.setText(f"<span style='font-size:15pt; color:{ALERT_COLOUR}'><b>⚠ "
                            f"{escape(warning)}</b></span>")
        self.alerts.setVisible(bool(warning))
        self.patch_test.show_state(entry.patch_standing, booking.patch_test)
        for note in booking.notes:
            self._add_note(note, can_agree=booking.status in AGREEING_STATUSES)
        self._warn_if_note_missing(booking)
        action = PRIMARY_ACTIONS.get(BookingStatus(booking.status))
        self.primary.setVisible(action is not None)
        if action is not None:
            self.primary.setText(action[0])
            self.primary.setAccessibleName(action[0])
        self.outcome.setVisible(booking.status in OUTCOME_STATUSES)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _deposit(self, booking: MyBooking) -> str:
        """What became of the deposit: held, applied to the bill, kept …"""
        return "".join(f" · deposit {self.money(amount)} {fate.sentence}"
                       for fate, amount in booking.entry.deposit.parts)

    def _add_note(self, note: NoteView, can_agree: bool) -> None:
        about = f" for {escape(note.service)}" if note.service else ""
        lines = [f"<b>Expectation note{about}</b>",
                 f"Expected result: {escape(note.expected_result)}"]
        if note.limits_and_risks:
            lines.append(f"Limits &amp; risks: {escape(note.limits_and_risks)}")
        lines.append(f"Price range: {self.money(note.price_min)}–{self.money(note.price_max)}"
                     f" · sessions: {note.sessions_expected}")
        lines.append("✔ Client agreed" if note.acknowledged else
                     f"<span style='color:{ALERT_COLOUR}'><b>✘ NOT agreed yet</b></span>")
        if note.outcome or note.formula:
            lines.append(f"Outcome: {escape(note.outcome)} · formula: {escape(note.formula)}")
        text = QLabel(f"<span style='font-size:13pt'>{'<br>'.join(lines)}</span>")
        text.setWordWrap(True)
        self.notes.addWidget(text)
        if can_agree and not note.acknowledged:
            agree = QPushButton("Client agrees")
            agree.setAccessibleName("Client agrees")
            agree.setToolTip("The client has read this note and agrees to it")
            agree.setMinimumHeight(48)
            agree.clicked.connect(lambda: self.client_agreed.emit(note.note_id))
            self.notes.addWidget(agree, 0, Qt.AlignmentFlag.AlignLeft)

    def _warn_if_note_missing(self, booking: MyBooking) -> None:
        waiting = [note for note in booking.notes if not note.acknowledged]
        if booking.needs_agreement and not waiting and booking.status in AGREEING_STATUSES:
            warning = QLabel(f"<span style='color:{ALERT_COLOUR}'><b>"
                             f"{escape(', '.join(booking.needs_agreement))} needs an expectation "
                             "note the client agrees to before the start; none is written "
                             "yet.</b></span>")
            warning.setWordWrap(True)
            self.notes.addWidget(warning)

    def _clear_notes(self) -> None:
        while self.notes.count():
            widget = self.notes.takeAt(0).widget()
            widget.hide()  # at once: deleteLater waits for the event loop
            widget.deleteLater()

    def agree_buttons(self) -> list[QPushButton]:
        return [self.notes.itemAt(i).widget() for i in range(self.notes.count())
                if isinstance(self.notes.itemAt(i).widget(), QPushButton)]


class DayRows(RowsModel):
    """The rest of the day; a client's safety alert in full on their row's tooltip."""

    def __init__(self, headers, parent=None):
        super().__init__(headers, parent=parent)
        self.alerts: list[str] = []  # one per row

    def set_bookings(self, bookings: tuple[MyBooking, ...]) -> None:
        self.alerts = [booking.entry.warning for booking in bookings]
        self.set_rows([_row(booking) for booking in bookings])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and self.alerts[index.row()]:
            return f"⚠ {self.alerts[index.row()]}"
        return super().data(index, role)


class MyDayPage(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.stylist_id = session.staff_id
        self.viewer: int | None = None  # who was logged in when the page last followed them
        self.day: MyDay | None = None
        self.chosen: int | None = None  # a booking picked in the list; None: the next one
        self.outcome_dialog: OutcomeNoteDialog | None = None
        self.rows = DayRows(("Time", "Client", "Services", "Status", "Before the start"),
                            parent=self)
        self.auto_refresh = QTimer(self, interval=AUTO_REFRESH_MS)
        self.auto_refresh.timeout.connect(self.refresh_quietly)
        self._build()
        self.refresh()

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.auto_refresh.start()

    def hideEvent(self, event):  # noqa: N802
        super().hideEvent(event)
        self.auto_refresh.stop()

    def _build(self) -> None:
        self.title = QLabel(objectName="pageTitle")
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch()
        self.chooser_label = QLabel("Stylist:")
        bar.addWidget(self.chooser_label)
        bar.addWidget(self._stylist_chooser())
        refresh = QPushButton("Refresh (F5)")
        refresh.setAccessibleName("Refresh")
        refresh.clicked.connect(self.refresh)
        bar.addWidget(refresh)
        self.card = NextClientCard(self.session.salon.settings().money)
        self.card.primary_clicked.connect(self.primary_action)
        self.card.client_agreed.connect(self.client_agrees)
        self.card.outcome_clicked.connect(self.write_outcome)
        self.table = list_table(self.rows, "The rest of the day", stretch=2)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        for keys, slot in (("F5", self.refresh), ("Ctrl+Return", self.primary_action),
                           ("Ctrl+Enter", self.primary_action), ("Ctrl+O", self.write_outcome)):
            QShortcut(QKeySequence(keys), self, activated=slot)
        # The pay period so far, on the line above the list: it costs the day no room.
        self.commission = QLabel("", objectName="hint")
        self.commission.setAccessibleName("Commission so far")
        above_list = QHBoxLayout()
        above_list.addWidget(QLabel("Today's clients", objectName="hint"))
        above_list.addStretch()
        above_list.addWidget(self.commission)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.card)
        layout.addLayout(above_list)
        layout.addWidget(self.table, 1)

    def _stylist_chooser(self) -> QComboBox:
        """Managers and the front desk look at any stylist's day."""
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Stylist")
        for member in staff.list_staff(self.session.salon):
            if member["role"] in ("stylist", "manager"):
                self.chooser.addItem(member["name"], member["id"])
        self.chooser.currentIndexChanged.connect(self._stylist_chosen)
        return self.chooser

    def _follow_session(self) -> None:
        """After a lock, someone else may be at this station: a stylist sees their own day
        (no chooser), anyone else starts on their own column if they have one."""
        if self.viewer == self.session.staff_id:
            return
        self.viewer = self.session.staff_id
        is_stylist = self.session.role == "stylist"
        self.chooser_label.setVisible(not is_stylist)
        self.chooser.setVisible(not is_stylist)
        self.chooser.blockSignals(True)  # one reload, by the caller
        self.chooser.setCurrentIndex(max(self.chooser.findData(self.session.staff_id), 0))
        self.chooser.blockSignals(False)
        self.stylist_id = self.session.staff_id if is_stylist else self.chooser.currentData()

    def _stylist_chosen(self) -> None:
        self.stylist_id = self.chooser.currentData()
        self.refresh()

    def refresh(self) -> None:
        """Back to the next client, with everything read again."""
        self._follow_session()
        self.chosen = None
        self.reload()

    def refresh_quietly(self) -> None:
        """The timer's turn: what changed elsewhere appears, with the same booking in the
        card and the list where it was scrolled. Not under an open dialog."""
        if QApplication.activeModalWidget() is not None:
            return
        salon = self.session.salon
        day = my_day(salon, self.stylist_id, salon.today())
        if day == self.day:
            return  # nothing to redraw: the keyboard stays where it is
        bar = self.table.verticalScrollBar()
        position = bar.value()
        self.reload(day)
        bar.setValue(position)

    def reload(self, day: MyDay | None = None) -> None:
        """Read the day again (or show `day`, just read), keeping the booking in the card."""
        salon = self.session.salon
        self.day = day or my_day(salon, self.stylist_id, salon.today())
        self.title.setText(f"My day — {self.day.stylist_name}, {self.day.day:%A %d %B}")
        self.rows.set_bookings(self.day.bookings)
        if self.day.booking(self.chosen) is None:
            self.chosen = None
        shown = self.shown()
        self._select_row(shown)
        self.card.show_booking(shown, is_next=shown is not None
                               and shown.booking_id == self.day.next_booking_id)
        self._show_commission()

    def _show_commission(self) -> None:
        """The stylist's takings and commission so far this pay period — their own, or any
        stylist's to a manager; nothing for a stylist on no commission level."""
        own = self.stylist_id == self.session.staff_id or self.session.role == "manager"
        found = own and running_figure(self.session.salon, self.stylist_id)
        self.commission.setVisible(bool(found))
        if found:
            first, last, mine = found
            money = self.session.salon.settings().money
            self.commission.setText(
                f"Pay period {first:%d %b} – {last:%d %b}: services {money(mine.services)}"
                f" · retail {money(mine.retail)} · <b>commission so far "
                f"{money(mine.commission)}</b> · tips {money(mine.tips)}")

    def shown(self) -> MyBooking | None:
        """The booking in the card: the one chosen in the list, else the next client."""
        return self.day.booking(self.chosen) or self.day.next

    def _select_row(self, booking: MyBooking | None) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # showing the next client does not pin it as chosen
        self.table.clearSelection()
        if booking is not None:
            self.table.selectRow(self.day.bookings.index(booking))
        selection.blockSignals(False)

    def _row_chosen(self, current, _previous) -> None:
        if current.isValid():
            self.chosen = self.day.bookings[current.row()].booking_id
            self.reload()

    def primary_action(self) -> None:
        booking = self.shown()
        action = booking and PRIMARY_ACTIONS.get(BookingStatus(booking.status))
        if not action:
            return
        operation = action[1]
        if operation is None:
            self.checkout(booking.booking_id)
            return
        if operation is bookings.start_service:
            self._start(booking.booking_id)
            return
        done = self._run(operation, booking.booking_id)
        if done and operation is bookings.finish_service and booking.notes:
            self.write_outcome()  # the moment to write what was done

    def _start(self, booking_id: int) -> None:
        """Start the work (a manager may waive a missing patch test, asked on the spot)."""
        if start_service(self.session, booking_id, self,
                         lambda error: self.card.show_message(error.message)):
            self.chosen = booking_id
            self.reload()

    def client_agrees(self, note_id: int) -> None:
        """The client reads the note on the card and signs for it."""
        note = next(n for n in self.shown().notes if n.note_id == note_id)
        money = self.session.salon.settings().money
        signature = ask_note_signature(self, note.expected_result, note.limits_and_risks,
                                       note.sessions_expected,
                                       f"{money(note.price_min)} – {money(note.price_max)}")
        if signature is not None:
            self._run(partial(notes.acknowledge_note, signature=signature), note_id)

    def _run(self, operation, target_id: int) -> bool:
        """One operation on the booking in the card; a refusal is shown there, and nothing
        changes."""
        booking_id = self.shown().booking_id
        try:
            operation(self.session.salon, target_id, by=self.session.staff_id)
        except DomainError as error:
            self.card.show_message(error.message)
            return False
        self.chosen = booking_id
        self.reload()
        return True

    def checkout(self, booking_id: int) -> None:
        try:
            dialog = CheckoutDialog(self.session, booking_id, self)
        except DomainError as error:
            self.card.show_message(error.message)
            return
        run_modal(dialog)
        self.refresh()

    def write_outcome(self) -> None:
        booking = self.shown()
        if booking is None or booking.status not in OUTCOME_STATUSES:
            return
        self.outcome_dialog = OutcomeNoteDialog(self.session, booking, self)
        self.outcome_dialog.accepted.connect(self.reload)
        open_modeless(self.outcome_dialog)


def _row(booking: MyBooking) -> tuple[str, ...]:
    entry = booking.entry
    client = f"⚠ {entry.client}" if entry.warning else entry.client
    patch_test = PATCH_BADGES[entry.patch_standing][0] if entry.patch_test else ""
    return (f"{entry.start:%H:%M}–{entry.end:%H:%M}", client, entry.services,
            entry.status_label, " · ".join(text for text in (_note_state(booking), patch_test)
                                           if text))


def _note_state(booking: MyBooking) -> str:
    if any(not note.acknowledged for note in booking.notes):
        return "to agree"
    if booking.needs_agreement:
        return "note needed"
    return "agreed" if booking.notes else ""
