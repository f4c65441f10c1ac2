"""`salon-pos calendar …`: a stylist's days or one booking as an iCalendar (.ics) file.

No manager is needed: a stylist may take their own days to their phone, and the front desk
hands a client their booking.
"""

from __future__ import annotations

from salon_pos.cli.common import file_path, record_number, typed_day, usable_text
from salon_pos.cli.names import staff_named
from salon_pos.files import write_bytes
from salon_pos.services.exchange.calendars import booking_calendar, stylist_calendar
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_staff


def register(commands) -> None:
    calendar = commands.add_parser(
        "calendar", help="a stylist's days or one booking, as an iCalendar (.ics) file")
    kinds = calendar.add_subparsers(dest="calendar", metavar="WHAT", required=True)
    stylist = kinds.add_parser("stylist", help="a stylist's bookings on one or more days")
    stylist.add_argument("stylist", type=usable_text, metavar="NAME_OR_ID")
    stylist.add_argument("--from", dest="first", type=typed_day, required=True,
                         metavar="DAY", help="the first day: YYYY-MM-DD, today, yesterday or "
                                             "today-N")
    stylist.add_argument("--to", dest="last", type=typed_day, metavar="DAY",
                         help="the last day (default: the first day only)")
    stylist.add_argument("--out", type=file_path, required=True, metavar="FILE.ics")
    booking = kinds.add_parser("booking", help="one booking, for its client")
    booking.add_argument("booking", type=record_number, metavar="BOOKING")
    booking.add_argument("--out", type=file_path, required=True, metavar="FILE.ics")
    calendar.set_defaults(run=run)


def run(args, salon: Salon) -> int:
    if args.calendar == "stylist":
        stylist = _stylist(salon, args.stylist)
        last = args.last or args.first
        ics = stylist_calendar(salon, stylist["id"], args.first, last)
        days = f"{args.first:%d %b %Y}" + (f" to {last:%d %b %Y}" if last != args.first else "")
        what = f"Calendar of {stylist['name']}, {days} ({_count(ics)})"
    else:
        ics = booking_calendar(salon, args.booking)
        what = f"Booking {args.booking:06d}, the client's copy"
    write_bytes(args.out, ics)
    print(f"{what} written to {args.out}")
    return 0


def _stylist(salon: Salon, typed: str) -> dict:
    """The member of staff a number or a name means (someone who left keeps their days)."""
    if typed.strip().isdigit():
        member = get_staff(salon, int(typed))
        return {"id": member.id, "name": member.name}
    return staff_named(salon, typed)


def _count(ics: bytes) -> str:
    events = ics.count(b"\r\nBEGIN:VEVENT\r\n")
    return "1 booking" if events == 1 else f"{events} bookings"
