"""Messages to clients as screens, the command line and the mail worker read them: the
outbox, the wording of each kind, and a message's text composed from the records as they
are now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import peewee as pw

from salon_pos.documents.messages import booking_values, deposit_values, receipt_values
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import local_of
from salon_pos.domain.messages import (
    DEFAULT_WORDING,
    MessageKind,
    Status,
    Wording,
    compose,
)
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.booking_documents import booking_record, deposit_receipt
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.store.models import Booking, Client, JournalEntry, MessageTemplate, OutboxMessage

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
        outcome=m.outcome, subject=m.subject,
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
            values = booking_values(record, cancel_until=until)
    text = compose(wording(salon, kind), values)
    return ComposedMessage(
        id=message.id, kind=kind, recipient=message.recipient, message_id=message.message_id,
        subject=text.subject, body=text.body, booking_id=message.booking_id,
        sale_id=message.sale_id, deposit_seq=deposit_seq)


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
