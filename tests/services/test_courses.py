"""Prepaid courses: plans a manager sets, sold at checkout to a client as money held (not
income), a session used on the line of a service the course covers (income then, at the
service's tax), the sessions adding up to the price exactly, a no-show using none, unused
sessions refunded pro rata by a manager, expired ones taken into income — each exact in
the journal, `verify`, the Z report and the books."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salon_pos.domain.errors import InvalidInput, NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.services.exchange import accounting
from salon_pos.services.kernel.courses import CourseNotVouched
from salon_pos.services.operations import bookings, checkout, courses, refunds
from salon_pos.services.views.courses import (
    client_courses,
    course_view,
    courses_held,
    expired_courses,
    note_courses,
    session_offers,
)
from salon_pos.services.views.day_report import courses_held_total, live_day_report
from salon_pos.services.views.sale import sale_view
from salon_pos.services.views.verify import verify
from salon_pos.store.models import Client, Course, CoursePlan, CourseSession, SaleLine
from tests.services.helpers import (
    TODAY,
    agree_note,
    assert_books_balance,
    book,
    book_with_deposit,
    close,
    journal,
    kinds,
    refused,
    tender,
    to_ready,
)
from tests.services.test_accounting_export import export, ledger_balances


def blow_dry_plan(s, *, sessions: int = 6, price: int = 15000) -> int:
    """Six blow-dries for the price of five (€30.00 each): €150.00, €25.00 a session."""
    return courses.save_plan(s.salon, "Six blow-dries", service_ids=[s.blowdry],
                             sessions=sessions, price=price, approved_by=s.manager)


def sell_course(s, plan: int | None = None, *, client: int | None = None,
                method: str = "card") -> int:
    """A course of `plan` sold alone to the client, paid in full: its number."""
    plan = plan or blow_dry_plan(s)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=client or s.client)
    checkout.add_course_line(s.salon, sale, plan, by=s.desk)
    tender(s, sale, method, sale_view(s.salon, sale).remaining)
    close(s, sale)
    return Course.get(Course.sale == sale).id


def blow_dry_sale(s, hour: int = 11, **options) -> tuple[int, int, int]:
    """A booked blow-dry, done: (booking, open sale, its line)."""
    booking = book(s, hour, services=[s.blowdry], **options)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    return booking, sale, sale_view(s.salon, sale).lines[0].id


def use_session(s, hour: int = 11, **options) -> tuple[int, dict]:
    """A blow-dry paid by the client's course and closed: (sale, the session used)."""
    _booking, sale, line = blow_dry_sale(s, hour, **options)
    used = checkout.use_course_session(s.salon, sale, line, by=s.desk)
    close(s, sale)
    return sale, used


def test_a_course_sold_is_money_held_not_income(s):
    course = course_view(s.salon, sell_course(s))
    assert kinds() == [(Kind.COURSE_SOLD, 15000), (Kind.PAYMENT, 15000)]
    assert (course.sessions, course.sessions_left, course.value_left) == (6, 6, 15000)
    assert course.expires_on == date(2027, 3, 20)  # twelve months, the salon's setting
    report = live_day_report(s.salon, TODAY)
    assert report.tax_by_rate == {}
    assert report.courses["sold"] == 15000 and report.courses["held_at_close"] == 15000
    assert_books_balance(s)


def test_a_course_is_sold_only_to_a_client(s):
    plan = blow_dry_plan(s)
    sale = checkout.open_sale(s.salon, by=s.desk)
    with refused(s, "Choose the client first"):
        checkout.add_course_line(s.salon, sale, plan, by=s.desk)


def test_a_session_pays_the_blow_dry_as_income_at_its_tax(s):
    course = sell_course(s)
    _booking, sale, line = blow_dry_sale(s)
    offer = session_offers(s.salon, sale)[line]
    assert not offer.paid and offer.text == "Course Six blow-dries: 6 of 6 sessions left"

    used = checkout.use_course_session(s.salon, sale, line, by=s.desk)

    assert used == {"course": course, "session": 1, "of": 6, "value": 2500, "sessions_left": 5}
    view = sale_view(s.salon, sale)
    assert (view.lines[0].unit_price, view.remaining) == (2500, 0)
    assert session_offers(s.salon, sale)[line].text == "Paid by course: session 1 of 6"
    close(s, sale)
    [income] = journal(kind=Kind.SALE_INCOME, sale=sale)
    assert (income.amount, income.tax_rate_bp, income.tax_amount) == (2500, 1350, 297)
    [paid] = journal(kind=Kind.PAYMENT, sale=sale)
    assert (paid.method, paid.amount, paid.reference) == ("course", 2500, f"course:{course}")
    left = course_view(s.salon, course)
    assert (left.sessions_left, left.value_left, left.left_text) == (5, 12500,
                                                                     "5 of 6 sessions left")
    report = live_day_report(s.salon, TODAY)
    assert report.courses["sessions_used"] == 2500
    assert report.courses["held_at_close"] == 12500 == courses_held_total(s.salon)
    assert_books_balance(s)


def test_the_sessions_add_up_to_the_price_exactly_and_then_there_are_none(s):
    plan = courses.save_plan(s.salon, "Three corrections", service_ids=[s.colour, s.blowdry],
                             sessions=3, price=40000, approved_by=s.manager)
    course = sell_course(s, plan)
    values = [use_session(s, 10 + hour)[1]["value"] for hour in range(3)]
    assert values == [13333, 13333, 13334] and sum(values) == 40000
    assert (course_view(s.salon, course).sessions_left,
            course_view(s.salon, course).value_left) == (0, 0)
    _booking, sale, line = blow_dry_sale(s, 15)
    assert line not in session_offers(s.salon, sale)
    with refused(s, "no course with a session left"):
        checkout.use_course_session(s.salon, sale, line, by=s.desk)
    assert_books_balance(s)


def test_the_client_pays_the_other_lines_and_a_deposit_goes_to_them(s):
    """Cut and blow-dry with a €15.00 deposit: the session pays the blow-dry, the deposit
    and a card the cut."""
    sell_course(s)
    booking = book_with_deposit(s)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    blow_dry = next(line.id for line in sale_view(s.salon, sale).lines
                    if line.description == "Blow-dry")
    checkout.use_course_session(s.salon, sale, blow_dry, by=s.desk)
    view = sale_view(s.salon, sale)
    assert (view.due, view.deposit_applied, view.remaining) == (7000, 1500, 3000)
    tender(s, sale, "card", 3000)
    result = close(s, sale)
    assert (result["deposit_applied"], result["deposit_excess"]) == (1500, 0)
    assert_books_balance(s)


def test_a_no_show_never_uses_a_session(s):
    """A session is used only when its sale closes: the booking missed keeps the course
    whole (the salon's no-show fee, if any, is the deposit's business)."""
    course = sell_course(s)
    booking = book(s, 11, services=[s.blowdry])
    s.clock.advance(minutes=3 * 60)
    bookings.mark_no_show(s.salon, booking, by=s.desk)
    assert course_view(s.salon, course).sessions_left == 6
    assert not journal(reference=f"course:{course}", kind=Kind.PAYMENT)


def test_a_session_taken_off_charges_the_line_again(s):
    course = sell_course(s)
    _booking, sale, line = blow_dry_sale(s)
    checkout.use_course_session(s.salon, sale, line, by=s.desk)
    checkout.stop_using_course_session(s.salon, sale, line, by=s.desk)
    assert sale_view(s.salon, sale).remaining == 3000
    used = checkout.use_course_session(s.salon, sale, line, by=s.desk)
    [payment] = sale_view(s.salon, sale).tenders
    checkout.remove_tender(s.salon, sale, payment.id, by=s.desk)  # the same, from the tender
    assert (sale_view(s.salon, sale).lines[0].unit_price, used["session"]) == (3000, 1)
    assert course_view(s.salon, course).sessions_left == 6


def test_a_line_paid_by_a_session_keeps_its_price_until_the_session_is_off(s):
    sell_course(s)
    _booking, sale, line = blow_dry_sale(s)
    checkout.use_course_session(s.salon, sale, line, by=s.desk)
    with refused(s, "take the course session off first"):
        checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Regular", amount=500)
    with refused(s, "already pays this line"):
        checkout.use_course_session(s.salon, sale, line, by=s.desk)


def test_a_course_covers_only_its_services(s):
    course = sell_course(s)
    booking = book(s, 11, services=[s.cut])
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    line = sale_view(s.salon, sale).lines[0].id
    assert session_offers(s.salon, sale) == {}
    with refused(s, "does not cover Cut and finish"):
        checkout.use_course_session(s.salon, sale, line, by=s.desk, course_id=course)


def test_a_manager_refunds_unused_sessions_pro_rata_the_way_it_was_paid(s):
    course = sell_course(s)
    use_session(s, 10)
    use_session(s, 12)
    with refused(s, "manager", NotAllowed):
        courses.refund_course(s.salon, course, by=s.desk, approved_by=s.desk, reason="Moving")
    result = courses.refund_course(s.salon, course, by=s.desk, approved_by=s.manager,
                                   reason="Moving away")
    assert (result["sessions"], result["amount"], result["parts"]) == (4, 10000,
                                                                      [("card", 10000)])
    [refunded] = journal(kind=Kind.COURSE_REFUNDED)
    assert (refunded.memo, refunded.approved_by) == ("4 sessions: Moving away", s.manager)
    assert kinds(kind=Kind.REFUND_PAID) == [(Kind.REFUND_PAID, 10000)]
    assert (course_view(s.salon, course).sessions_left,
            course_view(s.salon, course).value_left) == (0, 0)
    with refused(s, "no sessions left"):
        courses.refund_course(s.salon, course, by=s.desk, approved_by=s.manager, reason="x")
    assert live_day_report(s.salon, TODAY).courses["refunded"] == 10000
    assert_books_balance(s)


def test_unused_sessions_can_be_refunded_as_credit(s):
    course = sell_course(s, method="cash")
    use_session(s)
    courses.refund_course(s.salon, course, by=s.desk, approved_by=s.manager,
                          reason="Prefers credit", method="credit")
    assert Client.get_by_id(s.client).credit_balance == 12500
    assert_books_balance(s)


def test_a_session_on_an_open_sale_stops_a_refund(s):
    course = sell_course(s)
    _booking, sale, line = blow_dry_sale(s)
    checkout.use_course_session(s.salon, sale, line, by=s.desk)
    with refused(s, "on a sale not yet paid"):
        courses.refund_course(s.salon, course, by=s.desk, approved_by=s.manager, reason="x")


def test_a_refunded_sale_gives_its_session_back(s):
    course = sell_course(s)
    sale, _used = use_session(s)
    refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Redo free")
    assert kinds(sale=sale, kind=Kind.REFUND_PAID) == [(Kind.REFUND_PAID, 2500)]
    [back] = journal(sale=sale, kind=Kind.REFUND_PAID)
    assert (back.method, back.reference) == ("course", f"course:{course}")
    assert (course_view(s.salon, course).sessions_left,
            course_view(s.salon, course).value_left) == (6, 15000)
    assert live_day_report(s.salon, TODAY).courses["sessions_given_back"] == 2500
    assert_books_balance(s)


def test_an_unused_courses_sale_is_refunded_and_a_used_ones_is_not(s):
    course = sell_course(s)
    sale = Course.get_by_id(course).sale_id
    use_session(s)
    with refused(s, "has been used"):
        refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="x")
    unused = sell_course(s, Course.get_by_id(course).plan_id)
    refunds.refund_sale(s.salon, Course.get_by_id(unused).sale_id, by=s.desk,
                        approved_by=s.manager, reason="Changed her mind")
    assert course_view(s.salon, unused).sessions_left == 0
    assert [e.memo for e in journal(kind=Kind.COURSE_REFUNDED)] == [
        "6 sessions: Changed her mind"]
    assert_books_balance(s)


def test_an_expired_course_cannot_be_used_and_a_manager_takes_it_into_income(s, clock):
    course = sell_course(s)
    use_session(s)
    clock.advance(days=366)
    assert [c.id for c in expired_courses(s.salon)] == [course]
    _booking, sale, line = blow_dry_sale(s, 15, days=366)
    with refused(s, "expired"):
        checkout.use_course_session(s.salon, sale, line, by=s.desk, course_id=course)
    with refused(s, "manager", NotAllowed):
        courses.take_expired_into_income(s.salon, by=s.desk, approved_by=s.desk)
    result = courses.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager)
    assert result == {"courses": 1, "amount": 12500}
    [expired] = journal(kind=Kind.COURSE_EXPIRED)
    assert expired.memo == "5 sessions: expired on 2027-03-20"
    assert courses_held(s.salon) == []
    assert_books_balance(s)


def test_a_course_edited_by_hand_cannot_be_used_and_verify_names_it(s):
    course = sell_course(s)
    Course.update(sessions=12, sessions_left=12).where(Course.id == course).execute()
    _booking, sale, line = blow_dry_sale(s)
    with pytest.raises(CourseNotVouched):
        checkout.use_course_session(s.salon, sale, line, by=s.desk)
    problems = [message for _seq, message in verify(s.salon).problems]
    assert any(f"course {course} is not what its sale recorded" in p for p in problems)
    assert any(f"course {course}'s value or sessions left" in p for p in problems)


def test_a_plan_edited_by_hand_is_not_sold(s):
    plan = blow_dry_plan(s)
    CoursePlan.update(price=100).where(CoursePlan.id == plan).execute()
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    with refused(s, "does not match the journal", NotAllowed):
        checkout.add_course_line(s.salon, sale, plan, by=s.desk)
    assert not verify(s.salon).ok


def test_plans_are_a_managers_and_say_what_a_course_is(s):
    with refused(s, "manager", NotAllowed):
        courses.save_plan(s.salon, "Cheap", service_ids=[s.blowdry], sessions=3, price=9000,
                          approved_by=s.desk)
    with refused(s, "from 2 to 100 sessions"):
        courses.save_plan(s.salon, "One", service_ids=[s.blowdry], sessions=1, price=3000,
                          approved_by=s.manager)
    with refused(s, "Choose the services"):
        courses.save_plan(s.salon, "None", service_ids=[], sessions=3, price=3000,
                          approved_by=s.manager)
    plan = blow_dry_plan(s)
    courses.save_plan(s.salon, "Six blow-dries", service_ids=[s.blowdry], sessions=6,
                      price=16000, validity_months=6, approved_by=s.manager, plan_id=plan)
    course = course_view(s.salon, sell_course(s, plan))
    assert (course.price, course.expires_on) == (16000, date(2026, 9, 20))


def test_a_note_planning_more_sessions_is_sold_as_a_course(s):
    booking = book(s, 10, services=[s.colour])
    note = agree_note(s, booking, price_min=12000, price_max=15000, sessions_expected=3)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    [offer] = note_courses(s.salon, sale)
    assert offer.text == "Colour correction: 2 more sessions planned (€120.00–€150.00 each)"
    line = checkout.add_course_from_note(s.salon, sale, note, by=s.desk)
    assert SaleLine.get_by_id(line).unit_price == 30000
    checkout.record_signoff(s.salon, sale, by=s.desk, matches=True)
    tender(s, sale, "card", sale_view(s.salon, sale).remaining)
    close(s, sale)
    [course] = client_courses(s.salon, s.client)
    assert (course.name, course.sessions, course.price) == ("Colour correction × 2", 2, 30000)
    assert_books_balance(s)


def test_the_books_carry_courses_and_bean_check_holds_them_to_the_app(s, clock, tmp_path):
    course = sell_course(s)
    use_session(s)
    other = sell_course(s, Course.get_by_id(course).plan_id)
    courses.refund_course(s.salon, other, by=s.desk, approved_by=s.manager, reason="Moving")
    path = Path(tmp_path) / "books.beancount"
    summary = export(s.salon, TODAY, s.salon.today(), path)
    balances = ledger_balances(path)  # bean-check's own loader: assertions included
    assert balances[accounting.COURSES] == -12500 == summary.balances[accounting.COURSES]
    assert "balance Liabilities:Prepaid-Courses" in path.read_text()
    clock.advance(days=366)
    courses.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager)
    later = Path(tmp_path) / "later.beancount"
    export(s.salon, TODAY, s.salon.today(), later)
    balances = ledger_balances(later)
    assert balances[accounting.COURSES] == 0
    assert balances[accounting.EXPIRED_COURSES] == -12500


def test_refused_uses_change_nothing(s):
    sell_course(s)
    _booking, sale, line = blow_dry_sale(s)
    checkout.change_line(s.salon, sale, line, by=s.desk, reason="Two", quantity=2)
    with refused(s, "quantity back to 1", InvalidInput):
        checkout.use_course_session(s.salon, sale, line, by=s.desk)


def test_a_session_edited_by_hand_is_named_by_verify(s):
    sell_course(s)
    sale, _used = use_session(s)
    CourseSession.update(value=15000).where(CourseSession.sale == sale).execute()
    problems = [message for _seq, message in verify(s.salon).problems]
    assert any(f"of sale {sale} is not worth what its payment took" in p for p in problems)


def test_a_hand_made_session_does_not_turn_a_card_refund_into_a_session(s):
    """The attack: a session's row pointed at another blow-dry paid by card, so that
    refunding it would give a session back to the course instead of the money to the card.
    The refund checks the journal and refuses; nothing changes."""
    course = sell_course(s)
    use_session(s, 11)
    _booking, sale, line = blow_dry_sale(s, 14)
    tender(s, sale, "card", sale_view(s.salon, sale).remaining)
    close(s, sale)
    CourseSession.update(sale=sale, sale_line=line).execute()  # as a hand edit would
    with refused(s, "does not match the journal"):
        refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="x")
    assert Course.get_by_id(course).sessions_left == 5
