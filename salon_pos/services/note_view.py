"""Expectation notes as the screens show them (the day book's side panel, a stylist's day,
checkout): one record a note, read for many bookings in two queries."""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from salon_pos.store.models import BookedService, ExpectationNote, NotePhoto


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


def notes_by_booking(booking_ids: list[int]) -> dict[int, list[NoteView]]:
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
            outcome=note.outcome, formula=note.formula,
        ))
    return found


def booking_notes(booking_id: int) -> tuple[NoteView, ...]:
    return tuple(notes_by_booking([booking_id]).get(booking_id, ()))
