"""A booking as its documents show it: the confirmation slip, the expectation agreement
record, and deposit receipts — plain records for `salon_pos.documents`."""

from __future__ import annotations

from salon_pos.documents.records import (
    AgreementRecord,
    BookingRecord,
    DepositReceipt,
    NoteRecord,
    SignOff,
)
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import NotFound
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind
from salon_pos.domain.localtime import local_of
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.sale_status import PAID
from salon_pos.domain.settings import policy_text
from salon_pos.domain.ways_to_pay import label_of
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking
from salon_pos.services.views.courses import booking_courses
from salon_pos.services.views.receipts import salon_header
from salon_pos.store.models import (
    BookedService,
    ExpectationNote,
    JournalEntry,
    Sale,
    Signature,
    Staff,
)

MOVEMENTS = {
    Kind.DEPOSIT_TAKEN: "Deposit taken",
    Kind.DEPOSIT_APPLIED: "Deposit applied to the bill",
    Kind.DEPOSIT_REFUNDED: "Deposit refunded",
    Kind.DEPOSIT_TO_CREDIT: "Deposit moved to credit",
    Kind.FEE_REFUNDED: "Fee given back",
}


def _movement(entry) -> str:
    if entry.kind == Kind.DEPOSIT_FORFEITED:
        return "Kept as a no-show fee" if entry.memo == "no-show" else (
            "Kept as a late-cancellation fee")
    return MOVEMENTS[Kind(entry.kind)]


def booking_record(salon: Salon, booking_id: int) -> BookingRecord:
    booking = get_booking(salon, booking_id)
    settings = salon.settings()
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    services = list(BookedService.select().where(BookedService.booking == booking_id)
                    .order_by(BookedService.position))
    service_names = {s.id: s.name for s in services}
    movements = _deposit_entries(booking_id)
    return BookingRecord(
        header=salon_header(settings), number=f"{booking.id:06d}", client=booking.client.name,
        stylist=names[booking.stylist_id],
        when=f"{local_of(booking.start, settings.tz):%a %d %b %Y, %H:%M}",
        services=tuple((s.name, s.duration_min, s.price_quoted) for s in services),
        deposit_due=booking.deposit_due, deposit_reason=booking.deposit_reason,
        deposit_movements=tuple(
            (f"{local_of(e.at, settings.tz):%d %b %Y %H:%M}", _movement(e)
             + (f" ({label_of(e.method).lower()})" if e.method else ""), e.amount)
            for e in movements),
        deposit_held=balances.deposit_held(salon, booking_id),
        deposit_taken=sum(e.amount for e in movements if e.kind == Kind.DEPOSIT_TAKEN),
        policy=booking.policy or policy_text(settings),
        notes=tuple(_note(salon, n, service_names, names) for n in ExpectationNote.select()
                    .where(ExpectationNote.booking == booking_id).order_by(ExpectationNote.id)),
        money=settings.money,
        courses=tuple(booking_courses(salon, booking.client_id,
                                      {s.service_id for s in services})),
    )


def _deposit_entries(booking_id: int) -> list[JournalEntry]:
    return list(JournalEntry.select().where(
        (JournalEntry.booking == booking_id)
        & JournalEntry.kind.in_([*DEPOSIT_HELD_SIGNS, Kind.FEE_REFUNDED])
    ).order_by(JournalEntry.seq))


def _note(salon: Salon, note: ExpectationNote, service_names, names) -> NoteRecord:
    tz = salon.settings().tz
    acknowledged = ""
    if note.acknowledged_at:
        acknowledged = (f"{local_of(note.acknowledged_at, tz):%d %b %Y %H:%M}, recorded by "
                        f"{names.get(note.acknowledged_recorded_by_id, '')}")
    return NoteRecord(
        service=service_names.get(note.booked_service_id, "the whole booking"),
        expected_result=note.expected_result, limits_and_risks=note.limits_and_risks,
        sessions_expected=note.sessions_expected, price_min=note.price_min,
        price_max=note.price_max, acknowledged=acknowledged, outcome=note.outcome,
        formula=note.formula,
        photos=tuple((str(salon.photos_dir / p.file_name), p.caption) for p in note.photos),
        signature=_signature_image(note.signature_id),
    )


def _signature_image(signature_id: int | None) -> bytes | None:
    image = Signature.select(Signature.image).where(Signature.id == signature_id).scalar() \
        if signature_id is not None else None
    return bytes(image) if image is not None else None


def agreement_record(salon: Salon, booking_id: int) -> AgreementRecord:
    """Everything agreed, done and signed off for one booking: the salon's evidence."""
    record = booking_record(salon, booking_id)
    booking = get_booking(salon, booking_id)
    sale = Sale.get_or_none((Sale.booking == booking_id) & Sale.status.in_(PAID))
    signoff = None
    if sale is not None:
        tz = salon.settings().tz
        by = Staff.get_or_none(Staff.id == sale.signoff_by_id)
        when = f"{local_of(sale.signoff_at, tz):%d %b %Y %H:%M}" if sale.signoff_at else ""
        signoff = SignOff(
            receipt_number=f"{sale.receipt_no:06d}", paid=sale.total + sale.tips + sale.rounding,
            matches=sale.signoff_matches, differences=sale.signoff_differences,
            action=sale.signoff_action,
            recorded=f"{when}, recorded by {by.name}" if by else "",
        )
    return AgreementRecord(record, BookingStatus(booking.status).label, signoff)


def deposit_receipt(salon: Salon, seq: int) -> DepositReceipt:
    """The receipt of one deposit movement (taken, refunded, kept as a fee …)."""
    entry = JournalEntry.get_or_none(JournalEntry.seq == seq)
    kinds = [*DEPOSIT_HELD_SIGNS, Kind.FEE_REFUNDED]
    if entry is None or entry.kind not in kinds or entry.kind == Kind.DEPOSIT_APPLIED:
        raise NotFound("There is no deposit movement with that number.")
    settings = salon.settings()
    booking = get_booking(salon, entry.booking)
    services = ", ".join(s.name for s in BookedService.select().where(
        BookedService.booking == booking.id).order_by(BookedService.position))
    held_after = sum(DEPOSIT_HELD_SIGNS.get(Kind(e.kind), 0) * e.amount
                     for e in _deposit_entries(booking.id) if e.seq <= seq)
    return DepositReceipt(
        header=salon_header(settings), number=f"D{seq:06d}",
        issued_at=f"{local_of(entry.at, settings.tz):%d %b %Y %H:%M}", what=_movement(entry),
        amount=entry.amount,
        method=label_of(entry.method) if entry.method else "",
        reference=entry.reference, client=booking.client.name,
        booking=f"{services} with {booking.stylist.name}, "
                f"{local_of(booking.start, settings.tz):%a %d %b %Y %H:%M}",
        held_after=held_after, money=settings.money, tax=entry.tax_amount,
        tax_label=rate_label(entry.tax_rate_bp) if entry.tax_amount else "",
    )
