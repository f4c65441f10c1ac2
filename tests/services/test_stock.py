"""Retail stock end to end: deliveries, sales taking from the shelf at the sale's close,
refunds putting back (or not), counts (a large difference a manager's), back-bar use by
stylist, barcodes, the low-stock list, the Z report's stock section and the books."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest

from salon_pos.domain.commission import Band
from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.domain.journal import Kind
from salon_pos.services.exchange import accounting
from salon_pos.services.operations import catalogue, commission, day_close, refunds, stock
from salon_pos.services.views import stock as stock_view
from salon_pos.services.views.commission import commission_report
from salon_pos.services.views.day_report import day_report
from salon_pos.services.views.sale import active_lines
from salon_pos.store.models import Product, StockMovement
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    book,
    journal,
    pay_by_card,
    ready_sale,
    refused,
    walk_in,
)
from tests.services.test_accounting_export import BEAN_CHECK, export, ledger_balances


def shelf(s, product=None) -> tuple[int, int, int]:
    """(on hand, value, average cost) of the shampoo (or `product`) now."""
    row = Product.get_by_id(product or s.shampoo)
    return row.on_hand, row.stock_value, row.average_cost


def receive(s, quantity: int, unit_cost: int, product=None, **options) -> dict:
    return stock.receive_delivery(s.salon, "Acme Hair Supplies",
                                  [(product or s.shampoo, quantity, unit_cost)], by=s.desk,
                                  **options)


def sell(s, quantity: int) -> int:
    sale = walk_in(s, product_quantity=quantity)
    pay_by_card(s, sale, 1800 * quantity)
    return sale


def stock_entries(kind: Kind) -> list[tuple[int, str, str]]:
    return [(e.amount, e.reference, e.memo) for e in journal(kind=kind)]


# --- deliveries --------------------------------------------------------------------------

def test_a_delivery_adds_stock_at_cost_owed_to_the_supplier(s):
    result = receive(s, 10, 400)
    receive(s, 5, 520)

    assert result == {"lines": 1, "value": 4000}
    assert shelf(s) == (15, 6600, 440)  # weighted: (4000 + 2600) / 15
    assert stock_entries(Kind.STOCK_RECEIVED) == [
        (4000, "SH-1", f'{{"product":{s.shampoo},"quantity":10,"supplier":"Acme Hair '
                       'Supplies","unit_cost":400}'),
        (2600, "SH-1", f'{{"product":{s.shampoo},"quantity":5,"supplier":"Acme Hair '
                       'Supplies","unit_cost":520}')]
    [first, second] = StockMovement.select().order_by(StockMovement.id)
    assert (second.quantity, second.value, second.on_hand_after, second.by_id) == (
        5, 2600, 15, s.desk)
    assert stock_view.stock_value(s.salon) == 6600
    assert_books_balance(s)


def test_a_delivery_sent_twice_with_one_key_is_received_once(s):
    receive(s, 10, 400, key="delivery-1")
    receive(s, 10, 400, key="delivery-1")
    assert shelf(s) == (10, 4000, 400)


@pytest.mark.parametrize(("line", "match"), [
    (None, "at least one product"),
    ((999, 1, 100), "does not exist"),
    (("shampoo", 0, 100), "between 1"),
    (("shampoo", 2, -5), "cannot be negative"),
    (("shampoo", 1.5, 100), "whole number"),
])
def test_a_wrong_delivery_is_refused_and_changes_nothing(s, line, match):
    lines = [] if line is None else [
        tuple(s.shampoo if part == "shampoo" else part for part in line)]
    with refused(s, match):
        stock.receive_delivery(s.salon, "Acme", lines, by=s.desk)


def test_a_delivery_needs_a_supplier_and_someone_logged_in(s):
    with refused(s, "supplier"):
        stock.receive_delivery(s.salon, "  ", [(s.shampoo, 1, 100)], by=s.desk)
    with refused(s, "log in", NotAllowed):
        stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 1, 100)], by=None)


# --- sales and refunds -------------------------------------------------------------------

def test_a_sale_takes_its_units_from_stock_at_its_close(s):
    receive(s, 3, 1000)
    receive(s, 1, 700)  # 4 units worth 3700: average 925
    sale = walk_in(s, product_quantity=2)
    assert shelf(s)[0] == 4  # an open ticket takes nothing yet

    pay_by_card(s, sale, 3600)

    assert shelf(s) == (2, 1850, 925)
    [(amount, _ref, memo)] = stock_entries(Kind.STOCK_SOLD)
    assert amount == 1850 and '"quantity":-2' in memo
    [entry] = journal(kind=Kind.STOCK_SOLD)
    assert entry.sale == sale and entry.staff == s.desk
    assert_books_balance(s)


def test_stock_may_go_negative_the_sale_goes_through_and_the_list_shows_it(s):
    receive(s, 1, 800)
    sell(s, 3)  # at the counter a sale is never blocked

    assert shelf(s) == (-2, -1600, 800)
    [row] = stock_view.stock_list(s.salon, low_only=True)
    assert (row.name, row.on_hand, row.low) == ("Repair shampoo", -2, True)
    assert stock_view.on_hand(s.salon, [s.shampoo]) == {s.shampoo: -2}

    stock.count_stock(s.salon, {s.shampoo: 1}, by=s.desk)  # the next count corrects it
    assert shelf(s) == (1, 800, 800)
    assert stock_view.stock_list(s.salon, low_only=True) == []
    assert_books_balance(s)


def test_a_refund_puts_back_on_the_shelf_at_the_cost_it_left_at_only_when_asked(s):
    receive(s, 4, 900)
    sale = sell(s, 3)
    receive(s, 2, 1500)  # the average moves on: 1 × 900 + 2 × 1500
    line = journal(kind=Kind.STOCK_SOLD)[0]
    line_id = StockMovement.get(StockMovement.entry_seq == line.seq).sale_line_id

    refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Wrong one",
                        lines={line_id: 1})
    assert shelf(s) == (3, 3900, 1300)  # not put back: it was opened

    refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Unopened",
                        lines={line_id: 2}, restock={line_id: 2})
    assert shelf(s) == (5, 5700, 1140)  # back at 900 each, as they left
    [(amount, _ref, _memo)] = stock_entries(Kind.STOCK_RETURNED)
    assert amount == 1800
    assert_books_balance(s)


def test_putting_back_more_than_the_refund_gives_back_is_refused_with_nothing_changed(s):
    receive(s, 4, 900)
    sale = sell(s, 2)
    line_id = StockMovement.get(StockMovement.kind == "sold").sale_line_id
    with refused(s, "Only units refunded now"):
        refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager,
                            reason="Unopened", lines={line_id: 1}, restock={line_id: 2})


def test_a_service_line_cannot_be_put_back(s):
    _booking, sale = ready_sale(s)
    pay_by_card(s, sale, 4500)
    [line] = active_lines(s.salon, sale)
    with refused(s, "sold from stock"):
        refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Redo",
                            restock={line.id: 1})


# --- counts ------------------------------------------------------------------------------

def test_a_count_records_the_difference_with_who_counted(s):
    receive(s, 10, 400)
    result = stock.count_stock(s.salon, {s.shampoo: 8}, by=s.desk)

    assert result == {"products": 1, "difference": -800}
    assert shelf(s) == (8, 3200, 400)
    [entry] = journal(kind=Kind.STOCK_COUNTED)
    assert (entry.amount, entry.staff, entry.approved_by) == (-800, s.desk, None)
    row = StockMovement.get(StockMovement.kind == "counted")
    assert (row.quantity, row.counted, row.by_id) == (-2, 8, s.desk)
    assert_books_balance(s)


def test_a_count_as_the_books_say_records_nothing(s):
    receive(s, 10, 400)
    stock.count_stock(s.salon, {s.shampoo: 10}, by=s.desk)
    assert journal(kind=Kind.STOCK_COUNTED) == []


def test_a_large_count_difference_needs_a_manager(s):
    receive(s, 30, 400)  # 15 missing: €60.00 at cost, over the €50.00 setting
    with refused(s, "Repair shampoo differs by more than €50.00.*manager", NotAllowed):
        stock.count_stock(s.salon, {s.shampoo: 15}, by=s.desk)
    with refused(s, "not a manager", NotAllowed):
        stock.count_stock(s.salon, {s.shampoo: 15}, by=s.desk, approved_by=s.stylist)

    stock.count_stock(s.salon, {s.shampoo: 15}, by=s.desk, approved_by=s.manager)
    [entry] = journal(kind=Kind.STOCK_COUNTED)
    assert (entry.amount, entry.approved_by) == (-6000, s.manager)


def test_a_wrong_count_is_refused(s):
    for counted, match in (({}, "at least one"), ({s.shampoo: -1}, "between 0"),
                           ({s.shampoo: "7"}, "whole number"), ({999: 1}, "does not exist")):
        with refused(s, match):
            stock.count_stock(s.salon, counted, by=s.desk)


# --- back-bar ----------------------------------------------------------------------------

def test_back_bar_use_is_recorded_at_cost_by_stylist(s):
    receive(s, 10, 450)
    booking = book(s)
    stock.use_stock(s.salon, s.shampoo, 2, by=s.stylist, stylist_id=s.stylist,
                    booking_id=booking)
    stock.use_stock(s.salon, s.shampoo, 1, by=s.desk, stylist_id=s.stylist2)

    assert shelf(s) == (7, 3150, 450)
    [first, _] = journal(kind=Kind.STOCK_USED)
    assert (first.amount, first.stylist, first.booking) == (900, s.stylist, booking)
    assert stock_view.back_bar_cost_by_stylist(s.salon, TODAY, TODAY) == {
        s.stylist: 900, s.stylist2: 450}
    assert stock_view.back_bar_cost_by_stylist(
        s.salon, TODAY + timedelta(days=1), TODAY + timedelta(days=7)) == {}
    assert_books_balance(s)


def test_a_stylist_records_only_their_own_back_bar_use(s):
    receive(s, 10, 450)
    with refused(s, "their own clients", NotAllowed):
        stock.use_stock(s.salon, s.shampoo, 1, by=s.stylist, stylist_id=s.stylist2)
    booking = book(s, stylist=s.stylist2)
    with refused(s, "another stylist's"):
        stock.use_stock(s.salon, s.shampoo, 1, by=s.desk, stylist_id=s.stylist,
                        booking_id=booking)


# --- barcodes and reorder levels ---------------------------------------------------------

def test_a_barcode_and_reorder_level_are_a_managers_and_found_by_a_scan(s):
    stock.set_stock_details(s.salon, s.shampoo, approved_by=s.manager,
                            barcode="4006381333931", reorder_level=4)
    assert stock_view.product_by_barcode(s.salon, " 4006381333931\n")["id"] == s.shampoo
    assert stock_view.product_by_barcode(s.salon, "5000000000000") is None
    assert stock_view.product_by_barcode(s.salon, "no;code") is None
    [approval] = journal(kind=Kind.APPROVED_CHANGE)[-1:]
    assert "4006381333931" not in approval.memo and "reorder level 4" in approval.memo

    [row] = stock_view.stock_list(s.salon, low_only=True)  # 0 on hand, reorder at 4
    assert (row.to_order, row.barcode) == (4, "4006381333931")

    other = catalogue.add_product(s.salon, "Mask", sku="MK-1", price=2000,
                                  tax_class_id=s.standard_tax, approved_by=s.manager)
    with refused(s, "Another product already has that barcode"):
        stock.set_stock_details(s.salon, other, approved_by=s.manager, barcode="4006381333931")
    with refused(s, "not a manager", NotAllowed):
        stock.set_stock_details(s.salon, other, approved_by=s.desk, reorder_level=2)
    with refused(s, "reorder level"):
        stock.set_stock_details(s.salon, other, approved_by=s.manager, reorder_level=-1)
    stock.set_stock_details(s.salon, s.shampoo, approved_by=s.manager, barcode="")
    assert stock_view.product_by_barcode(s.salon, "4006381333931") is None


def test_an_unknown_product_is_refused(s):
    with pytest.raises(NotFound):
        stock.use_stock(s.salon, 999, 1, by=s.desk, stylist_id=s.stylist)
    with pytest.raises(InvalidInput):
        stock.use_stock(s.salon, s.shampoo, 0, by=s.desk, stylist_id=s.stylist)


# --- the Z report and the books ----------------------------------------------------------

def a_stock_day(s) -> None:
    receive(s, 10, 400)
    sale = sell(s, 2)
    line_id = StockMovement.get(StockMovement.kind == "sold").sale_line_id
    refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Unopened",
                        lines={line_id: 1}, restock={line_id: 1})
    stock.use_stock(s.salon, s.shampoo, 1, by=s.stylist, stylist_id=s.stylist)
    stock.count_stock(s.salon, {s.shampoo: 7}, by=s.desk)


def test_the_z_report_shows_the_days_stock_moves_and_its_value(s):
    a_stock_day(s)
    report = day_close.close_day(s.salon, TODAY, approved_by=s.manager)

    assert report.stock == {"received": 4000, "sold_at_cost": 800, "put_back": 400,
                            "used_in_services": 400, "count_differences": -400,
                            "value_at_close": 2800}
    assert ("stock at cost", "value at close", 2800) in report.rows()
    assert day_report(s.salon, TODAY).stock == report.stock  # as frozen
    assert_books_balance(s)


def test_the_books_carry_the_stock_at_cost_and_bean_check_passes(s, tmp_path):
    a_stock_day(s)
    path = tmp_path / "books.beancount"
    export(s.salon, TODAY, TODAY, path)
    text = path.read_text()
    checked = subprocess.run([str(BEAN_CHECK), str(path)], capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "balance Assets:Stock" in text and "2 × Repair shampoo (sale" in text
    balances = ledger_balances(path)
    assert balances[accounting.STOCK] == 2800 == stock_view.stock_value(s.salon)
    assert balances[accounting.SUPPLIERS] == -4000
    assert balances[accounting.COST_OF_SALES] == 800 - 400
    assert balances[accounting.BACK_BAR] == 400
    assert balances[accounting.SHRINKAGE] == 400


def test_a_sale_of_a_product_with_no_cost_yet_moves_units_not_money(s, tmp_path):
    sell(s, 1)
    assert shelf(s) == (-1, 0, 0)
    path = tmp_path / "books.beancount"
    export(s.salon, TODAY, TODAY, path)
    checked = subprocess.run([str(BEAN_CHECK), str(path)], capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert_books_balance(s)


def test_back_bar_used_comes_off_a_stylists_commission_where_the_level_says_so(s):
    level = commission.save_level(s.salon, "Senior", services=(Band(0, 3000),),
                                  retail=(Band(0, 1000),), deduct_back_bar=True,
                                  approved_by=s.manager)
    commission.assign_level(s.salon, s.stylist, level, approved_by=s.manager)
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 10, 500)], by=s.desk)
    _booking, sale = ready_sale(s)  # a cut, €45.00 at 13.5 % (€39.65 net)
    pay_by_card(s, sale, 4500)
    stock.use_stock(s.salon, s.shampoo, 2, stylist_id=s.stylist, by=s.stylist)
    row = commission_report(s.salon, TODAY, TODAY).of(s.stylist)
    assert (row.services, row.back_bar) == (3965, 1000)
    assert row.commission == 890  # 30 % of €29.65 (€8.895), rounded half up
