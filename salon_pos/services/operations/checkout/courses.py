"""Prepaid courses at checkout: selling one as a line of the ticket (from a plan, or the
sessions an expectation note plans), using a session of one on the line of a service it
covers, and issuing the courses sold when the sale closes.

A course sold is money held for its client, not income (the income comes with each
session), so its line carries no tax; it is the client's, so a sale without a client
cannot sell one. A session used pays its line at the session's value
(domain.courses.session_value): the line's price becomes that value and a payment by the
way "course" pays it, so the income, its tax (the service's, at the session) and the
sale's arithmetic are those of any sale. A session is used only when the sale closes: a
booking missed or cancelled never uses one. Two desks using a course's last session at
once: the second is told it has none left; at close each session is checked again inside
the close's transaction.
"""

from __future__ import annotations

from datetime import date

from salon_pos.domain.courses import check_plan, expiry_after, services_of, services_stored
from salon_pos.domain.errors import InvalidInput, NotFound
from salon_pos.domain.journal import course_reference
from salon_pos.domain.sale_record import COURSE_LINE
from salon_pos.domain.standing import COURSE_PLAN
from salon_pos.domain.ways_to_pay import COURSE, is_cash
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.courses import is_expired, journal_holding
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_note
from salon_pos.services.kernel.standing import check_against_journal
from salon_pos.services.operations.checkout.ticket import open_ticket, release_course_session
from salon_pos.services.views.sale import sale_view
from salon_pos.store.models import (
    BookedService,
    Course,
    CoursePlan,
    CourseSession,
    Sale,
    SaleLine,
    SaleTender,
)

# The line's tax column: nothing is taxed when a course is sold (its sessions are).
NO_TAX = "No tax (prepaid course)"


def add_course_line(salon: Salon, sale_id: int, plan_id: int, *, by: int) -> int:
    """Sell a course of plan `plan_id` to the sale's client; it is issued when the sale
    closes."""
    with salon.writing():
        sale = _for_a_client(salon, sale_id, by)
        plan = CoursePlan.get_or_none(CoursePlan.id == plan_id)
        if plan is None or not plan.active:
            raise InvalidInput("That course plan is not sold.")
        check_against_journal(salon, COURSE_PLAN, plan)  # its price, as the manager set it
        return _course_line(sale, plan.name, plan.service_ids, plan.sessions, plan.price,
                            plan=plan.id)


def add_course_from_note(salon: Salon, sale_id: int, note_id: int, *, by: int) -> int:
    """Sell the sessions an expectation note of this booking still plans ("sessions
    expected: 3": today's is charged as it is, two are sold as a course) at the top of
    the note's agreed price each; the price can be changed on the line, with a reason."""
    with salon.writing():
        sale = _for_a_client(salon, sale_id, by)
        note = get_note(salon, note_id)
        if sale.booking_id is None or note.booking_id != sale.booking_id:
            raise NotFound("That expectation note is not for this booking.")
        if note.acknowledged_at is None:
            raise InvalidInput("The client has not agreed to this note yet.")
        sessions = note.sessions_expected - 1
        if sessions < 2:
            raise InvalidInput("This note plans no more than one session after today's: "
                               "sell that one when it is booked.")
        booked = BookedService.select().where(BookedService.booking == sale.booking_id)
        if note.booked_service_id is not None:
            booked = booked.where(BookedService.id == note.booked_service_id)
        booked = list(booked.order_by(BookedService.position))
        price = note.price_max * sessions
        check_plan(sessions, price, [b.service_id for b in booked])
        name = f"{' and '.join(b.name for b in booked)} × {sessions}"
        return _course_line(sale, name, services_stored(b.service_id for b in booked),
                            sessions, price)


def _for_a_client(salon: Salon, sale_id: int, by: int) -> Sale:
    sale = open_ticket(salon, sale_id, by)
    if sale.client_id is None:
        raise InvalidInput("Choose the client first: a course is theirs, used at their "
                           "visits.")
    return sale


def _course_line(sale: Sale, name: str, service_ids: str, sessions: int, price: int, *,
                 plan: int | None = None) -> int:
    line = SaleLine.create(sale=sale.id, category=COURSE_LINE, description=f"Course: {name}",
                           unit_price=price, quoted_price=price, tax_rate_bp=0,
                           tax_name=NO_TAX)
    Course.create(client=sale.client_id, plan=plan, name=name, service_ids=service_ids,
                  sessions=sessions, price=price, sale=sale.id, sale_line=line.id)
    return line.id


def usable_courses(salon: Salon, client_id: int, service_id: int) -> list[Course]:
    """The client's courses that cover the service and can be used today, the one that
    ends first first."""
    courses = Course.select().where(
        (Course.client == client_id) & Course.issued_on.is_null(False)
        & (Course.sessions_left > 0) & (Course.expires_on >= salon.today())
    ).order_by(Course.expires_on, Course.id)
    return [course for course in courses if service_id in services_of(course.service_ids)]


def use_course_session(salon: Salon, sale_id: int, line_id: int, *, by: int,
                       course_id: int | None = None, key: str | None = None) -> dict:
    """Pay the line with a session of the client's course (`course_id`, or the first
    that covers its service). Returns the course, the session's number and value, and the
    sessions left after it."""

    def run():
        sale = open_ticket(salon, sale_id, by)
        line = SaleLine.get_or_none((SaleLine.id == line_id) & (SaleLine.sale == sale_id)
                                    & ~SaleLine.removed)
        if line is None:
            raise NotFound("That line is not on this sale.")
        if line.category != "service" or line.service_id is None:
            raise InvalidInput("A course session pays for a service.")
        if CourseSession.select().where(CourseSession.sale_line == line.id).exists():
            raise InvalidInput("A course session already pays this line.")
        if line.quantity != 1 or line.discount:
            raise InvalidInput("A course session pays one service at its own value: take "
                               "the line's quantity back to 1 and its discount off first.")
        course = _course_for(salon, sale, line, course_id)
        holding = journal_holding(salon, course)
        if is_expired(course, salon.today()):
            raise InvalidInput(f"{course.name} expired on {course.expires_on:%d %b %Y}.")
        if holding.free_sessions <= 0:
            raise InvalidInput(f"{course.name} has no sessions left" + (
                " (its last is on another sale not yet paid)."
                if holding.sessions_on_open_sales else "."))
        value = holding.next_session_value
        number = course.sessions - holding.free_sessions + 1
        tender = SaleTender.create(sale=sale_id, method=COURSE.code, amount=value,
                                   reference=course_reference(course.id), taken_by=by,
                                   taken_at=salon.now_stored())
        CourseSession.create(course=course.id, sale=sale_id, sale_line=line.id,
                             tender=tender.id, value=value)
        SaleLine.update(unit_price=value, change_reason=f"paid by course: session {number} "
                        f"of {course.sessions}").where(SaleLine.id == line.id).execute()
        view = sale_view(salon, sale_id)
        paid_otherwise = sum(t.amount for t in view.tenders if not is_cash(t.method))
        if view.deposit_applied + paid_otherwise > view.due:  # rolled back with the rest
            raise InvalidInput("The payments already taken are more than the bill would be "
                               "with the course session: take a payment off first.")
        return {"course": course.id, "session": number, "of": course.sessions,
                "value": value, "sessions_left": holding.free_sessions - 1}

    return run_once(salon, key, f"use_course_session:{sale_id}:{line_id}", run)


def _course_for(salon: Salon, sale: Sale, line: SaleLine, course_id: int | None) -> Course:
    if sale.client_id is None:
        raise InvalidInput("Choose the client first: a course is theirs.")
    if course_id is None:
        usable = usable_courses(salon, sale.client_id, line.service_id)
        if not usable:
            raise InvalidInput("The client has no course with a session left for "
                               f"{line.description}.")
        return usable[0]
    course = Course.get_or_none((Course.id == course_id) & Course.issued_on.is_null(False))
    if course is None or course.client_id != sale.client_id:
        raise NotFound("That course is not this client's.")
    if line.service_id not in services_of(course.service_ids):
        raise InvalidInput(f"{course.name} does not cover {line.description}.")
    return course


def stop_using_course_session(salon: Salon, sale_id: int, line_id: int, *, by: int) -> None:
    """Take the course session off the line: the line is charged at its quoted price
    again and the session stays on the course."""
    with salon.writing():
        open_ticket(salon, sale_id, by)
        session = CourseSession.get_or_none((CourseSession.sale == sale_id)
                                            & (CourseSession.sale_line == line_id))
        if session is None:
            raise NotFound("No course session pays that line.")
        release_course_session(salon, session)


def check_courses_still_cover(salon: Salon, sale: Sale) -> None:
    """At close, inside its transaction: each course paying this sale still holds the
    sessions and value taken from it, and has not expired."""
    used: dict[int, list[int]] = {}
    for session in CourseSession.select().where(CourseSession.sale == sale.id):
        used.setdefault(session.course_id, []).append(session.value)
    for course_id, values in used.items():
        course = Course.get_by_id(course_id)
        holding = journal_holding(salon, course)
        if (is_expired(course, salon.today()) or holding.sessions < len(values)
                or holding.value < sum(values)):
            raise InvalidInput(f"{course.name} no longer has that session (it was used at "
                               "another desk, or has expired): take the session off the "
                               "line and take another payment.")


def issue_courses(salon: Salon, sale: Sale, day: date) -> None:
    """The courses of the sale closing on `day` get their days and the price paid (the
    line's value, after any change on the ticket); what they hold comes with the journal
    entry of their sale."""
    months = salon.settings().course_validity_months
    plans = {plan.id: plan.validity_months for plan in CoursePlan.select()}
    for course in Course.select().where(Course.sale == sale.id):
        line = SaleLine.get_by_id(course.sale_line_id)
        price = line.unit_price * line.quantity - line.discount
        check_plan(course.sessions, price, list(services_of(course.service_ids)))
        Course.update(price=price, issued_on=day, expires_on=expiry_after(
            day, plans.get(course.plan_id, months))).where(Course.id == course.id).execute()

