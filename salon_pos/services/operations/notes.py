"""Expectation notes: what the client can expect, agreed before the work starts, the
outcome written after it, and reference photos kept in the data folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotFound
from salon_pos.domain.money import check_amount
from salon_pos.domain.validation import clean_text
from salon_pos.files import write_bytes
from salon_pos.services.kernel.access import require_hands_on
from salon_pos.services.kernel.care_seals import seal_record
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking, get_note
from salon_pos.services.operations.reference_photos import checked_photo
from salon_pos.services.operations.signatures import checked_signature, keep_signature
from salon_pos.services.views.notes import AGREEMENTS, agreement_state, signed_notes
from salon_pos.store.models import BookedService, Consultation, ExpectationNote, NotePhoto

_OPEN_STATUSES = (BookingStatus.BOOKED, BookingStatus.ARRIVED)


def _note_fields(expected_result, limits_and_risks, sessions_expected, price_min, price_max):
    expected = clean_text(expected_result, "expected result", required=True)
    limits = clean_text(limits_and_risks, "limits and risks")
    if not isinstance(sessions_expected, int) or not 1 <= sessions_expected <= 20:
        raise InvalidInput("Sessions expected is a number from 1 to 20.")
    check_amount(price_min, "lowest price", allow_zero=True)
    check_amount(price_max, "highest price", allow_zero=True)
    if price_min > price_max:
        raise InvalidInput("The lowest price of the range is above the highest.")
    return {
        "expected_result": expected, "limits_and_risks": limits,
        "sessions_expected": sessions_expected, "price_min": price_min, "price_max": price_max,
    }


def write_note(
    salon: Salon, booking_id: int, *, by: int, expected_result: str, price_min: int,
    price_max: int, limits_and_risks: str = "", sessions_expected: int = 1,
    booked_service_id: int | None = None,
) -> int:
    """Write the note for a booking (or one of its services) before the work starts."""
    fields = _note_fields(expected_result, limits_and_risks, sessions_expected, price_min,
                          price_max)
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        if booking.status not in _OPEN_STATUSES:
            raise InvalidTransition("Expectation notes are agreed before the work starts.")
        if booked_service_id is not None and not BookedService.select().where(
            (BookedService.id == booked_service_id) & (BookedService.booking == booking_id)
        ).exists():
            raise NotFound("That service is not part of this booking.")
        return ExpectationNote.create(
            booking=booking_id, booked_service=booked_service_id, written_by=by,
            written_at=salon.now_stored(), **fields,
        ).id


def _note_to_work_on(salon: Salon, note_id: int, by: int) -> ExpectationNote:
    note = get_note(salon, note_id)
    require_hands_on(salon, by, note.booking.stylist_id)
    return note


def edit_note(
    salon: Salon, note_id: int, *, by: int, expected_result: str, price_min: int,
    price_max: int, limits_and_risks: str = "", sessions_expected: int = 1,
) -> None:
    """Change a note the client has not acknowledged yet (an agreed note stays as agreed)."""
    fields = _note_fields(expected_result, limits_and_risks, sessions_expected, price_min,
                          price_max)
    with salon.writing():
        note = _note_to_work_on(salon, note_id, by)
        if note.acknowledged_at is not None:
            raise InvalidTransition(
                "The client has already agreed to this note; write a new note instead."
            )
        ExpectationNote.update(fields).where(ExpectationNote.id == note_id).execute()


def acknowledge_note(salon: Salon, note_id: int, *, by: int, signature: bytes | None = None,
                     consultation_id: int | None = None) -> None:
    """The client has read the note and agrees to it; the staff member records that, with
    the client's signature — drawn now (`signature`, a PNG), or the one they gave for the
    booking's consultation beside it (`consultation_id`), which signs no other note. A
    signed note is sealed into the journal: its words, price range and photos can no
    longer change unseen."""
    signature = None if signature is None else checked_signature(signature)
    with salon.writing():
        note = _note_to_work_on(salon, note_id, by)
        if note.acknowledged_at is not None:
            raise InvalidTransition("The client has already acknowledged this note.")
        booking = note.booking
        if booking.status not in _OPEN_STATUSES:
            raise InvalidTransition("A note is acknowledged before the work starts.")
        signature_id = None
        if signature is not None:
            signature_id = keep_signature(salon, booking.client_id, signature)
        elif consultation_id is not None:
            signature_id = _consultations_signature(consultation_id, booking.id)
        ExpectationNote.update(
            acknowledged_at=salon.now_stored(), acknowledged_recorded_by=by,
            signature=signature_id,
        ).where(ExpectationNote.id == note_id).execute()
        if signature_id is not None:
            _seal_agreement(salon, note_id, by)


def _consultations_signature(consultation_id: int, booking_id: int) -> int:
    """The signature of this booking's consultation, signing no note yet."""
    signature_id = Consultation.select(Consultation.signature).where(
        (Consultation.id == consultation_id) & (Consultation.booking == booking_id)).scalar()
    if signature_id is None:
        raise NotFound("That signed consultation is not this booking's.")
    if ExpectationNote.select().where(ExpectationNote.signature == signature_id).exists():
        raise InvalidTransition("That consultation's signature has agreed a note already.")
    return signature_id


def _seal_agreement(salon: Salon, note_id: int, by: int) -> None:
    note = signed_notes(salon).where(ExpectationNote.id == note_id).get()
    photos = [p.sha256 for p in NotePhoto.select(NotePhoto.sha256).where(NotePhoto.note == note_id)]
    seal_record(salon, AGREEMENTS, note_id, agreement_state(note, photos),
                client_id=note.booking.client_id, staff_id=by, booking_id=note.booking_id)


def complete_note(salon: Salon, note_id: int, *, by: int, outcome: str, formula: str = "") -> None:
    """After the service: what was done, and the formula or products used."""
    outcome = clean_text(outcome, "outcome", required=True)
    formula = clean_text(formula, "formula")
    with salon.writing():
        note = _note_to_work_on(salon, note_id, by)
        if note.booking.status not in (BookingStatus.IN_SERVICE, BookingStatus.READY):
            raise InvalidTransition(
                "The outcome is written between the start of the work and checkout; once "
                "the client has paid, the record is closed."
            )
        ExpectationNote.update(
            outcome=outcome, formula=formula, completed_at=salon.now_stored(), completed_by=by
        ).where(ExpectationNote.id == note_id).execute()


def add_photo(salon: Salon, note_id: int, source: Path, *, by: int, caption: str = "") -> int:
    """Copy a reference photo into the data folder (named by its hash) and link it."""
    caption = clean_text(caption, "photo's caption")
    if len(caption) > 200:
        raise InvalidInput("The caption is too long (at most 200 characters).")
    photo = checked_photo(Path(source))
    data = photo.data
    digest = hashlib.sha256(data).hexdigest()
    file_name = digest + photo.suffix
    with salon.writing():
        note = _note_to_work_on(salon, note_id, by)
        if note.acknowledged_at is not None:
            raise InvalidTransition(
                "The client has already agreed to this note; photos go with a new note."
            )
        salon.photos_dir.mkdir(parents=True, exist_ok=True)
        target = salon.photos_dir / file_name
        if not (target.is_file() and not target.is_symlink()):  # named by its content
            write_bytes(target, data)
        return NotePhoto.create(note=note_id, file_name=file_name, caption=caption,
                                sha256=digest, added_at=salon.now_stored()).id

