"""`salon-pos calendar …`: a stylist's days or one booking as an iCalendar (.ics) file.

No manager is needed: a stylist may take their own days to their phone, and the front desk
hands a client their booking.
"""

from __future__ import annotations

import argparse
from datetime import date

from salon_pos.cli.common import file_path, record_number, usable_text
from salon_pos.domain.errors import DomainError, NotFound
from salon_pos.files import write_bytes
from salon_pos.services.exchange.calendars import booking_calendar, stylist_calendar
from salon_pos.services.kernel.context import Salon


def register(commands) -> None:
    calendar = commands.add_parser(
        "calendar", help="a stylist's days or one booking, as an iCalendar (.ics) file")
    kinds = calendar.add_subparsers(dest="calendar", metavar="WHAT", required=True)
    stylist = kinds.add_parser("stylist", help="a stylist's bookings on one or more days")
    stylist.add_argument("stylist", type=usable_text, metavar="NAME_OR_ID")
    stylist.add_argument("--from", dest="first", type=_day, required=True,
                         metavar="YYYY-MM-DD", help="the first day")
    stylist.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD",
                         help="the last day (default: the first day only)")
    stylist.add_argument("--out", type=file_path, required=True, metavar="FILE.ics")
    booking = kinds.add_parser("booking", help="one booking, for its client")
    booking.add_argument("booking", type=record_number, metavar="BOOKING")
    booking.add_argument("--out", type=file_path, required=True, metavar="FILE.ics")
    calendar.set_defaults(run=run)


def run(args, salon: Salon) -> int:
    if args.calendar == "stylist":
        stylist_id, name = stylist_named(salon, args.stylist)
        last = args.last or args.first
        ics = stylist_calendar(salon, stylist_id, args.first, last)
        days = f"{args.first:%d %b %Y}" + (f" to {last:%d %b %Y}" if last != args.first else "")
        what = f"Calendar of {name}, {days} ({_count(ics)})"
    else:
        ics = booking_calendar(salon, args.booking)
        what = f"Booking {args.booking:06d}, the client's copy"
    write_bytes(args.out, ics)
    print(f"{what} written to {args.out}")
    return 0


def stylist_named(salon: Salon, text: str) -> tuple[int, str]:
    """The member of staff a number or a name (any case and spacing) means; a name shared
    by two people is refused rather than guessed."""
    from salon_pos.services.kernel.lookup import get_staff
    from salon_pos.services.views.staff import staff_called

    if text.strip().isdigit():
        member = get_staff(salon, int(text))
        return member.id, member.name
    found = staff_called(salon, text)
    if not found:
        raise NotFound(f"No one on the staff is called “{text}”.")
    found = [m for m in found if m["active"]] or found  # someone who left keeps their days
    if len(found) > 1:
        raise DomainError(f"{len(found)} members of staff are called “{text}”: give them "
                          "different names in the app (Settings → Staff) first.")
    return found[0]["id"], found[0]["name"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-03-20") from None


def _count(ics: bytes) -> str:
    events = ics.count(b"\r\nBEGIN:VEVENT\r\n")
    return "1 booking" if events == 1 else f"{events} bookings"
