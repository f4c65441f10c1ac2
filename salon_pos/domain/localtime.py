"""Salon-local time: business days follow local midnight; the database keeps UTC.

Daylight saving is handled by `zoneinfo`: a booking made for 10:00 local stays at 10:00
local whichever side of a clock change it falls on, and its length is real minutes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from salon_pos.domain.errors import InvalidInput


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name far too long
        raise InvalidInput(f"Unknown time zone “{name}”.") from None


def to_utc_naive(instant: datetime) -> datetime:
    """The form stored in the database: UTC, without tzinfo, whole seconds."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime passed where an aware one is needed")
    return instant.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def from_utc_naive(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A local wall-clock time on a day, as an aware UTC instant.

    A time skipped by a spring-forward change does not exist and is refused; a time that
    happens twice at a fall-back change means the first of the two.
    """
    naive = datetime.combine(day, at.replace(tzinfo=None))
    local = naive.replace(tzinfo=tz, fold=0)
    round_trip = local.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        raise InvalidInput(
            f"{at:%H:%M} does not exist on {day:%d %b %Y}: the clocks go forward that night."
        )
    return local.astimezone(UTC)


def local_of(instant: datetime, tz: ZoneInfo) -> datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(tz)


def business_day_of(instant: datetime, tz: ZoneInfo) -> date:
    """The salon's calendar day an instant belongs to."""
    return local_of(instant, tz).date()


def first_open_day(today: date, closed: set[date]) -> date:
    """The day money recorded now belongs to: today, or — once today has been closed —
    the next day not closed yet (a closed day stays exactly as it was closed)."""
    day = today
    while day in closed:
        day += timedelta(days=1)
    return day


def day_start_utc(day: date, tz: ZoneInfo) -> datetime:
    """Local midnight starting `day`, as an aware UTC instant (the calendar's last day has
    a start but no end)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def day_bounds_utc(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day as aware UTC instants (23 or 25 h on change days)."""
    return day_start_utc(day, tz), day_start_utc(day + timedelta(days=1), tz)
