"""Calendar export: every file is read back with the icalendar parser (written by others) and
every event checked against the database — times, UID, words, status — across clock changes."""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from salon_pos.cli import calendars as cli_calendar
from salon_pos.cli.names import staff_named
from salon_pos.domain.errors import InvalidInput, NotFound
from salon_pos.services.exchange.calendars import _vtimezone, booking_calendar, stylist_calendar
from salon_pos.services.operations import bookings, catalogue, clients, salon_setup, staff
from salon_pos.store.models import BookedService, Booking
from tests.services.helpers import TODAY, agree_note, at, book, book_with_deposit

DUBLIN = ZoneInfo("Europe/Dublin")
SPRING_FORWARD = date(2026, 3, 29)  # 01:00 GMT becomes 02:00 IST
FALL_BACK = date(2026, 10, 25)  # 02:00 IST becomes 01:00 GMT


# ---- reading a file back ----------------------------------------------------------------

def parsed(ics: bytes) -> Calendar:
    """The file, after checking its lines: CRLF only, at most 75 octets, whole UTF-8."""
    assert ics.endswith(b"\r\n")
    for line in ics.split(b"\r\n")[:-1]:
        assert b"\r" not in line and b"\n" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never cuts a character in two
    calendar = Calendar.from_ical(ics)
    assert (calendar["VERSION"], calendar["METHOD"]) == ("2.0", "PUBLISH")
    assert str(calendar["PRODID"]).startswith("-//Salon POS//")
    assert calendar.get_missing_tzids() == set()
    return calendar


def events(calendar: Calendar) -> dict[int, object]:
    """Events by booking number (from the description's "Booking 000123")."""
    found = {}
    for event in calendar.walk("VEVENT"):
        number = str(event["DESCRIPTION"]).split("Booking ", 1)[1][:6]
        found[int(number)] = event
    return found


def utc_of(event, name: str, calendar: Calendar) -> datetime:
    """The instant as a reader gets it, checked against the file's own VTIMEZONE too (not
    only the reader's zone database): both must agree."""
    moment = event.decoded(name)
    if moment.tzinfo is not UTC and str(moment.tzinfo) != "UTC":
        own_zone = calendar.timezones[0].to_tz(lookup_tzid=False)
        wall = moment.replace(tzinfo=None)
        assert wall.replace(tzinfo=own_zone).astimezone(UTC) == moment.astimezone(UTC)
    return moment.astimezone(UTC).replace(tzinfo=None)


def check_event(event, booking_id: int, calendar: Calendar) -> Booking:
    """The event says what the database holds for the booking."""
    booking = Booking.get_by_id(booking_id)
    assert utc_of(event, "DTSTART", calendar) == booking.start
    assert utc_of(event, "DTEND", calendar) == booking.end
    cancelled = booking.status == "cancelled"
    assert event["STATUS"] == ("CANCELLED" if cancelled else "CONFIRMED")
    assert event["TRANSP"] == ("TRANSPARENT" if cancelled else "OPAQUE")
    uuid.UUID(str(event["UID"]))
    assert event.decoded("DTSTAMP").tzinfo is not None
    services = ", ".join(row.name for row in BookedService.select().where(
        BookedService.booking == booking_id).order_by(BookedService.position))
    assert services in str(event["SUMMARY"])
    assert str(event["SUMMARY"]).startswith("Cancelled: ") == cancelled
    return booking


def wall_clock(event, name: str = "DTSTART") -> tuple[str, datetime]:
    moment = event.decoded(name)
    return str(event[name].params.get("TZID", "")), moment.replace(tzinfo=None)


# ---- the stylist's calendar -------------------------------------------------------------

def test_stylist_calendar_holds_their_bookings_of_those_days_and_no_one_elses(s):
    first = book_with_deposit(s, 11)
    second = book(s, 15, days=2, services=[s.colour, s.blowdry])
    cancelled = book(s, 12, days=1)
    bookings.cancel(s.salon, cancelled, by=s.desk)
    book(s, 11, stylist=s.stylist2)  # another stylist's
    book(s, 11, days=3)  # after the last day
    calendar = parsed(stylist_calendar(s.salon, s.stylist, TODAY, TODAY + timedelta(days=2)))
    found = events(calendar)
    assert set(found) == {first, second, cancelled}
    for number, event in found.items():
        booking = check_event(event, number, calendar)
        assert booking.stylist_id == s.stylist
        assert "Zoë Ní Bhriain" in str(event["SUMMARY"])
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Aoife Stylist — Salon Zoë"
    assert len({str(e["UID"]) for e in found.values()}) == 3


def test_the_days_are_the_salons_local_days(s):
    """A booking just before local midnight belongs to its local day, though in UTC (summer,
    Dublin one hour ahead) it is already the next."""
    late = book(s, 23, minute=30, days=100)  # 28 June, 23:30 IST = 22:30 UTC
    early = book(s, 0, minute=15, days=101)  # 29 June, 00:15 IST = 28 June 23:15 UTC
    day = TODAY + timedelta(days=100)
    assert set(events(parsed(stylist_calendar(s.salon, s.stylist, day, day)))) == {late}
    next_day = events(parsed(stylist_calendar(s.salon, s.stylist, day + timedelta(days=1),
                                              day + timedelta(days=1))))
    assert set(next_day) == {early}


def test_an_empty_range_is_still_a_valid_calendar(s):
    calendar = parsed(stylist_calendar(s.salon, s.stylist, TODAY, TODAY))
    assert calendar.walk("VEVENT") == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Dublin"]


def test_progress_is_reported_for_each_booking(s):
    for hour in (10, 12, 14):
        book(s, hour)
    seen = []
    stylist_calendar(s.salon, s.stylist, TODAY, TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


# ---- the client's copy ------------------------------------------------------------------

def test_client_copy_names_the_salon_services_deposit_and_what_to_expect(s):
    salon_setup.change_settings(s.salon, s.manager, salon_address="1 Main St\nGalway",
                                salon_phone="+353 91 123 456", salon_email="hello@zoe.ie")
    booking = book_with_deposit(s, 11, days=3)
    agree_note(s, booking)
    other = clients.add_client(s.salon, "Niamh Other", by=s.desk)
    book(s, 14, days=3, client=other)  # the same stylist's next client
    calendar = parsed(booking_calendar(s.salon, booking))
    (event,) = calendar.walk("VEVENT")
    check_event(event, booking, calendar)
    assert str(event["SUMMARY"]) == "Cut and finish, Blow-dry at Salon Zoë"
    assert str(event["LOCATION"]) == "Salon Zoë, 1 Main St, Galway"
    text = str(event["DESCRIPTION"])
    assert "with Aoife Stylist" in text
    assert "Deposit held: €15.00" in text
    assert "What to expect: Even copper, two shades lighter (2 sessions, €120.00–€180.00)" in text
    assert "Salon Zoë, 1 Main St, Galway, +353 91 123 456" in text
    assert "call +353 91 123 456 at least 24 hours before" in text
    assert str(event["ORGANIZER"]) == "mailto:hello@zoe.ie"
    assert event["ORGANIZER"].params["CN"] == "Salon Zoë"
    whole = calendar.to_ical().decode()
    assert "Niamh" not in whole and "Zoë Ní Bhriain" not in whole  # nor even the client's own


def test_client_and_stylist_copies_are_the_same_event(s):
    booking = book(s, 11)
    mine = events(parsed(stylist_calendar(s.salon, s.stylist, TODAY, TODAY)))[booking]
    (theirs,) = parsed(booking_calendar(s.salon, booking)).walk("VEVENT")
    assert mine["UID"] == theirs["UID"]
    again = parsed(booking_calendar(s.salon, booking)).walk("VEVENT")[0]
    assert again["UID"] == theirs["UID"]


def test_moving_then_cancelling_raises_the_sequence(s):
    booking = book(s, 11, days=5)

    def sequence() -> int:
        return int(parsed(booking_calendar(s.salon, booking)).walk("VEVENT")[0]["SEQUENCE"])

    assert sequence() == 0
    bookings.reschedule(s.salon, booking, start=at(s, 15, days=5), by=s.desk)
    moved = sequence()
    s.clock.advance(minutes=1)
    bookings.reschedule(s.salon, booking, start=at(s, 16, days=5), by=s.desk)
    assert sequence() > moved > 0
    before = sequence()
    bookings.cancel(s.salon, booking, by=s.desk)
    calendar = parsed(booking_calendar(s.salon, booking))
    (event,) = calendar.walk("VEVENT")
    assert int(event["SEQUENCE"]) > before
    check_event(event, booking, calendar)
    assert str(event["DESCRIPTION"]).startswith("This booking was cancelled.")
    assert "To move or cancel" not in str(event["DESCRIPTION"])


def test_refusals_name_what_is_wrong(s):
    with pytest.raises(NotFound, match="That booking does not exist"):
        booking_calendar(s.salon, 999)
    with pytest.raises(NotFound, match="That staff member does not exist"):
        stylist_calendar(s.salon, 999, TODAY, TODAY)
    with pytest.raises(InvalidInput, match="Dara Desk does not take clients"):
        stylist_calendar(s.salon, s.desk, TODAY, TODAY)
    with pytest.raises(InvalidInput, match="The last day comes before the first"):
        stylist_calendar(s.salon, s.stylist, TODAY, TODAY - timedelta(days=1))


# ---- time zones -------------------------------------------------------------------------

@pytest.mark.parametrize("change", [SPRING_FORWARD, FALL_BACK])
def test_bookings_keep_their_wall_clock_time_across_a_clock_change(s, change):
    days = [change - timedelta(days=1), change, change + timedelta(days=1)]
    numbers = [bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                             start=bookings.local_start(s.salon, day, time(10)),
                             service_ids=[s.cut], by=s.desk) for day in days]
    calendar = parsed(stylist_calendar(s.salon, s.stylist, days[0], days[-1]))
    found = events(calendar)
    for day, number in zip(days, numbers, strict=True):
        check_event(found[number], number, calendar)
        assert wall_clock(found[number]) == ("Europe/Dublin", datetime.combine(day, time(10)))
        assert wall_clock(found[number], "DTEND") == (
            "Europe/Dublin", datetime.combine(day, time(10, 45)))
    offsets = {Booking.get_by_id(n).start.hour for n in numbers}
    assert offsets == {9, 10}  # the same 10:00 is a different UTC hour either side


def test_the_hour_that_happens_twice(s):
    """At fall-back 01:30 happens twice; the wall time with its zone means the first, so a
    booking at the second is written in UTC and still lands at the right instant."""
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 IST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT
    numbers = [bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=start,
                             service_ids=[s.blowdry], by=s.desk, double_book=True)
               for start in (first, second)]
    calendar = parsed(stylist_calendar(s.salon, s.stylist, FALL_BACK, FALL_BACK))
    found = events(calendar)
    for number in numbers:
        check_event(found[number], number, calendar)
    assert wall_clock(found[numbers[0]]) == ("Europe/Dublin", datetime(2026, 10, 25, 1, 30))
    assert found[numbers[1]].decoded("DTSTART") == second


@pytest.mark.parametrize("name", ["Europe/Dublin", "America/Santiago", "Australia/Lord_Howe",
                                  "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"])
def test_the_files_time_zone_agrees_with_the_zone_database(name):
    """The VTIMEZONE alone (read by icalendar, not looked up by name) turns every wall-clock
    time of three years, each quarter hour, into the instant the zone database gives, through
    each change (a time that happens twice: the first, as RFC 5545 says). The exports add a
    day either side of what they cover: a reader's guess at the very first instant is its own."""
    zone = ZoneInfo(name)
    begin, end = datetime(2025, 12, 1, tzinfo=UTC), datetime(2028, 12, 1, tzinfo=UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN",
             *_vtimezone(zone, begin.replace(tzinfo=None) - timedelta(days=1),
                         end.replace(tzinfo=None)).to_ical().decode().splitlines(),
             "END:VCALENDAR", ""]
    calendar = Calendar.from_ical("\r\n".join(lines))
    own = calendar.timezones[0].to_tz(lookup_tzid=False)
    moment = begin
    while moment < end:
        wall = moment.astimezone(zone).replace(tzinfo=None)
        if moment.astimezone(zone).fold == 0:  # the second of a twice-told time has no wall form
            assert wall.replace(tzinfo=own).astimezone(UTC) == moment, wall
        moment += timedelta(minutes=15)


# ---- text -------------------------------------------------------------------------------

def test_commas_semicolons_newlines_and_other_scripts_come_back_whole(s):
    salon_setup.change_settings(s.salon, s.manager, salon_name='Zoë; "Café", Ōsaka \\ 髮廊',
                                salon_address="Unit 3, The Mall;\nΑθήνα")
    client = clients.add_client(s.salon, "Ó Briain, Séamus; 王小明", by=s.desk)
    service = catalogue.add_service(s.salon, "Wash; cut, & dry — стрижка", duration_min=30,
                                    price=2000, tax_class_id=s.reduced_tax, approved_by=s.manager)
    note = "Line one, with commas; semicolons\nline two \\ backslash\n\tтабуляция 😀"
    booking = book(s, 11, client=client, services=[service], notes=note)
    calendar = parsed(stylist_calendar(s.salon, s.stylist, TODAY, TODAY))
    event = events(calendar)[booking]
    assert str(event["SUMMARY"]) == "Ó Briain, Séamus; 王小明: Wash; cut, & dry — стрижка"
    assert str(event["DESCRIPTION"]).endswith(f"Notes: {note}")
    assert str(event["LOCATION"]) == 'Zoë; "Café", Ōsaka \\ 髮廊, Unit 3, The Mall;, Αθήνα'
    # icalendar does not know NAME (RFC 7986, a TEXT) and hands it over still escaped
    assert str(calendar["NAME"]) == 'Aoife Stylist — Zoë\\; "Café"\\, Ōsaka \\\\ 髮廊'
    (theirs,) = parsed(booking_calendar(s.salon, booking)).walk("VEVENT")
    assert str(theirs["SUMMARY"]) == 'Wash; cut, & dry — стрижка at Zoë; "Café", Ōsaka \\ 髮廊'


NOTES = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
                | st.sampled_from(",;\\\n\t\r\"':"), max_size=300)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=NOTES)
def test_any_notes_round_trip(s, notes):
    booking = book(s, 9, days=1, notes=notes, double_book=True)
    stored = Booking.get_by_id(booking).notes
    ics = stylist_calendar(s.salon, s.stylist, TODAY + timedelta(days=1),
                           TODAY + timedelta(days=1))
    description = str(events(parsed(ics))[booking]["DESCRIPTION"])
    assert description.endswith(f"Notes: {stored}" if stored else "(45 min)")


# ---- random bookings --------------------------------------------------------------------

BOOKINGS = st.lists(st.tuples(
    st.integers(2, 400),  # days ahead (a move inside the next 24 hours needs a manager)
    st.integers(7, 21), st.sampled_from([0, 15, 30, 45]),  # local start
    st.lists(st.sampled_from(["cut", "colour", "blowdry"]), min_size=1, max_size=3),
    st.sampled_from(["keep", "cancel", "move"]),
), min_size=1, max_size=6)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=BOOKINGS)
def test_random_bookings_export_as_the_database_holds_them(s, plan):
    made = []
    for days, hour, minute, services, action in plan:
        number = book(s, hour, minute=minute, days=days, double_book=True,
                      services=[getattr(s, name) for name in services])
        if action == "cancel":
            bookings.cancel(s.salon, number, by=s.desk)
        elif action == "move":
            bookings.reschedule(s.salon, number, start=at(s, hour, days=days + 1, minute=minute),
                                by=s.desk, double_book=True)
        made.append(number)
    first = min(Booking.get_by_id(n).start for n in made).replace(tzinfo=UTC)
    last = max(Booking.get_by_id(n).start for n in made).replace(tzinfo=UTC)
    calendar = parsed(stylist_calendar(s.salon, s.stylist, first.astimezone(DUBLIN).date(),
                                       last.astimezone(DUBLIN).date()))
    found = events(calendar)
    for number in made:
        booking = check_event(found[number], number, calendar)
        local = booking.start.replace(tzinfo=UTC).astimezone(DUBLIN)
        assert wall_clock(found[number]) == ("Europe/Dublin", local.replace(tzinfo=None))
        client_copy = parsed(booking_calendar(s.salon, number))
        (event,) = client_copy.walk("VEVENT")
        check_event(event, number, client_copy)
        assert event["UID"] == found[number]["UID"]


# ---- the command line -------------------------------------------------------------------

def run(s, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="salon-pos")
    cli_calendar.register(parser.add_subparsers(dest="command"))
    return cli_calendar.run(parser.parse_args(["calendar", *argv]), s.salon)


def test_cli_writes_a_stylists_week_by_name_or_number(s, tmp_path, capsys):
    numbers = [book(s, 11), book(s, 11, days=6)]
    out = tmp_path / "week.ics"
    assert run(s, "stylist", "  aoife   STYLIST ", "--from", "2026-03-20", "--to", "2026-03-26",
               "--out", str(out)) == 0
    assert set(events(parsed(out.read_bytes()))) == set(numbers)
    assert capsys.readouterr().out == (
        f"Calendar of Aoife Stylist, 20 Mar 2026 to 26 Mar 2026 (2 bookings) written to {out}\n")
    assert run(s, "stylist", str(s.stylist), "--from", "2026-03-20", "--out", str(out)) == 0
    assert set(events(parsed(out.read_bytes()))) == {numbers[0]}
    assert "20 Mar 2026 (1 booking)" in capsys.readouterr().out


def test_cli_writes_a_clients_booking(s, tmp_path, capsys):
    number = book(s, 11)
    out = tmp_path / "booking.ics"
    assert run(s, "booking", str(number), "--out", str(out)) == 0
    assert set(events(parsed(out.read_bytes()))) == {number}
    assert f"Booking {number:06d}, the client's copy written to {out}" in capsys.readouterr().out


def test_cli_refuses_unknown_people_and_bookings(s, tmp_path):
    out = tmp_path / "x.ics"
    with pytest.raises(NotFound, match="No one on the staff is called “Nobody”"):
        run(s, "stylist", "Nobody", "--from", "2026-03-20", "--out", str(out))
    with pytest.raises(NotFound, match="That booking does not exist"):
        run(s, "booking", "42", "--out", str(out))
    with pytest.raises(SystemExit):
        run(s, "stylist", "Aoife Stylist", "--from", "20/03/2026", "--out", str(out))
    assert not out.exists()


def test_cli_prefers_the_active_one_of_two_with_the_same_name(s, tmp_path):
    leaver = staff.add_staff(s.salon, "Aoife Stylist", "stylist", "4444", approved_by=s.manager)
    staff.edit_staff(s.salon, leaver, approved_by=s.manager, active=False)
    assert staff_named(s.salon, "Aoife Stylist")["id"] == s.stylist
