"""Prepaid courses outside a sale (a manager's acts): the course plans the salon sells,
refunding a course's unused sessions (their pro-rata share of the price paid, back the
ways its sale was paid or as credit, with the reason), and taking expired courses' value
into income. Each is recorded in the journal with who approved it."""

from __future__ import annotations

from salon_pos.domain.courses import check_plan, services_stored, sessions_memo
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind, course_reference
from salon_pos.domain.money import check_amount
from salon_pos.domain.standing import COURSE_PLAN
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name, clean_text
from salon_pos.domain.ways_to_pay import CREDIT, Use, check_way_back
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.courses import get_course, journal_holding
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_sale, get_service, numbered_among
from salon_pos.services.kernel.standing import save_named
from salon_pos.services.operations.refunds import refund_parts
from salon_pos.store.models import Course

MAX_VALIDITY_MONTHS = 120


def save_plan(salon: Salon, name: str, *, service_ids: list[int], sessions: int, price: int,
              validity_months: int | None = None, active: bool = True, approved_by: int,
              plan_id: int | None = None) -> int:
    """Add a course plan (`plan_id` None) or change one: a course already sold keeps what
    it was sold with. `validity_months` None: the salon's setting."""
    name = clean_name(name, "course plan name", longest=MAX_SHORT_NAME)
    check_amount(price, "course's price")
    check_plan(sessions, price, list(service_ids))
    with salon.writing():
        require_manager(salon, approved_by)
        months = (salon.settings().course_validity_months if validity_months is None
                  else validity_months)
        if isinstance(months, bool) or not isinstance(months, int) or not (
                1 <= months <= MAX_VALIDITY_MONTHS):
            raise InvalidInput(f"A course is valid from 1 to {MAX_VALIDITY_MONTHS} months.")
        for service_id in service_ids:
            get_service(salon, service_id)
        fields = {"name": name, "service_ids": services_stored(service_ids),
                  "sessions": sessions, "price": price, "validity_months": months,
                  "active": bool(active)}
        return save_named(salon, COURSE_PLAN, plan_id, fields, approved_by=approved_by)


def refund_course(salon: Salon, course_id: int, *, by: int, approved_by: int, reason: str,
                  method: str | None = None, reference: str = "",
                  key: str | None = None) -> dict:
    """Give back what a course's unused sessions hold (their share of the price paid):
    by `method` (None: back the ways its sale was paid, the latest first; "credit": as the
    client's credit). The course then has no sessions left."""
    reason = clean_text(reason, "reason for the refund", required=True)
    reference = check_way_back(method, Use.REFUND, reference)

    def run():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        course = get_course(salon, course_id)
        holding = _unused(salon, course, "refunded")
        sale = get_sale(salon, course.sale_id)
        parts = refund_parts(salon, sale, method, holding.value)
        common = {"sale_id": course.sale_id, "client_id": course.client_id, "staff_id": by,
                  "approved_by_id": approved_by}
        ledger.post(salon, Kind.COURSE_REFUNDED, holding.value,
                    reference=course_reference(course.id),
                    memo=sessions_memo(holding.sessions, reason), **common)
        for way, part in parts:
            ledger.post(salon, Kind.REFUND_PAID, part, method=way,
                        reference=reference if way != CREDIT.code else "", memo=reason, **common)
        return {"course": course.id, "sessions": holding.sessions, "amount": holding.value,
                "parts": parts}

    return run_once(salon, key, f"refund_course:{course_id}", run)


def take_expired_into_income(salon: Salon, *, by: int, approved_by: int,
                             numbers: list[int] | None = None, key: str | None = None) -> dict:
    """Take what expired courses hold into income: those numbered `numbers`, or (None)
    every course past its last day with sessions left. Returns how many and how much."""

    def run():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        expired = numbered_among(
            salon, Course.select().where(Course.issued_on.is_null(False)
                                         & (Course.sessions_left > 0)
                                         & (Course.expires_on < salon.today())), numbers,
            what="an expired course with sessions left can be taken into income",
            none="No expired course has sessions left.")
        total = 0
        for course in expired:
            holding = _unused(salon, course, "taken into income")
            ledger.post(salon, Kind.COURSE_EXPIRED, holding.value,
                        reference=course_reference(course.id), client_id=course.client_id,
                        staff_id=by, approved_by_id=approved_by,
                        memo=sessions_memo(holding.sessions, f"expired on {course.expires_on}"))
            total += holding.value
        return {"courses": len(expired), "amount": total}

    return run_once(salon, key, "take_expired_courses", run)


def _unused(salon: Salon, course: Course, done: str):
    """What the course holds, with no session of it on a sale not yet paid."""
    holding = journal_holding(salon, course)
    if holding.sessions_on_open_sales:
        raise InvalidInput(f"A session of course {course.id} is on a sale not yet paid: "
                           f"close or change that sale before it is {done}.")
    if holding.sessions <= 0:
        raise InvalidInput(f"Course {course.id} has no sessions left.")
    return holding

