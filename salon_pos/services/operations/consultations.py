"""Consultations: a manager words the salon's form for a kind of service, and the client's
answers are recorded with their signature — never changed afterwards (a new consultation
is recorded instead), and sealed into the journal."""

from __future__ import annotations

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.consultations import answered, answers_text, checked_form
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name
from salon_pos.services.kernel.access import require_hands_on, require_manager, require_staff
from salon_pos.services.kernel.approvals import record_approval
from salon_pos.services.kernel.care_seals import seal_record
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking, get_current_client
from salon_pos.services.operations.signatures import checked_signature, keep_signature
from salon_pos.services.views.consultations import (
    CONSULTATIONS,
    consultation_state,
    consultations_with_signatures,
    form,
)
from salon_pos.store.models import Consultation, ConsultationQuestion

# A consultation goes with the work still to come or under way, never a closed visit.
_CONSULTED_STATUSES = (BookingStatus.BOOKED, BookingStatus.ARRIVED, BookingStatus.IN_SERVICE)


def save_form(salon: Salon, category: str, questions: list[tuple[str, str]], *,
              approved_by: int) -> None:
    """The salon's consultation form for a kind of service (a catalogue category), as
    (question, "yes_no" | "text") in order; an empty list removes the form. Consultations
    already recorded keep the questions as they were asked."""
    category = clean_name(category, "kind of service", longest=MAX_SHORT_NAME)
    checked = checked_form(category, questions)
    with salon.writing():
        require_manager(salon, approved_by)
        ConsultationQuestion.delete().where(
            ConsultationQuestion.category == category).execute()
        for position, question in enumerate(checked, start=1):
            ConsultationQuestion.create(category=category, position=position,
                                        text=question.text, kind=question.kind)
        record_approval(salon, approved_by, f"Consultation form for {category}",
                        {"questions": len(checked)})


def record_consultation(salon: Salon, client_id: int, *, category: str,
                        replies: dict[str, tuple[str, str]], by: int,
                        booking_id: int | None = None,
                        signature: bytes | None = None) -> int:
    """The client's answers to the form for `category` (`replies`: question → (answer,
    details)), for a booking or on their own, with the signature the client drew (a PNG).
    For a booking, a stylist takes their own clients' (as with the notes)."""
    signature = None if signature is None else checked_signature(signature)
    with salon.writing():
        member = require_staff(salon, by)
        get_current_client(salon, client_id)
        questions = form(salon, category)
        if not questions:
            raise InvalidInput(f"There is no consultation form for {category}: a manager "
                               "writes one under Manager › Settings › Catalogue › Consultation "
                               "forms.")
        answers = answered(questions, replies)
        if booking_id is not None:
            booking = get_booking(salon, booking_id)
            require_hands_on(salon, by, booking.stylist_id)
            if booking.client_id != client_id:
                raise InvalidInput("That booking is another client's.")
            if booking.status not in _CONSULTED_STATUSES:
                raise InvalidTransition(
                    "A consultation goes with a visit still to come or under way; this booking "
                    f"is {BookingStatus(booking.status).label}.")
        signed = None if signature is None else keep_signature(salon, client_id, signature)
        row = Consultation.create(client=client_id, booking=booking_id,
                                  category=category,
                                  answers=answers_text(answers), recorded_by=member.id,
                                  recorded_at=salon.now_stored(), signature=signed)
        row = consultations_with_signatures(salon).where(Consultation.id == row.id).get()
        seal_record(salon, CONSULTATIONS, row.id, consultation_state(row), client_id=client_id,
                    staff_id=member.id, booking_id=booking_id)
        return row.id

