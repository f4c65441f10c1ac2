"""Commission: bands like tax bands, rounding once per stylist-period, back-bar cost,
pay periods."""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.commission import (
    Band,
    Rates,
    bands_from_stored,
    bands_said,
    bands_stored,
    bands_typed,
    check_period_start,
    commission_on,
    parse_bands,
    pay_period,
    period_commission,
)
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import currency, format_amount, parse_amount

EUR = currency("EUR")
TIERED = (Band(0, 3000), Band(300_000, 3500))  # 30 % up to €3,000, 35 % above


def money(minor: int) -> str:
    return format_amount(minor, EUR)


def parse(text: str) -> int:
    return parse_amount(text, EUR)


def half_up(value: Fraction) -> int:
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


rates_bp = st.integers(0, 10_000)
bands = st.lists(st.tuples(st.integers(1, 10**7), rates_bp), max_size=4).flatmap(
    lambda higher: st.integers(0, 10_000).map(
        lambda first: (Band(0, first), *(Band(start, rate) for start, rate in
                                         sorted(dict(higher).items())))))


def test_a_tier_applies_only_to_the_part_above_its_threshold():
    assert commission_on(300_000, TIERED) == 90_000
    assert commission_on(400_000, TIERED) == 90_000 + 35_000
    assert commission_on(300_001, TIERED) == 90_000  # 0.35 cent rounds down


@given(bands, st.integers(0, 10**8))
def test_bands_add_up_to_the_exact_sum_of_their_parts_rounded_once(bands, takings):
    exact = Fraction(0)
    for band, following in zip(bands, (*bands[1:], None), strict=True):
        top = takings if following is None else min(takings, following.start)
        exact += Fraction(max(top - band.start, 0) * band.rate_bp, 10_000)
    assert commission_on(takings, bands) == half_up(exact)


@given(bands, st.integers(0, 10**8), st.integers(0, 10**8))
def test_more_takings_never_pay_less(bands, takings, more):
    assert commission_on(takings + more, bands) >= commission_on(takings, bands)


@given(bands, st.lists(st.integers(1, 50_000), min_size=1, max_size=40))
def test_a_period_where_everything_was_refunded_pays_nothing(bands, lines):
    takings = sum(lines) - sum(lines)  # every line sold and refunded within the period
    assert period_commission(takings, takings, Rates(bands, bands)).total == 0


@given(rates_bp, st.lists(st.integers(1, 10_000), min_size=1, max_size=60))
def test_rounding_once_per_period_never_drifts_from_the_exact_commission(rate, lines):
    """Many small lines: per-line rounding would drift by up to half a cent a line; the
    period's commission is within half a cent of the exact figure."""
    got = commission_on(sum(lines), (Band(0, rate),))
    assert abs(Fraction(got) - Fraction(sum(lines) * rate, 10_000)) <= Fraction(1, 2)


@given(bands, st.integers(1, 10**7))
def test_negative_takings_take_back_at_the_first_bands_rate(bands, refunded):
    assert commission_on(-refunded, bands) == half_up(
        Fraction(-refunded * bands[0].rate_bp, 10_000))


def test_a_free_redo_pays_nothing():
    assert period_commission(0, 0, Rates(TIERED, TIERED)).total == 0


def test_back_bar_cost_comes_off_service_takings_before_commission():
    rates = Rates((Band(0, 4000),), (Band(0, 1000),), deduct_back_bar=True)
    figures = period_commission(100_000, 20_000, rates, back_bar_cost=12_000)
    assert (figures.services_base, figures.back_bar_deducted) == (88_000, 12_000)
    assert (figures.on_services, figures.on_retail, figures.total) == (35_200, 2_000, 37_200)
    # Never more than there are takings to take it from; not at all unless the rates say.
    assert period_commission(5_000, 0, rates, back_bar_cost=9_000).on_services == 0
    assert period_commission(100_000, 0, Rates((Band(0, 4000),)),
                             back_bar_cost=12_000).on_services == 40_000


def test_rates_are_typed_said_and_stored():
    bands = parse_bands("30 %; 35 % from 3,000", parse)
    assert bands == TIERED
    assert bands_said(bands, money) == "30% up to €3,000.00, 35% above"
    assert parse_bands(bands_typed(bands, money), parse) == bands
    assert bands_from_stored(bands_stored(bands)) == bands
    assert parse_bands("12.5", parse) == (Band(0, 1250),)
    assert parse_bands("12,5", parse) == (Band(0, 1250),)


@pytest.mark.parametrize("typed", ["", "30; 35", "from 3000", "130", "30; 35 from 0",
                                   "30; 35 from 3000; 40 from 2000", "thirty"])
def test_unclear_rates_are_refused(typed):
    with pytest.raises(InvalidInput):
        parse_bands(typed, parse)


def test_pay_periods_monthly_from_a_day_of_the_month():
    start = date(2026, 1, 15)
    assert pay_period(date(2026, 3, 15), "monthly", start) == (date(2026, 3, 15),
                                                               date(2026, 4, 14))
    assert pay_period(date(2026, 3, 14), "monthly", start) == (date(2026, 2, 15),
                                                               date(2026, 3, 14))
    assert pay_period(date(2026, 12, 31), "monthly", date(2026, 1, 1)) == (
        date(2026, 12, 1), date(2026, 12, 31))


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.sampled_from(
    ["weekly", "fortnightly", "monthly"]), st.dates(date(2020, 1, 1), date(2030, 1, 28)))
def test_every_day_is_in_exactly_one_period_and_periods_follow_on(day, length, start):
    start = start.replace(day=min(start.day, 28))
    first, last = pay_period(day, length, start)
    assert first <= day <= last
    assert pay_period(last + timedelta(days=1), length, start)[0] == last + timedelta(days=1)
    assert pay_period(first - timedelta(days=1), length, start)[1] == first - timedelta(days=1)


def test_a_period_start_is_a_date_every_month_has():
    assert check_period_start(" 2026-02-01 ") == "2026-02-01"
    for typed in ("2026-01-31", "next monday"):
        with pytest.raises(InvalidInput):
            check_period_start(typed)
