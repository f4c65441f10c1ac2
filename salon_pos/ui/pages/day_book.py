"""The day book page (the home screen): a date bar, the day's grid, and a side panel with
the chosen booking's details and the actions its status allows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import Clash, DomainError
from salon_pos.services.operations import bookings
from salon_pos.services.views.day_book import DayBook, DayBookEntry, booking_details, day_book
from salon_pos.ui.dialogs.messages import confirm, run_modal, show_refusal
from salon_pos.ui.dialogs.patch_test_waiver import start_service
from salon_pos.ui.pages.day_book_hint import GettingStartedHint
from salon_pos.ui.pages.day_book_model import SLOT_MINUTES, STATUS_COLOURS, DayBookModel
from salon_pos.ui.pages.day_book_panel import (
    CALENDAR,
    CANCEL,
    CHECK_IN,
    CHECKOUT,
    CONSULT,
    FINISH,
    FORMULA,
    NO_SHOW,
    NOTE,
    RECEIPT,
    REPEAT,
    RESCHEDULE,
    SERIES,
    SLIP,
    START,
    TAKE_DEPOSIT,
    Action,
    BookingPanel,
)
from salon_pos.ui.pages.day_book_view import DayBookView

if TYPE_CHECKING:
    from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog

# The dialogs (and reportlab behind their PDFs) are imported when first opened, not at
# start: the day book is the first screen, and it should paint without them.

# The colours' key, in the words the blocks and the panel use.
STATUS_KEY = tuple(BookingStatus(status) for status in STATUS_COLOURS)
# Another station's check-in, and the now-line, show up without anyone pressing a key.
AUTO_REFRESH_MS = 30_000


class DayBookPage(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.day = session.salon.today()
        self.chosen: int | None = None
        self.viewer = session.staff_id  # who the chosen booking was chosen for
        self.preview: PdfPreviewDialog | None = None
        self.model = DayBookModel(money=session.salon.settings().money, parent=self)
        self.auto_refresh = QTimer(self, interval=AUTO_REFRESH_MS)
        self.auto_refresh.timeout.connect(self.refresh_quietly)
        self.shown_before = False
        # What each of the panel's buttons does (a test holds every action to one).
        self.handlers: dict[Action, Callable[[int], None]] = {
            TAKE_DEPOSIT: self.take_deposit,
            CHECK_IN: partial(self._operation, bookings.check_in),
            START: self.start,
            FINISH: partial(self._operation, bookings.finish_service),
            CHECKOUT: self.checkout,
            NOTE: self.edit_note,
            CONSULT: self.consult,
            FORMULA: self.formula,
            RESCHEDULE: self.reschedule,
            REPEAT: self.repeat,
            SERIES: self.series,
            SLIP: self.print_slip,
            RECEIPT: self.show_receipt,
            CALENDAR: self.save_calendar_file,
            CANCEL: self.cancel,
            NO_SHOW: self.mark_no_show,
        }
        self._build()
        self.refresh()

    def showEvent(self, event):  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.auto_refresh.start()
        if not self.shown_before:
            self.shown_before = True
            QTimer.singleShot(0, self.scroll_to_start)  # once the grid has its size

    def hideEvent(self, event):  # noqa: N802
        super().hideEvent(event)
        self.auto_refresh.stop()

    def _build(self) -> None:
        self.table = DayBookView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Day book")
        self.table.booking_chosen.connect(self.choose)
        self.table.booking_activated.connect(self._booking_activated)
        self.table.slot_activated.connect(self.book_slot)
        self.table.booking_dropped.connect(self.move_booking)
        self.panel = BookingPanel()
        self.panel.action_chosen.connect(self.run_action)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        body.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._date_bar())
        self.getting_started = GettingStartedHint(self.session)
        self.getting_started.set_up_more.connect(self.refresh)
        self.getting_started.book.connect(lambda: self.new_booking())
        layout.addWidget(self.getting_started)
        layout.addLayout(body, 1)
        layout.addLayout(self._status_key())
        QShortcut(QKeySequence("Ctrl+G"), self, activated=lambda: self.table.setFocus())

    def _date_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for text, step, keys in (("◀ Previous day", -1, "Alt+Left"), ("Today", 0, "Ctrl+T"),
                                 ("Next day ▶", 1, "Alt+Right")):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.setToolTip(keys)
            button.clicked.connect(lambda _=False, step=step: self.go(step))
            QShortcut(QKeySequence(keys), self, activated=lambda step=step: self.go(step))
            bar.addWidget(button)
        self.picker = QDateEdit(calendarPopup=True)
        self.picker.setDisplayFormat("ddd d MMM yyyy")
        self.picker.setAccessibleName("Go to date")
        self.picker.setToolTip("Ctrl+D")
        self.picker.setMinimumWidth(170)
        self.picker.dateChanged.connect(lambda picked: self.show_day(picked.toPython()))
        QShortcut(QKeySequence("Ctrl+D"), self, activated=lambda: self.picker.setFocus())
        bar.addWidget(self.picker)
        new = QPushButton("New booking")
        new.setAccessibleName("New booking")
        new.setToolTip("Ctrl+N")
        new.clicked.connect(lambda: self.new_booking())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=lambda: self.new_booking())
        bar.addWidget(new)
        sale = QPushButton("New sale")
        sale.setAccessibleName("New sale")
        sale.setToolTip("A sale at the counter, without a booking: products, a gift voucher "
                        "(Ctrl+Shift+N)")
        sale.clicked.connect(lambda: self.new_sale())
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=lambda: self.new_sale())
        bar.addWidget(sale)
        bar.addStretch()
        self.title = QLabel(objectName="pageTitle")
        bar.addWidget(self.title)
        return bar

    def _status_key(self) -> QHBoxLayout:
        key = QHBoxLayout()
        hint = QLabel("Arrows move · Enter opens · drag a booking to move it · "
                      "Ctrl+G grid, Ctrl+D date, Ctrl+N new", objectName="hint")
        hint.setWordWrap(True)  # on a narrow screen it takes two lines, never the key's room
        key.addWidget(hint, 1)
        key.addStretch()
        for status in STATUS_KEY:
            swatch = QLabel(f" {status.label} ")
            swatch.setStyleSheet(f"background: {STATUS_COLOURS[status]}; "
                                 "border: 1px solid #b0a49c; border-radius: 3px;")
            key.addWidget(swatch)
        return key

    # — which day —

    def go(self, step: int) -> None:
        self.show_day(self.session.salon.today() if step == 0
                      else self.day + timedelta(days=step))

    def show_day(self, day: date) -> None:
        changed = day != self.day
        if changed:
            self.chosen = None
        self.day = day
        self.refresh()
        if changed:
            self.scroll_to_start()

    def scroll_to_start(self) -> None:
        """Today opens at the current time, with the hour before it in sight; another day,
        or today outside the grid's hours, at its first booking."""
        now_row = self.table.now_row
        if now_row is not None and now_row < self.model.rowCount():
            row = max(0, int(now_row) - 60 // SLOT_MINUTES)
        else:
            row = min((row for row, _column in self.model.cells), default=0)
        self.table.scrollTo(self.model.index(row, 0),
                            QAbstractItemView.ScrollHint.PositionAtTop)

    def refresh_quietly(self) -> None:
        """The timer's turn: what other stations did appears and the now-line moves, while
        the chosen booking, the scroll position and the keyboard stay where they were. Not
        while a booking is held or dragged, nor under an open dialog."""
        if self.table.holding_booking() or QApplication.activeModalWidget() is not None:
            return
        salon = self.session.salon
        book = day_book(salon, self.day)
        details = booking_details(salon, self.chosen) if self.chosen else None
        if book == self.model.book and details == self.panel.shown:
            self._place_now_line()
            return
        bars = (self.table.verticalScrollBar(), self.table.horizontalScrollBar())
        positions = [bar.value() for bar in bars]
        self.refresh(book)
        for bar, position in zip(bars, positions, strict=True):
            bar.setValue(position)

    def refresh(self, book: DayBook | None = None) -> None:
        """Read the day again (or show `book`, just read)."""
        if self.viewer != self.session.staff_id:  # another person, after a lock
            self.viewer = self.session.staff_id
            self.chosen = None
        self.model.set_day_book(book or day_book(self.session.salon, self.day))
        self.table.clearSpans()
        for row, column, length in self.model.spans:
            if length > 1:
                self.table.setSpan(row, column, length, 1)
        self.picker.blockSignals(True)  # showing the day is not choosing one
        self.picker.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.picker.blockSignals(False)
        self.title.setText(f"{self.day:%A %d %B %Y}")
        self.getting_started.refresh()
        if self.chosen is not None and self.model.entry(self.chosen) is None:
            self.chosen = None  # cancelled, or moved to another day
        self._place_now_line()
        self._restore_cursor()
        self._show_panel()

    def _place_now_line(self) -> None:
        salon = self.session.salon
        now = salon.now().astimezone(salon.settings().tz)
        first = self.model.first_slot
        minutes = (now.hour - first.hour) * 60 + now.minute - first.minute
        today = self.day == salon.today() and minutes >= 0
        self.table.now_row = minutes / SLOT_MINUTES if today else None
        self.table.viewport().update()

    def _restore_cursor(self) -> None:
        """After a reload the keyboard cursor is back on the chosen booking."""
        cell = self.model.cell_of(self.chosen) if self.chosen else None
        if cell is not None:
            self.table.blockSignals(True)
            self.table.setCurrentIndex(self.model.index(*cell))
            self.table.blockSignals(False)
            self.table.scrollTo(self.model.index(*cell))

    # — the chosen booking —

    def choose(self, booking_id: int | None) -> None:
        self.chosen = booking_id
        self._show_panel()

    def _show_panel(self) -> None:
        self.table.chosen = self.chosen
        self.table.viewport().update()
        details = booking_details(self.session.salon, self.chosen) if self.chosen else None
        self.panel.show_details(details, self.session.salon.settings().money)

    def action_buttons(self) -> list[QPushButton]:
        """The actions the chosen booking offers now."""
        return self.panel.action_buttons()

    def _booking_activated(self, booking_id: int) -> None:
        """Enter on a block: choose it and put the keyboard on its first action."""
        self.choose(booking_id)
        buttons = self.action_buttons()
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def run_action(self, action: Action) -> None:
        if self.chosen is not None:
            self.handlers[action](self.chosen)

    def _done(self, booking_id: int) -> None:
        self.refresh()
        buttons = self.action_buttons()
        if buttons:
            buttons[0].setFocus()

    def _operation(self, operation: Callable, booking_id: int, **options) -> bool:
        """One booking operation; a refusal says why and leaves all as it was."""
        try:
            operation(self.session.salon, booking_id, by=self.session.staff_id, **options)
        except DomainError as error:
            show_refusal(self, error)
            return False
        self._done(booking_id)
        return True

    def _offer_freed_place(self, left: DayBookEntry | None) -> None:
        """A booking left its place (cancelled, a no-show, moved): the waitlisted clients
        it suits, first come first, are offered it."""
        if left is None:
            return
        from salon_pos.services.views.waitlist import place_freed, suited

        salon = self.session.salon
        place = place_freed(left.stylist_id, left.start, salon.now())
        waiting = suited(salon, place)
        if not waiting:
            return
        from salon_pos.ui.dialogs.waitlist import FreedPlaceDialog

        dialog = FreedPlaceDialog(self.session, place, waiting, self)
        if run_modal(dialog) and dialog.booked is not None:
            self.chosen = dialog.booked
            self._done(dialog.booked)

    def start(self, booking_id: int) -> None:
        """Start the work (a manager may waive a missing patch test, asked on the spot)."""
        if start_service(self.session, booking_id, self, partial(show_refusal, self)):
            self._done(booking_id)

    def mark_no_show(self, booking_id: int) -> None:
        """No question asked: the button said what happens (and the money kept)."""
        left = self.model.entry(booking_id)
        if self._operation(bookings.mark_no_show, booking_id):
            self._offer_freed_place(left)

    def take_deposit(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.booking import DepositDialog

        details = booking_details(self.session.salon, booking_id)
        dialog = DepositDialog(self.session, booking_id,
                               details.deposit_due - details.deposit_held, parent=self)
        if run_modal(dialog):
            self.preview = dialog.preview
            self._done(booking_id)

    def edit_note(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.expectation_note import ExpectationNoteDialog

        if run_modal(ExpectationNoteDialog(self.session, booking_id, parent=self)):
            self._done(booking_id)

    def consult(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.consultation import ConsultationDialog

        if run_modal(ConsultationDialog(self.session, booking_id, parent=self)):
            self._done(booking_id)

    def formula(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.formula import FormulaDialog

        if run_modal(FormulaDialog(self.session, booking_id, parent=self)):
            self._done(booking_id)

    def reschedule(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.reschedule import RescheduleDialog

        left = self.model.entry(booking_id)
        if run_modal(RescheduleDialog(self.session, booking_id, parent=self)):
            self._done(booking_id)
            self._offer_freed_place(left)

    def repeat(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.series import RepeatDialog

        if run_modal(RepeatDialog(self.session, booking_id, parent=self)):
            self._done(booking_id)

    def series(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.series import SeriesDialog

        dialog = SeriesDialog(self.session, booking_id, parent=self)
        run_modal(dialog)
        if dialog.changed:
            self._done(booking_id)

    def print_slip(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.booking import open_slip

        try:
            self.preview = open_slip(self.session, booking_id, self)
        except DomainError as error:
            show_refusal(self, error)

    def show_receipt(self, booking_id: int) -> None:
        from salon_pos.ui.dialogs.receipt_preview import show_receipt

        details = booking_details(self.session.salon, booking_id)
        self.preview = show_receipt(self.session, details.sale_id, self)  # or says why not

    def save_calendar_file(self, booking_id: int) -> None:
        """The booking for the client's phone or email: a calendar file saved where asked."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from salon_pos.files import write_bytes
        from salon_pos.services.exchange.calendars import booking_calendar
        from salon_pos.ui.dialogs.messages import open_modeless

        salon = self.session.salon
        folder = salon.data_dir / "calendars"
        folder.mkdir(parents=True, exist_ok=True)
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the client's calendar file", str(folder / f"booking-{booking_id:06d}.ics"),
            "Calendar files (*.ics)")
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".ics") else Path(chosen + ".ics")
        try:
            write_bytes(path, booking_calendar(salon, booking_id))
        except DomainError as error:
            show_refusal(self, error)
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Calendar file saved",
                          f"Saved as {path}.\n\nEmail it to the client, or open it on their "
                          "phone: the booking goes into their calendar.",
                          QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Calendar file saved")
        open_modeless(box)

    def checkout(self, booking_id: int) -> None:
        if self._run_checkout(booking_id):
            self._done(booking_id)

    def new_sale(self) -> None:
        self._run_checkout(None)

    def _run_checkout(self, booking_id: int | None) -> bool:
        """The checkout of a booking, or a sale at the counter; False when it cannot open."""
        from salon_pos.ui.dialogs.checkout import CheckoutDialog

        try:
            dialog = CheckoutDialog(self.session, booking_id, self)
        except DomainError as error:
            show_refusal(self, error)
            return False
        run_modal(dialog)
        return True

    def cancel(self, booking_id: int) -> None:
        """Cancel, once it is clear what happens to the deposit: in good time the client
        chooses (back, or kept as credit); late, the salon's policy keeps it."""
        details = booking_details(self.session.salon, booking_id)
        late = bookings.late_to_cancel(self.session.salon, booking_id)
        deposit_to = "refund"
        if details.deposit_held and not late:
            deposit_to = self.ask_deposit_choice(details)
            if deposit_to is None:
                return
        elif not confirm(self, "Cancel booking", self._cancel_question(details, late),
                         "Cancel booking", "Keep booking"):
            return
        left = self.model.entry(booking_id)
        if self._operation(bookings.cancel, booking_id, deposit_to=deposit_to):
            self._offer_freed_place(left)

    def _cancel_question(self, details, late: bool) -> str:
        question = f"Cancel {details.client}'s booking {_when(details)}?"
        if not late:
            return question
        if not details.deposit_held:
            return f"{question}\n\nThis is a late cancellation."
        settings = self.session.salon.settings()
        kept = ("a late-cancellation fee" if settings.late_cancel_keeps == "fee"
                else "credit on the client's account")
        return (f"{question}\n\nThis is a late cancellation: the "
                f"{settings.money(details.deposit_held)} deposit is kept as {kept} "
                "(salon policy).")

    def ask_deposit_choice(self, details) -> str | None:
        money = self.session.salon.settings().money
        box = QMessageBox(QMessageBox.Icon.Question, "Cancel booking",
                          f"Cancelled in good time: the {money(details.deposit_held)} deposit "
                          "goes back. Refund it the way it was paid, or keep it as credit?",
                          parent=self)
        refund = box.addButton("Refund", QMessageBox.ButtonRole.AcceptRole)
        credit = box.addButton("Keep as credit", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Don't cancel", QMessageBox.ButtonRole.RejectRole)
        run_modal(box)
        return {refund: "refund", credit: "credit"}.get(box.clickedButton())

    # — booking and moving on the grid —

    def book_slot(self, row: int, column: int) -> None:
        self.new_booking(self.model.stylist_id(column),
                         datetime.combine(self.day, self.model.slot_time(row)))

    def new_booking(self, stylist_id: int | None = None, when: datetime | None = None) -> None:
        """Book (from an empty slot: its stylist and time), the deposit taken as it books."""
        from salon_pos.ui.dialogs.booking import run_booking

        booking_id = run_booking(self.session, self, stylist_id=stylist_id, when=when)
        if booking_id is not None:
            self.chosen = booking_id
            self._done(booking_id)

    def move_booking(self, booking_id: int, row: int, column: int) -> None:
        """A block dropped on a slot: the booking starts there, with that column's stylist."""
        from salon_pos.ui.dialogs.reschedule import reschedule_booking

        entry = self.model.entry(booking_id)
        stylist_id = self.model.stylist_id(column)
        at = self.model.slot_time(row)
        if entry is None or (entry.stylist_id == stylist_id and entry.start.time() == at):
            return
        move = partial(reschedule_booking, self.session, booking_id, stylist_id=stylist_id,
                       parent=self)
        try:
            start = bookings.local_start(self.session.salon, self.day, at)
            try:
                moved = move(start=start)
            except Clash as clash:
                if not confirm(self, "Double-book?", f"{clash.message}\n\nDouble-book on "
                               f"purpose? It is recorded as allowed by "
                               f"{self.session.staff_name}.", "Double-book", "Don't move"):
                    return
                moved = move(start=start, double_book=True)
        except DomainError as error:
            show_refusal(self, error)
            return
        if moved:
            self.chosen = booking_id
            self._done(booking_id)
            self._offer_freed_place(entry)


def _when(details) -> str:
    return f"on {details.start:%a %d %b} at {details.start:%H:%M}"
