"""Weighted average cost: every movement's value adds up to the stock's value exactly, the
average lies between what was paid, the last unit takes what is left, and the journal's
replay gives back what the operations worked out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain import stock
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.stock import Move, Stock
from salon_pos.domain.validation import clean_barcode, gs1_code


def test_a_delivery_sets_the_weighted_average_cost():
    after, value = stock.receive(Stock(), 10, 400)
    assert (after, value) == (Stock(10, 4000, 400), 4000)
    after, value = stock.receive(after, 5, 520)
    assert (after, value) == (Stock(15, 6600, 440), 2600)


def test_units_leave_at_the_average_and_the_last_unit_takes_the_rest():
    three = Stock(3, 1000, 333)
    after, cost = stock.take(three, 1)
    assert (after, cost) == (Stock(2, 667, 333), 333)
    after, cost = stock.take(after, 2)
    assert (after, cost) == (Stock(0, 0, 333), 667)


def test_stock_may_go_below_zero_at_the_unit_cost():
    after, cost = stock.take(Stock(1, 400, 400), 3)
    assert (after, cost) == (Stock(-2, -800, 400), 1200)
    assert after.negative


def test_units_taken_from_a_shelf_already_below_zero_leave_at_the_unit_cost():
    after, cost = stock.take(Stock(-2, -800, 400), 1)
    assert (after, cost) == (Stock(-3, -1200, 400), 400)


def test_a_count_values_again_a_shelf_filled_at_another_cost_after_going_below_zero():
    sold_short, _ = stock.take(Stock(0, 0, 1000), 2)  # (-2, -2000) at the old cost
    filled, _ = stock.receive(sold_short, 3, 500)  # one unit worth -500: it fits no more
    assert filled == Stock(1, -500, 500)
    after, value = stock.count(filled, 1)
    assert (after, value) == (Stock(1, 500, 500), 1000)


def test_a_count_records_the_difference_at_cost():
    after, value = stock.count(Stock(10, 4000, 400), 8)
    assert (after, value) == (Stock(8, 3200, 400), -800)
    after, value = stock.count(Stock(-2, -800, 400), 3)
    assert (after, value) == (Stock(3, 1200, 400), 2000)
    after, value = stock.count(Stock(0, 25, 400), 0)  # a leftover cent is written off
    assert (after, value) == (Stock(0, 0, 400), -25)


def test_quantities_are_whole_units_in_reason():
    for bad in (0, -1, 1.5, True, "2", stock.MOST_UNITS + 1):
        with pytest.raises(InvalidInput):
            stock.check_units(bad)
    assert stock.check_counted(0) == 0


def test_the_memo_names_the_product_and_quantity_or_nothing():
    memo = stock.movement_memo(7, -2, line=3)
    assert memo == '{"line":3,"product":7,"quantity":-2}'
    assert stock.read_memo(memo)["quantity"] == -2
    assert stock.read_memo("hand written") is None
    assert stock.read_memo('{"product": "7", "quantity": 1}') is None


def test_a_shops_barcode_is_kept_even_when_it_looks_like_a_card_number():
    ean = "4006381333931"  # a real EAN-13; a card number it is not
    assert gs1_code(ean) and clean_barcode(f" {ean} ") == ean
    assert clean_barcode("SHOP-0042") == "SHOP-0042"
    assert clean_barcode("") == ""
    with pytest.raises(InvalidInput, match="card number"):
        clean_barcode("4111111111111111")
    with pytest.raises(InvalidInput, match="letters, digits"):
        clean_barcode("ab;c")


# --- invariants ------------------------------------------------------------------------------

moves = st.lists(st.one_of(
    st.tuples(st.just(Move.RECEIVED), st.integers(1, 50), st.integers(0, 5000)),
    st.tuples(st.just(Move.SOLD), st.integers(1, 20), st.just(0)),
    st.tuples(st.just(Move.COUNTED), st.integers(0, 60), st.just(0)),
    st.tuples(st.just(Move.RETURNED), st.integers(1, 5), st.integers(0, 5000)),
), max_size=40)


def apply(level: Stock, move: Move, units: int, cost: int) -> tuple[Stock, int, int]:
    """The stock after one movement, and its signed quantity and value."""
    if move == Move.RECEIVED:
        after, value = stock.receive(level, units, cost)
        return after, units, value
    if move == Move.SOLD:
        after, value = stock.take(level, units)
        return after, -units, -value
    if move == Move.COUNTED:
        after, value = stock.count(level, units)
        return after, units - level.on_hand, value
    return stock.put_back(level, units, units * cost), units, units * cost


@given(moves)
def test_the_value_is_the_sum_of_the_movements_and_the_replay_agrees(steps):
    level = replayed = Stock()
    total_units = total_value = 0
    for move, units, cost in steps:
        level, quantity, value = apply(level, move, units, cost)
        replayed = stock.replay(replayed, move, quantity, value)
        total_units, total_value = total_units + quantity, total_value + value
        assert replayed == level
        assert (level.on_hand, level.value) == (total_units, total_value)
        if move == Move.SOLD:
            assert value <= 0  # what leaves is never worth less than nothing
        if move == Move.COUNTED:  # a count leaves the shelf's value fitting its units
            assert level.value == 0 if level.on_hand == 0 else level.value >= 0
        assert level.unit_cost >= 0


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 5000)), min_size=1, max_size=10),
       st.integers(0, 100))
def test_the_average_lies_between_the_costs_and_sales_never_make_value_negative(
        deliveries, sold):
    level = Stock()
    for units, cost in deliveries:
        level, _ = stock.receive(level, units, cost)
    costs = [cost for _units, cost in deliveries]
    assert min(costs) <= level.unit_cost <= max(costs)
    sold = min(sold, level.on_hand)
    after, cost = stock.take(level, sold)
    assert 0 <= after.value <= level.value and cost + after.value == level.value
