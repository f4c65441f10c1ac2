"""A client's prepaid courses as the journal says: what a course holds and how many
sessions it has left are summed from the journal's entries that name it, and its row must
say what its sale recorded — a course edited by hand cannot be used, refunded or expired.
Also what sales not yet closed already take from it (their sessions are used at close)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee as pw

from salon_pos.domain.courses import session_value, sessions_moved, sold_memo
from salon_pos.domain.errors import DomainError, NotFound
from salon_pos.domain.journal import COURSES_HELD, Kind, balance_effects, course_reference
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import entry_from_row
from salon_pos.store.models import Course, CourseSession, JournalEntry, Sale


class CourseNotVouched(DomainError):
    """A course whose row no longer matches the journal."""


@dataclass(frozen=True)
class CourseHolding:
    """What a course holds (in the journal) and what of it is free to use now."""

    value: int
    sessions: int
    value_on_open_sales: int
    sessions_on_open_sales: int

    @property
    def free_value(self) -> int:
        return self.value - self.value_on_open_sales

    @property
    def free_sessions(self) -> int:
        return self.sessions - self.sessions_on_open_sales

    @property
    def next_session_value(self) -> int:
        return session_value(self.free_value, self.free_sessions)


def get_course(salon: Salon, number: int) -> Course:
    course = Course.get_or_none((Course.id == number) & Course.issued_on.is_null(False))
    if course is None:
        raise NotFound(f"There is no prepaid course number {number}.")
    return course


def journal_holding(salon: Salon, course: Course) -> CourseHolding:
    """What the course holds, from the journal; refused when its row is not what its sale
    and those entries recorded."""
    rows = JournalEntry.select().where(JournalEntry.reference == course_reference(course.id))
    value = sessions = 0
    sold = None
    for row in rows.order_by(JournalEntry.seq):
        entry = entry_from_row(row)
        if entry.kind == Kind.COURSE_SOLD:
            sold = entry
        value += sum(delta for held, _key, delta in balance_effects(entry)
                     if held == COURSES_HELD)
        sessions += sessions_moved(entry)
    if (sold is None or sold.amount != course.price or sold.client_id != course.client_id
            or sold.memo != sold_memo(course.sessions, course.service_ids, course.expires_on)
            or value != course.balance or sessions != course.sessions_left):
        raise CourseNotVouched(
            f"Course {course.id} does not match the journal: it was changed outside Salon "
            "POS and cannot be used. A manager should run “salon-pos verify”.")
    on_open = (CourseSession.select(pw.fn.COUNT(CourseSession.id),
                                    pw.fn.COALESCE(pw.fn.SUM(CourseSession.value), 0))
               .join(Sale).where((CourseSession.course == course.id)
                                 & (Sale.status == SaleStatus.OPEN)).tuples()[0])
    return CourseHolding(value, sessions, int(on_open[1]), int(on_open[0]))


def is_expired(course: Course, today: date) -> bool:
    return today > course.expires_on
