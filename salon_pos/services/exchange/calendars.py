"""Calendars as iCalendar files (RFC 5545): a stylist's days for their phone, and one booking
for its client to keep.

The text is written here, line by line, rather than by a library: the tests then check it
with a parser nobody here wrote (icalendar), and the app needs no extra dependency.

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
CRLF = b"\r\n"
MAX_OCTETS = 75  # a content line's length before it is folded (RFC 5545 §3.1)
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
        events += _event(booking, stamp, settings, _stylist_view(booking))
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
    return _calendar(settings.tz, booking.start, booking.end, event)


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


# ---- iCalendar text ---------------------------------------------------------------------

def _event(booking: CalendarBooking, stamp: datetime, settings: SalonSettings,
           view: tuple[str, str]) -> list[str]:
    summary, description = view
    if booking.cancelled:
        summary = f"Cancelled: {summary}"
        description = f"This booking was cancelled.\n{description}"
    place = _one_line("\n".join((settings.salon_name, settings.salon_address)))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{booking.uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"CREATED:{_utc(booking.created_at)}",
        f"LAST-MODIFIED:{_utc(booking.changed_at)}",
        f"SEQUENCE:{booking.sequence}",
        _when("DTSTART", booking.start, settings.tz),
        _when("DTEND", booking.end, settings.tz),
        f"SUMMARY:{_text(summary)}",
        f"LOCATION:{_text(place)}",
        f"DESCRIPTION:{_text(description)}",
        f"STATUS:{'CANCELLED' if booking.cancelled else 'CONFIRMED'}",
        f"TRANSP:{'TRANSPARENT' if booking.cancelled else 'OPAQUE'}",
        "CLASS:PRIVATE",
    ]
    if settings.salon_email:  # RFC 5546 asks PUBLISH for an organizer; there is none without
        lines.append(f"ORGANIZER;CN={_param(settings.salon_name)}:mailto:{settings.salon_email}")
    return [*lines, "END:VEVENT"]


def _calendar(tz: ZoneInfo, begin: datetime, end: datetime, components: list[str],
              name: str = "") -> bytes:
    """The whole file; the VTIMEZONE covers `begin` to `end` (naive UTC) with a day to spare."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:-//Salon POS//salon-pos {__version__}//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if name:
        lines += [f"NAME:{_text(name)}", f"X-WR-CALNAME:{_text(name)}"]
    lines += _vtimezone(tz, begin - timedelta(days=1), end + timedelta(days=1))
    lines += [*components, "END:VCALENDAR"]
    return b"".join(_fold(line) for line in lines)


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, comma, semicolon and newlines escaped;
    other control characters, which TEXT may not hold, dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32 and ord(ch) != 127)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _param(value: str) -> str:
    """A parameter value: quoted when it holds : ; or , (a double quote cannot be held)."""
    value = "".join(ch for ch in value if ch != '"' and (ord(ch) >= 32 or ch == "\t"))
    return f'"{value}"' if any(ch in value for ch in ":;,") else value


def _fold(line: str) -> bytes:
    """One content line, folded so that no line exceeds 75 octets (the leading space of a
    continuation counts), never inside a UTF-8 character, each ended by CRLF."""
    out, current, limit = [], b"", MAX_OCTETS
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current, limit = b" ", MAX_OCTETS
        current += encoded
    out.append(current)
    return b"".join(part + CRLF for part in out)


def _utc(stored: datetime) -> str:
    return f"{stored:%Y%m%dT%H%M%S}Z"


def _when(name: str, stored: datetime, tz: ZoneInfo) -> str:
    """The salon's wall-clock time with its zone. A wall time that happens twice (the hour
    the clocks go back) means the first by RFC 5545 §3.3.5, so the second is written in UTC."""
    wall = stored.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
    if to_utc_naive(wall.replace(tzinfo=tz, fold=0)) != stored:
        return f"{name}:{_utc(stored)}"
    return f"{name};TZID={_param(tz.key)}:{wall:%Y%m%dT%H%M%S}"


def _vtimezone(tz: ZoneInfo, begin: datetime, end: datetime) -> list[str]:
    """The zone's offsets from `begin` to `end` (naive UTC): the one in force at the start,
    then one observance for each change, each dated in the wall time it ends."""
    start = begin.replace(tzinfo=UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tz.key}"]
    lines += _observance(tz, start, start.astimezone(tz).utcoffset())
    for change in _changes(tz, start, end.replace(tzinfo=UTC)):
        before = (change - timedelta(seconds=1)).astimezone(tz).utcoffset()
        lines += _observance(tz, change, before)
    return [*lines, "END:VTIMEZONE"]


def _observance(tz: ZoneInfo, onset: datetime, before: timedelta) -> list[str]:
    local = onset.astimezone(tz)
    after = local.utcoffset()
    year = local.year
    lowest = min(datetime(year, month, 1, tzinfo=tz).utcoffset() for month in (1, 7))
    kind = "DAYLIGHT" if after > lowest else "STANDARD"  # by offset: Dublin's DST is negative
    return [f"BEGIN:{kind}", f"DTSTART:{(onset + before).replace(tzinfo=None):%Y%m%dT%H%M%S}",
            f"TZOFFSETFROM:{_offset(before)}", f"TZOFFSETTO:{_offset(after)}",
            f"TZNAME:{_text(local.tzname() or _offset(after))}", f"END:{kind}"]


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


def _offset(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")
