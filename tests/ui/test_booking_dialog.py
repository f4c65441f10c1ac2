"""Booking from the front desk: find the client as you type, tick services (length and price
add up), see the deposit due and why, write and agree the expectation note with a photo,
book, then take the deposit and get the slip — checked in the database."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QPushButton

from salon_pos.services.kernel import balances
from salon_pos.services.operations import bookings, cash_drawer, deposits
from salon_pos.services.views.drawer import drawer_open_now
from salon_pos.services.views.notes import services_missing_agreement
from salon_pos.store.models import Booking, ExpectationNote, JournalEntry, NotePhoto
from salon_pos.ui.dialogs.booking import BookingDialog, DepositDialog
from salon_pos.ui.dialogs.expectation_note import ExpectationNoteDialog
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.helpers import book
from tests.ui.steps import Steps, button, sign_in_next_window


@pytest.fixture
def session(s):
    return Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")


def tick(dialog: BookingDialog, service_name: str) -> None:
    for i in range(dialog.services.count()):
        item = dialog.services.item(i)
        if item.text().startswith(service_name):
            item.setCheckState(Qt.CheckState.Checked)


def a_photo(tmp_path) -> str:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#b5651d"))
    path = tmp_path / "copper.png"
    assert image.save(str(path))
    return str(path)


def click_box(qtbot, box) -> None:
    """A click on the check box's square (the row may be wider than its label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()


def write_note(qtbot, form, expected: str, low: str, high: str) -> None:
    qtbot.keyClicks(form.expected, expected)
    qtbot.keyClicks(form.limits, "Ends may stay warmer")
    form.sessions.setValue(2)
    for field, text in ((form.price_min, low), (form.price_max, high)):
        field.selectAll()
        qtbot.keyClicks(field, text)


def test_the_services_add_up_to_a_length_a_price_and_an_end(s, session, qtbot):
    dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
    qtbot.addWidget(dialog)

    tick(dialog, "Cut and finish")
    tick(dialog, "Colour correction")

    assert dialog.summary.text() == "<b>2 services · 2 h 45 min · €195.00</b> · ends 12:45"
    assert dialog.note_box.isChecked()  # a consultation service needs the note
    assert "Colour correction needs this note" in dialog.note_hint.text()
    assert dialog.note.price_max.text() == "195.00"


def test_book_a_colour_with_an_agreed_note_and_a_photo_and_the_deposit_later(
        s, session, qtbot, tmp_path, monkeypatch):
    dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
    qtbot.addWidget(dialog)

    qtbot.keyClicks(dialog.search, "zoe")  # accents need not be typed
    assert dialog.found.count() == 1 and dialog.client_id() == s.client
    tick(dialog, "Colour correction")
    assert "Deposit due (€30.00)" in dialog.deposit.text()
    assert "at or over the €60.00 threshold" in dialog.deposit.text()
    write_note(qtbot, dialog.note, "Copper to soft golden blonde", "150", "220.5")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([a_photo(tmp_path)], ""))
    add_photos = next(b for b in dialog.note.findChildren(type(dialog.book_button))
                      if b.text() == "Add photos…")
    qtbot.mouseClick(add_photos, Qt.MouseButton.LeftButton)
    sign_in_next_window(Steps(qtbot))
    click_box(qtbot, dialog.note.agreed)
    assert dialog.book_button.isHidden()  # a deposit is due: taken now, or on purpose later
    qtbot.mouseClick(dialog.without_button, Qt.MouseButton.LeftButton)

    booking = Booking.get_by_id(dialog.booking_id)
    assert (booking.client_id, booking.stylist_id, booking.deposit_due) == (s.client, s.stylist,
                                                                            3000)
    assert booking.start == datetime(2026, 3, 23, 10, 0)  # Dublin is on GMT in March
    note = ExpectationNote.get(ExpectationNote.booking == booking.id)
    assert (note.expected_result, note.limits_and_risks, note.sessions_expected,
            note.price_min, note.price_max) == ("Copper to soft golden blonde",
                                                "Ends may stay warmer", 2, 15000, 22050)
    assert note.acknowledged_at is not None and note.acknowledged_recorded_by_id == s.desk
    photo = NotePhoto.get(NotePhoto.note == note.id)
    assert (s.salon.photos_dir / photo.file_name).exists()
    assert services_missing_agreement(s.salon, booking.id) == []

    deposit = DepositDialog(session, booking.id, 3000)
    qtbot.addWidget(deposit)
    assert deposit.amount.text() == "30.00"
    qtbot.mouseClick(deposit.ok_button, Qt.MouseButton.LeftButton)
    assert "terminal's reference" in deposit.message.text()  # card needs it; nothing taken
    assert balances.deposit_held(s.salon, booking.id) == 0
    qtbot.keyClicks(deposit.reference, "T-4411")
    qtbot.mouseClick(deposit.ok_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(deposit.ok_button, Qt.MouseButton.LeftButton)  # a double click

    assert balances.deposit_held(s.salon, booking.id) == 3000
    assert JournalEntry.select().where(JournalEntry.kind == "deposit_taken").count() == 1
    assert deposit.preview is not None and deposit.preview.isVisible()
    assert deposit.preview.path.read_bytes().startswith(b"%PDF")
    deposit.preview.close()


def test_more_than_is_due_is_offered_only_when_typed_and_taken_with_a_reason(s, session,
                                                                            qtbot):
    """Two desks had the dialog open; the other took the deposit first. This one is told,
    and is then offered to take more than is due — with a reason, kept in the journal."""
    booking = book(s, 11, services=[s.cut, s.blowdry])  # €15.00 due
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    deposit = DepositDialog(session, booking, 1500)
    qtbot.addWidget(deposit)
    deposit.method.setCurrentIndex(deposit.method.findData("cash"))
    assert deposit.more_than_due.isHidden() and deposit.reason.isHidden()
    deposit.amount.setText("20.00")
    assert not deposit.more_than_due.isHidden() and not deposit.reason.isHidden()
    deposit.amount.setText("15.00")
    assert deposit.more_than_due.isHidden()
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash")  # the other desk

    qtbot.mouseClick(deposit.ok_button, Qt.MouseButton.LeftButton)

    assert "deposit has already been taken (€15.00 held)" in deposit.message.text()
    assert balances.deposit_held(s.salon, booking) == 1500
    assert not deposit.more_than_due.isHidden() and not deposit.reason.isEnabled()
    deposit.more_than_due.setChecked(True)
    qtbot.mouseClick(deposit.ok_button, Qt.MouseButton.LeftButton)
    assert "Please write the reason for taking more than is due" in deposit.message.text()
    qtbot.keyClicks(deposit.reason, "colour top-up paid ahead")
    qtbot.mouseClick(deposit.ok_button, Qt.MouseButton.LeftButton)

    assert balances.deposit_held(s.salon, booking) == 3000
    last = JournalEntry.select().order_by(JournalEntry.seq.desc()).first()
    assert last.memo == "more than due: colour top-up paid ahead"
    deposit.preview.close()


def test_a_note_without_its_expected_result_books_nothing(s, session, qtbot):
    dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Colour correction")

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert "expected result" in dialog.message.text().lower()
    assert dialog.booking_id is None
    assert Booking.select().count() == 0 and ExpectationNote.select().count() == 0


def test_a_clash_is_refused_with_its_message(s, session, qtbot):
    for _attempt in range(2):
        dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.search, "zoe")
        tick(dialog, "Cut and finish")
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert "Aoife Stylist already has Zoë Ní Bhriain at 10:00–10:45" in dialog.message.text()
    assert dialog.booking_id is None and Booking.select().count() == 1


def test_the_note_dialog_edits_the_open_note_and_records_the_agreement(s, session, qtbot):
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=datetime(2026, 3, 23, 10, 0, tzinfo=UTC),
                            service_ids=[s.colour], by=s.desk)
    first = ExpectationNoteDialog(session, booking)
    qtbot.addWidget(first)
    assert first.form.price_min.text() == "150.00"  # the booked price, to start from
    write_note(qtbot, first.form, "Soft copper", "140", "180")
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    assert services_missing_agreement(s.salon, booking) == ["Colour correction"]

    again = ExpectationNoteDialog(session, booking)  # the open note, to change and agree
    qtbot.addWidget(again)
    assert again.form.expected.toPlainText() == "Soft copper"
    qtbot.keyClicks(again.form.expected, ", two tones lighter")
    sign_in_next_window(Steps(qtbot))
    click_box(qtbot, again.form.agreed)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)

    note, = ExpectationNote.select().where(ExpectationNote.booking == booking)
    assert note.expected_result == "Soft copper, two tones lighter"
    assert (note.price_min, note.price_max) == (14000, 18000)
    assert note.acknowledged_at is not None and note.signature_id is not None
    assert services_missing_agreement(s.salon, booking) == []


def test_a_new_client_is_chosen_even_among_more_namesakes_than_the_list_shows(
        s, session, qtbot):
    from PySide6.QtWidgets import QPushButton

    from salon_pos.services.operations import clients
    from salon_pos.store.models import Client

    for _ in range(20):  # the search shows 20 at most
        clients.add_client(s.salon, "Aoife Murphy", by=s.desk)
    dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.new_name, "Aoife Murphy")
    qtbot.keyClicks(dialog.new_phone, "087 555 0101")
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add client")

    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)

    newest = Client.select().order_by(Client.id.desc()).get()
    assert (newest.name, dialog.client_id()) == ("Aoife Murphy", newest.id)
    assert dialog.found.currentItem().text() == f"Aoife Murphy — {newest.phone}"
    assert dialog.found.count() == 21  # the 20 the search shows, and the new client first


def test_a_new_client_named_with_what_receipts_cannot_print_is_refused_by_name(
        s, session, qtbot):
    from salon_pos.store.models import Client
    from tests.ui.steps import Steps, button

    steps = Steps(qtbot)
    dialog = BookingDialog(session, s.stylist, datetime(2026, 3, 23, 10, 0))
    qtbot.addWidget(dialog)
    dialog.show()
    clients_before = Client.select().count()

    steps.type(dialog.new_name, "Łucja Ó Sé 🌸")
    steps.click(button(dialog, "Add client"))

    assert dialog.message.text() == (
        "“🌸” (cherry blossom) cannot be printed on receipts or shown on every screen; "
        "please leave it out of the client's name.")
    assert Client.select().count() == clients_before

    steps.key(dialog.new_name, Qt.Key.Key_Backspace)  # the flower goes
    steps.click(button(dialog, "Add client"))

    newest = Client.select().order_by(Client.id.desc()).get()
    assert (newest.name, dialog.client_id()) == ("Łucja Ó Sé", newest.id)
    assert steps.count <= 7, str(steps)


def a_dialog(s, session, qtbot, when=datetime(2026, 3, 23, 10, 0)) -> BookingDialog:
    dialog = BookingDialog(session, s.stylist, when)
    qtbot.addWidget(dialog)
    dialog.resize(980, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_deposit_is_taken_by_cash_as_it_books_once_the_float_is_counted(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Cut and finish")
    assert not dialog.book_button.isHidden() and dialog.without_button.isHidden()
    assert not dialog.reference.isEnabled()  # €45.00: no deposit due
    tick(dialog, "Blow-dry")  # "never" takes a deposit, but the total is under €60 still
    tick(dialog, "Colour correction")
    dialog.note_box.setChecked(False)  # the note can be written later

    cash = dialog.take_buttons["cash"]
    assert cash.text() == "Book and take €45.00 by cash" and dialog.book_button.isHidden()
    steps = Steps(qtbot)

    def count_the_float(question) -> None:  # no drawer was opened today: asked first
        steps.type(question.amount, "100")
        steps.click(button(question, "Open with this float"))
    steps.in_next_modal(count_the_float)
    steps.click(cash)

    taken, = JournalEntry.select().where(JournalEntry.kind == "deposit_taken")
    assert (taken.booking, taken.amount, taken.method) == (dialog.booking_id, 4500, "cash")
    assert balances.deposit_held(s.salon, dialog.booking_id) == 4500
    assert drawer_open_now(s.salon)
    opened, = JournalEntry.select().where(JournalEntry.kind == "drawer_float")
    assert opened.amount == 10000


def test_cancelling_the_float_question_books_nothing(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Colour correction")
    dialog.note_box.setChecked(False)
    steps = Steps(qtbot)
    steps.in_next_modal(lambda question: steps.click(button(question, "Cancel")))
    steps.click(dialog.take_buttons["cash"])

    assert Booking.select().count() == 0 and not drawer_open_now(s.salon)
    assert JournalEntry.select().where(JournalEntry.kind == "deposit_taken").count() == 0


def test_a_card_deposit_without_its_reference_books_nothing(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Colour correction")
    dialog.note_box.setChecked(False)

    qtbot.mouseClick(dialog.take_buttons["card"], Qt.MouseButton.LeftButton)

    assert "terminal's reference" in dialog.message.text()
    assert dialog.message.tone == "refused"
    assert Booking.select().count() == 0 and JournalEntry.select().where(
        JournalEntry.kind == "deposit_taken").count() == 0
    qtbot.keyClicks(dialog.reference, "T-1")
    assert dialog.message.text() == ""  # its cause is gone


def test_book_without_the_deposit_leaves_it_due(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Colour correction")
    dialog.note_box.setChecked(False)

    qtbot.mouseClick(dialog.without_button, Qt.MouseButton.LeftButton)

    booking = Booking.get_by_id(dialog.booking_id)
    assert booking.deposit_due == 3000 and balances.deposit_held(s.salon, booking.id) == 0


@pytest.mark.parametrize(("typed", "booked"), [("0900", "09:00"), ("9", "09:00"),
                                               ("14:30", "14:30"), ("1545", "15:45")])
def test_a_time_can_be_typed(s, session, qtbot, typed, booked):
    dialog = a_dialog(s, session, qtbot)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Cut and finish")
    dialog.time.lineEdit().selectAll()
    qtbot.keyClicks(dialog.time.lineEdit(), typed)
    assert dialog.summary.text().endswith(f"ends {dialog.time.time():%H:%M}"[:-5]
                                          + f"{_plus(dialog.time.time(), 45)}")

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert f"{Booking.get_by_id(dialog.booking_id).start:%H:%M}" == booked


def _plus(at, minutes: int) -> str:
    return f"{datetime.combine(datetime.min, at) + timedelta(minutes=minutes):%H:%M}"


def test_a_time_that_is_not_one_says_how_to_type_it(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Cut and finish")
    dialog.time.lineEdit().selectAll()
    qtbot.keyClicks(dialog.time.lineEdit(), "25")

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert "“25” is not a time: type it like 09:30" in dialog.message.text()
    assert Booking.select().count() == 0


def test_ticking_a_service_moves_nothing_and_the_summary_sits_under_the_list(s, session,
                                                                            qtbot):
    dialog = a_dialog(s, session, qtbot)
    rows = (dialog.stylist, dialog.date, dialog.time)
    before = [w.mapTo(dialog, QPoint(0, 0)) for w in rows]

    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Colour correction")  # the note opens, the deposit and its buttons show
    qtbot.wait(10)

    assert [w.mapTo(dialog, QPoint(0, 0)) for w in rows] == before
    services_bottom = dialog.services.mapTo(dialog, QPoint(0, dialog.services.height()))
    assert dialog.summary.mapTo(dialog, QPoint(0, 0)).y() >= services_bottom.y()


def test_a_clash_offers_to_double_book_on_purpose_by_whoever_books(s, session, qtbot):
    bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                  start=datetime(2026, 3, 23, 10, 0, tzinfo=UTC), service_ids=[s.cut], by=s.desk)
    dialog = a_dialog(s, session, qtbot, datetime(2026, 3, 23, 10, 30))
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Cut and finish")
    assert dialog.double_book.box.isHidden()

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert "Choose another time, or double-book on purpose" in dialog.message.text()
    box = dialog.double_book.box
    assert not box.isHidden() and box.text() == "Double-book on purpose (allowed by Dara Desk)"
    dialog.time.set_time(time(11, 0))  # another time: that clash is not this one
    assert box.isHidden() and dialog.message.text() == ""
    dialog.time.set_time(time(10, 30))
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    click_box(qtbot, box)
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    booking = Booking.get_by_id(dialog.booking_id)
    assert booking.double_booked and booking.created_by_id == s.desk
    assert Booking.select().count() == 2


class Asked:
    """Stands in for the question box: records each question and gives `answer`."""

    def __init__(self, answer: bool):
        self.answer, self.questions = answer, []

    def __call__(self, parent, title, text, yes, no) -> bool:
        self.questions.append((title, text, yes, no))
        return self.answer


@pytest.mark.parametrize(("at", "said"), [
    (datetime(2026, 3, 20, 7, 45), "07:45 today is outside opening hours (08:00–20:00) and "
                                   "already past. Book it anyway?"),
    (datetime(2026, 3, 20, 8, 15), "08:15 today is already past. Book it anyway?"),
    (datetime(2026, 3, 24, 19, 45), "19:45 on Tue 24 Mar is outside opening hours "
                                    "(08:00–20:00). Book it anyway?"),
])
def test_an_unusual_time_is_asked_about_once_before_booking(s, session, qtbot, monkeypatch,
                                                             at, said):
    s.clock.set(datetime(2026, 3, 20, 8, 40, tzinfo=UTC))  # Dublin is on GMT in March
    asked = Asked(False)
    monkeypatch.setattr("salon_pos.ui.dialogs.messages.confirm", asked)
    dialog = a_dialog(s, session, qtbot, at)
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Cut and finish")

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert asked.questions == [(f"Book at {at:%H:%M}?", said, "Book anyway", "Change the time")]
    assert Booking.select().count() == 0 and dialog.isVisible()

    asked.answer = True
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert len(asked.questions) == 2 and Booking.select().count() == 1


def test_a_usual_time_is_not_asked_about(s, session, qtbot, monkeypatch):
    asked = Asked(False)
    monkeypatch.setattr("salon_pos.ui.dialogs.messages.confirm", asked)
    dialog = a_dialog(s, session, qtbot, datetime(2026, 3, 20, 9, 0))  # now, at the desk
    qtbot.keyClicks(dialog.search, "zoe")
    tick(dialog, "Cut and finish")

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

    assert asked.questions == [] and Booking.select().count() == 1


def test_messages_go_once_their_cause_is_gone(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add client")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert "client's name" in dialog.message.text() and dialog.message.tone == "refused"
    qtbot.keyClicks(dialog.new_name, "Saoirse")
    assert dialog.message.text() == ""

    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Choose the client first")
    qtbot.keyClicks(dialog.search, "zoe")
    assert dialog.message.text() == ""
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Tick at least one service."
    tick(dialog, "Cut and finish")
    assert dialog.message.text() == ""


def test_enter_in_the_search_takes_the_client_and_goes_on_to_the_services(s, session, qtbot):
    dialog = a_dialog(s, session, qtbot)
    dialog.activateWindow()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "zoe")

    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    assert dialog.client_id() == s.client and dialog.focusWidget() is dialog.services
    assert dialog.isVisible() and dialog.message.text() == ""  # nothing was booked
