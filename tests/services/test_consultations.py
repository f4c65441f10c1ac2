"""Consultations and signatures: a manager's form per kind of service, the client's answers
recorded with their signature, signed agreements and patch tests — each bound to its text
in the journal, so a record changed by hand afterwards is named by verify."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from salon_pos.documents.agreement import render_agreement
from salon_pos.documents.consultation import render_consultation
from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.domain.journal import Kind
from salon_pos.services.operations import clients, consultations, notes, patch_tests
from salon_pos.services.views.booking_documents import agreement_record
from salon_pos.services.views.consultations import (
    booking_forms,
    client_consultations,
    consultation_record,
    forms,
)
from salon_pos.services.views.notes import booking_notes
from salon_pos.services.views.patch_tests import client_tests, patch_state
from salon_pos.services.views.verify import verify
from salon_pos.store.models import Consultation, ExpectationNote, JournalEntry, Signature
from tests.documents.conftest import pdf_text
from tests.services.helpers import book, journal, refused, signature_png

COLOUR_FORM = [("Have you coloured your hair before?", "yes_no"),
               ("Any allergies or sensitivities?", "yes_no"),
               ("Are you pregnant or breastfeeding?", "yes_no"),
               ("Hair history in your own words", "text")]
REPLIES = {"Have you coloured your hair before?": ("yes", "box dye, 2024"),
           "Any allergies or sensitivities?": ("no", ""),
           "Are you pregnant or breastfeeding?": ("no", ""),
           "Hair history in your own words": ("Henna until last year", "")}


@pytest.fixture
def colour_form(s):
    consultations.save_form(s.salon, "Colour", COLOUR_FORM, approved_by=s.manager)


def consult(s, booking=None, **options) -> int:
    return consultations.record_consultation(
        s.salon, s.client, category="Colour", replies=options.pop("replies", REPLIES),
        by=options.pop("by", s.desk), booking_id=booking,
        signature=options.pop("signature", signature_png()), **options)


def problems(s) -> list[str]:
    return [text for _seq, text in verify(s.salon).problems]


def test_a_manager_words_the_form_and_it_is_in_the_journal(s, colour_form):
    assert forms(s.salon) == {"Colour": 4, "Cut": 0}
    approved = journal(kind=Kind.APPROVED_CHANGE)[-1]
    assert approved.memo == "Consultation form for Colour: questions 4"
    with refused(s, "A manager has to approve", NotAllowed):
        consultations.save_form(s.salon, "Colour", [], approved_by=s.desk)
    with refused(s, "on the form twice"):
        consultations.save_form(s.salon, "Colour", [("Allergies?", "yes_no"),
                                                    ("allergies?", "text")],
                                approved_by=s.manager)
    with refused(s, "answered yes or no, or in words"):
        consultations.save_form(s.salon, "Colour", [("Allergies?", "maybe")],
                                approved_by=s.manager)


def test_a_booking_calls_for_the_forms_of_its_kinds_of_service(s, colour_form):
    booking = book(s, 11, services=[s.colour, s.cut, s.blowdry])
    [(category, questions)] = booking_forms(s.salon, booking)
    assert category == "Colour" and [q.text for q in questions][0] == COLOUR_FORM[0][0]
    assert booking_forms(s.salon, book(s, 15, services=[s.cut])) == []


def test_a_signed_consultation_is_kept_as_asked_and_sealed(s, colour_form):
    booking = book(s, 11, services=[s.colour])
    consultation = consult(s, booking)
    signature = Consultation.get_by_id(consultation).signature_id
    [seal] = journal(kind=Kind.CARE_RECORD, reference=f"consultation:{consultation}")
    assert seal.booking == booking and seal.client == s.client and seal.amount == 0
    assert "Henna" not in seal.memo and "box dye" not in seal.memo  # a digest, no words
    # The form reworded later: the consultation keeps the question as it was asked.
    consultations.save_form(s.salon, "Colour", [("Coloured before (when, with what)?",
                                                 "text")], approved_by=s.manager)
    [kept] = client_consultations(s.salon, s.client)
    assert kept.signed and kept.booking_id == booking
    assert [a.shown for a in kept.answers] == ["Yes — box dye, 2024", "No", "No",
                                               "Henna until last year"]
    assert kept.answers[0].question == "Have you coloured your hair before?"
    assert Signature.get_by_id(signature).client_id == s.client
    assert problems(s) == []


@pytest.mark.parametrize(("replies", "match"), [
    ({**REPLIES, "Any allergies or sensitivities?": ("", "")}, "Please answer yes or no"),
    ({**REPLIES, "Any allergies or sensitivities?": ("perhaps", "")}, "Please answer yes or no"),
    ({**REPLIES, "Do you smoke?": ("no", "")}, "not a question of this form"),
])
def test_every_yes_or_no_is_answered(s, colour_form, replies, match):
    with refused(s, match, InvalidInput):
        consult(s, replies=replies)


def blank_png() -> bytes:
    return signature_png(ink=False)


def huge_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (4000, 4000), 1).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize(("signature", "match"), [
    (b"", "has not signed yet"),
    (b"\x89PNG\r\n\x1a\n not really", "not a picture Salon POS made"),
    (signature_png()[:-40], "not a picture Salon POS made"),
    (b"GIF89a" + bytes(200), "not a picture Salon POS made"),
    (None, "blank"),  # replaced below: a pad with no ink
    (None, "too many pixels"),
])
def test_a_signature_is_a_real_picture_with_ink(s, colour_form, signature, match):
    if signature is None:
        signature = blank_png() if match == "blank" else huge_png()
    with refused(s, match, InvalidInput):
        consult(s, signature=signature)


def test_no_consultation_without_a_form_or_for_another_clients_booking(s, colour_form):
    with refused(s, "no consultation form for Cut"):
        consultations.record_consultation(s.salon, s.client, category="Cut", replies={},
                                          by=s.desk)
    other = clients.add_client(s.salon, "Orla Other", by=s.desk)
    theirs = book(s, 11, services=[s.colour], client=other)
    with refused(s, "another client's"):
        consult(s, theirs)


def test_the_note_agreed_beside_it_carries_the_same_signature(s, colour_form):
    booking = book(s, 11, services=[s.colour])
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            price_min=14000, price_max=16000)
    consultation = consult(s, booking)
    notes.acknowledge_note(s.salon, note, by=s.desk, consultation_id=consultation)
    [view] = booking_notes(s.salon, booking)
    assert view.acknowledged and view.signed
    assert ExpectationNote.get_by_id(note).signature_id == \
        Consultation.get_by_id(consultation).signature_id
    assert JournalEntry.get(JournalEntry.reference == f"agreement:{note}").kind == \
        Kind.CARE_RECORD
    assert problems(s) == []
    pdf = render_agreement(agreement_record(s.salon, booking))
    assert "The client's signature, agreeing to this note" in pdf_text(pdf)


def test_only_this_bookings_consultation_signs_its_note_and_only_once(s, colour_form):
    """The attack: a signature given for something else (another client's consultation,
    this client's of another visit, one that signed a note already) put on a note."""
    other = clients.add_client(s.salon, "Orla Other", by=s.desk)
    theirs = consultations.record_consultation(
        s.salon, other, category="Colour", replies=REPLIES, by=s.desk,
        booking_id=book(s, 9, services=[s.colour], client=other), signature=signature_png())
    earlier = consult(s, book(s, 10, services=[s.colour], days=2))
    booking = book(s, 11, services=[s.colour])
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            price_min=14000, price_max=16000)
    for foreign in (theirs, earlier):
        with refused(s, "not this booking's", NotFound):
            notes.acknowledge_note(s.salon, note, by=s.desk, consultation_id=foreign)
    today = consult(s, booking)
    notes.acknowledge_note(s.salon, note, by=s.desk, consultation_id=today)
    second = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Gloss",
                              price_min=2000, price_max=2000)
    with refused(s, "has agreed a note already"):
        notes.acknowledge_note(s.salon, second, by=s.desk, consultation_id=today)


def test_a_note_signed_alone_and_one_agreed_without_signing(s):
    booking = book(s, 11, services=[s.colour])
    signed = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                              price_min=14000, price_max=16000)
    notes.acknowledge_note(s.salon, signed, by=s.desk, signature=signature_png())
    unsigned = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Gloss",
                                price_min=2000, price_max=2000)
    notes.acknowledge_note(s.salon, unsigned, by=s.desk)
    assert [n.signed for n in booking_notes(s.salon, booking)] == [True, False]
    assert not JournalEntry.select().where(JournalEntry.reference == f"agreement:{unsigned}"
                                           ).exists()
    trim = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Trim",
                            price_min=0, price_max=0)
    with refused(s, "blank", InvalidInput):
        notes.acknowledge_note(s.salon, trim, by=s.desk, signature=blank_png())


def test_a_signed_patch_test(s):
    old = patch_tests.record_test(s.salon, s.client, products="Koleston 6/0", by=s.stylist)
    new = patch_tests.record_test(s.salon, s.client, products="Majirel 7", by=s.stylist,
                                  signature=signature_png())
    assert {t.test_id: t.signed for t in client_tests(s.salon, s.client)} == {old: False,
                                                                              new: True}
    patch_tests.read_test(s.salon, new, result="clear", by=s.stylist)
    assert problems(s) == []


def test_the_consultation_prints_with_its_signature_and_notes(s, colour_form, tmp_path):
    booking = book(s, 11, services=[s.colour])
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            price_min=14000, price_max=16000)
    consultation = consult(s, booking)
    notes.acknowledge_note(s.salon, note, by=s.desk, consultation_id=consultation)
    record = consultation_record(s.salon, consultation)
    assert record.intact
    assert record.signature == signature_png()
    text = pdf_text(render_consultation(record))
    for words in ("Consultation — Colour", "Have you coloured your hair before?",
                  "Yes — box dye, 2024", "Henna until last year", "The client's signature",
                  "Soft copper", f"consultation:{consultation}"):
        assert words in text


# --- attacks: a hand editor changes a signed record after the fact -------------------------

def test_answers_edited_by_hand_are_named_by_verify(s, colour_form):
    consultation = consult(s)
    s.salon.database.execute_sql(
        "UPDATE consultation SET answers = REPLACE(answers, '\"no\"', '\"yes\"')")
    assert problems(s) == [f"consultation {consultation} was changed outside Salon POS since "
                           "it was recorded"]
    # Printed, it says so: it does not pass for the record the client signed.
    record = consultation_record(s.salon, consultation)
    assert not record.intact
    assert "does not match its seal" in pdf_text(render_consultation(record))


def test_a_signature_swapped_by_hand_is_named_by_verify(s, colour_form):
    consultation = consult(s)
    signature = Consultation.get_by_id(consultation).signature_id
    Signature.update(image=signature_png(width=500)).where(Signature.id == signature).execute()
    assert problems(s) == [f"consultation {consultation} was changed outside Salon POS since "
                           "it was recorded"]


def test_a_signed_note_edited_by_hand_is_named_by_verify(s):
    booking = book(s, 11, services=[s.colour])
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            price_min=14000, price_max=16000)
    notes.acknowledge_note(s.salon, note, by=s.desk, signature=signature_png())
    ExpectationNote.update(price_max=26000).where(ExpectationNote.id == note).execute()
    assert problems(s) == [f"signed expectation note {note} was changed outside Salon POS "
                           "since it was recorded"]


def test_a_consultation_deleted_or_added_by_hand_is_named_by_verify(s, colour_form):
    consultation = consult(s)
    row = Consultation.get_by_id(consultation)
    Consultation.delete().execute()
    assert problems(s) == [f"consultation {consultation} is in the journal but was removed "
                           "outside Salon POS"]
    Consultation.insert(client=s.client, category="Colour", answers=row.answers,
                        recorded_by=s.desk, recorded_at=row.recorded_at,
                        id=consultation + 1).execute()
    assert f"consultation {consultation + 1} is not in the journal: it was added outside " \
        "Salon POS" in problems(s)


def test_a_signature_deleted_by_hand_is_named_and_nothing_breaks(s):
    """The attack: the signatures of a note and a patch test deleted (their links have no
    constraint: the columns were added to tables of old): verify names each record, the
    start refuses to rely on the tests, and the agreement still prints."""
    booking = book(s, 11, services=[s.colour])
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Soft copper",
                            price_min=14000, price_max=16000)
    notes.acknowledge_note(s.salon, note, by=s.desk, signature=signature_png())
    test = patch_tests.record_test(s.salon, s.client, products="Majirel 7", by=s.stylist,
                                   signature=signature_png(width=300))
    Signature.delete().execute()
    assert sorted(problems(s)) == [
        f"patch test {test} was changed outside Salon POS since it was recorded",
        f"signed expectation note {note} was changed outside Salon POS since it was recorded"]
    assert render_agreement(agreement_record(s.salon, booking)).startswith(b"%PDF")
    with pytest.raises(NotAllowed, match="do not match the journal"):
        patch_state(s.salon, s.client, s.salon.now_stored(), relied_on=True)
