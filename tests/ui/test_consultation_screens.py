"""Consultations on screen: from the day book, the questions answered with the client, the
expectation note beside them and one signature for both, in one window — counted; the
save waits for ink; a question left unanswered is said and nothing is kept; the pad takes
a finger as well as a mouse; the client's Consultations tab prints the signed record; a
manager words the form under Settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QRadioButton

from salon_pos.services.operations import bookings, consultations
from salon_pos.services.views.consultations import client_consultations, form
from salon_pos.store.models import Consultation, ExpectationNote, JournalEntry
from salon_pos.ui.dialogs.consultation import ConsultationDialog
from salon_pos.ui.dialogs.consultation_form import ConsultationFormDialog
from salon_pos.ui.widgets.signature_pad import SignaturePad
from tests.conftest import dump
from tests.services.test_consultations import COLOUR_FORM
from tests.ui.steps import Steps, button, draw_signature
from tests.ui.test_clients_page import open_zoe
from tests.ui.test_clients_page import page as clients_page  # noqa: F401 (a fixture)
from tests.ui.test_day_book import open_page, session  # noqa: F401 (fixtures)
from tests.ui.test_patch_test_screens import click_block

# Choose the booking, Consultation…, a click a yes-or-no answer (3), agreed, the signature,
# save — and the words typed (the hair history's, the expected result's) apart.
CONSULTATION_TARGET = 8


@pytest.fixture
def colour_booking(s) -> int:
    consultations.save_form(s.salon, "Colour", COLOUR_FORM, approved_by=s.manager)
    return bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                         start=s.clock.now() + timedelta(hours=1), service_ids=[s.colour],
                         by=s.desk)


def answer(steps: Steps, dialog: ConsultationDialog, question: str, said: str) -> None:
    steps.click(next(b for b in dialog.findChildren(QRadioButton)
                     if b.accessibleName() == f"{said}: {question}"))


def test_a_consultation_signed_with_its_note_from_the_day_book(s, session, qtbot,  # noqa: F811
                                                                colour_booking):
    page = open_page(session, qtbot)
    steps = Steps(qtbot)

    def consult(dialog: QDialog) -> None:
        assert not dialog.save_button.isEnabled()  # nothing is kept before the client signs
        answer(steps, dialog, "Have you coloured your hair before?", "Yes")
        answer(steps, dialog, "Any allergies or sensitivities?", "No")
        answer(steps, dialog, "Are you pregnant or breastfeeding?", "No")
        [history] = [row for _kind, rows in dialog.answers for row in rows
                     if row.question.text == "Hair history in your own words"]
        steps.type(history.details, "Henna")
        steps.type(dialog.note.expected, "Soft copper")
        steps.click(dialog.note.agreed, QPoint(8, dialog.note.agreed.height() // 2))
        steps.done.append("sign")
        draw_signature(qtbot, dialog.signature.pad)
        steps.click(dialog.save_button)

    click_block(steps, page, colour_booking)
    steps.in_next_modal(consult)
    steps.click(button(page.panel, "Consultation"))
    qtbot.waitUntil(lambda: Consultation.select().exists())

    words = sum(step.startswith("type") for step in steps.done)
    assert steps.count - words <= CONSULTATION_TARGET, str(steps)
    [kept] = client_consultations(s.salon, s.client)
    assert kept.signed and [a.shown for a in kept.answers] == ["Yes", "No", "No", "Henna"]
    note = ExpectationNote.get(ExpectationNote.booking == colour_booking)
    consultation = Consultation.get()
    assert note.acknowledged_at is not None
    assert note.signature_id == consultation.signature_id  # one signature for both
    assert JournalEntry.select().where(JournalEntry.reference.in_(
        [f"consultation:{consultation.id}", f"agreement:{note.id}"])).count() == 2
    assert "✓ Colour consultation signed" in page.panel.details.text()


def test_an_unanswered_question_is_said_and_nothing_is_kept(s, session, qtbot,  # noqa: F811
                                                             colour_booking):
    dialog = ConsultationDialog(session, colour_booking)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dump(s.salon)
    draw_signature(qtbot, dialog.signature.pad)
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.message.text() == "Please answer yes or no: “Have you coloured your hair " \
        "before?”"
    assert dump(s.salon) == before
    button(dialog, "Clear").click()
    assert dialog.signature.pad.is_empty() and not dialog.save_button.isEnabled()


def test_the_pad_takes_a_finger(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 150)
    pad.show()
    qtbot.waitExposed(pad)
    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(40, 60))
    for x in range(60, 300, 30):
        QTest.touchEvent(pad, finger).move(0, QPoint(x, 60 + (x % 60)))
    QTest.touchEvent(pad, finger).release(0, QPoint(300, 80))
    assert not pad.is_empty() and pad.png().startswith(b"\x89PNG")


def test_the_consultations_tab_shows_and_prints_the_signed_record(s, clients_page, qtbot,  # noqa: F811
                                                                   colour_booking):
    from tests.services.helpers import signature_png
    from tests.services.test_consultations import REPLIES
    consultations.record_consultation(s.salon, s.client, category="Colour", replies=REPLIES,
                                      by=s.desk, booking_id=colour_booking,
                                      signature=signature_png())
    open_zoe(qtbot, clients_page)
    tab = clients_page.consultations_tab
    clients_page.tabs.setCurrentWidget(tab)
    assert tab.rows.rows[0][1:] == ("Colour", "Dara Desk", "✓")
    assert "Yes — box dye, 2024" in tab.answers.text()
    tab.print_button.click()
    assert tab.preview is not None and tab.preview.path.read_bytes().startswith(b"%PDF")
    tab.preview.close()


def test_a_manager_words_the_form(s, session, qtbot, monkeypatch):  # noqa: F811
    from salon_pos.ui.dialogs import form_dialog
    monkeypatch.setattr(form_dialog, "manager_approval", lambda *_args: s.manager)
    consultations.save_form(s.salon, "Colour", COLOUR_FORM[:2], approved_by=s.manager)
    dialog = ConsultationFormDialog(session, "Colour")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.questions() == [(q, k) for q, k in COLOUR_FORM[:2]]
    button(dialog, "Add a question").click()
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, 0).setText("Any medication?")
    dialog.table.setCurrentCell(row, 0)
    button(dialog, "Move up").click()
    dialog.table.setCurrentCell(0, 0)
    button(dialog, "Remove").click()
    button(dialog, "Save the form").click()
    assert [q.text for q in form(s.salon, "Colour")] == ["Any medication?",
                                                         "Any allergies or sensitivities?"]
