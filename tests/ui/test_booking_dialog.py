"""Booking from the front desk: find the client as you type, tick services (length and price
add up), see the deposit due and why, write and agree the expectation note with a photo,
book, then take the deposit and get the slip — checked in the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog

from salon_pos.services.kernel import balances
from salon_pos.services.operations import bookings, deposits
from salon_pos.services.views.notes import services_missing_agreement
from salon_pos.store.models import Booking, ExpectationNote, JournalEntry, NotePhoto
from salon_pos.ui.dialogs.booking import BookingDialog, DepositDialog
from salon_pos.ui.dialogs.expectation_note import ExpectationNoteDialog
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.helpers import book


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


def test_book_a_colour_with_an_agreed_note_and_a_photo_then_take_the_deposit(
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
    click_box(qtbot, dialog.note.agreed)
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)

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
    click_box(qtbot, again.form.agreed)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)

    note, = ExpectationNote.select().where(ExpectationNote.booking == booking)
    assert note.expected_result == "Soft copper, two tones lighter"
    assert (note.price_min, note.price_max) == (14000, 18000)
    assert note.acknowledged_at is not None
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
