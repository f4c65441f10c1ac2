"""Prepaid courses as the screens, slips, reports and `verify` see them: the plans sold, a
client's courses, what checkout can offer on a ticket (a session for a line, a note's
sessions to sell), the courses held now and those expired, and each course held to the
journal."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import peewee as pw

from salon_pos.domain.courses import services_of, sessions_moved, sold_memo
from salon_pos.domain.journal import COURSES_HELD, Kind, balance_effects, course_of
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries
from salon_pos.store.models import (
    BookedService,
    Client,
    Course,
    CoursePlan,
    CourseSession,
    ExpectationNote,
    JournalEntry,
    Sale,
    SaleLine,
    SaleTender,
    Service,
)


@dataclass(frozen=True)
class PlanView:
    id: int
    name: str
    service_ids: frozenset[int]
    services: str  # their names, as the desk reads them
    sessions: int
    price: int
    validity_months: int
    active: bool

    @property
    def per_session(self) -> int:
        return self.price // self.sessions


@dataclass(frozen=True)
class CourseView:
    id: int
    client_id: int
    client: str
    name: str
    service_ids: frozenset[int]
    services: str
    sessions: int
    sessions_left: int
    price: int
    value_left: int
    issued_on: date
    expires_on: date

    def expired(self, today: date) -> bool:
        return today > self.expires_on

    @property
    def left_text(self) -> str:
        """"2 of 6 sessions left"."""
        return f"{self.sessions_left} of {self.sessions} sessions left"


def _service_names() -> dict[int, str]:
    return dict(Service.select(Service.id, Service.name).tuples())


def _names_of(stored: str, names: dict[int, str]) -> str:
    return ", ".join(names.get(number, f"service {number}") for number in
                     sorted(services_of(stored)))


def course_plans(salon: Salon, *, sold_only: bool = False) -> list[PlanView]:
    """The plans (those still sold only, when asked), by name."""
    names = _service_names()
    query = CoursePlan.select().order_by(CoursePlan.name)
    if sold_only:
        query = query.where(CoursePlan.active)
    return [PlanView(plan.id, plan.name, services_of(plan.service_ids),
                     _names_of(plan.service_ids, names), plan.sessions, plan.price,
                     plan.validity_months, plan.active) for plan in query]


def _views(query) -> list[CourseView]:
    names = _service_names()
    return [CourseView(c.id, c.client_id, c.client.name, c.name, services_of(c.service_ids),
                       _names_of(c.service_ids, names), c.sessions, c.sessions_left, c.price,
                       c.balance, c.issued_on, c.expires_on)
            for c in query.join(Client).switch(Course)]


def _issued():
    return Course.select(Course, Client).where(Course.issued_on.is_null(False))


def client_courses(salon: Salon, client_id: int) -> list[CourseView]:
    """The client's courses, those with sessions left first, the one ending first first."""
    courses = _views(_issued().where(Course.client == client_id))
    return sorted(courses, key=lambda c: (c.sessions_left == 0, c.expires_on, c.id))


def course_view(salon: Salon, course_id: int) -> CourseView | None:
    found = _views(_issued().where(Course.id == course_id))
    return found[0] if found else None


def courses_held(salon: Salon) -> list[CourseView]:
    """Every course with sessions left (valid or expired): the salon's liability."""
    return _views(_issued().where(Course.sessions_left > 0).order_by(Course.expires_on,
                                                                     Course.id))


def expired_courses(salon: Salon) -> list[CourseView]:
    """Courses past their last day with sessions left: for a manager to take into income."""
    return [course for course in courses_held(salon) if course.expired(salon.today())]


def course_uses(salon: Salon, course_id: int) -> list[tuple[int, int | None, int]]:
    """The sessions used of a course, on closed sales: (sale, receipt number, value)."""
    return [(sale, receipt, value) for sale, receipt, value in CourseSession.select(
        CourseSession.sale, Sale.receipt_no, CourseSession.value).join(Sale).where(
        (CourseSession.course == course_id) & Sale.receipt_no.is_null(False))
        .order_by(CourseSession.id).tuples()]


@dataclass(frozen=True)
class SessionOffer:
    """A line of an open ticket that a course session pays, or could."""

    line_id: int
    course_id: int
    course: str
    paid: bool  # a session pays it already
    text: str  # "Paid by course: session 3 of 6" / "Course: 4 of 6 sessions left"


def session_offers(salon: Salon, sale_id: int) -> dict[int, SessionOffer]:
    """For each service line of the ticket: the session paying it, or the client's course
    whose next session could (the one ending first)."""
    sale = Sale.get_by_id(sale_id)
    offers: dict[int, SessionOffer] = {}
    paying = {s.sale_line_id: s for s in CourseSession.select().where(
        CourseSession.sale == sale_id)}
    on_open = _sessions_on_open_sales()
    courses = list(Course.select().where(
        (Course.client == sale.client_id) & Course.issued_on.is_null(False)
        & (Course.expires_on >= salon.today())).order_by(Course.expires_on, Course.id)
    ) if sale.client_id is not None else []
    by_id = {course.id: course for course in courses}
    for line in SaleLine.select().where((SaleLine.sale == sale_id) & ~SaleLine.removed
                                        & (SaleLine.category == "service")):
        session = paying.get(line.id)
        if session is not None:
            course = by_id.get(session.course_id) or Course.get_by_id(session.course_id)
            number = course.sessions - course.sessions_left + _earlier_on_open(
                session, on_open)
            offers[line.id] = SessionOffer(line.id, course.id, course.name, True,
                                           f"Paid by course: session {number} of "
                                           f"{course.sessions}")
            continue
        for course in courses:
            free = course.sessions_left - len(on_open.get(course.id, []))
            if free > 0 and line.service_id in services_of(course.service_ids):
                offers[line.id] = SessionOffer(
                    line.id, course.id, course.name, False,
                    f"Course {course.name}: {free} of {course.sessions} sessions left")
                break
    return offers


def _sessions_on_open_sales() -> dict[int, list[int]]:
    """Each course's sessions on sales not yet closed (ids, in the order they were used)."""
    found: dict[int, list[int]] = defaultdict(list)
    for session_id, course_id in CourseSession.select(CourseSession.id, CourseSession.course
                                                      ).join(Sale).where(
            Sale.status == "open").order_by(CourseSession.id).tuples():
        found[course_id].append(session_id)
    return found


def _earlier_on_open(session: CourseSession, on_open: dict[int, list[int]]) -> int:
    """The session's place among its course's sessions on open sales (1 for the first)."""
    return on_open.get(session.course_id, []).index(session.id) + 1


@dataclass(frozen=True)
class NoteCourse:
    note_id: int
    text: str  # "Colour correction: 2 more sessions planned (€150.00–€180.00 each)"


def note_courses(salon: Salon, sale_id: int) -> list[NoteCourse]:
    """The agreed expectation notes of the ticket's booking that plan sessions after
    today's (two or more): each can be sold as a course."""
    sale = Sale.get_by_id(sale_id)
    if sale.booking_id is None or sale.client_id is None:
        return []
    money = salon.settings().money
    services = {b.id: b.name for b in BookedService.select().where(
        BookedService.booking == sale.booking_id).order_by(BookedService.position)}
    notes = ExpectationNote.select().where(
        (ExpectationNote.booking == sale.booking_id) & (ExpectationNote.sessions_expected > 2)
        & ExpectationNote.acknowledged_at.is_null(False)).order_by(ExpectationNote.id)
    whole = " and ".join(services.values())  # a note for the whole booking
    return [NoteCourse(note.id, f"{services.get(note.booked_service_id, whole)}: "
                                f"{note.sessions_expected - 1} more sessions planned "
                                f"({money(note.price_min)}–{money(note.price_max)} each)")
            for note in notes]


def booking_courses(salon: Salon, client_id: int, service_ids: set[int]) -> list[str]:
    """What the booking slip says of the client's courses that cover its services:
    "Course Blow-dry ×6: 2 of 6 sessions left (until 20 Mar 2027)"."""
    return [f"Course {course.name}: {course.left_text} (until {course.expires_on:%d %b %Y})"
            for course in client_courses(salon, client_id)
            if course.sessions_left and not course.expired(salon.today())
            and service_ids & course.service_ids]


def courses_value_held(salon: Salon) -> int:
    """What all courses hold, as the app keeps their values now."""
    return sum(value for value, in Course.select(Course.balance).tuples())


def _course_references(salon: Salon) -> pw.Expression:
    """Entries whose reference starts "course:" (as LIKE has it, whatever the letters'
    case); on SQLite by the reference index, in the two ranges of the first letter's cases
    (its LIKE alone walks the whole journal: it cannot use the index)."""
    starts = JournalEntry.reference.startswith("course:")
    if not isinstance(salon.database, pw.SqliteDatabase):
        return starts
    first = JournalEntry.reference
    return (((first >= "C") & (first < "D")) | ((first >= "c") & (first < "d"))) & starts


def course_problems(salon: Salon) -> list[tuple[int, str]]:
    """Each course held to the journal: the value and sessions its row keeps are those its
    entries sum to, and its price, sessions, services, client and last day are those its
    sale recorded; a course the journal names is still there; each session is worth what
    its payment (sealed with its sale) took."""
    value: dict[object, int] = defaultdict(int)
    sessions: dict[object, int] = defaultdict(int)
    sold: dict[object, object] = {}
    for entry in journal_entries(salon, where=_course_references(salon)):
        key = course_of(entry.reference)
        value[key] += sum(delta for held, _key, delta in balance_effects(entry)
                          if held == COURSES_HELD)
        sessions[key] += sessions_moved(entry)
        if entry.kind == Kind.COURSE_SOLD:
            sold[key] = entry
    problems = []
    issued = {c.id: c for c in Course.select().where(Course.issued_on.is_null(False))}
    for number, course in issued.items():
        entry = sold.get(number)
        if entry is None or (entry.amount, entry.client_id, entry.memo) != (
                course.price, course.client_id,
                sold_memo(course.sessions, course.service_ids, course.expires_on)):
            problems.append((getattr(entry, "seq", 0), f"course {number} is not what its sale "
                             "recorded (its price, sessions, services, client or last day)"))
        if (course.balance, course.sessions_left) != (value.get(number, 0),
                                                      sessions.get(number, 0)):
            problems.append((0, f"course {number}'s value or sessions left do not match the "
                                "journal"))
    problems += [(0, f"course {number} is in the journal but not in the salon")
                 for number in value if number not in issued]
    problems += [(0, f"the course session paying line {line} of sale {sale} is not worth "
                     "what its payment took")
                 for line, sale in CourseSession.select(CourseSession.sale_line,
                                                        CourseSession.sale)
                 .join(SaleTender).where(CourseSession.value != SaleTender.amount).tuples()]
    return problems
