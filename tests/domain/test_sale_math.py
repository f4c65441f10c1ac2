"""A sale's arithmetic: per-line tax, totals per rate, and settling the bill."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import round_to_increment
from salon_pos.domain.sale_math import (
    LineInput,
    cash_still_due,
    line_totals,
    remaining_due,
    sale_totals,
    settle,
)
from salon_pos.domain.ways_to_pay import CARD, CASH, CREDIT, HOUSE


def half_up(value: Fraction) -> int:
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


rates = st.sampled_from([0, 500, 900, 1350, 2000, 2100, 2300, 2500])


@st.composite
def lines(draw):
    quantity = draw(st.integers(min_value=1, max_value=50))
    unit_price = draw(st.integers(min_value=0, max_value=500_000))
    discount = draw(st.integers(min_value=0, max_value=quantity * unit_price))
    return LineInput(quantity, unit_price, discount, draw(rates))


# --- line tax -----------------------------------------------------------------------------


@given(lines())
def test_line_tax_inclusive(line):
    result = line_totals(line, prices_include_tax=True)
    gross = line.quantity * line.unit_price - line.discount
    rate = Fraction(line.tax_rate_bp, 10_000)
    assert result.gross == gross
    assert result.net + result.tax == result.gross
    assert result.tax == half_up(gross * rate / (1 + rate))
    assert 0 <= result.tax <= result.gross


@given(lines())
def test_line_tax_exclusive(line):
    result = line_totals(line, prices_include_tax=False)
    net = line.quantity * line.unit_price - line.discount
    rate = Fraction(line.tax_rate_bp, 10_000)
    assert result.net == net
    assert result.net + result.tax == result.gross
    assert result.tax == half_up(net * rate)
    assert result.tax >= 0


def test_line_tax_examples():
    # €45.00 at 13.5 % included: 4500 * 1350 / 11350 = 535.24… → 535
    assert line_totals(LineInput(1, 4500, 0, 1350), True).tax == 535
    # €18.00 at 23 % included: 1800 * 2300 / 12300 = 336.58… → 337
    assert line_totals(LineInput(1, 1800, 0, 2300), True).tax == 337
    # 2 × €10.00 − €1.00 at 20 % on top: 1900 + 380
    result = line_totals(LineInput(2, 1000, 100, 2000), False)
    assert (result.net, result.tax, result.gross) == (1900, 380, 2280)
    # Exactly half a cent rounds up: 250 cents at 1 % exclusive = 2.5 → 3
    assert line_totals(LineInput(1, 250, 0, 100), False).tax == 3


# --- totals per rate ----------------------------------------------------------------------


@given(st.lists(lines(), max_size=12), st.booleans())
def test_sale_totals_add_up(items, inclusive):
    totals = sale_totals(items, inclusive)
    assert totals.lines == tuple(line_totals(line, inclusive) for line in items)
    assert totals.total == sum(r.gross for r in totals.lines)
    assert totals.net == sum(r.net for r in totals.lines)
    assert totals.tax == sum(r.tax for r in totals.lines)
    assert totals.net + totals.tax == totals.total
    # One row per rate used, sorted, each the sum of its lines.
    assert [r.rate_bp for r in totals.by_rate] == sorted({line.tax_rate_bp for line in items})
    for rate in totals.by_rate:
        mine = [t for line, t in zip(items, totals.lines, strict=True)
                if line.tax_rate_bp == rate.rate_bp]
        assert rate.net == sum(t.net for t in mine)
        assert rate.tax == sum(t.tax for t in mine)
        assert rate.gross == sum(t.gross for t in mine)
    assert sum(r.net for r in totals.by_rate) == totals.net
    assert sum(r.tax for r in totals.by_rate) == totals.tax
    assert sum(r.gross for r in totals.by_rate) == totals.total


def test_sale_totals_empty():
    totals = sale_totals([], True)
    assert (totals.total, totals.net, totals.tax, totals.by_rate) == (0, 0, 0, ())


# --- settling -----------------------------------------------------------------------------

methods = st.sampled_from([CASH.code, CARD.code, CREDIT.code, HOUSE.code])
tender_lists = st.lists(
    st.tuples(methods, st.integers(min_value=1, max_value=100_000)), max_size=5
)
increments = st.sampled_from([1, 1, 5, 10, 50, 100])


@given(
    due=st.integers(min_value=0, max_value=200_000),
    deposit=st.integers(min_value=0, max_value=10_000),
    tenders=tender_lists,
    increment=increments,
)
@example(due=4500, deposit=900, tenders=[(CASH.code, 5000)], increment=5)
@example(due=4502, deposit=0, tenders=[(CASH.code, 4500)], increment=5)
@example(due=1000, deposit=2000, tenders=[], increment=1)
def test_settle_adds_up_when_it_succeeds(due, deposit, tenders, increment):
    try:
        result = settle(due, deposit, tenders, increment)
    except InvalidInput:
        return
    payments = sum(amount for _, amount in tenders)
    assert result.due == due
    assert result.deposit_applied == min(deposit, due)
    assert result.deposit_applied + result.deposit_excess == deposit
    assert result.deposit_applied + payments - result.change == due + result.rounding
    assert result.paid == due + result.rounding
    assert result.change >= 0
    assert abs(result.rounding) * 2 <= max(increment, 1)
    cash = sum(amount for method, amount in tenders if method == CASH.code)
    if result.change:
        assert cash >= result.change  # only cash is ever over-tendered
    if not cash:
        # Rounding happens when cash pays, or when what is left rounds to nothing.
        assert result.rounding in (0, -(due - result.deposit_applied - payments))
    non_cash = payments - cash
    assert non_cash <= due - result.deposit_applied
    if increment > 1 and cash:
        # What cash pays is a whole number of increments.
        assert (cash - result.change) % increment == 0
    for method in {m for m, _ in tenders}:
        assert result.payments[method] == sum(a for m, a in tenders if m == method)


@given(
    due=st.integers(min_value=1, max_value=200_000),
    deposit=st.integers(min_value=0, max_value=10_000),
    tenders=tender_lists,
    increment=increments,
)
def test_settle_refuses_exactly_what_does_not_add_up(due, deposit, tenders, increment):
    left = due - min(deposit, due)
    cash = sum(a for m, a in tenders if m == CASH.code)
    non_cash = sum(a for m, a in tenders if m != CASH.code)
    cash_due = left - non_cash
    if cash or round_to_increment(cash_due, increment) == 0:
        cash_due = round_to_increment(cash_due, increment)
    should_refuse = non_cash > left or cash < cash_due
    if should_refuse:
        with pytest.raises(InvalidInput):
            settle(due, deposit, tenders, increment)
    else:
        settle(due, deposit, tenders, increment)


@given(
    due=st.integers(min_value=1, max_value=200_000),
    deposit=st.integers(min_value=0, max_value=10_000),
    method=st.sampled_from([CARD.code, CREDIT.code, HOUSE.code]),
    extra=st.integers(min_value=1, max_value=10_000),
)
def test_settle_refuses_over_tender_by_non_cash(due, deposit, method, extra):
    left = due - min(deposit, due)
    with pytest.raises(InvalidInput, match="more than what is left"):
        settle(due, deposit, [(method, left + extra)], 1)


@given(
    due=st.integers(min_value=1, max_value=200_000),
    deposit=st.integers(min_value=0, max_value=10_000),
    short=st.integers(min_value=1, max_value=1_000),
)
def test_settle_refuses_short_card(due, deposit, short):
    left = due - min(deposit, due)
    assume(left - short > 0)
    with pytest.raises(InvalidInput, match="do not cover"):
        settle(due, deposit, [(CARD.code, left - short)], 1)


def test_settle_examples():
    # €45 cut, €9 deposit, €40 cash: €36 due in cash, €4 change.
    result = settle(4500, 900, [(CASH.code, 4000)], 1)
    assert (result.deposit_applied, result.change, result.rounding) == (900, 400, 0)
    # €45.02 in cash with 5-cent rounding: the client pays €45.00, rounding −2.
    result = settle(4502, 0, [(CASH.code, 4500)], 5)
    assert (result.rounding, result.change) == (-2, 0)
    # Card pays exactly: no rounding even with an increment.
    result = settle(4502, 0, [(CARD.code, 4502)], 5)
    assert (result.rounding, result.change) == (0, 0)
    # Deposit larger than the bill: the excess is left over.
    result = settle(1000, 2000, [], 1)
    assert (result.deposit_applied, result.deposit_excess) == (1000, 1000)
    # Split: card and cash.
    result = settle(10_000, 0, [(CARD.code, 6000), (CASH.code, 5000)], 1)
    assert result.change == 1000
    assert result.payments == {"card": 6000, "cash": 5000}


@given(
    due=st.integers(min_value=0, max_value=200_000),
    deposit=st.integers(min_value=0, max_value=10_000),
    tenders=tender_lists,
)
def test_remaining_due(due, deposit, tenders):
    left = remaining_due(due, deposit, tenders)
    assert left >= 0
    assert left == max(0, due - min(deposit, due) - sum(a for _, a in tenders))
    if left > 0:
        # Whatever is left, paying it by card settles the bill exactly.
        non_cash = [(m, a) for m, a in tenders if m != CASH.code]
        cash = [(m, a) for m, a in tenders if m == CASH.code]
        if not cash:
            result = settle(due, deposit, non_cash + [(CARD.code, left)], 1)
            assert result.change == 0


@given(
    due=st.integers(min_value=0, max_value=10**7),
    held=st.integers(min_value=0, max_value=10**6),
    card=st.integers(min_value=0, max_value=10**6),
    increment=st.sampled_from([1, 5, 10, 50, 100]),
)
@example(due=2, held=0, card=0, increment=5)  # less than half the increment is left: nothing
def test_paying_exactly_the_cash_still_due_settles_with_no_change(due, held, card, increment):
    card = min(card, max(0, due - min(held, due)))
    tenders = [("card", card)] if card else []
    cash = cash_still_due(due, held, tenders, increment)
    result = settle(due, held, tenders + ([("cash", cash)] if cash else []), increment)
    assert result.change == 0
    assert result.deposit_applied + sum(result.payments.values()) == due + result.rounding
