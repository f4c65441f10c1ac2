"""A service's phases: the stylist works, then the colour or perm processes on its own (the
stylist is free for another client), then the stylist works again. A service is kept as its
whole length with the processing and the work after it; one with no processing is all work.

A booking's services follow one another, so its times with the stylist busy are the work
phases end to end; what the clash check and the day book need are those spans, and the
processing ones between them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from salon_pos.domain.errors import InvalidInput

Span = tuple[datetime, datetime]

LONGEST_SERVICE_MIN = 12 * 60
MAX_SERVICES = 12  # in one booking
# No booking lasts longer, so a clash starts at most this long before a new booking: the
# check reads a few days of the stylist's book, not years of it.
LONGEST_BOOKING = timedelta(minutes=MAX_SERVICES * LONGEST_SERVICE_MIN)


@dataclass(frozen=True)
class Phases:
    """One service's minutes: the whole, the processing, and the work after it."""

    duration_min: int
    processing_min: int = 0
    finish_min: int = 0

    @property
    def before_min(self) -> int:
        """The work before processing starts."""
        return self.duration_min - self.processing_min - self.finish_min


def check_phases(duration_min: int, processing_min: int, finish_min: int) -> Phases:
    """Refused unless the stylist works first, and any processing is followed by nothing
    longer than the service has left."""
    for minutes in (processing_min, finish_min):
        if not isinstance(minutes, int) or minutes < 0 or minutes % 5:
            raise InvalidInput("Processing and the work after it are whole minutes, in steps "
                               "of 5.")
    if not processing_min and finish_min:
        raise InvalidInput("Work after processing needs some processing time before it.")
    if processing_min + finish_min >= duration_min:
        raise InvalidInput("Processing and the work after it must leave time for the work "
                           "before it: the service is only "
                           f"{duration_min} minutes long.")
    return Phases(duration_min, processing_min, finish_min)


def busy_spans(start: datetime, services: Iterable[Phases]) -> list[Span]:
    """When the stylist is at work on a booking starting at `start`, adjoining spans
    joined."""
    return _spans(start, services)[0]


def processing_spans(start: datetime, services: Iterable[Phases]) -> list[Span]:
    """When the booking's colour or perm processes and the stylist is free."""
    return _spans(start, services)[1]


def _spans(start: datetime, services: Iterable[Phases]) -> tuple[list[Span], list[Span]]:
    busy: list[Span] = []
    processing: list[Span] = []
    at = start
    for phases in services:
        work_end = at + timedelta(minutes=phases.before_min)
        _add(busy, at, work_end)
        if phases.processing_min:
            processed = work_end + timedelta(minutes=phases.processing_min)
            processing.append((work_end, processed))
            _add(busy, processed, processed + timedelta(minutes=phases.finish_min))
        at += timedelta(minutes=phases.duration_min)
    return busy, processing


def _add(spans: list[Span], begin: datetime, end: datetime) -> None:
    if begin >= end:
        return
    if spans and spans[-1][1] == begin:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((begin, end))


def overlap(first: Sequence[Span], second: Sequence[Span]) -> Span | None:
    """The first moment two sets of spans meet, or None."""
    for a_begin, a_end in first:
        for b_begin, b_end in second:
            if a_begin < b_end and b_begin < a_end:
                return max(a_begin, b_begin), min(a_end, b_end)
    return None
