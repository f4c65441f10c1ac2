"""The messages the demo's bookings queue in the outbox, as `operations.outbox` queues and
withdraws them: a booking's confirmation and its reminder, a deposit's receipt when no
confirmation is still to go, a cancellation's word, and what is withdrawn when a booking
is cancelled or missed. (No email server is set: they all wait, and what is past when the
demo is ready is withdrawn by the real `outbox.withdraw_past`.)"""

from __future__ import annotations

import secrets
from datetime import datetime

from salon_pos.demo.salon import ClientInfo
from salon_pos.demo.writer import Writer
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.messages import MessageKind, Status, reminder_due
from salon_pos.store.models import OutboxMessage

# What a booking's messages become when something newer makes them wrong.
_ABOUT_THE_BOOKING = (MessageKind.CONFIRMATION, MessageKind.MOVED, MessageKind.REMINDER,
                      MessageKind.WAITLIST_OFFER)


class Outbox:
    def __init__(self, writer: Writer):
        self.writer = writer
        settings = writer.settings
        self.domain = settings.sender.rpartition("@")[2] or "salon-pos.invalid"
        self.window = settings.cancellation_window_hours
        self.reminder_hours = settings.reminder_hours
        self.waiting: dict[int, list[tuple[int, MessageKind]]] = {}  # by booking

    def _queue(self, kind: MessageKind, client: ClientInfo, booking_id: int, at: datetime,
               by: int, due: datetime | None = None) -> None:
        now = to_utc_naive(at)
        due = due or now
        message = self.writer.add(
            OutboxMessage, kind=str(kind), client=client.id, booking=booking_id,
            recipient=client.email, message_id=f"<{secrets.token_urlsafe(18)}@{self.domain}>",
            status=str(Status.WAITING), due_at=due, next_try_at=due, created_by=by,
            created_at=now)
        self.waiting.setdefault(booking_id, []).append((message, kind))

    def _withdraw(self, booking_id: int, kinds, why: str) -> list[MessageKind]:
        """The booking's waiting messages of `kinds` dismissed; their kinds."""
        kept, gone = [], []
        for message, kind in self.waiting.get(booking_id, []):
            if kind in kinds:
                self.writer.change(OutboxMessage, message, status=str(Status.DISMISSED),
                                   outcome=why)
                gone.append(kind)
            else:
                kept.append((message, kind))
        self.waiting[booking_id] = kept
        return gone

    def booked(self, booking_id: int, start: datetime, client: ClientInfo, at: datetime,
               by: int) -> None:
        """`queue_booked`: the confirmation now, the reminder in time (`start` naive UTC)."""
        if not client.reachable:
            return
        self._queue(MessageKind.CONFIRMATION, client, booking_id, at, by)
        due = reminder_due(start, self.window, self.reminder_hours)
        if due > to_utc_naive(at):  # booked later than that: the confirmation says it all
            self._queue(MessageKind.REMINDER, client, booking_id, at, by, due)

    def deposit_taken(self, booking_id: int, client: ClientInfo, at: datetime,
                      by: int) -> None:
        """`queue_deposit_taken`: a receipt, unless a confirmation still to go says it."""
        if any(kind in (MessageKind.CONFIRMATION, MessageKind.MOVED)
               for _, kind in self.waiting.get(booking_id, [])):
            return
        if client.reachable:
            self._queue(MessageKind.DEPOSIT_RECEIPT, client, booking_id, at, by)

    def cancelled(self, booking_id: int, client: ClientInfo, at: datetime, by: int) -> None:
        """`queue_cancelled`: what was still to be said is withdrawn; the client is told,
        unless they were never sent word of the booking."""
        unsent = self._withdraw(booking_id, _ABOUT_THE_BOOKING, "The booking was cancelled.")
        if client.reachable and MessageKind.CONFIRMATION not in unsent:
            self._queue(MessageKind.CANCELLATION, client, booking_id, at, by)

    def missed(self, booking_id: int) -> None:
        """`withdraw_for_booking` at a no-show."""
        self._withdraw(booking_id, _ABOUT_THE_BOOKING, "The client did not come.")

    def withdraw_past(self, now: datetime, bookings: dict) -> None:
        """What the mail worker's pass (`outbox.withdraw_past`) withdraws of the bookings'
        messages: once the appointment has begun, or when the booking no longer stands
        (`bookings`: each booking's start, naive UTC, and whether it still stands). The
        rest — a receipt gone stale — the real pass withdraws after."""
        now = to_utc_naive(now)
        for booking_id, waiting in self.waiting.items():
            start, stands = bookings[booking_id]
            why = ("The appointment has begun." if start <= now else
                   None if stands else "The booking no longer stands.")
            if why is None or not waiting:
                continue
            kinds = {kind for _, kind in waiting if kind.about_a_booking
                     and (start <= now or kind != MessageKind.CANCELLATION)}
            self._withdraw(booking_id, kinds, why)
