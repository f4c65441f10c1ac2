"""Book an appointment: find the client as you type (or add one), tick the services (their
length and price add up), pick the stylist and time; the deposit due, and why, is shown
before booking, and taken in the same press when the card or cash is at hand ("Book and
take €30.00 by card") — or left for later. The expectation note can be written and agreed
in the same step. A time outside opening hours or already past is asked about first; a
clash can be double-booked on purpose."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from functools import partial

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from salon_pos.documents.slip import render_slip
from salon_pos.domain.errors import Clash, DomainError, InvalidInput
from salon_pos.domain.localtime import local_of, to_utc_naive
from salon_pos.domain.money import format_amount
from salon_pos.domain.ways_to_pay import CARD, CASH, WAYS_TO_PAY, Use, ways_to_pay
from salon_pos.services.kernel import lookup
from salon_pos.services.operations import bookings, clients, deposits
from salon_pos.services.views.booking_documents import booking_record
from salon_pos.services.views.catalogue import list_services
from salon_pos.services.views.day_book import booking_details
from salon_pos.services.views.patch_tests import patch_outlook
from salon_pos.ui.dialogs.booking_time import agreed_to_time
from salon_pos.ui.dialogs.drawer_float import cash_may_go_in
from salon_pos.ui.dialogs.expectation_note import ExpectationNoteForm
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.dialogs.messages import run_modal, show_refusal
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.dialogs.reschedule import stylist_choice
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.double_book import DoubleBookChoice
from salon_pos.ui.widgets.found_clients import client_item, show_found_clients
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.patch_test_line import PatchTestLine
from salon_pos.ui.widgets.time_box import TimeBox
from salon_pos.ui.widgets.way_choice import reference_hint, typed_reference, way_choice


def open_slip(session: Session, booking_id: int, parent=None) -> PdfPreviewDialog:
    """Save the booking's confirmation slip as a PDF and show it, ready to print."""
    salon = session.salon
    settings = salon.settings()
    record = booking_record(salon, booking_id)
    pdf = render_slip(record, settings.receipt_format)
    path = save_file(salon, "slips", f"slip-{record.number}.pdf", pdf)
    preview = PdfPreviewDialog(path, f"Booking slip {record.number}", settings.receipt_printer,
                               parent)
    preview.open()
    return preview


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


# The catalogue's service that is the patch test itself, if it has one (by its name).
PATCH_TEST_SERVICE = "patch test"


def run_booking(session: Session, parent=None, **choices) -> int | None:
    """The booking dialog (its deposit taken in it, or left for later): the booking made, or
    None if nothing was booked. `choices`: stylist_id, when, client_id, service_ids to
    start from."""
    dialog = BookingDialog(session, parent=parent, **choices)
    if run_modal(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.booking_id


def _ways_at_hand() -> list:
    """The ways a deposit is taken in the booking dialog: money handed over there and then.
    Client credit stays with the deposit box (Take deposit… on the booking)."""
    return [way for way in ways_to_pay(Use.DEPOSIT) if way.draws_on is None]


class BookingDialog(QDialog):
    def __init__(self, session: Session, stylist_id: int | None = None,
                 when: datetime | None = None, parent=None, client_id: int | None = None,
                 service_ids: tuple[int, ...] = ()):
        super().__init__(parent)
        self.session = session
        self.booking_id: int | None = None
        self.asked_about: datetime | None = None  # the unusual start already agreed to
        self.setWindowTitle("New booking")
        self.setMinimumWidth(980)
        settings = session.salon.settings()
        self.money = settings.money
        self.search = QLineEdit(placeholderText="Type a name or phone number")
        self.search.setAccessibleName("Find client")
        self.found = QListWidget()  # at most 20 matches (search_clients' limit)
        self.found.setAccessibleName("Clients found")
        self.found.setFixedHeight(96)
        self.new_name = QLineEdit(placeholderText="New client's name")
        self.new_name.setAccessibleName("New client's name")
        self.new_phone = QLineEdit(placeholderText="Phone")
        self.new_phone.setAccessibleName("New client's phone")
        add = QPushButton("Add client")
        add.setAccessibleName("Add client")
        add.clicked.connect(self.add_client)
        self.catalogue = {s["id"]: s for s in list_services(session.salon)}
        self.services = QListWidget()  # the salon's menu: tens of services, not thousands
        self.services.setAccessibleName("Services")
        for service in self.catalogue.values():
            consult = " · consultation" if service["needs_consultation"] else ""
            item = QListWidgetItem(f"{service['name']} · {duration_text(service['minutes'])} · "
                                   f"{self.money(service['price'])}{consult}")
            item.setData(Qt.ItemDataRole.UserRole, service["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if service["id"] in service_ids
                               else Qt.CheckState.Unchecked)
            self.services.addItem(item)
        # Fixed heights above the Stylist and When rows: ticking a service never moves them.
        self.services.setFixedHeight(230)
        self.services.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary = QLabel("No services chosen yet.")
        self.summary.setAccessibleName("Services chosen")
        self.summary.setFixedHeight(self.summary.fontMetrics().height() + 6)
        self.stylist = stylist_choice(session.salon, stylist_id)
        when = when or session.salon.now().astimezone(settings.tz)
        self.date = QDateEdit(QDate(when.year, when.month, when.day), calendarPopup=True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName("Day")
        self.time = TimeBox(time(when.hour, when.minute - when.minute % 15))
        self.time.setAccessibleName("Time")
        self.time.setMinimumWidth(110)
        self.double_book = DoubleBookChoice(session.staff_name)
        self.patch_test = PatchTestLine(reaction_too=True)
        self.book_test = QPushButton("Book the test first…")
        self.book_test.setAccessibleName("Book the patch test first")
        self.book_test.setToolTip("A booking for the patch test, on the last day it can be "
                                  "done to count; then back to this booking")
        self.book_test.clicked.connect(self.book_patch_test)
        self.book_test.hide()
        self.deposit = QLabel("")
        self.deposit.setAccessibleName("Deposit")
        self.deposit.setWordWrap(True)
        self.deposit.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.deposit.setMinimumHeight(2 * self.deposit.fontMetrics().lineSpacing() + 4)
        self.reference = QLineEdit(placeholderText=reference_hint(settings))
        self.reference.setAccessibleName("Terminal reference")
        self.message = MessageLine()
        # Room for a two-line refusal: the buttons stay where they are when one appears.
        self.message.setMinimumHeight(2 * self.message.fontMetrics().lineSpacing() + 4)
        self.note = ExpectationNoteForm(session)
        self.note_box = QGroupBox("Expectation note")
        self.note_box.setCheckable(True)
        self.note_box.setChecked(False)
        self.note_box.setAccessibleName("Write an expectation note")
        self.note_hint = QLabel("For services whose result varies: what to expect, agreed "
                                "before the work starts.", objectName="hint")
        self.note_hint.setWordWrap(True)
        note_layout = QVBoxLayout(self.note_box)
        note_layout.addWidget(self.note_hint)
        note_layout.addWidget(self.note)
        self._lay_out(add, self._buttons())
        self.search.textChanged.connect(self.find_clients)
        self.found.currentItemChanged.connect(lambda *_: self.quote())
        for changed in (self.found.currentItemChanged, self.services.itemChanged,
                        self.date.dateChanged, self.time.editTextChanged):
            changed.connect(lambda *_: self.patch_outlook())
        self.services.itemChanged.connect(lambda *_: self.services_changed())
        self.time.editTextChanged.connect(lambda *_: self.services_changed())
        for changed in (self.stylist.currentIndexChanged, self.date.dateChanged,
                        self.time.editTextChanged, self.services.itemChanged):
            changed.connect(lambda *_: self.double_book.clash_gone())
        self.note_box.toggled.connect(self.note.setEnabled)
        self.note.setEnabled(False)
        self._clear_message_on_change()
        self.search.installEventFilter(self)
        self.search.setFocus()
        self.test_by: datetime | None = None  # when a patch test must be done by, if due
        if client_id is not None:
            self.choose_client(client_id)
        self.services_changed()
        self.patch_outlook()

    def _buttons(self) -> QDialogButtonBox:
        """Book — or, when a deposit is due, book and take it by card or cash at once, or
        book without it (it can be taken later from the day book)."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.rejected.connect(self.reject)
        self.book_button = buttons.addButton("Book", QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.clicked.connect(lambda: self.book())
        self.without_button = buttons.addButton("Book without deposit",
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.without_button.clicked.connect(lambda: self.book())
        self.take_buttons: dict[str, QPushButton] = {}
        for way in _ways_at_hand():
            button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(partial(self.book, way.code))
            self.take_buttons[way.code] = button
        return buttons

    def _lay_out(self, add: QPushButton, buttons: QDialogButtonBox) -> None:
        new_client = QHBoxLayout()
        for widget in (self.new_name, self.new_phone, add):
            new_client.addWidget(widget)
        when = QHBoxLayout()
        when.addWidget(self.date, 1)
        when.addWidget(QLabel("at"))
        when.addWidget(self.time)
        form = QFormLayout()
        form.addRow("Client", self.search)
        form.addRow("", self.found)
        form.addRow("or new", new_client)
        form.addRow("Services", self.services)
        form.addRow("", self.summary)
        form.addRow("Stylist", self.stylist)
        form.addRow("When", when)
        form.addRow("", self.double_book)
        patch_test = QHBoxLayout()
        patch_test.addWidget(self.patch_test, 1)
        patch_test.addWidget(self.book_test, 0, Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(patch_test)
        left.addStretch()
        deposit_box = QGroupBox("Deposit")
        deposit_form = QFormLayout(deposit_box)
        deposit_form.addRow(self.deposit)
        deposit_form.addRow("Card reference", self.reference)
        right = QVBoxLayout()
        right.addWidget(self.note_box)
        right.addWidget(deposit_box)
        right.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 11)
        columns.addLayout(right, 9)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _clear_message_on_change(self) -> None:
        """A refusal answers what was on the form; once anything is changed it is gone."""
        clear = lambda *_: self.message.clear()  # noqa: E731
        for changed in (self.search.textChanged, self.new_name.textChanged,
                        self.new_phone.textChanged, self.services.itemChanged,
                        self.stylist.currentIndexChanged, self.date.dateChanged,
                        self.time.editTextChanged, self.reference.textChanged,
                        self.note_box.toggled, *self.note.edited()):
            changed.connect(clear)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        """Enter in the search takes the client found and goes on to the services (it
        does not book a half-filled form)."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if self.client_id() is not None:
                self.services.setFocus()
            return True
        return super().eventFilter(watched, event)

    def find_clients(self, text: str) -> None:
        show_found_clients(self.found, self.session.salon, text)

    def add_client(self) -> None:
        try:
            client = clients.add_client(self.session.salon, self.new_name.text(),
                                        phone=self.new_phone.text(), by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.choose_client(client)

    def choose_client(self, client_id: int) -> None:
        """Show the client as found and chosen (from the profile, or just added)."""
        client = lookup.get_client(self.session.salon, client_id)
        self.search.setText(client.name)
        row = next((i for i in range(self.found.count())
                    if self.found.item(i).data(Qt.ItemDataRole.UserRole) == client_id), None)
        if row is None:  # more namesakes than the list holds: this one goes first
            self.found.insertItem(0, client_item(client_id, client.name, client.phone))
            row = 0
        self.found.setCurrentRow(row)

    def client_id(self) -> int | None:
        item = self.found.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def service_ids(self) -> list[int]:
        return [self.services.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.services.count())
                if self.services.item(i).checkState() == Qt.CheckState.Checked]

    def minutes(self) -> int:
        return sum(self.catalogue[i]["minutes"] for i in self.service_ids())

    def services_changed(self) -> None:
        """Length, price and end time add up; a consultation service opens the note."""
        chosen = [self.catalogue[i] for i in self.service_ids()]
        total = sum(s["price"] for s in chosen)
        if chosen:
            try:
                ends = (datetime.combine(datetime.min, self.time.time())
                        + timedelta(minutes=self.minutes()))
                end_text = f"ends {ends:%H:%M}"
            except DomainError:  # a time still being typed
                end_text = "type the time"
            count = f"{len(chosen)} service{'s' if len(chosen) > 1 else ''}"
            self.summary.setText(f"<b>{count} · {duration_text(self.minutes())} · "
                                 f"{self.money(total)}</b> · {end_text}")
        else:
            self.summary.setText("No services chosen yet.")
        self.note.suggest_price(total)
        consults = [s["name"] for s in chosen if s["needs_consultation"]]
        if consults:
            self.note_box.setChecked(True)
            self.note_hint.setText(f"{', '.join(consults)} needs this note, agreed by the "
                                   "client, before the work starts.")
        self.quote()

    def patch_outlook(self) -> None:
        """A service that needs a patch test: whether the client will have a valid one on
        the day; if not (and no reaction stands in the way), the test can be booked first."""
        salon, client = self.session.salon, self.client_id()
        needing = [i for i in self.service_ids() if self.catalogue[i]["needs_patch_test"]]
        self.test_by = None
        try:
            start = self.start() if needing and client is not None else None
        except DomainError:  # a time still being typed
            start = None
        if start is None:
            self.patch_test.show_state(None, "")
            self.book_test.hide()
            return
        outlook = patch_outlook(salon, client, to_utc_naive(start))
        self.patch_test.show_state(outlook.state.standing, outlook.said)
        self.test_by = outlook.test_by
        self.book_test.setVisible(outlook.test_by is not None)

    def book_patch_test(self) -> None:
        """A booking for the patch test (the catalogue's "Patch test" ticked, if it has
        one), on the last day it can be done to count; then back to this booking."""
        test_service = next((i for i, s in self.catalogue.items()
                             if s["name"].casefold() == PATCH_TEST_SERVICE), None)
        salon = self.session.salon
        when = max(local_of(self.test_by, salon.settings().tz) - timedelta(hours=1),
                   salon.now()).astimezone(salon.settings().tz)
        run_booking(self.session, self, client_id=self.client_id(), when=when,
                    stylist_id=self.stylist.currentData(),
                    service_ids=(test_service,) if test_service else ())
        self.patch_outlook()

    def quote(self) -> None:
        """The deposit due, and why; with one due, the buttons that take it as they book."""
        client, chosen = self.client_id(), self.service_ids()
        amount = 0
        if client is None or not chosen:
            self.deposit.setText("Choose the client and the services: the deposit, if one is "
                                 "due, shows here.")
        else:
            decision = deposits.quote_deposit(self.session.salon, client, chosen)
            amount = decision.amount
            due = f" ({self.money(amount)})" if amount else ""
            self.deposit.setText(decision.explanation.replace("Deposit due",
                                                              f"Deposit due{due}"))
        self.book_button.setVisible(not amount)
        self.without_button.setVisible(bool(amount))
        for code, button in self.take_buttons.items():
            button.setText(f"Book and take {self.money(amount)} by "
                           f"{WAYS_TO_PAY[code].label.lower()}")
            button.setAccessibleName(button.text())
            button.setVisible(bool(amount))
        self.reference.setEnabled(bool(amount))
        default = self.take_buttons.get(CARD.code) if amount else self.book_button
        if default is not None:
            default.setDefault(True)

    def start(self) -> datetime:
        day = self.date.date().toPython()
        return bookings.local_start(self.session.salon, day, self.time.time())

    def book(self, deposit_way: str | None = None) -> None:
        """The booking, its note and its deposit (taken `deposit_way`) are written
        together, or none of them is."""
        salon = self.session.salon
        try:
            start = self._checked_start()
        except DomainError as error:
            self.message.refuse(error.message)
            return
        if start is None:
            return  # the time was asked about, and not agreed
        if deposit_way == CASH.code and not cash_may_go_in(self.session, self):
            return  # asked for the drawer's float first, and cancelled
        try:
            with salon.batch():
                booking_id = bookings.book(
                    salon, client_id=self.client_id(), stylist_id=self.stylist.currentData(),
                    start=start, service_ids=self.service_ids(), by=self.session.staff_id,
                    double_book=self.double_book.isChecked())
                if self.note_box.isChecked():
                    self.note.save(booking_id)
                if deposit_way is not None:
                    needs_reference = WAYS_TO_PAY[deposit_way].needs_reference
                    deposits.take_deposit(
                        salon, booking_id, by=self.session.staff_id, method=deposit_way,
                        reference=self.reference.text() if needs_reference else "")
        except Clash as error:
            self.message.refuse(error.message)
            self.double_book.offer()
            return
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.booking_id = booking_id
        self.accept()

    def _checked_start(self) -> datetime | None:
        """The start, once the form can book; a start outside opening hours or already
        past is asked about first (once for that time), None if the answer was no."""
        if self.client_id() is None:
            raise InvalidInput("Choose the client first: type a few letters of their name, or "
                               "add them as a new client.")
        if not self.service_ids():
            raise InvalidInput("Tick at least one service.")
        start = self.start()
        if start != self.asked_about:
            end = start + timedelta(minutes=self.minutes())
            if not agreed_to_time(self, self.session.salon, start, end, "Book"):
                return None
            self.asked_about = start  # a second press (after a clash) is not asked again
        return start


class DepositDialog(FormDialog):
    """Take the deposit: the amount due is filled in; card needs the terminal's reference.
    The request key makes a double click take it once. An amount beyond what is still due
    (a deposit on a booking that needs none, or more than asked) is taken only when "Take
    more than is due" is ticked, with the reason: those two appear when the amount is more.
    The slip opens afterwards."""

    def __init__(self, session: Session, booking_id: int, due: int, parent=None):
        super().__init__("Take deposit", "Take deposit", parent, session=session)
        self.booking_id = booking_id
        self.due = due
        self.key = f"deposit-{uuid.uuid4()}"
        self.preview: PdfPreviewDialog | None = None
        settings = session.salon.settings()
        details = booking_details(session.salon, booking_id)
        why = QLabel(f"<b>{details.client}</b>, {details.start:%a %d %b %H:%M}<br>"
                     f"{details.deposit_reason}")
        why.setWordWrap(True)
        self.amount = QLineEdit(format_amount(due, settings.currency, symbol=False,
                                              style=settings.number_style))
        self.reference = QLineEdit(placeholderText=reference_hint(settings))
        self.reference.setAccessibleName("Terminal reference")
        self.method = way_choice(Use.DEPOSIT, self.reference)
        self.more_than_due = QCheckBox()
        self.more_than_due.setAccessibleName("Take more than is due")
        self.reason = QLineEdit(placeholderText="Why more than is due is taken")
        # Above the form, not a row of it: a form's row that wraps keeps one line's height.
        self.layout().insertWidget(0, why)
        self.add_row("Amount", self.amount)
        self.add_row("Paid by", self.method)
        self.form.addRow("Reference", self.reference)
        self.form.addRow(self.more_than_due)
        self.add_row("Reason", self.reason)
        self.amount.textChanged.connect(self._offer_more_than_due)
        self.more_than_due.toggled.connect(self.reason.setEnabled)
        self.reason.setEnabled(False)
        self._offer_more_than_due()

    def _offer_more_than_due(self) -> None:
        """The choice to take more, shown only when the amount typed is more than is due."""
        try:
            more = self.session.salon.settings().parse_money(self.amount.text()) > self.due
        except DomainError:  # not an amount (yet): taking it will say so
            more = False
        self.more_than_due.setText(
            f"Take more than the {self.session.salon.settings().money(self.due)} due")
        self.form.setRowVisible(self.more_than_due, more)
        self.form.setRowVisible(self.reason, more)

    def prepared(self) -> Operation:
        amount = self.session.salon.settings().parse_money(self.amount.text())
        asked = self.more_than_due.isChecked() and amount > self.due
        if self.method.currentData() == CASH.code and not cash_may_go_in(self.session, self):
            raise InvalidInput("Nothing was taken: the cash drawer's float was not counted.")
        return partial(self._take, amount, self.reason.text() if asked else None)

    def _take(self, amount: int, more_than_due: str | None) -> None:
        try:
            deposits.take_deposit(
                self.session.salon, self.booking_id, by=self.session.staff_id,
                method=self.method.currentData(), amount=amount,
                reference=typed_reference(self.method, self.reference),
                more_than_due=more_than_due, key=self.key)
        except DomainError:  # another desk may have taken it meanwhile: what is due now
            details = booking_details(self.session.salon, self.booking_id)
            self.due = max(0, details.deposit_due - details.deposit_held)
            self._offer_more_than_due()
            raise
        self.ok_button.setEnabled(False)  # taken: a second click has nothing to do
        owner = self.parentWidget() or self
        try:  # the deposit is taken whatever happens to the slip; it can be printed again
            self.preview = open_slip(self.session, self.booking_id, owner)
        except DomainError as error:
            show_refusal(owner, error)
