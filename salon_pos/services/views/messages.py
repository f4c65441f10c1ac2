"""Messages to clients as screens, the command line and the mail worker read them: the
outbox, the wording of each kind, and a message's text composed from the records as they
are now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import peewee as pw

from salon_pos.documents.messages import (
    booking_values,
    deposit_values,
    receipt_values,
    series_text,
)
from salon_pos.documents.report_records import MONEY, Column, ReportTable
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import day_bounds_utc, local_of, to_utc_naive
from salon_pos.domain.messages import (
    DEFAULT_WORDING,
    PLACEHOLDERS,
    MessageKind,
    Status,
    Wording,
    check_wording,
    compose,
)
from salon_pos.services.kernel.balances import deposit_held
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.booking_documents import booking_record, deposit_receipt
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.services.views.reports import period_text
from salon_pos.store.models import (
    BookedService,
    Booking,
    Client,
    JournalEntry,
    MessageTemplate,
    OutboxMessage,
    Sale,
    Staff,
)

TIME_SHOWN = "%a %d %b %Y, %H:%M"


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: MessageKind
    client: str
    recipient: str
    status: Status
    due: str  # local, as the salon writes times
    sent: str
    tries: int
    outcome: str  # the server's last answer, or why it will not go
    subject: str  # as sent ("" until then)
    body: str


def outbox(salon: Salon, *, status: Status | None = None, limit: int = 500) -> list[OutboxRow]:
    """The newest messages first (those of one status only, when given)."""
    tz = salon.settings().tz
    query = (OutboxMessage.select(OutboxMessage, Client.name.alias("client_name"))
             .join(Client).order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc())
             .limit(limit))
    if status is not None:
        query = query.where(OutboxMessage.status == status)

    def shown(moment) -> str:
        return f"{local_of(moment, tz):{TIME_SHOWN}}" if moment else ""

    return [OutboxRow(
        id=m.id, kind=MessageKind(m.kind), client=m.client_name, recipient=m.recipient,
        status=Status(m.status), due=shown(m.due_at), sent=shown(m.sent_at), tries=m.tries,
        outcome=m.outcome, subject=m.subject, body=m.body,
    ) for m in query.objects()]


def outbox_counts(salon: Salon) -> dict[Status, int]:
    counted = dict(OutboxMessage.select(OutboxMessage.status, pw.fn.COUNT(OutboxMessage.id))
                   .group_by(OutboxMessage.status).tuples())
    return {status: counted.get(str(status), 0) for status in Status}


def wording(salon: Salon, kind: MessageKind) -> Wording:
    """The salon's wording of a kind of message (a manager's, or the one it started with)."""
    row = MessageTemplate.get_or_none(MessageTemplate.kind == kind)
    return Wording(row.subject, row.body) if row else DEFAULT_WORDING[kind]


@dataclass(frozen=True)
class Attachment:
    file_name: str
    mime_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True)
class ComposedMessage:
    """One message of the outbox as it goes now: its text, and what the mail worker
    attaches (the documents themselves are drawn by exchange.mail)."""

    id: int
    kind: MessageKind
    recipient: str
    message_id: str  # the Message-ID header
    subject: str
    body: str
    booking_id: int | None
    sale_id: int | None
    deposit_seq: int | None  # the deposit whose receipt goes with it


def composed(salon: Salon, message_id: int) -> ComposedMessage:
    message = OutboxMessage.get_by_id(message_id)
    kind = MessageKind(message.kind)
    deposit_seq = None
    if kind == MessageKind.WAITLIST_OFFER:  # written when offered
        return ComposedMessage(
            id=message.id, kind=kind, recipient=message.recipient,
            message_id=message.message_id, subject=message.subject, body=message.body,
            booking_id=None, sale_id=None, deposit_seq=None)
    if message.sale_id is not None:
        values = receipt_values(receipt_of_sale(salon, message.sale_id))
    else:
        booking = Booking.get_by_id(message.booking_id)
        record = booking_record(salon, booking.id)
        until = _free_cancelling_until(salon, booking)
        if kind == MessageKind.DEPOSIT_RECEIPT:
            deposit_seq = _deposit_taken_by(booking.id, message.created_at)
            values = deposit_values(deposit_receipt(salon, deposit_seq), record,
                                    cancel_until=until)
        else:
            values = booking_values(record, cancel_until=until,
                                    series=_series_with(salon, booking, kind))
    text = compose(wording(salon, kind), values)
    return ComposedMessage(
        id=message.id, kind=kind, recipient=message.recipient, message_id=message.message_id,
        subject=text.subject, body=text.body, booking_id=message.booking_id,
        sale_id=message.sale_id, deposit_seq=deposit_seq)


def preview(salon: Salon, kind: MessageKind, subject: str, body: str) -> Wording:
    """A wording as it would go now (checked first): for the next booking ahead, or the
    last sale for a receipt; where there is none, each placeholder says what it stands for."""
    wording = check_wording(subject, body)
    values = {name: f"[{what}]" for name, what in PLACEHOLDERS.items()}
    if kind == MessageKind.RECEIPT:
        sale = (Sale.select(Sale.id).where(Sale.receipt_no.is_null(False) & Sale.client
                                           .is_null(False))
                .order_by(Sale.id.desc()).first())
        if sale:
            values.update(receipt_values(receipt_of_sale(salon, sale.id)))
    else:
        booking = (Booking.select().where((Booking.status == BookingStatus.BOOKED)
                                          & (Booking.start > salon.now_stored()))
                   .order_by(Booking.start, Booking.id).first())
        if booking:
            values.update(booking_values(booking_record(salon, booking.id),
                                         cancel_until=_free_cancelling_until(salon, booking)))
            values["amount"] = salon.settings().money(booking.deposit_due)
    return compose(wording, values)


def _series_with(salon: Salon, booking: Booking, kind: MessageKind) -> str:
    """The series a booking's message speaks for: the bookings from it on (those cancelled
    with it, for a cancellation), with their stylist."""
    if booking.series_id is None:
        return ""
    tz = salon.settings().tz
    query = (Booking.select(Booking.start, Staff.name).join(Staff, on=Booking.stylist == Staff.id)
             .where(Booking.series == booking.series_id).order_by(Booking.start))
    if kind == MessageKind.CANCELLATION:
        query = query.where((Booking.start > booking.start)
                            & (Booking.cancelled_at == booking.cancelled_at))
        heading = "Cancelled with it, from your series:"
    else:
        query = query.where((Booking.start >= booking.start)
                            & (Booking.status == BookingStatus.BOOKED))
        heading = "Your appointments in this series:"
    times = tuple(f"{local_of(start, tz):{TIME_SHOWN}} with {name}"
                  for start, name in query.tuples())
    if kind != MessageKind.CANCELLATION and len(times) < 2:
        return ""  # this one alone: said above
    return series_text(heading, times)


def _free_cancelling_until(salon: Salon, booking: Booking) -> str:
    """The last moment to cancel free of charge, while it is still ahead."""
    settings = salon.settings()
    until = booking.start - timedelta(hours=settings.cancellation_window_hours)
    if booking.status != BookingStatus.BOOKED or until <= salon.now_stored():
        return ""
    return f"{local_of(until, settings.tz):{TIME_SHOWN}}"


def _deposit_taken_by(booking_id: int, moment) -> int:
    """The deposit taken that queued the message: the last taken by then."""
    return (JournalEntry.select(pw.fn.MAX(JournalEntry.seq))
            .where((JournalEntry.booking == booking_id)
                   & (JournalEntry.kind == Kind.DEPOSIT_TAKEN)
                   & (JournalEntry.at <= moment)).scalar())


# ---- The call list: reminders for the clients email cannot reach -----------------------

@dataclass(frozen=True)
class CallList:
    """The bookings whose reminder falls on `day` for clients with no email address (and
    who did not ask for no messages): the front desk phones or texts them instead."""

    day: date
    rows: tuple[tuple[str, str, str, str, str, int], ...]  # appointment, client, phone,
    # services, stylist, deposit held

    def table(self) -> ReportTable:
        return ReportTable(
            "Reminders to phone", period_text(self.day, self.day),
            (Column("Appointment"), Column("Client", weight=1.5), Column("Phone"),
             Column("Services", weight=2), Column("Stylist"), Column("Deposit held", MONEY),
             Column("Called")),
            tuple((*row, "☐") for row in self.rows))


def call_list(salon: Salon, day: date) -> CallList:
    settings = salon.settings()
    lead = timedelta(hours=settings.cancellation_window_hours + settings.reminder_hours)
    begin, end = (to_utc_naive(moment) for moment in day_bounds_utc(day, settings.tz))
    found = list(Booking.select(Booking, Client.name.alias("client_name"),
                                Client.phone.alias("client_phone"),
                                Staff.name.alias("stylist_name"))
                 .join(Client).switch(Booking).join(Staff, on=Booking.stylist == Staff.id)
                 .where((Booking.status == BookingStatus.BOOKED)
                        & (Booking.start >= begin + lead) & (Booking.start < end + lead)
                        & (Client.email == "") & ~Client.no_messages
                        & Client.erased_at.is_null())
                 .order_by(Booking.start, Booking.id).objects())
    services: dict[int, list[str]] = {}
    for row in (BookedService.select(BookedService.booking, BookedService.name)
                .where(BookedService.booking.in_([b.id for b in found]))
                .order_by(BookedService.position)):
        services.setdefault(row.booking_id, []).append(row.name)
    return CallList(day, tuple(
        (f"{local_of(b.start, settings.tz):{TIME_SHOWN}}", b.client_name, b.client_phone,
         ", ".join(services.get(b.id, ())), b.stylist_name, deposit_held(salon, b.id))
        for b in found))
