"""Day close: the manager freezes the business day with its Z report; nothing more can be
recorded on it, and the next day carries on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from salon_pos.domain.errors import InvalidInput, NotAllowed
from salon_pos.services.operations import (
    bookings,
    cash_drawer,
    checkout,
    clients,
    day_close,
    deposits,
    house_accounts,
    refunds,
)
from salon_pos.services.views.day_report import day_report
from salon_pos.store.models import BusinessDay, SaleLine
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    book,
    book_with_deposit,
    close,
    journal,
    pay_by_card,
    ready_sale,
    refused,
    tender,
    to_ready,
    walk_in,
)

CLOSED = "The business day 20 Mar 2026 has already been closed"


def at_time(s, hour: int, minute: int = 0, day: date = TODAY) -> None:
    s.clock.set(datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC))


def close_today(s):
    return day_close.close_day(s.salon, TODAY, approved_by=s.manager)


def a_full_day(s) -> None:
    """Drawer, a paid booking with deposit and tip, a no-show, a late cancel, a house-account
    walk-in, a house payment, a part refund, a paid out and the count."""
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=10000)
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    paid = book_with_deposit(s, 11, method="cash", reference="")
    missed = book_with_deposit(s, 13, stylist=s.stylist2)
    cancelled = book_with_deposit(s, 16)
    at_time(s, 10)
    bookings.cancel(s.salon, cancelled, by=s.desk)
    at_time(s, 11)
    to_ready(s, paid)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=paid)
    checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
    tender(s, sale, "card", 4000, reference="AUTH-1")
    tender(s, sale, "cash", 3000)
    close(s, sale)
    at_time(s, 13, 20)
    bookings.mark_no_show(s.salon, missed, by=s.desk)
    at_time(s, 14)
    shampoos = walk_in(s, client=s.client, product_quantity=2)
    tender(s, shampoos, "house_account", 3600)
    close(s, shampoos)
    at_time(s, 14, 30)
    house_accounts.take_house_payment(s.salon, s.client, 1000, by=s.desk, method="cash")
    at_time(s, 15)
    line = SaleLine.get(SaleLine.sale == shampoos).id
    refunds.refund_sale(s.salon, shampoos, by=s.desk, approved_by=s.manager,
                        reason="Damaged bottle", lines={line: 1})
    at_time(s, 16)
    cash_drawer.paid_out(s.salon, 200, by=s.desk, reason="Milk", approved_by=s.manager)
    at_time(s, 17)
    cash_drawer.count_drawer(s.salon, 14800, by=s.desk)
    at_time(s, 18)


def test_close_day_freezes_the_day_with_its_z_report(s):
    a_full_day(s)

    report = close_today(s)

    assert report.closed is True
    assert (report.day, report.currency) == ("2026-03-20", "EUR")
    assert (report.sales_count, report.sales_total, report.discounts) == (2, 11100, 0)
    assert report.tax_by_rate == {
        "13.5%": {"net": 6608, "tax": 892, "gross": 7500},
        "23%": {"net": 1463, "tax": 337, "gross": 1800},  # €36.00 sold, €18.00 refunded
    }
    assert report.tips_by_stylist == {"Aoife Stylist": 500}
    assert report.tenders == {"card": 4000, "cash": 3000, "house_account": 3600}
    assert (report.change_given, report.cash_rounding) == (500, 0)
    assert report.deposits == {"taken": 4500, "applied": 1500, "refunded": 0, "forfeited": 3000,
                               "to_credit": 0, "held_at_close": 0}
    assert (report.house_charges, report.house_payments) == (3600, 1000)
    assert (report.refunds, report.refunds_total, report.fees_refunded) == (
        {"house_account": 1800}, 1800, 0)
    assert (report.no_shows, report.no_show_fees) == (1, 1500)
    assert (report.late_cancels, report.late_cancel_fees) == (1, 1500)
    assert report.drawer == {"float": 10000, "expected": 14800, "counted": 14800,
                             "difference": 0}
    assert_books_balance(s)


def test_close_day_stores_the_snapshot_and_seals_the_journal(s):
    a_full_day(s)

    report = close_today(s)

    row = BusinessDay.get_by_id(TODAY)
    assert (row.closed_by_id, row.closed_at) == (s.manager, datetime(2026, 3, 20, 18, 0))
    stored = json.loads(row.z_report)
    assert stored["sales_total"] == report.sales_total == 11100
    seal = journal(kind="day_closed")[0]
    assert (seal.amount, seal.staff) == (0, s.manager)
    assert seal.memo.startswith("2026-03-20 ") and len(seal.memo.split()[1]) == 64
    assert day_report(s.salon, TODAY).closed is True
    assert_books_balance(s)


@pytest.mark.parametrize("who", ["stylist", "desk"])
def test_close_day_refused_without_a_manager(s, who):
    with refused(s, "A manager has to approve this", NotAllowed):
        day_close.close_day(s.salon, TODAY, approved_by=getattr(s, who))


def test_close_day_refused_while_sales_are_open(s):
    ready_sale(s)

    with refused(s, "Some sales are still open: take payment or void them first",
                 InvalidInput):
        close_today(s)


def test_close_day_after_the_open_sale_is_voided(s):
    _booking, sale = ready_sale(s)
    checkout.void_sale(s.salon, sale, by=s.desk, reason="Client will pay tomorrow")

    assert close_today(s).sales_count == 0


def test_close_day_refused_for_a_day_not_yet_begun(s):
    with refused(s, "A day can only be closed once it has begun", InvalidInput):
        day_close.close_day(s.salon, TODAY + timedelta(days=1), approved_by=s.manager)


def test_close_day_refused_twice(s):
    close_today(s)

    with refused(s, CLOSED):
        close_today(s)


def test_close_yesterday_after_midnight(s):
    pay_by_card(s, walk_in(s), 1800)
    at_time(s, 0, 30, day=date(2026, 3, 21))

    report = day_close.close_day(s.salon, TODAY, approved_by=s.manager)

    assert (report.sales_count, report.sales_total) == (1, 1800)
    pay_by_card(s, walk_in(s), 1800)  # the new day carries on
    assert_books_balance(s)


# --- once closed --------------------------------------------------------------------------


@dataclass
class ClosedDay:
    sale: int  # paid before the close
    line: int
    late: int  # a booking later today holding a deposit
    missed: int  # a booking this morning holding a deposit, client absent
    upcoming: int  # a booking on Sunday whose deposit is not taken yet
    open_sale: int  # opened after the close, a card payment on it


def closed_day(s) -> ClosedDay:
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=10000)
    cash_drawer.open_drawer(s.salon, 5000, by=s.desk)
    _booking, sale = ready_sale(s, 9)
    tender(s, sale, "house_account", 4500)
    close(s, sale)
    late = book_with_deposit(s, 19)
    missed = book_with_deposit(s, 11)
    upcoming = book(s, 11, services=[s.cut, s.blowdry], days=2)
    at_time(s, 18)
    close_today(s)
    open_sale = walk_in(s)
    tender(s, open_sale, "card", 1800)
    line = SaleLine.get(SaleLine.sale == sale).id
    return ClosedDay(sale, line, late, missed, upcoming, open_sale)


MONEY_AFTER_THE_CLOSE = {
    "take a deposit": lambda s, d: deposits.take_deposit(
        s.salon, d.upcoming, by=s.desk, method="card", reference="T-1"),
    "take payment": lambda s, d: close(s, d.open_sale),
    "cancel holding a deposit": lambda s, d: bookings.cancel(s.salon, d.late, by=s.desk),
    "mark a no-show": lambda s, d: bookings.mark_no_show(s.salon, d.missed, by=s.desk),
    "waive a deposit": lambda s, d: deposits.waive_deposit(
        s.salon, d.late, by=s.desk, approved_by=s.manager, reason="Goodwill"),
    "refund": lambda s, d: refunds.refund_sale(
        s.salon, d.sale, by=s.desk, approved_by=s.manager, method="house_account",
        reason="Unhappy"),
    "house payment": lambda s, d: house_accounts.take_house_payment(
        s.salon, s.client, 1000, by=s.desk, method="cash"),
    "paid in": lambda s, d: cash_drawer.paid_in(s.salon, 100, by=s.desk, reason="Coins"),
    "paid out": lambda s, d: (
        cash_drawer.open_drawer(s.salon, 5000, by=s.desk),
        cash_drawer.paid_out(s.salon, 100, by=s.desk, reason="Milk", approved_by=s.manager)),
    "count the drawer": lambda s, d: cash_drawer.count_drawer(s.salon, 5000, by=s.desk),
}


@pytest.mark.parametrize("operation", list(MONEY_AFTER_THE_CLOSE))
def test_money_after_the_close_lands_on_the_next_business_day(s, operation):
    closed = closed_day(s)
    frozen = day_report(s.salon, TODAY).as_dict()
    seal = journal(kind="day_closed")[0].seq

    MONEY_AFTER_THE_CLOSE[operation](s, closed)

    later = [e for e in journal() if e.seq > seal]
    assert later and {e.business_day for e in later} == {date(2026, 3, 21)}
    assert day_report(s.salon, TODAY).as_dict() == frozen
    assert_books_balance(s)


def test_the_drawer_opened_after_the_close_is_the_next_days(s):
    close_today(s)

    cash_drawer.open_drawer(s.salon, 5000, by=s.desk)

    assert journal(kind="drawer_float")[-1].business_day == date(2026, 3, 21)
    with refused(s, "already opened for Sat 21 Mar", InvalidInput):
        cash_drawer.open_drawer(s.salon, 5000, by=s.desk)


def test_the_next_day_works_and_corrections_land_on_it(s):
    closed = closed_day(s)
    frozen = BusinessDay.get_by_id(TODAY).z_report
    at_time(s, 9, day=date(2026, 3, 21))

    cash_drawer.open_drawer(s.salon, 5000, by=s.desk)
    deposits.take_deposit(s.salon, closed.upcoming, by=s.desk, method="card", reference="T-1")
    refunds.refund_sale(s.salon, closed.sale, by=s.desk, approved_by=s.manager,
                        method="house_account", reason="Unhappy")
    close(s, closed.open_sale)

    saturday = date(2026, 3, 21)
    assert {e.business_day for e in journal() if e.seq > journal(kind="day_closed")[0].seq} == {
        saturday}
    report = day_report(s.salon, saturday)
    assert (report.refunds_total, report.sales_total) == (4500, 1800)
    assert day_report(s.salon, TODAY).refunds_total == 0
    assert BusinessDay.get_by_id(TODAY).z_report == frozen
    assert_books_balance(s)


def test_bookings_move_on_a_closed_day_when_no_money_moves(s):
    closed = closed_day(s)

    bookings.reschedule(s.salon, closed.upcoming, start=s.clock.now() + timedelta(days=3),
                        by=s.desk)
    book(s, 20, stylist=s.stylist2)


def test_a_no_show_after_the_close_is_counted_with_its_fee_on_the_next_day(s):
    missed = book_with_deposit(s, 17)
    at_time(s, 17, 5)
    close_today(s)
    at_time(s, 17, 30)

    bookings.mark_no_show(s.salon, missed, by=s.desk)

    saturday = day_report(s.salon, date(2026, 3, 21))
    assert (saturday.no_shows, saturday.no_show_fees) == (1, 1500)
    assert day_report(s.salon, TODAY).no_shows == 0
