"""The booking lifecycle: which step may follow which, and the message when it may not."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from salon_pos.domain.errors import InvalidTransition


class BookingStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    IN_SERVICE = "in_service"
    READY = "ready"  # ready for checkout
    CLOSED = "closed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    BookingStatus.BOOKED: "booked",
    BookingStatus.ARRIVED: "arrived",
    BookingStatus.IN_SERVICE: "in service",
    BookingStatus.READY: "ready for checkout",
    BookingStatus.CLOSED: "paid and closed",
    BookingStatus.CANCELLED: "cancelled",
    BookingStatus.NO_SHOW: "a no-show",
}

S = BookingStatus
TRANSITIONS: dict[str, tuple[BookingStatus, BookingStatus]] = {
    # step name: (from, to)
    "check in": (S.BOOKED, S.ARRIVED),
    "start": (S.ARRIVED, S.IN_SERVICE),
    "finish": (S.IN_SERVICE, S.READY),
    "pay": (S.READY, S.CLOSED),
    "cancel": (S.BOOKED, S.CANCELLED),
    "mark as no-show": (S.BOOKED, S.NO_SHOW),
}

# Statuses in which the booking still holds a place in the day book.
ACTIVE = frozenset({S.BOOKED, S.ARRIVED, S.IN_SERVICE, S.READY})
# Statuses in which the time and services can still be changed.
RESCHEDULABLE = frozenset({S.BOOKED})


def next_status(current: str, step: str) -> BookingStatus:
    """The status after `step`, or a refusal that says what the booking is now."""
    source, target = TRANSITIONS[step]
    if BookingStatus(current) != source:
        raise InvalidTransition(
            f"This booking is {BookingStatus(current).label}: "
            f"“{step}” is only possible while it is {source.label}."
        )
    return target


def no_show_from(start: datetime, grace_minutes: int) -> datetime:
    """A client who has not come is a no-show once the grace after their start is over."""
    return start + timedelta(minutes=grace_minutes)
