"""The manager's reports over a range of days: every figure below is worked out by hand from
the sales, refunds, tips and fees the tests make."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from salon_pos.domain.errors import InvalidInput
from salon_pos.services.operations import bookings, checkout, deposits
from salon_pos.services.operations.refunds import refund_sale
from salon_pos.services.views import reports
from salon_pos.store.models import Sale, SaleLine
from tests.services.helpers import (
    TODAY,
    book,
    book_with_deposit,
    close,
    pay_by_card,
    ready_sale,
    tender,
    walk_in,
)

SATURDAY = date(2026, 3, 21)


def refund(s, sale: int, line: int) -> None:
    refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Unhappy", lines={line: 1})


def line_of(sale: int, category: str) -> int:
    return SaleLine.get((SaleLine.sale == sale) & (SaleLine.category == category)).id


def friday_and_saturday(s) -> dict[str, int]:
    """Friday: Aoife's cut (€45 less €4 discount) with a shampoo sold at the desk (€18),
    tips €5 for Aoife; Łukasz's walk-in blow-dry (€30) with tips €2 for him and €1 for
    Aoife; the shampoo refunded. Saturday: Aoife sells a shampoo; the blow-dry is refunded."""
    _booking, cut_sale = ready_sale(s)
    checkout.discount_line(s.salon, cut_sale, line_of(cut_sale, "service"), by=s.desk,
                           reason="Loyalty", amount=400)
    checkout.add_product_line(s.salon, cut_sale, s.shampoo, by=s.desk)
    checkout.set_tip(s.salon, cut_sale, s.stylist, 500, by=s.desk)
    pay_by_card(s, cut_sale, 4100 + 1800 + 500)
    blowdry_sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_service_line(s.salon, blowdry_sale, s.blowdry, by=s.desk, stylist_id=s.stylist2)
    checkout.set_tip(s.salon, blowdry_sale, s.stylist2, 200, by=s.desk)
    checkout.set_tip(s.salon, blowdry_sale, s.stylist, 100, by=s.desk)
    tender(s, blowdry_sale, "cash", 3300)
    close(s, blowdry_sale)
    refund(s, cut_sale, line_of(cut_sale, "retail"))
    checkout.open_sale(s.salon, by=s.desk)  # still open: not a sale yet

    s.clock.set(datetime(2026, 3, 21, 10, 0, tzinfo=UTC))
    shampoo_sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_product_line(s.salon, shampoo_sale, s.shampoo, by=s.desk, stylist_id=s.stylist)
    pay_by_card(s, shampoo_sale, 1800)
    refund(s, blowdry_sale, line_of(blowdry_sale, "service"))
    return {"cut": cut_sale, "blowdry": blowdry_sale, "shampoo": shampoo_sale}


def figures(row: reports.StylistSales) -> tuple:
    return (row.stylist, row.sales, row.services, row.products, row.discounts, row.tax,
            row.refunds, row.tips, row.net)


def test_sales_and_tips_by_stylist_on_one_day(s):
    friday_and_saturday(s)

    report = reports.sales_by_stylist(s.salon, TODAY, TODAY)

    # Tax inside the prices: cut 4100 × 13.5/113.5 = 487.67 → 488; blow-dry 3000 → 356.83
    # → 357; shampoo 1800 × 23/123 = 336.59 → 337.
    assert [figures(row) for row in report.rows] == [
        ("Aoife Stylist", 1, 4100, 0, 400, 488, 0, 600, 4100),
        ("Łukasz Stylist", 1, 3000, 0, 0, 357, 0, 200, 3000),
        (reports.NO_STYLIST, 1, 0, 1800, 0, 337, 1800, 0, 0),
    ]
    assert figures(report.total) == ("Total", 2, 7100, 1800, 400, 1182, 1800, 800, 7100)
    # The lines add up to what the closed sales took.
    day_sales = Sale.select().where(Sale.business_day == TODAY)
    assert sum(sale.total for sale in day_sales) == 7100 + 1800


def test_sales_by_stylist_over_two_days_and_on_the_second(s):
    friday_and_saturday(s)

    both = reports.sales_by_stylist(s.salon, TODAY, SATURDAY)
    saturday = reports.sales_by_stylist(s.salon, SATURDAY, SATURDAY)

    assert [figures(row) for row in both.rows] == [
        ("Aoife Stylist", 2, 4100, 1800, 400, 488 + 337, 0, 600, 5900),
        ("Łukasz Stylist", 1, 3000, 0, 0, 357, 3000, 200, 0),
        (reports.NO_STYLIST, 1, 0, 1800, 0, 337, 1800, 0, 0),
    ]
    assert figures(both.total) == ("Total", 3, 7100, 3600, 400, 1519, 4800, 800, 5900)
    # Saturday: Łukasz sold nothing, but his refund lands on the day it was given.
    assert [figures(row) for row in saturday.rows] == [
        ("Aoife Stylist", 1, 0, 1800, 0, 337, 0, 0, 1800),
        ("Łukasz Stylist", 0, 0, 0, 0, 0, 3000, 0, -3000),
    ]
    assert figures(saturday.total) == ("Total", 1, 0, 1800, 0, 337, 3000, 0, -1200)


def test_a_refund_counts_on_the_salons_local_day(s):
    """After the clocks go forward (29 March), 00:30 in Dublin is 23:30 UTC the day before."""
    s.clock.set(datetime(2026, 3, 30, 10, 0, tzinfo=UTC))
    sale = walk_in(s)
    pay_by_card(s, sale, 1800)
    s.clock.set(datetime(2026, 3, 30, 23, 30, tzinfo=UTC))  # 00:30 on Tuesday 31 locally

    refund(s, sale, line_of(sale, "retail"))

    monday = reports.sales_by_stylist(s.salon, date(2026, 3, 30), date(2026, 3, 30))
    tuesday = reports.sales_by_stylist(s.salon, date(2026, 3, 31), date(2026, 3, 31))
    assert (monday.total.products, monday.total.refunds) == (1800, 0)
    assert (tuesday.total.products, tuesday.total.refunds) == (0, 1800)


def test_a_range_that_ends_before_it_starts_is_refused(s):
    with pytest.raises(InvalidInput, match="first day of the report is after its last"):
        reports.sales_by_stylist(s.salon, SATURDAY, TODAY)
    with pytest.raises(InvalidInput):
        reports.no_shows_and_late_cancels(s.salon, SATURDAY, TODAY)


def test_the_sales_table_has_a_line_per_stylist_and_the_totals(s):
    friday_and_saturday(s)

    table = reports.sales_by_stylist(s.salon, TODAY, TODAY).table()

    assert table.period == "Friday 20 March 2026"
    assert [c.title for c in table.columns] == [
        "Stylist", "Sales", "Services", "Products", "Discounts", "Tax", "Refunds", "Tips",
        "Net sales"]
    assert table.text_rows(s.salon.settings().money)[-1] == [
        "Total", "2", "€71.00", "€18.00", "€4.00", "€11.82", "€18.00", "€8.00", "€71.00"]


# --- no-shows and late cancellations -------------------------------------------------------

def missed_on_friday(s) -> dict[str, int]:
    """A no-show (fee €15 by card, then waived), a late cancellation (fee €15 in cash), a
    late cancellation with no deposit taken, one cancelled in good time; on Saturday another
    no-show."""
    no_show = book_with_deposit(s, 11)
    late = book_with_deposit(s, 10, days=1, method="cash", stylist=s.stylist2)
    late_unpaid = book(s, 14, services=[s.blowdry])
    in_time = book_with_deposit(s, 11, days=3)
    saturday = book_with_deposit(s, 15, days=1)
    s.clock.set(datetime(2026, 3, 20, 11, 20, tzinfo=UTC))
    bookings.mark_no_show(s.salon, no_show, by=s.desk)
    bookings.cancel(s.salon, late, by=s.desk)
    bookings.cancel(s.salon, late_unpaid, by=s.desk)
    bookings.cancel(s.salon, in_time, by=s.desk)
    deposits.waive_fee(s.salon, no_show, by=s.desk, approved_by=s.manager,
                       reason="Hospital visit")
    s.clock.set(datetime(2026, 3, 21, 15, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, saturday, by=s.desk)
    return {"no_show": no_show, "late": late, "late_unpaid": late_unpaid, "in_time": in_time,
            "saturday": saturday}


def test_no_shows_and_late_cancels_with_their_fees(s):
    ids = missed_on_friday(s)

    report = reports.no_shows_and_late_cancels(s.salon, TODAY, TODAY)

    assert [(r.booking_id, r.kind, r.client, r.stylist, r.services, r.fee_kept, r.given_back,
             r.waived) for r in report.rows] == [
        (ids["no_show"], "No-show", "Zoë Ní Bhriain", "Aoife Stylist",
         ("Cut and finish", "Blow-dry"), 1500, 1500, True),
        (ids["late_unpaid"], "Late cancellation", "Zoë Ní Bhriain", "Aoife Stylist",
         ("Blow-dry",), 0, 0, False),
        (ids["late"], "Late cancellation", "Zoë Ní Bhriain", "Łukasz Stylist",
         ("Cut and finish", "Blow-dry"), 1500, 0, False),
    ]
    first = report.rows[0]
    assert (f"{first.start:%a %d %b %H:%M}", first.recorded_on) == ("Fri 20 Mar 11:00", TODAY)
    assert (report.no_shows, report.late_cancels, report.fees_kept, report.given_back) == (
        1, 2, 3000, 1500)
    table = report.table()
    assert table.totals == ("Total", "1 no-show, 2 late cancellations", "", "", "", 3000, 1500)
    # Saturday's booking was cancelled on Friday: the day it counts on is said.
    assert [row[1] for row in table.rows] == [
        "No-show", "Late cancellation", "Late cancellation on Fri 20 Mar 2026"]
    assert table.rows[0][-1] == 1500 and table.rows[1][-1] is None  # not waived: blank


def test_no_shows_on_the_day_they_were_recorded(s):
    ids = missed_on_friday(s)

    saturday = reports.no_shows_and_late_cancels(s.salon, SATURDAY, SATURDAY)
    both = reports.no_shows_and_late_cancels(s.salon, TODAY, SATURDAY)

    assert [(r.booking_id, r.fee_kept) for r in saturday.rows] == [(ids["saturday"], 1500)]
    assert len(both.rows) == 4
    assert (both.no_shows, both.fees_kept, both.given_back) == (2, 4500, 1500)


def test_deposits_held_now(s):
    held = book_with_deposit(s, 11, days=2)
    missed_on_friday(s)  # every deposit there ends, but the one three days ahead

    report = reports.deposits_held(s.salon)

    assert [(r.booking_id, f"{r.start:%a %d %b %H:%M}", r.client, r.status, r.held)
            for r in report.rows] == [
        (held, "Sun 22 Mar 11:00", "Zoë Ní Bhriain", "booked", 1500)]
    assert report.total == 1500
    assert report.table().totals == ("Total (1 booking)", "", "", 1500)


# --- quick over years: the number of queries does not grow with the rows ---------------------

def count_queries(s, monkeypatch, build) -> int:
    database = s.salon.database
    calls = []
    real = database.execute_sql
    monkeypatch.setattr(database, "execute_sql",
                        lambda sql, *a, **k: calls.append(sql) or real(sql, *a, **k))
    build()
    monkeypatch.setattr(database, "execute_sql", real)
    return len(calls)


def test_queries_do_not_grow_with_the_number_of_rows(s, monkeypatch):
    missed_on_friday(s)
    for stylist in (s.stylist, s.stylist2, None):
        sale = walk_in(s)
        checkout.add_service_line(s.salon, sale, s.blowdry, by=s.desk, stylist_id=stylist)
        pay_by_card(s, sale, 4800)

    def friday():  # three missed bookings, no sales
        reports.sales_by_stylist(s.salon, TODAY, TODAY)
        reports.no_shows_and_late_cancels(s.salon, TODAY, TODAY)

    def both_days():  # four missed bookings, three sales by three stylists
        reports.sales_by_stylist(s.salon, TODAY, SATURDAY)
        reports.no_shows_and_late_cancels(s.salon, TODAY, SATURDAY)

    assert count_queries(s, monkeypatch, friday) == count_queries(s, monkeypatch, both_days) > 0
