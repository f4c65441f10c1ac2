"""When a booking is booked: a time of day as the desk types it, the hours the salon works
(the day book's grid shows at least these), and what makes a start worth a second look —
outside those hours, or already past."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from salon_pos.domain.errors import InvalidInput

# The salon has no opening hours of its own yet: these are the day book's first and last
# slot, the hours the desk books without being asked.
OPENING, CLOSING = time(8, 0), time(20, 0)
SLOT_MINUTES = 15

_TYPED_TIME = re.compile(r"(\d{1,2})(?:[:.h ]?(\d{2}))?")


def parse_time_of_day(text: str) -> time:
    """A time as typed at the counter: "09:30", "9:30", "9.30", "0930", "930" or "9"."""
    found = _TYPED_TIME.fullmatch(text.strip())
    hour, minute = (int(found[1]), int(found[2] or 0)) if found else (24, 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"“{text.strip()}” is not a time: type it like 09:30.")
    return time(hour, minute)


def quarter_hours(first: time = OPENING, last: time = CLOSING) -> list[time]:
    """The slots from `first` up to (not including) `last`."""
    moment = datetime.combine(datetime.min, first)
    slots = []
    while moment.time() < last:
        slots.append(moment.time())
        moment += timedelta(minutes=SLOT_MINUTES)
    return slots


def unusual_start(start: datetime, end: datetime, now: datetime) -> list[str]:
    """Why a booking from `start` to `end` (local times, like `now`) deserves a question
    before it is made: outside opening hours, already past. A start in the current quarter
    hour is not past: that is "now" at the desk."""
    reasons = []
    closes = datetime.combine(start.date(), CLOSING, start.tzinfo)
    if start.time() < OPENING or end > closes:
        reasons.append(f"outside opening hours ({OPENING:%H:%M}–{CLOSING:%H:%M})")
    this_slot = now.replace(minute=now.minute - now.minute % SLOT_MINUTES, second=0,
                            microsecond=0)
    if start < this_slot:
        reasons.append("already past")
    return reasons
