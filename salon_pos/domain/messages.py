"""Messages to clients: the kinds, the wording a salon starts with, the placeholders a
manager's wording may use, and when a message is tried again.

A message is queued in the outbox by the act that causes it and sent by a worker; its text
is composed when it goes (documents.messages), from a template: plain text with
placeholders such as `$client` or `${when}` (Python's `string.Template`: no attribute
look-ups, nothing run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from string import Template

from salon_pos.domain.card_numbers import refuse_card_number
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.validation import has_control_chars


class MessageKind(StrEnum):
    CONFIRMATION = "confirmation"  # booked
    MOVED = "moved"  # the booking's time or stylist changed
    REMINDER = "reminder"  # before free cancelling ends
    CANCELLATION = "cancellation"
    DEPOSIT_RECEIPT = "deposit_receipt"
    RECEIPT = "receipt"  # after checkout, when the client asks for it
    WAITLIST_OFFER = "waitlist_offer"  # a freed slot offered

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def about_a_booking(self) -> bool:
        """A message about an appointment: it has no point once the appointment began (the
        others go stale after `STALE_AFTER`)."""
        return self not in STALE_AFTER


KIND_LABELS = {
    MessageKind.CONFIRMATION: "Booking confirmed",
    MessageKind.MOVED: "Booking moved",
    MessageKind.REMINDER: "Reminder",
    MessageKind.CANCELLATION: "Booking cancelled",
    MessageKind.DEPOSIT_RECEIPT: "Deposit receipt",
    MessageKind.RECEIPT: "Receipt",
    MessageKind.WAITLIST_OFFER: "A place came free",
}


class Status(StrEnum):
    WAITING = "waiting"  # to be sent (again) from next_try_at
    SENDING = "sending"  # claimed by a worker until next_try_at (then waiting again)
    SENT = "sent"
    FAILED = "failed"  # refused by the server, or given up on: a person decides
    DISMISSED = "dismissed"  # will not go: no longer true, or dismissed by someone

    @property
    def label(self) -> str:
        return {"waiting": "Waiting", "sending": "Sending", "sent": "Sent",
                "failed": "Failed", "dismissed": "Dismissed"}[self]


class TryOutcome(StrEnum):
    SENT = "sent"
    LATER = "later"  # the server or the network said "not now": tried again
    REFUSED = "refused"  # the server said no for good (a 5xx answer)


# ---- When a message is tried (again) ---------------------------------------------------

# After the first, second, … failed try; then every last step until GIVE_UP_AFTER. A
# counter PC offline overnight catches up within three hours of coming back.
RETRY_STEPS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15),
               timedelta(hours=1), timedelta(hours=3))
GIVE_UP_AFTER = timedelta(days=2)  # from when it was due: then it waits for a person
# A receipt still unsent this long after it was due (no server set all that while) is
# old news: it is withdrawn rather than sent late; an offered place is soon taken. A
# booking's messages end with the appointment instead.
STALE_AFTER = {MessageKind.DEPOSIT_RECEIPT: timedelta(days=7),
               MessageKind.RECEIPT: timedelta(days=7),
               MessageKind.WAITLIST_OFFER: timedelta(hours=12)}
# A try in progress holds its message this long: another worker leaves it alone, and a
# worker killed mid-send has its message tried again after it.
CLAIM_LEASE = timedelta(minutes=10)


def next_try(tries: int, now: datetime) -> datetime:
    """When to try again after `tries` tries that did not get through."""
    return now + RETRY_STEPS[min(tries, len(RETRY_STEPS)) - 1]


def given_up(due_at: datetime, now: datetime) -> bool:
    return now - due_at >= GIVE_UP_AFTER


def reminder_due(start: datetime, cancellation_window_hours: int, reminder_hours: int
                 ) -> datetime:
    """A reminder goes `reminder_hours` before free cancelling ends, so the client can
    still move or cancel without losing the deposit."""
    return start - timedelta(hours=cancellation_window_hours + reminder_hours)


# ---- Templates --------------------------------------------------------------------------

PLACEHOLDERS = {
    "client": "the client's name",
    "salon": "the salon's name",
    "salon_contact": "the salon's address, phone and email, one per line",
    "salon_phone": "the salon's phone number",
    "booking_no": "the booking's number",
    "when": "the appointment's day and time",
    "stylist": "who does the work",
    "booking": "the services, each with its time and price, and the total",
    "series": "the dates of a repeat series, from this booking on (empty for one booking)",
    "deposit": "the deposit taken or still due, in a sentence",
    "policy": "when the deposit is refunded and when it is kept, in plain words",
    "expectations": "the agreed expectation notes: the result, limits and risks, price range",
    "how_to_change": "how to move or cancel, and until when without losing the deposit",
    "cancel_until": "the last moment to cancel free of charge",
    "outcome": "what happened to the deposit when the booking was cancelled",
    "receipt_no": "the receipt's number",
    "total": "what was paid",
    "amount": "the deposit received",
}
MAX_SUBJECT = 200
MAX_BODY = 5000


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


_SIGNED = "\n\n$salon\n$salon_contact\n"
DEFAULT_WORDING = {
    MessageKind.CONFIRMATION: Wording(
        "Your appointment at $salon: $when",
        "Hello $client,\n\nThank you for booking with us. This is what we have for you:\n\n"
        "$booking\n\n$series\n\n$deposit\n\n$expectations\n\n$how_to_change\n\n$policy\n\n"
        "The booking and a calendar entry are attached." + _SIGNED),
    MessageKind.MOVED: Wording(
        "Your appointment at $salon has moved: $when",
        "Hello $client,\n\nYour appointment has moved. The new time:\n\n$booking\n\n"
        "$series\n\n$deposit\n\n$how_to_change\n\nThe booking and a new calendar entry are "
        "attached." + _SIGNED),
    MessageKind.REMINDER: Wording(
        "Reminder: $when at $salon",
        "Hello $client,\n\nA reminder of your appointment:\n\n$booking\n\n$deposit\n\n"
        "$expectations\n\n$how_to_change\n\nWe look forward to seeing you." + _SIGNED),
    MessageKind.CANCELLATION: Wording(
        "Your appointment at $salon on $when is cancelled",
        "Hello $client,\n\nYour appointment on $when (booking $booking_no) is cancelled.\n\n"
        "$series\n\n$outcome\n\nWe hope to see you another time: call us on $salon_phone to book."
        + _SIGNED),
    MessageKind.DEPOSIT_RECEIPT: Wording(
        "Your deposit to $salon",
        "Hello $client,\n\nThank you: we have received your deposit of $amount for your "
        "appointment on $when.\n\n$policy\n\nYour receipt is attached." + _SIGNED),
    MessageKind.RECEIPT: Wording(
        "Your receipt from $salon (no. $receipt_no)",
        "Hello $client,\n\nThank you for your visit. You paid $total; your receipt is "
        "attached." + _SIGNED),
    MessageKind.WAITLIST_OFFER: Wording(
        "A place has come free at $salon: $when",
        "Hello $client,\n\nYou asked us to tell you when a place came free. One has:\n\n"
        "$booking\n\nIt goes to the first to take it: call us on $salon_phone.\n\n$policy"
        + _SIGNED),
}


def check_wording(subject: str, body: str) -> Wording:
    """A manager's wording, refused with the reason when it would not compose."""
    subject = " ".join(subject.split())
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not subject:
        raise InvalidInput("A message needs a subject.")
    if not body:
        raise InvalidInput("A message needs some text.")
    if len(subject) > MAX_SUBJECT:
        raise InvalidInput(f"The subject is too long (at most {MAX_SUBJECT} characters).")
    if len(body) > MAX_BODY:
        raise InvalidInput(f"The text is too long (at most {MAX_BODY} characters).")
    if has_control_chars(subject) or has_control_chars(body.replace("\n", " ")):
        raise InvalidInput("The message contains characters that cannot be printed.")
    refuse_card_number(subject, "a message's subject")
    refuse_card_number(body, "a message's text")
    for part in (subject, body):
        template = Template(part)
        if not template.is_valid():
            raise InvalidInput("A “$” must start a placeholder such as $client; to write "
                               "the sign itself, type $$.")
        unknown = [name for name in template.get_identifiers() if name not in PLACEHOLDERS]
        if unknown:
            raise InvalidInput(f"There is no placeholder ${unknown[0]}: the ones a message "
                               f"can use are {', '.join('$' + p for p in PLACEHOLDERS)}.")
    return Wording(subject, body + "\n")


def compose(wording: Wording, values: dict[str, str]) -> Wording:
    """The wording with its placeholders filled; a paragraph left empty is dropped."""
    filled = {name: values.get(name, "") for name in PLACEHOLDERS}
    subject = " ".join(Template(wording.subject).substitute(filled).split())
    body = Template(wording.body).substitute(filled)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return Wording(subject, body)
