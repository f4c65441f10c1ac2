"""Prepaid courses: N sessions of one or more services bought at once (six blow-dries for
the price of five). Until a session is used its value is the client's money, held (a
liability, like a gift voucher); each session used is income, taxed as the service it
pays for.

A session's value is the course's price spread over its sessions: what is left divided by
the sessions left, rounded down, the last session taking the rest — so the sessions of a
course add up to its price exactly, and the value of the sessions not used (a refund, an
expiry) is always their pro-rata share of the price paid.

The journal counts the sessions as it counts the money (`sessions_moved`): a course sold
gives its sessions (its entry's memo says how many), a payment by the way "course" uses
one, a refund of that payment gives one back, and a course refunded or expired takes the
sessions its memo names.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Entry, Kind
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY

MAX_SESSIONS = 100
_SESSIONS = re.compile(r"(\d{1,4}) sessions?\b")


def session_value(value_left: int, sessions_left: int) -> int:
    """What the next session uses of a course holding `value_left` for `sessions_left`."""
    if sessions_left <= 0:
        return 0
    return value_left if sessions_left == 1 else value_left // sessions_left


def check_plan(sessions: int, price: int, service_ids: list[int]) -> None:
    """A course sells at least two sessions, of at least one service, each worth a cent."""
    if isinstance(sessions, bool) or not isinstance(sessions, int) or not (
            2 <= sessions <= MAX_SESSIONS):
        raise InvalidInput(f"A course has from 2 to {MAX_SESSIONS} sessions.")
    if price < sessions:
        raise InvalidInput("A course's price must give each session some value.")
    if not service_ids:
        raise InvalidInput("Choose the services the course's sessions can be used for.")


def services_stored(service_ids) -> str:
    """The services a course covers, as kept on its row and in its sale's entry: "3,5"."""
    return ",".join(str(number) for number in sorted(set(service_ids)))


def services_of(stored: str) -> frozenset[int]:
    return frozenset(int(part) for part in stored.split(",") if part.isdigit())


def expiry_after(day: date, months: int) -> date:
    """The last day a course bought on `day` can be used: `months` later (the month's
    last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sold_memo(sessions: int, service_ids: str, expires_on: date | str) -> str:
    """What the journal's sale of a course keeps of it (a hand edit of the row shows)."""
    return f"{sessions} sessions of services {service_ids} until {expires_on}"


def sessions_memo(sessions: int, said: str) -> str:
    """The memo of a course refunded or expired: the sessions it takes, then why."""
    return f"{sessions} sessions: {said}" if said else f"{sessions} sessions"


def sessions_in(memo: str) -> int:
    found = _SESSIONS.match(memo)
    return int(found.group(1)) if found else 0


def _is_course_way(method: str) -> bool:
    way = WAYS_TO_PAY.get(method)
    return way is not None and way.draws_on is not None and way.draws_on.kept_per == "course"


def sessions_moved(entry: Entry) -> int:
    """How many sessions of the course its reference names this entry gives (+) or takes."""
    kind = entry.kind
    if kind == Kind.COURSE_SOLD:
        return sessions_in(entry.memo)
    if kind in (Kind.COURSE_REFUNDED, Kind.COURSE_EXPIRED):
        return -sessions_in(entry.memo)
    if kind == Kind.PAYMENT and _is_course_way(entry.method):
        return -1
    if kind == Kind.REFUND_PAID and _is_course_way(entry.method):
        return 1
    return 0
