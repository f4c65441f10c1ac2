"""Calendars as iCalendar files (RFC 5545): a stylist's days for their phone, and one booking
for its client to keep.

The file is written with icalendar, which escapes and folds the text; the clock changes in
its VTIMEZONE are found here, from zoneinfo. The tests read the file back with icalendar's
parser and check it event by event against the database.

Times: each event is written in the salon's wall-clock time with its zone (TZID), and the
file carries a VTIMEZONE with every clock change over the days it covers, so a booking made
for 10:00 shows at 10:00 on either side of a change. Cancelled bookings stay in a stylist's
calendar, marked CANCELLED with a higher SEQUENCE: a phone that imported the booking before
then strikes it out or drops it, which leaving it out of the file would never do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import peewee as pw
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from salon_pos import __version__
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.localtime import day_bounds_utc, to_utc_naive
from salon_pos.domain.settings import SalonSettings
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.access import Role
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_booking, get_staff
from salon_pos.services.views.notes import booking_notes
from salon_pos.store.models import BookedService, Booking, Client, SchemaVersion, Staff

Progress = Callable[[int, int], None]
SUMMARY_CHARS = 200  # how much of an expected result the client's copy quotes


# ---- The bookings as the calendars need them -------------------------------------------

@dataclass(frozen=True)
class CalendarBooking:
    id: int
    uid: str
    client: str
    stylist: str
    start: datetime  # naive UTC, as stored
    end: datetime
    status: str
    notes: str
    services: tuple[tuple[str, int], ...]  # (name, minutes)
    created_at: datetime
    changed_at: datetime  # the last move or the cancellation, else when it was booked
    rescheduled: bool

    @property
    def cancelled(self) -> bool:
        return self.status == BookingStatus.CANCELLED

    @property
    def sequence(self) -> int:
        """RFC 5545 wants SEQUENCE to grow with every change of time or status. A booking
        keeps only its last move and its cancellation, so this counts the seconds from
        booking to the latest change, plus one for a move and one for a cancellation (for
        changes within the second they were booked): a later change gives a larger number."""
        seconds = int((self.changed_at - self.created_at).total_seconds())
        return seconds + self.rescheduled + self.cancelled


def _database_birth() -> str:
    """When this database was made: with the booking's id and creation time it gives a UID
    no other salon's database (or a restored older copy reusing the id) can repeat."""
    first = SchemaVersion.select(pw.fn.MIN(SchemaVersion.applied_at)).scalar()
    return str(first or "")


def booking_uid(birth: str, booking_id: int, created_at: datetime) -> str:
    """A UUID, as RFC 7986 advises: stable for the booking across exports and renames of the
    salon, and saying nothing about the client."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL,
                          f"urn:salon-pos:{birth}:booking:{booking_id}:{created_at:%Y%m%dT%H%M%S}"))


def _read_bookings(where) -> list[CalendarBooking]:
    rows = list(Booking.select(Booking, Client.name.alias("client_name"),
                               Staff.name.alias("stylist_name"))
                .join(Client).switch(Booking).join(Staff, on=Booking.stylist == Staff.id)
                .where(where).order_by(Booking.start, Booking.id).objects())
    services: dict[int, list[tuple[str, int]]] = {}
    for row in (BookedService.select().where(BookedService.booking.in_([r.id for r in rows]))
                .order_by(BookedService.position)):
        services.setdefault(row.booking_id, []).append((row.name, row.duration_min))
    birth = _database_birth()
    return [CalendarBooking(
        id=row.id, uid=booking_uid(birth, row.id, row.created_at), client=row.client_name,
        stylist=row.stylist_name, start=row.start, end=row.end, status=row.status,
        notes=row.notes, services=tuple(services.get(row.id, ())), created_at=row.created_at,
        changed_at=max(t for t in (row.created_at, row.rescheduled_at, row.cancelled_at) if t),
        rescheduled=row.rescheduled_at is not None,
    ) for row in rows]


# ---- The two calendars ------------------------------------------------------------------

def stylist_calendar(salon: Salon, stylist_id: int, first: date, last: date,
                     progress: Progress | None = None) -> bytes:
    """Every booking of a stylist starting on the salon's local days `first` to `last`,
    cancelled ones marked so. Runs on a worker thread too (reads only)."""
    if last < first:
        raise InvalidInput("The last day comes before the first: nothing to export.")
    stylist = get_staff(salon, stylist_id)
    if stylist.role not in (Role.STYLIST, Role.MANAGER):
        raise InvalidInput(f"{stylist.name} does not take clients, so has no calendar.")
    settings = salon.settings()
    begin, end = day_bounds_utc(first, settings.tz)[0], day_bounds_utc(last, settings.tz)[1]
    found = _read_bookings((Booking.stylist == stylist_id)
                           & (Booking.start >= to_utc_naive(begin))
                           & (Booking.start < to_utc_naive(end)))
    stamp = to_utc_naive(salon.now())
    events = []
    for done, booking in enumerate(found, start=1):
        events.append(_event(booking, stamp, settings, _stylist_view(booking)))
        if progress:
            progress(done, len(found))
    latest = max([to_utc_naive(end), *(b.end for b in found)])
    name = f"{stylist.name} — {settings.salon_name}"
    return _calendar(settings.tz, to_utc_naive(begin), latest, events, name)


def booking_calendar(salon: Salon, booking_id: int) -> bytes:
    """One booking as its client keeps it: the salon, the services, the stylist, the
    deposit held and what to expect — nothing about anyone else."""
    get_booking(salon, booking_id)  # the refusal when there is no such booking
    settings = salon.settings()
    booking = _read_bookings(Booking.id == booking_id)[0]
    event = _event(booking, to_utc_naive(salon.now()), settings,
                   _client_view(salon, booking, settings))
    return _calendar(settings.tz, booking.start, booking.end, [event])


def _stylist_view(booking: CalendarBooking) -> tuple[str, str]:
    summary = f"{booking.client}: {_service_names(booking)}"
    shown = booking.status not in (BookingStatus.BOOKED, BookingStatus.CANCELLED)
    lines = [f"Booking {booking.id:06d}"
             + (f" ({BookingStatus(booking.status).label})" if shown else ""),
             ", ".join(f"{name} ({minutes} min)" for name, minutes in booking.services)]
    if booking.notes:
        lines.append(f"Notes: {booking.notes}")
    return summary, "\n".join(lines)


def _client_view(salon: Salon, booking: CalendarBooking, settings: SalonSettings
                 ) -> tuple[str, str]:
    summary = f"{_service_names(booking)} at {settings.salon_name}"
    lines = [f"{_service_names(booking)} with {booking.stylist}",
             f"Booking {booking.id:06d}"]
    held = balances.deposit_held(salon, booking.id)
    if held:
        lines.append(f"Deposit held: {settings.money(held)} (it counts towards your bill)")
    for note in booking_notes(salon, booking.id):
        lines.append(f"What to expect: {_shortened(note.expected_result)} "
                     f"({_sessions(note.sessions_expected)}, "
                     f"{settings.money(note.price_min)}–{settings.money(note.price_max)})")
    lines.append(_one_line("\n".join(
        (settings.salon_name, settings.salon_address, settings.salon_phone))))
    if booking.status == BookingStatus.BOOKED and settings.salon_phone:
        lines.append(f"To move or cancel, call {settings.salon_phone} at least "
                     f"{settings.cancellation_window_hours} hours before.")
    return summary, "\n".join(lines)


def _service_names(booking: CalendarBooking) -> str:
    return ", ".join(name for name, _minutes in booking.services)


def _sessions(count: int) -> str:
    return "1 session" if count == 1 else f"{count} sessions"


def _one_line(text: str) -> str:
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())


def _shortened(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[:SUMMARY_CHARS - 1].rstrip() + "…"


# ---- iCalendar --------------------------------------------------------------------------

def _event(booking: CalendarBooking, stamp: datetime, settings: SalonSettings,
           view: tuple[str, str]) -> Event:
    summary, description = view
    if booking.cancelled:
        summary = f"Cancelled: {summary}"
        description = f"This booking was cancelled.\n{description}"
    place = _one_line("\n".join((settings.salon_name, settings.salon_address)))
    event = Event()
    for name, value in (
        ("UID", booking.uid),
        ("DTSTAMP", stamp),  # these three naive, as stored: icalendar takes them as UTC
        ("CREATED", booking.created_at),
        ("LAST-MODIFIED", booking.changed_at),
        ("SEQUENCE", booking.sequence),
        ("DTSTART", _when(booking.start, settings.tz)),
        ("DTEND", _when(booking.end, settings.tz)),
        ("SUMMARY", _Text(summary)),
        ("LOCATION", _Text(place)),
        ("DESCRIPTION", _Text(description)),
        ("STATUS", "CANCELLED" if booking.cancelled else "CONFIRMED"),
        ("TRANSP", "TRANSPARENT" if booking.cancelled else "OPAQUE"),
        ("CLASS", "PRIVATE"),
    ):
        event.add(name, value)
    if settings.salon_email:  # RFC 5546 asks PUBLISH for an organizer; there is none without
        event.add("ORGANIZER", vCalAddress(f"mailto:{settings.salon_email}",
                                           params={"CN": _printable(settings.salon_name)}))
    return event


def _calendar(tz: ZoneInfo, begin: datetime, end: datetime, events: list[Event],
              name: str = "") -> bytes:
    """The whole file; the VTIMEZONE covers `begin` to `end` (naive UTC) with a day to spare."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", f"-//Salon POS//salon-pos {__version__}//EN")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if name:
        calendar.add("NAME", _Text(name))
        calendar.add("X-WR-CALNAME", _Text(name))
    # Added even when no event uses the zone (an empty range), unlike add_missing_timezones.
    calendar.add_component(_vtimezone(tz, begin - timedelta(days=1), end + timedelta(days=1)))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _printable(value: str) -> str:
    """Without the control characters TEXT may not hold (RFC 5545 §3.3.11); icalendar
    escapes the line breaks it keeps."""
    return "".join(ch for ch in value if ch in "\r\n\t" or 32 <= ord(ch) != 127)


class _Text(vText):
    """A TEXT value, escaped by icalendar, but keeping a backslash followed by N as typed:
    vText alone writes it as a line break (its shorthand for one)."""

    def __new__(cls, value: str):
        return super().__new__(cls, _printable(value))

    def to_ical(self) -> bytes:
        return b"\\\\N".join(vText(part).to_ical() for part in self.split("\\N"))


def _when(stored: datetime, tz: ZoneInfo) -> datetime:
    """The salon's wall-clock time, which icalendar writes with its TZID. A wall time that
    happens twice (the hour the clocks go back) means the first by RFC 5545 §3.3.5, so the
    second is left in UTC."""
    moment = stored.replace(tzinfo=UTC)
    local = moment.astimezone(tz)
    return moment if local.fold else local


def _vtimezone(tz: ZoneInfo, begin: datetime, end: datetime) -> Timezone:
    """The zone's offsets from `begin` to `end` (naive UTC): the one in force at the start,
    then one observance for each change. Not Timezone.from_tzinfo: it dates a change that
    puts the clocks forward by the wall time after it, where RFC 5545 §3.6.5 wants the one
    before (a reader going by the VTIMEZONE alone puts the change an hour late), and it
    takes Irish winter time for daylight saving, as zoneinfo does."""
    start = begin.replace(tzinfo=UTC)
    timezone = Timezone()
    timezone.add("TZID", tz.key)
    timezone.add_component(_observance(tz, start, start.astimezone(tz).utcoffset()))
    for change in _changes(tz, start, end.replace(tzinfo=UTC)):
        before = (change - timedelta(seconds=1)).astimezone(tz).utcoffset()
        timezone.add_component(_observance(tz, change, before))
    return timezone


def _observance(tz: ZoneInfo, onset: datetime, before: timedelta
                ) -> TimezoneStandard | TimezoneDaylight:
    local = onset.astimezone(tz)
    lowest = min(datetime(local.year, month, 1, tzinfo=tz).utcoffset() for month in (1, 7))
    # By offset: Dublin's DST is negative, which readers such as ical4j (DAVx⁵) misread.
    observance = TimezoneDaylight() if local.utcoffset() > lowest else TimezoneStandard()
    observance.DTSTART = (onset + before).replace(tzinfo=None)  # the wall time before it
    observance.TZOFFSETFROM = before
    observance.TZOFFSETTO = local.utcoffset()
    observance.add("TZNAME", local.tzname())
    return observance


def _changes(tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Instants in [start, end) when the zone's offset changes, to the second: a day at a
    time, then halving the day it changed in (zones change at most once a day)."""
    found = []
    day = timedelta(days=1)
    while start < end:
        step = min(day, end - start)
        if (start + step).astimezone(tz).utcoffset() != start.astimezone(tz).utcoffset():
            low, high = start, start + step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                same = middle.astimezone(tz).utcoffset() == low.astimezone(tz).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            found.append(high)
        start += step
    return found
