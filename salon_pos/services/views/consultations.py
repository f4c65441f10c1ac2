"""Consultations as the screens and documents see them: the salon's forms by kind of
service, the forms a booking calls for, a client's consultations, one consultation as its
printed record; and what the journal seals of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from salon_pos.documents.records import ConsultationRecord
from salon_pos.domain.care_records import CONSULTATION, reference, seal
from salon_pos.domain.collation import name_key
from salon_pos.domain.consultations import Answer, Answered, Question, answers_from
from salon_pos.domain.errors import NotFound
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import local_of
from salon_pos.services.kernel.care_seals import (
    SealedKind,
    last_seal,
    signature_digest,
    with_signature,
)
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.booking_documents import booking_record
from salon_pos.services.views.receipts import salon_header
from salon_pos.store.models import (
    BookedService,
    Client,
    Consultation,
    ConsultationQuestion,
    Service,
    Staff,
)


@dataclass(frozen=True)
class ConsultationView:
    consultation_id: int
    recorded_at: datetime  # UTC
    category: str
    recorded_by: str
    booking_id: int | None
    answers: tuple[Answer, ...]
    signed: bool


def form(salon: Salon, category: str) -> list[Question]:
    """The salon's questions for a kind of service, in order (none: no form)."""
    return [_question(row) for row in ConsultationQuestion.select()
            .where(ConsultationQuestion.category == category)
            .order_by(ConsultationQuestion.position)]


def _question(row) -> Question:
    # A kind edited by hand to something unknown is asked in words: the form still opens.
    kind = Answered.YES_NO if row.kind == Answered.YES_NO else Answered.TEXT
    return Question(row.text, kind)


def forms(salon: Salon) -> dict[str, int]:
    """Each kind of service in the catalogue (and any with a form), with its number of
    questions: what the manager's editor lists."""
    counts = {category: 0 for (category,) in Service.select(Service.category).where(
        Service.active & (Service.category != "")).distinct().tuples()}
    for category, number in (ConsultationQuestion.select(
            ConsultationQuestion.category, pw.fn.COUNT(ConsultationQuestion.id))
            .group_by(ConsultationQuestion.category).tuples()):
        counts[category] = number
    return dict(sorted(counts.items(), key=lambda item: name_key(item[0])))


def booking_forms(salon: Salon, booking_id: int) -> list[tuple[str, list[Question]]]:
    """The forms the booking's kinds of service call for, in the order booked."""
    kinds = list(dict.fromkeys(category for (category,) in (
        BookedService.select(Service.category).join(Service)
        .where(BookedService.booking == booking_id).order_by(BookedService.position).tuples())))
    questions: dict[str, list[Question]] = {}
    for row in ConsultationQuestion.select().where(ConsultationQuestion.category.in_(kinds)
                                                   ).order_by(ConsultationQuestion.position):
        questions.setdefault(row.category, []).append(_question(row))
    return [(kind, questions[kind]) for kind in kinds if kind in questions]


def client_consultations(salon: Salon, client_id: int) -> list[ConsultationView]:
    """The client's consultations, the newest first."""
    query = (Consultation.select(Consultation, Staff.name).join(
        Staff, on=Consultation.recorded_by == Staff.id).where(Consultation.client == client_id)
        .order_by(Consultation.recorded_at.desc(), Consultation.id.desc()).objects())
    return [ConsultationView(row.id, row.recorded_at, row.category, row.name, row.booking_id,
                             tuple(answers_from(row.answers)), row.signature_id is not None)
            for row in query]


def booking_consultations(salon: Salon, booking_id: int) -> dict[str, bool]:
    """The kinds of service already consulted on for this booking, and whether the client
    signed (the latest of each kind)."""
    return {category: signature is not None for category, signature in
            Consultation.select(Consultation.category, Consultation.signature)
            .where(Consultation.booking == booking_id).order_by(Consultation.id).tuples()}


def consultation_record(salon: Salon, consultation_id: int) -> ConsultationRecord:
    """One consultation as printed: the questions as asked, the answers, the expectation
    notes of its booking beside them, and the client's signature."""
    row = consultations_with_signatures(salon).where(Consultation.id == consultation_id).first()
    if row is None:
        raise NotFound("That consultation does not exist.")
    settings = salon.settings()
    booking = booking_record(salon, row.booking_id) if row.booking_id else None
    staff = Staff.get_by_id(row.recorded_by_id).name
    sealed = last_seal(salon, CONSULTATIONS, row.id)
    return ConsultationRecord(
        header=salon_header(settings), client=Client.get_by_id(row.client_id).name,
        category=row.category,
        recorded=f"{local_of(row.recorded_at, settings.tz):%d %b %Y %H:%M}, with {staff}",
        booking=f"Booking {booking.number}, {booking.when} with {booking.stylist}"
        if booking else "",
        answers=tuple((a.question, a.shown) for a in answers_from(row.answers)),
        notes=booking.notes if booking else (), money=settings.money,
        signature=bytes(row.signature_image) if row.signature_image is not None else None,
        seal=sealed or "", intact=sealed == seal(consultation_state(row)),
        reference=reference(CONSULTATION, row.id),
    )


def consultations_with_signatures(salon: Salon):
    return with_signature(salon, Consultation)


def consultation_state(row) -> dict:
    """What the journal seals of a consultation: the questions and answers and the
    signature, bound together."""
    return {"client": row.client_id, "booking": row.booking_id, "category": row.category,
            "answers": row.answers, "recorded_by": row.recorded_by_id,
            "recorded_at": row.recorded_at, "signature": signature_digest(row)}


def _consultation_states(salon: Salon, client_id: int | None):
    rows = consultations_with_signatures(salon)
    if client_id is not None:
        rows = rows.where(Consultation.client == client_id)
    return ((row.id, consultation_state(row)) for row in rows.iterator())


CONSULTATIONS = SealedKind(CONSULTATION, "consultation", Kind.CARE_RECORD, _consultation_states)
