"""The outbox: messages to clients queued by the act that causes them, in its transaction
(`queue_*`, called from inside the booking, deposit and checkout operations), and the
steps the mail worker (exchange.mail) and the front desk take with them.

A message is sent at most once per try and tried until it goes: the worker claims a few
due messages in one short transaction (each claim marks its message *sending* for
`CLAIM_LEASE`, so a second station's worker leaves it alone, a worker killed mid-send lets
it go again, and an act meanwhile knows it may already be on its way: a booking moved or
cancelled then gets a message of its own), sends them with no transaction open, then
records each answer. A message is never deleted: what was sent, what failed and why stays
to be seen."""

from __future__ import annotations

import secrets
from datetime import timedelta

from salon_pos.domain.booking_status import ACTIVE
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.messages import (
    CLAIM_LEASE,
    STALE_AFTER,
    MessageKind,
    Status,
    TryOutcome,
    given_up,
    next_try,
    reminder_due,
)
from salon_pos.services.kernel.access import require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_current_client, get_sale
from salon_pos.store.models import Booking, Client, MessageTry, OutboxMessage

# What a booking's messages become when something newer makes them wrong.
_ABOUT_THE_BOOKING = (MessageKind.CONFIRMATION, MessageKind.MOVED, MessageKind.REMINDER,
                      MessageKind.WAITLIST_OFFER)


def _reachable(client: Client) -> bool:
    return bool(client.email) and not client.no_messages and client.erased_at is None


def _queue(salon: Salon, kind: MessageKind, client: Client, *, by: int | None,
           booking_id: int | None = None, sale_id: int | None = None,
           due=None, recipient: str = "", subject: str = "", body: str = "") -> int:
    now = salon.now_stored()
    due = due or now
    domain = salon.settings().sender.rpartition("@")[2] or "salon-pos.invalid"
    return OutboxMessage.create(
        kind=kind, client=client, booking=booking_id, sale=sale_id,
        recipient=recipient or client.email, message_id=_message_id(domain),
        status=Status.WAITING, due_at=due, next_try_at=due, created_by=by, created_at=now,
        subject=subject, body=body,
    ).id


def _message_id(domain: str) -> str:
    """A Message-ID of random letters (email.utils.make_msgid's long runs of digits could
    pass for a card number in the outbox)."""
    return f"<{secrets.token_urlsafe(18)}@{domain}>"


def _waiting(booking_id: int, kinds) -> list[OutboxMessage]:
    return list(OutboxMessage.select().where(
        (OutboxMessage.booking == booking_id) & (OutboxMessage.status == Status.WAITING)
        & OutboxMessage.kind.in_([str(k) for k in kinds])))


def _withdraw(messages: list[OutboxMessage], why: str) -> None:
    if messages:
        OutboxMessage.update(status=Status.DISMISSED, outcome=why).where(
            OutboxMessage.id.in_([m.id for m in messages])).execute()


def _queue_reminder(salon: Salon, booking: Booking, by: int) -> None:
    settings = salon.settings()
    due = reminder_due(booking.start, settings.cancellation_window_hours,
                       settings.reminder_hours)
    if due > salon.now_stored():  # booked later than that: the confirmation says it all
        _queue(salon, MessageKind.REMINDER, booking.client, by=by, booking_id=booking.id,
               due=due)


def queue_booked(salon: Salon, booking: Booking, *, by: int) -> None:
    """A new booking: its confirmation now, its reminder in time (inside the booking's
    transaction)."""
    if _reachable(booking.client):
        _queue(salon, MessageKind.CONFIRMATION, booking.client, by=by, booking_id=booking.id)
        _queue_reminder(salon, booking, by)


def queue_moved(salon: Salon, booking: Booking, *, by: int) -> None:
    """A booking moved (`booking` as it is now): a confirmation still waiting will say the
    new time by itself; otherwise the client is told it moved. The reminder follows."""
    _withdraw(_waiting(booking.id, (MessageKind.REMINDER,)), "The booking moved.")
    if not _reachable(booking.client):
        return
    if not _waiting(booking.id, (MessageKind.CONFIRMATION, MessageKind.MOVED)):
        _queue(salon, MessageKind.MOVED, booking.client, by=by, booking_id=booking.id)
    _queue_reminder(salon, booking, by)


def queue_cancelled(salon: Salon, booking: Booking, *, by: int) -> None:
    """A booking cancelled: what was still to be said about it is withdrawn; the client is
    told, unless they were never sent word of it (cancelled before its confirmation went)."""
    unsent = _waiting(booking.id, _ABOUT_THE_BOOKING)
    _withdraw(unsent, "The booking was cancelled.")
    never_told = any(m.kind == MessageKind.CONFIRMATION for m in unsent)
    if _reachable(booking.client) and not never_told:
        _queue(salon, MessageKind.CANCELLATION, booking.client, by=by, booking_id=booking.id)


def follow_client(salon: Salon, client: Client) -> None:
    """A client's record changed: their waiting messages go to the address it now holds,
    or are withdrawn when it holds none or they want no messages."""
    waiting = (OutboxMessage.client == client.id) & (OutboxMessage.status == Status.WAITING)
    if _reachable(client):
        OutboxMessage.update(recipient=client.email).where(waiting).execute()
    else:
        why = ("The client asked for no messages." if client.no_messages else
               "The client's email address was removed.")
        OutboxMessage.update(status=Status.DISMISSED, outcome=why).where(waiting).execute()


def one_message_for_series(salon: Salon, booking_ids: list[int]) -> None:
    """Bookings of a series booked, moved or cancelled together: the client hears of them
    in the first one's message, which lists the others, not in one message each."""
    _withdraw(list(OutboxMessage.select().where(
        OutboxMessage.booking.in_(booking_ids[1:]) & (OutboxMessage.status == Status.WAITING)
        & OutboxMessage.kind.in_([MessageKind.CONFIRMATION, MessageKind.MOVED,
                                  MessageKind.CANCELLATION]))),
        "Said in the message about the first booking of its series.")


def withdraw_for_booking(salon: Salon, booking_id: int, why: str) -> None:
    """A booking ended otherwise (a no-show): nothing more is said about it."""
    _withdraw(_waiting(booking_id, _ABOUT_THE_BOOKING), why)


def queue_deposit_taken(salon: Salon, booking: Booking, *, by: int) -> None:
    """A deposit taken: a receipt by email, unless the booking's confirmation is still to
    go, which then says the deposit is held (one message, not two)."""
    if _waiting(booking.id, (MessageKind.CONFIRMATION, MessageKind.MOVED)):
        return
    if _reachable(booking.client):
        _queue(salon, MessageKind.DEPOSIT_RECEIPT, booking.client, by=by,
               booking_id=booking.id)


def queue_offer(salon: Salon, client: Client, *, subject: str, body: str, by: int) -> int:
    """A waitlist offer, written now: there is no booking yet to compose it from."""
    return _queue(salon, MessageKind.WAITLIST_OFFER, client, by=by, subject=subject,
                  body=body)


def email_receipt(salon: Salon, sale_id: int, *, by: int) -> int:
    """The client asked for their receipt by email: queued to the address on their record."""
    with salon.writing():
        require_staff(salon, by)
        sale = get_sale(salon, sale_id)
        if sale.receipt_no is None:
            raise InvalidTransition("This sale is not paid yet: its receipt is made at Pay.")
        if sale.client_id is None:
            raise InvalidInput("This sale has no client: add the client to the sale's "
                               "booking, with their email, to send a receipt.")
        client = get_current_client(salon, sale.client_id)
        if not client.email:
            raise InvalidInput(f"{client.name} has no email address: add it to their "
                               "record first.")
        return _queue(salon, MessageKind.RECEIPT, client, by=by, sale_id=sale_id)


# ---- The worker's steps ------------------------------------------------------------------

def claim_due(salon: Salon, limit: int = 10) -> list[int]:
    """The messages due now, held as *sending* for this worker for `CLAIM_LEASE` and
    counted as tried (a claim whose worker died is due again once its lease is over).
    Messages about an appointment that began or no longer stands are withdrawn first."""
    with salon.writing():
        now = salon.now_stored()
        _withdraw_past(now)
        due = list(OutboxMessage.select(OutboxMessage.id).where(
            OutboxMessage.status.in_([Status.WAITING, Status.SENDING])
            & (OutboxMessage.next_try_at <= now))
            .order_by(OutboxMessage.next_try_at, OutboxMessage.id).limit(limit))
        ids = [m.id for m in due]
        if ids:
            OutboxMessage.update(status=Status.SENDING, next_try_at=now + CLAIM_LEASE,
                                 tries=OutboxMessage.tries + 1).where(
                OutboxMessage.id.in_(ids)).execute()
        return ids


def withdraw_past(salon: Salon) -> None:
    """Withdraw what is no longer worth sending (run by a pass even with no server set)."""
    with salon.writing():
        _withdraw_past(salon.now_stored())


def _withdraw_past(now) -> None:
    """Messages about an appointment once it has begun (a cancellation too: old news by
    then), or that no longer stands; the others once `STALE_AFTER` has passed."""
    about_booking = [str(k) for k in MessageKind if k.about_a_booking]
    cancellation = OutboxMessage.kind == MessageKind.CANCELLATION
    stale = (OutboxMessage.select(OutboxMessage.id, Booking.start, Booking.status)
             .join(Booking, on=OutboxMessage.booking == Booking.id)
             .where((OutboxMessage.status == Status.WAITING)
                    & OutboxMessage.kind.in_(about_booking)
                    & ((Booking.start <= now)
                       | (~cancellation
                          & Booking.status.not_in([s.value for s in ACTIVE]))))
             .objects())
    for message in stale:
        why = ("The appointment has begun." if message.start <= now else
               "The booking no longer stands.")
        OutboxMessage.update(status=Status.DISMISSED, outcome=why).where(
            OutboxMessage.id == message.id).execute()
    for kind, after in STALE_AFTER.items():
        OutboxMessage.update(
            status=Status.DISMISSED,
            outcome=f"Not sent within {_said(after)} of being due: too old to send.",
        ).where((OutboxMessage.status == Status.WAITING) & (OutboxMessage.kind == kind)
                & (OutboxMessage.due_at < now - after)).execute()


def _said(length: timedelta) -> str:
    return f"{length.days} days" if length.days else f"{length.seconds // 3600} hours"


def record_try(salon: Salon, message_id: int, outcome: TryOutcome, answer: str, *,
               subject: str = "", body: str = "") -> None:
    """What came of one try: sent (with the text as it went), refused for good, or to be
    tried again later (given up on, for a person to decide, after `GIVE_UP_AFTER`)."""
    with salon.writing():
        now = salon.now_stored()
        message = OutboxMessage.get_by_id(message_id)
        MessageTry.create(message=message, at=now, outcome=outcome, answer=answer[:2000])
        if not message.recipient:  # the client was erased while it was on its way
            subject = body = answer = ""
        changes: dict = {"outcome": answer[:2000]}
        if outcome == TryOutcome.SENT:  # a fact, even if dismissed while on its way
            changes.update(status=Status.SENT, sent_at=now, subject=subject, body=body)
        elif message.status != Status.SENDING:  # dismissed meanwhile: the try is kept
            return
        elif outcome == TryOutcome.REFUSED:
            changes.update(status=Status.FAILED, subject=subject, body=body)
        elif given_up(message.due_at, now):
            changes.update(status=Status.FAILED,
                           outcome=f"Not sent after {message.tries} tries: {answer}"[:2000])
        else:
            changes.update(status=Status.WAITING, next_try_at=next_try(message.tries, now))
        OutboxMessage.update(changes).where(OutboxMessage.id == message_id).execute()


def retry(salon: Salon, message_id: int, *, by: int) -> None:
    """A failed message tried again at the worker's next pass."""
    with salon.writing():
        require_staff(salon, by)
        message = _message(message_id)
        if message.status != Status.FAILED:
            raise InvalidTransition(f"Only a failed message is tried again; this one is "
                                    f"{Status(message.status).label.lower()}.")
        now = salon.now_stored()
        OutboxMessage.update(status=Status.WAITING, due_at=now, next_try_at=now,
                             closed_by=by).where(OutboxMessage.id == message_id).execute()


def dismiss(salon: Salon, message_id: int, *, by: int) -> None:
    """A message that is not to go (failed, or waiting and no longer wanted)."""
    with salon.writing():
        member = require_staff(salon, by)
        message = _message(message_id)
        if message.status == Status.SENDING:
            raise InvalidTransition("This message is being sent this moment: it cannot be "
                                    "stopped now.")
        if message.status not in (Status.WAITING, Status.FAILED):
            raise InvalidTransition(f"This message is {Status(message.status).label.lower()}:"
                                    " there is nothing to dismiss.")
        OutboxMessage.update(status=Status.DISMISSED, closed_by=by,
                             outcome=f"Dismissed by {member.name}.").where(
            OutboxMessage.id == message_id).execute()


def _message(message_id: int) -> OutboxMessage:
    message = OutboxMessage.get_or_none(OutboxMessage.id == message_id)
    if message is None:
        raise InvalidInput("That message does not exist.")
    return message
