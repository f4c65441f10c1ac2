"""The accounting export, checked by beancount's own loader and `bean-check`: every ledger
balances, and the balance sheet it reports is the app's own figures to the cent, on a demo
salon, on hand-made days and on random histories."""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from salon_pos.cli import accounting as cli_accounting
from salon_pos.demo import build_demo
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import DomainError, InvalidInput, NotAllowed
from salon_pos.domain.journal import Entry, Kind
from salon_pos.services.exchange import accounting
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import (
    bookings,
    cash_drawer,
    checkout,
    day_close,
    deposits,
    refunds,
    salon_setup,
)
from salon_pos.services.views.day_report import day_report, deposits_held_total
from salon_pos.store.database import close_database
from salon_pos.store.models import BusinessDay
from tests.conftest import OPENING, fresh_database, on_postgres
from tests.services.books import (
    a_manager,
    app_figures,
    assert_matches_app,
    export,
    ledger_balances,
)
from tests.services.helpers import book, book_with_deposit, to_ready

BEAN_CHECK = Path(sys.executable).with_name("bean-check")


# --- helpers -------------------------------------------------------------------------------

def whole_journal(salon) -> tuple[date, date]:
    found = accounting.journal_days(salon)
    assert found is not None
    return found


# --- every kind maps -----------------------------------------------------------------------

def test_every_journal_kind_is_mapped_or_moves_no_money():
    unmapped = [kind for kind in Kind
                if kind not in accounting.POSTINGS and kind not in accounting.NO_MONEY]
    assert unmapped == []
    assert not set(accounting.POSTINGS) & accounting.NO_MONEY


def test_an_unknown_kind_is_refused_not_skipped(s):
    entry = Entry(seq=7, at=None, business_day=date(2026, 3, 20), kind="gift_card_sold",
                  amount=100)
    with pytest.raises(DomainError, match="entry 7 is of a kind"):
        accounting.Books(s.salon, date(2026, 3, 20), date(2026, 3, 20)).postings(entry)


def test_amounts_are_written_with_the_currencys_decimals():
    assert accounting.minor_to_decimal(1250, 2) == "12.50"
    assert accounting.minor_to_decimal(-5, 2) == "-0.05"
    assert accounting.minor_to_decimal(0, 2) == "0.00"
    assert accounting.minor_to_decimal(1250, 0) == "1250"


def test_account_names_are_plain_ascii_components():
    assert accounting.account_part("Ngọc Anh Trần") == "Ngoc-Anh-Tran"
    assert accounting.account_part("Łukasz Stylist") == "Lukasz-Stylist"
    assert accounting.account_part("李娜") == ""
    assert accounting.tax_account(1350) == "Liabilities:Tax-Payable:13-5pct"
    assert accounting.tax_account(2300) == "Liabilities:Tax-Payable:23pct"


# --- a demo salon --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """Ten days of a demo salon, built once for this module (its file is reopened per test)."""
    if on_postgres():
        pytest.skip("the demo salon is built once in a SQLite file")
    folder = tmp_path_factory.mktemp("demo")
    salon = open_salon(SalonLocation(fresh_database(folder), folder), FixedClock(OPENING),
                       pin_cost=16)
    build_demo(salon, days=10, seed=3)
    close_database()
    return folder


@pytest.fixture
def demo(demo_file):
    salon = open_salon(SalonLocation(str(demo_file / "salon.db"), demo_file), FixedClock(OPENING),
                       pin_cost=16)
    yield salon
    close_database()


def test_demo_books_pass_bean_check_and_match_the_app(demo, tmp_path):
    first, last = whole_journal(demo)
    path = tmp_path / "books.beancount"
    summary = export(demo, first, last, path)
    checked = subprocess.run([str(BEAN_CHECK), str(path)], capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    balances = ledger_balances(path)
    assert_matches_app(demo, balances)
    assert balances[accounting.HELD] < 0 and balances[accounting.HOUSE] > 0  # the demo has both
    assert balances[accounting.STOCK] > 0 and balances[accounting.BACK_BAR] > 0
    # Today is still open: its drawer holds what the app expects.
    assert balances.get(accounting.DRAWER, 0) == expected_cash(demo, last)
    assert {a: v for a, v in summary.balances.items() if v} == {
        a: v for a, v in balances.items() if a.startswith(("Assets:", "Liabilities:")) and v}
    assert "Equity:Opening-Balances" not in balances  # the whole journal needs no opening


def test_demo_books_from_mid_range_open_with_the_balances_at_their_start(demo, tmp_path):
    first, last = whole_journal(demo)
    start = first + timedelta(days=5)
    path = tmp_path / "later.beancount"
    export(demo, start, last, path)
    balances = ledger_balances(path)
    assert_matches_app(demo, balances)
    assert balances[accounting.OPENING] != 0
    # The balance sheet agrees with the whole journal's at the end.
    whole = tmp_path / "whole.beancount"
    export(demo, first, last, whole)
    sheet = {a: v for a, v in ledger_balances(whole).items()
             if a.startswith(("Assets:", "Liabilities:"))}
    assert {a: balances.get(a, 0) for a in sheet} == sheet


def test_demo_books_ending_before_today_hold_that_days_deposits(demo, tmp_path):
    first, last = whole_journal(demo)
    end = first + timedelta(days=4)
    path = tmp_path / "early.beancount"
    summary = export(demo, first + timedelta(days=2), end, path)
    assert summary.later_entries
    balances = ledger_balances(path)
    assert balances[accounting.HELD] == -deposits_held_total(demo, up_to=end)
    # The day was closed: its drawer was lifted into the safe.
    assert BusinessDay.get_by_id(end).closed_at is not None
    assert balances.get(accounting.DRAWER, 0) == 0


def test_demo_csv_has_a_row_per_posting_and_every_transaction_balances(demo, tmp_path):
    first, last = whole_journal(demo)
    text = io.StringIO(newline="")
    summary = accounting.export_csv(demo, first, last, text, approved_by=a_manager())
    rows = list(csv.DictReader(io.StringIO(text.getvalue(), newline="")))
    assert len(rows) == summary.postings
    by_transaction: dict[str, int] = defaultdict(int)
    by_account: dict[str, int] = defaultdict(int)
    for row in rows:
        amount = int(row["amount_minor_units"])
        assert Decimal(row["amount"]) * 100 == amount and row["currency"] == "EUR"
        by_transaction[row["transaction"]] += amount
        by_account[row["account"]] += amount
    assert len(by_transaction) == summary.transactions
    assert set(by_transaction.values()) == {0}
    assert {a: by_account.get(a, 0) for a in app_figures(demo)} == app_figures(demo)
    sale_rows = [row for row in rows if row["narration"].startswith("Sale ")]
    assert sale_rows and all(row["journal_seq"] for row in sale_rows)


def test_demo_tax_tips_and_rounding_add_up_to_the_z_reports(demo, tmp_path):
    first, last = whole_journal(demo)
    path = tmp_path / "books.beancount"
    export(demo, first, last, path)
    balances = ledger_balances(path)
    tax: dict[str, int] = defaultdict(int)
    tips: dict[str, int] = defaultdict(int)
    rounding = 0
    for number in range((last - first).days + 1):
        report = day_report(demo, first + timedelta(days=number))
        for rate, parts in report.tax_by_rate.items():
            tax[rate] += parts["tax"]
        for name, amount in report.tips_by_stylist.items():
            tips[name] += amount
        rounding += report.cash_rounding
    for rate, amount in tax.items():
        account = f"{accounting.TAX}:{rate.replace('.', '-').replace('%', 'pct')}"
        assert balances.get(account, 0) == -amount, rate
    for name, amount in tips.items():
        assert balances[f"{accounting.TIPS}:{accounting.account_part(name)}"] == -amount, name
    assert balances.get(accounting.ROUNDING, 0) == -rounding


def test_a_range_the_wrong_way_round_is_refused(demo):
    with pytest.raises(InvalidInput, match="after its last day"):
        accounting.export_beancount(demo, date(2026, 3, 20), date(2026, 3, 19), io.StringIO(),
                                    approved_by=a_manager())


# --- hand-made days ------------------------------------------------------------------------

def test_fees_tips_tax_rounding_and_the_drawer_go_to_their_accounts(s, tmp_path):
    salon = s.salon
    salon_setup.change_settings(salon, s.manager, cash_rounding_increment=5,
                                kept_deposit_taxable=True, kept_deposit_tax_rate_bp=2300)
    cash_drawer.open_drawer(salon, 10_000, by=s.desk)
    cash_drawer.paid_in(salon, 500, by=s.desk, reason="Change from the safe")
    missed = book_with_deposit(s, 10, method="cash", stylist=s.stylist2)  # €15.00 deposits
    late = book_with_deposit(s, 14, stylist=s.stylist2)
    waived = book_with_deposit(s, 15)
    paid = book(s, 10)  # a cut, €45.00 at 13.5 %
    s.clock.advance(minutes=90)
    bookings.mark_no_show(salon, missed, by=s.desk)
    bookings.cancel(salon, late, by=s.desk)
    bookings.cancel(salon, waived, by=s.desk)
    deposits.waive_fee(salon, waived, by=s.desk, approved_by=s.manager, reason="Flu")
    to_ready(s, paid)
    sale = checkout.open_sale(salon, by=s.desk, booking_id=paid)
    shampoo = checkout.add_product_line(salon, sale, s.shampoo, by=s.desk)
    checkout.set_tip(salon, sale, s.stylist2, 503, by=s.desk)
    checkout.take_tender(salon, sale, by=s.desk, method="cash", amount=10_000)
    checkout.close_sale(salon, sale, by=s.desk)
    refunds.refund_sale(salon, sale, by=s.desk, approved_by=s.manager, reason="Wrong shade",
                        lines={shampoo: 1})
    cash_drawer.paid_out(salon, 250, by=s.desk, reason="Milk", approved_by=s.manager)
    cash_drawer.count_drawer(salon, expected_cash(salon, salon.today()) - 100, by=s.manager)
    day_close.close_day(salon, salon.today(), approved_by=s.manager)

    path = tmp_path / "day.beancount"
    export(salon, salon.today(), salon.today(), path)
    balances = ledger_balances(path)
    assert balances[accounting.NO_SHOW_FEES] == -1220  # €15.00 kept, €2.80 of tax in it
    assert balances[accounting.LATE_CANCEL_FEES] == -1220  # two kept, one given back
    assert balances["Liabilities:Tips-Payable:Lukasz-Stylist"] == -503
    assert balances[accounting.ROUNDING] == -2  # €68.03 due in cash, €68.05 paid
    assert balances[accounting.SERVICES] == -3965  # €45.00 less 13.5 % tax inside
    assert balances["Liabilities:Tax-Payable:13-5pct"] == -535
    assert balances[accounting.RETAIL] == 0  # the shampoo came back
    assert balances["Liabilities:Tax-Payable:23pct"] == -560  # in the two fees kept
    assert balances[accounting.OVER_SHORT] == 100  # a euro short at the count
    assert balances[accounting.PAID_OUT] == 250
    assert balances.get(accounting.DRAWER, 0) == 0  # lifted into the safe at the close
    assert_matches_app(salon, balances)
    text = path.read_text(encoding="utf-8")
    assert f'"No-show fee kept from the deposit of booking {missed}"' in text
    assert f'"Late-cancellation fee given back for booking {waived} (card): ' in text
    assert f'"Refund on sale {sale}, receipt 1, booking {paid}: Wrong shade"' in text


# --- random histories ----------------------------------------------------------------------
# The random salon days of tests/services/test_ledger_properties.py end with their books
# exported, whole and from a later day: each passes beancount's checks and matches the app.


# --- the command line ----------------------------------------------------------------------

def parse(*argv: str):
    parser = argparse.ArgumentParser(prog="salon-pos")
    cli_accounting.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def test_the_command_writes_both_files_for_a_manager(s, tmp_path, monkeypatch, capsys):
    book_with_deposit(s, 15, method="card")
    out, sheet = tmp_path / "books.beancount", tmp_path / "books.csv"
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234\n"))
    args = parse("export", "accounts", "--out", str(out), "--csv", str(sheet),
                 "--manager", "Maeve Manager", "--pin-stdin")
    assert cli_accounting.run(args, s.salon) == 0
    assert ledger_balances(out)[accounting.HELD] == -1500
    assert sheet.read_text(encoding="utf-8").startswith("date,transaction,account")
    assert "€15.00" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("books")) == [
        "books.beancount", "books.csv"]


def test_the_command_is_a_managers(s, tmp_path, monkeypatch):
    out = tmp_path / "books.beancount"
    monkeypatch.setattr(sys, "stdin", io.StringIO("2222\n"))
    args = parse("export", "accounts", "--out", str(out), "--manager", "Aoife Stylist",
                 "--pin-stdin")
    with pytest.raises(NotAllowed, match="not a manager"):
        cli_accounting.run(args, s.salon)
    assert not out.exists()
    with pytest.raises(DomainError, match="Say where to write"):
        cli_accounting.run(parse("export", "accounts", "--manager", "Maeve Manager"), s.salon)

