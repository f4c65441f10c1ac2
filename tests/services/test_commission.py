"""Stylists' commission: levels as standing data, a pay period's figures worked out by hand,
closing a period into the journal, and verify holding both."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime

import pytest

from salon_pos.domain.commission import parse_bands
from salon_pos.domain.errors import DomainError, NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.services.operations import bookings, checkout, commission
from salon_pos.services.operations.day_close import close_day
from salon_pos.services.operations.refunds import refund_sale
from salon_pos.services.operations.salon_setup import change_settings
from salon_pos.services.views import verify
from salon_pos.services.views.commission import (
    commission_report,
    current_period,
    levels,
    running_figure,
)
from salon_pos.store.models import CommissionLevel, JournalEntry, PayPeriod, SaleLine
from tests.services.helpers import (
    book,
    book_with_deposit,
    close,
    journal,
    pay_by_card,
    ready_sale,
    refused,
    to_ready,
)
from tests.services.test_accounting_export import BEAN_CHECK, export, ledger_balances

WEEK_ONE = (date(2026, 3, 16), date(2026, 3, 22))  # Monday to Sunday; the fixture's Friday
WEEK_TWO = (date(2026, 3, 23), date(2026, 3, 29))


def bands(s, typed: str):
    return parse_bands(typed, s.salon.settings().parse_money)


def weekly_with_senior(s) -> int:
    """Weekly pay periods from Monday 16 March; Aoife on "Senior": services 30 % up to
    €30, 35 % above; retail 10 %."""
    change_settings(s.salon, s.manager, commission_period="weekly",
                    commission_period_start="2026-03-16")
    senior = commission.save_level(s.salon, "Senior", services=bands(s, "30; 35 from 30"),
                                   retail=bands(s, "10"), approved_by=s.manager)
    commission.assign_level(s.salon, s.stylist, senior, approved_by=s.manager)
    return senior


def week_one(s, paid: int = 4100 + 1800 + 500) -> dict:
    """Friday: Aoife's cut (€45 less €4, 13.5 % tax inside: net €36.12) and a shampoo she
    sold (€18, 23 % inside: net €14.63), tip €5; a no-show of hers keeps a €15 deposit.
    Saturday: the cut's free redo (€0)."""
    booking, sale = ready_sale(s)
    cut = SaleLine.get((SaleLine.sale == sale) & (SaleLine.category == "service")).id
    checkout.discount_line(s.salon, sale, cut, by=s.desk, reason="Loyalty", amount=400)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, stylist_id=s.stylist)
    checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
    pay_by_card(s, sale, paid)
    missed = book_with_deposit(s, 15)
    s.clock.set(datetime(2026, 3, 20, 15, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, missed, by=s.desk)
    s.clock.set(datetime(2026, 3, 21, 10, 0, tzinfo=UTC))
    redo = book(s, 11, days=1, services=[s.cut], redo_of=booking)
    to_ready(s, redo)
    close(s, checkout.open_sale(s.salon, by=s.desk, booking_id=redo))
    return {"sale": sale, "cut": cut}


def close_week_one(s) -> dict:
    close_day(s.salon, date(2026, 3, 20), approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 21), approved_by=s.manager)
    s.clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    return commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.manager)


def test_a_period_worked_out_by_hand(s):
    weekly_with_senior(s)
    week_one(s)

    report = commission_report(s.salon, *WEEK_ONE)
    aoife = report.of(s.stylist)
    assert (aoife.services, aoife.retail) == (3612, 1463)  # net of discount and tax
    # 30 % of €30.00 + 35 % of €6.12 = €11.142 → €11.14; 10 % of €14.63 → €1.46
    assert (aoife.on_services, aoife.on_retail, aoife.commission) == (1114, 146, 1260)
    assert (aoife.tips, aoife.no_show_fees, aoife.late_cancel_fees) == (500, 1500, 0)
    assert [line.takings for line in aoife.lines] == [3612, 1463, 0]  # the redo: nothing
    assert aoife.level == "Senior"
    assert current_period(s.salon) == WEEK_ONE


def test_prices_without_tax_are_commissioned_on_the_price_less_discount(s):
    change_settings(s.salon, s.manager, prices_include_tax=False)
    weekly_with_senior(s)
    week_one(s, paid=4100 + 554 + 1800 + 414 + 500)  # 13.5 % and 23 % on top
    aoife = commission_report(s.salon, *WEEK_ONE).of(s.stylist)
    assert (aoife.services, aoife.retail) == (4100, 1800)
    assert aoife.commission == 900 + 385 + 180  # 30 % of 30, 35 % of 11; 10 % of 18


def test_a_refund_next_period_takes_the_commission_back_there(s):
    weekly_with_senior(s)
    ids = week_one(s)
    closed = close_week_one(s)
    assert closed["commission"] == 1260

    refund_sale(s.salon, ids["sale"], by=s.desk, approved_by=s.manager, reason="Unhappy",
                lines={ids["cut"]: 1})
    week_two = commission_report(s.salon, *WEEK_TWO).of(s.stylist)
    assert week_two.services == -3612
    assert week_two.on_services == -1084  # at the first band's rate, 30 %
    assert [line.receipt for line in week_two.lines] == ["R1 (receipt 1)"]
    # The closed week is as it was frozen.
    assert commission_report(s.salon, *WEEK_ONE).of(s.stylist).commission == 1260
    assert verify.verify(s.salon).ok

    close_day(s.salon, date(2026, 3, 23), approved_by=s.manager)
    s.clock.set(datetime(2026, 3, 30, 9, 0, tzinfo=UTC))
    commission.close_pay_period(s.salon, WEEK_TWO[0], approved_by=s.manager)
    accrued = journal(kind=Kind.COMMISSION_ACCRUED, stylist=s.stylist)
    assert [entry.amount for entry in accrued] == [1260, -1084]  # a negative accrual
    assert verify.verify(s.salon).ok


def test_a_full_refund_in_the_same_period_pays_nothing(s):
    weekly_with_senior(s)
    ids = week_one(s)
    refund_sale(s.salon, ids["sale"], by=s.desk, approved_by=s.manager, reason="Unhappy")
    aoife = commission_report(s.salon, *WEEK_ONE).of(s.stylist)
    assert (aoife.services, aoife.retail, aoife.commission, aoife.tips) == (0, 0, 0, 500)


def test_closing_posts_one_entry_per_stylist_once(s):
    weekly_with_senior(s)
    week_one(s)
    closed = close_week_one(s)
    assert closed == {"first": "2026-03-16", "last": "2026-03-22", "commission": 1260,
                      "stylists": 1}  # Łukasz: no level, nothing taken
    entries = journal(kind=Kind.COMMISSION_ACCRUED)
    assert [(e.stylist, e.amount, e.approved_by) for e in entries] == [
        (s.stylist, 1260, s.manager)]
    assert entries[0].memo.startswith("pay period 2026-03-16 to 2026-03-22, figures ")
    assert PayPeriod.get().last == WEEK_ONE[1]
    with refused(s, "already closed"):
        commission.close_pay_period(s.salon, date(2026, 3, 18), approved_by=s.manager)


def test_closing_twice_with_the_same_key_returns_the_first_answer(s):
    weekly_with_senior(s)
    week_one(s)
    close_day(s.salon, date(2026, 3, 20), approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 21), approved_by=s.manager)
    s.clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    first = commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.manager, key="k1")
    again = commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.manager, key="k1")
    assert first == again
    assert len(journal(kind=Kind.COMMISSION_ACCRUED)) == 1


def test_a_period_closes_only_when_over_its_days_closed_by_a_manager(s):
    weekly_with_senior(s)
    week_one(s)
    with refused(s, "not over yet"):
        commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.manager)
    s.clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    with refused(s, "Close the business days of the period first"):
        commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 20), approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 21), approved_by=s.manager)
    with refused(s, "manager"):
        commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.stylist)


def test_levels_are_a_managers_and_refuse_unclear_input(s):
    senior = weekly_with_senior(s)
    with refused(s, "manager"):
        commission.save_level(s.salon, "Junior", services=bands(s, "20"),
                              retail=bands(s, "5"), approved_by=s.stylist)
    with refused(s, "already a commission level"):
        commission.save_level(s.salon, "Senior", services=bands(s, "20"),
                              retail=bands(s, "5"), approved_by=s.manager)
    with refused(s, "not a stylist"):
        commission.assign_level(s.salon, s.desk, senior, approved_by=s.manager)
    [level] = levels(s.salon)
    assert (level.name, level.stylists) == ("Senior", ("Aoife Stylist",))


def test_a_hand_edited_rate_is_caught_and_pays_nothing(s):
    weekly_with_senior(s)
    week_one(s)
    CommissionLevel.update(service_bands="9000bp@0").execute()  # someone gives themself 90 %
    problems = [text for _seq, text in verify.verify(s.salon).problems]
    assert any("commission level" in text and "Senior" in text for text in problems)
    close_day(s.salon, date(2026, 3, 20), approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 21), approved_by=s.manager)
    s.clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    with refused(s, "changed outside Salon POS", NotAllowed):
        commission.close_pay_period(s.salon, WEEK_ONE[0], approved_by=s.manager)


@pytest.mark.parametrize("edit", ["report", "sale line"])
def test_verify_catches_an_edited_closed_period(s, edit):
    weekly_with_senior(s)
    ids = week_one(s)
    close_week_one(s)
    assert verify.verify(s.salon).ok
    if edit == "report":
        period = PayPeriod.get()
        PayPeriod.update(report=period.report.replace('"on_services": 1114',
                                                      '"on_services": 9114')).execute()
    else:  # the frozen line itself (the sale's seal also says so)
        SaleLine.update(tax=SaleLine.tax - 100).where(SaleLine.id == ids["cut"]).execute()
    problems = [text for _seq, text in verify.verify(s.salon).problems]
    assert any("pay period from 2026-03-16" in text for text in problems), problems


def test_my_running_figure_for_the_period(s):
    senior = weekly_with_senior(s)
    week_one(s)
    first, last, mine = running_figure(s.salon, s.stylist)
    assert (first, last) == WEEK_ONE
    assert (mine.services, mine.retail, mine.commission, mine.tips) == (3612, 1463, 1260, 500)
    assert running_figure(s.salon, s.stylist2) is None  # on no level: nothing to show
    commission.assign_level(s.salon, s.stylist2, senior, approved_by=s.manager)
    _first, _last, none_yet = running_figure(s.salon, s.stylist2)
    assert (none_yet.level, none_yet.services, none_yet.commission) == ("Senior", 0, 0)


def test_a_commission_entry_cannot_be_written_for_a_period_not_closed(s):
    weekly_with_senior(s)
    week_one(s)
    close_week_one(s)
    PayPeriod.delete().execute()  # the period reopened by hand to be closed again, richer
    problems = [text for _seq, text in verify.verify(s.salon).problems]
    assert any("not recorded as closed" in text for text in problems)
    assert JournalEntry.select().where(JournalEntry.kind == Kind.COMMISSION_ACCRUED).count() == 1


def test_unknown_level_refused(s):
    with pytest.raises(DomainError, match="does not exist"):
        commission.assign_level(s.salon, s.stylist, 999, approved_by=s.manager)


def test_the_books_carry_commission_payable_and_pass_bean_check(s, tmp_path):
    weekly_with_senior(s)
    ids = week_one(s)
    close_week_one(s)
    refund_sale(s.salon, ids["sale"], by=s.desk, approved_by=s.manager, reason="Unhappy",
                lines={ids["cut"]: 1})
    close_day(s.salon, date(2026, 3, 23), approved_by=s.manager)
    s.clock.set(datetime(2026, 3, 30, 9, 0, tzinfo=UTC))
    commission.close_pay_period(s.salon, WEEK_TWO[0], approved_by=s.manager)

    path = tmp_path / "books.beancount"
    export(s.salon, date(2026, 3, 20), date(2026, 3, 30), path)
    checked = subprocess.run([str(BEAN_CHECK), str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    balances = ledger_balances(path)
    # €12.60 accrued for the first week, €10.84 taken back in the second.
    assert balances["Liabilities:Commission-Payable:Aoife-Stylist"] == -(1260 - 1084)
    assert balances["Expenses:Commission"] == 1260 - 1084
    assert "Commission owed for the pay period: pay period 2026-03-16 to 2026-03-22" in \
        path.read_text(encoding="utf-8")
