"""Expectation notes as the screens show them (the day book's side panel, a stylist's day,
checkout): one record a note, read for many bookings in two queries; which booked
services still wait for an agreed note; and what the journal seals of a signed agreement."""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from salon_pos.domain.care_records import AGREEMENT
from salon_pos.domain.journal import Kind
from salon_pos.services.kernel.care_seals import SealedKind, signature_digest, with_signature
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import BookedService, Booking, ExpectationNote, NotePhoto


@dataclass(frozen=True)
class NoteView:
    note_id: int
    booked_service_id: int | None  # None when the note covers the whole booking
    service: str  # that booked service's name, or ""
    expected_result: str
    limits_and_risks: str
    sessions_expected: int
    price_min: int
    price_max: int
    photos: int
    acknowledged: bool
    outcome: str
    formula: str
    signed: bool = False


def notes_by_booking(salon: Salon, booking_ids: list[int]) -> dict[int, list[NoteView]]:
    """Each booking's notes, oldest first; a booking without notes is left out."""
    photos = dict(NotePhoto.select(NotePhoto.note, pw.fn.COUNT(NotePhoto.id))
                  .join(ExpectationNote).where(ExpectationNote.booking.in_(booking_ids))
                  .group_by(NotePhoto.note).tuples())
    query = (ExpectationNote.select(ExpectationNote, BookedService.name.alias("service_name"))
             .join(BookedService, pw.JOIN.LEFT_OUTER)
             .where(ExpectationNote.booking.in_(booking_ids)).order_by(ExpectationNote.id)
             .objects())
    found: dict[int, list[NoteView]] = {}
    for note in query:
        found.setdefault(note.booking_id, []).append(NoteView(
            note_id=note.id, booked_service_id=note.booked_service_id,
            service=note.service_name or "", expected_result=note.expected_result,
            limits_and_risks=note.limits_and_risks, sessions_expected=note.sessions_expected,
            price_min=note.price_min, price_max=note.price_max,
            photos=photos.get(note.id, 0), acknowledged=note.acknowledged_at is not None,
            outcome=note.outcome, formula=note.formula, signed=note.signature_id is not None,
        ))
    return found


def booking_notes(salon: Salon, booking_id: int) -> tuple[NoteView, ...]:
    return tuple(notes_by_booking(salon, [booking_id]).get(booking_id, ()))


def services_missing_agreement(salon: Salon, booking_id: int) -> list[str]:
    """Names of booked services that need a consultation and have no acknowledged note."""
    notes = list(ExpectationNote.select().where(
        (ExpectationNote.booking == booking_id) & ExpectationNote.acknowledged_at.is_null(False)
    ))
    covers_all = any(note.booked_service_id is None for note in notes)
    covered = {note.booked_service_id for note in notes}
    return [
        booked.name
        for booked in BookedService.select().where(BookedService.booking == booking_id)
        if booked.service.needs_consultation and not covers_all and booked.id not in covered
    ]


def signed_notes(salon: Salon):
    """Expectation notes the client signed, with the signature, in one query."""
    return with_signature(salon, ExpectationNote).where(ExpectationNote.signature.is_null(False))


def agreement_state(note, photo_digests: list[str]) -> dict:
    """What the journal seals of a signed note (a row of `signed_notes`): the words, the
    price range and the photos agreed, when, and the signature — bound together."""
    return {"booking": note.booking_id, "booked_service": note.booked_service_id,
            "expected_result": note.expected_result, "limits_and_risks": note.limits_and_risks,
            "sessions_expected": note.sessions_expected, "price_min": note.price_min,
            "price_max": note.price_max, "acknowledged_at": note.acknowledged_at,
            "acknowledged_by": note.acknowledged_recorded_by_id,
            "photos": sorted(photo_digests), "signature": signature_digest(note)}


def _agreement_states(salon: Salon, client_id: int | None):
    notes = signed_notes(salon)
    photo_rows = (NotePhoto.select(NotePhoto.note, NotePhoto.sha256).join(ExpectationNote)
                  .where(ExpectationNote.signature.is_null(False)))
    if client_id is not None:
        notes = notes.join_from(ExpectationNote, Booking).where(Booking.client == client_id)
        photo_rows = photo_rows.join(Booking).where(Booking.client == client_id)
    photos: dict[int, list[str]] = {}
    for note_id, digest in photo_rows.tuples():
        photos.setdefault(note_id, []).append(digest)
    for note in notes.iterator():
        yield note.id, agreement_state(note, photos.get(note.id, []))


AGREEMENTS = SealedKind(AGREEMENT, "signed expectation note", Kind.CARE_RECORD,
                        _agreement_states)
