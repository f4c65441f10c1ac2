"""How long a client's personal data is kept, and what stays once it is erased — and why,
in the words the app, the command line and the user guide show (one place)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def erased_name(client_id: int) -> str:
    """What an erased client is called from then on: their number, which the money records
    keep."""
    return f"Erased client {client_id}"


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29th with no leap year then)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def kept_until(done_on: date, years: int) -> date:
    """The last day a care record kept for `years` (a patch test, a waiver) is kept."""
    return years_before(done_on, -years)


@dataclass(frozen=True)
class Kept:
    what: str
    why: str


def kept_after_erasure(care_years: int) -> tuple[Kept, ...]:
    """What an erased client leaves behind, and why each stays."""
    return (
        Kept("Sales, refunds, deposits, gift vouchers, courses and account movements — by "
             "the client's number, never their name — with what was typed on them: the "
             "client's word on the result at payment, the reasons for a price change, a "
             "discount or a refund",
             "The salon's accounts: tax law keeps them for years, and the journal that "
             "proves every cent cannot lose a line."),
        Kept("Bookings: the day, the time, the stylist, the services and their prices "
             "(their notes go)",
             "The money records and the stylists' commission refer to them."),
        Kept(f"Patch tests and the waivers of them, with the client's signature, for "
             f"{care_years} years from the day of each (the setting “Care records kept "
             "after erasure”), then erased the same way",
             "Insurers ask for the record of a skin test long after the service, should a "
             "reaction be claimed."),
    )


def erased_after_erasure() -> tuple[str, ...]:
    """What erasure removes (said before it is done)."""
    return (
        "the name (replaced by the client's number), phone, email and alerts",
        "the notes on their bookings and the words of their expectation notes, with the "
        "reference photos",
        "consultations and their answers",
        "colour formulas and before/after photos",
        "signatures (but those on patch tests still kept)",
        "the messages sent to them or waiting to go: the address, the words and the "
        "server's answers (what was sent, and when, stays by number)",
        "their place on the waitlist, and its notes",
    )
