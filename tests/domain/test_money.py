"""Money as integer minor units: rounding, parsing, formatting and amount checks."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import (
    CURRENCIES,
    MAX_AMOUNT,
    check_amount,
    currency,
    div_half_up,
    format_amount,
    number_style,
    parse_amount,
    percent_of,
    round_to_increment,
)

EUR = currency("EUR")
JPY = currency("JPY")
TWO_DIGIT = [c for c in CURRENCIES.values() if c.digits == 2]
ZERO_DIGIT = [c for c in CURRENCIES.values() if c.digits == 0]
LOCALES = ["en_IE", "en_GB", "ga_IE", "de_DE", "fr_FR", "nl_NL", "pl_PL", "sv_SE", "de_CH",
           "ja_JP", "vi_VN", "pt_BR", "xx_YY"]

amounts = st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT)


def half_away_from_zero(value: Fraction) -> int:
    """The reference rounding: to the nearest integer, halves away from zero."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


# --- rounding -----------------------------------------------------------------------------


@given(st.integers(min_value=-10**15, max_value=10**15), st.integers(min_value=1, max_value=10**6))
@example(5, 10)
@example(-5, 10)
@example(15, 10)
@example(-15, 10)
@example(0, 7)
def test_div_half_up_matches_fraction(numerator, denominator):
    assert div_half_up(numerator, denominator) == half_away_from_zero(
        Fraction(numerator, denominator)
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 10, 1), (4, 10, 0), (-5, 10, -1), (-4, 10, 0), (25, 10, 3), (-25, 10, -3), (7, 1, 7)],
)
def test_div_half_up_examples(numerator, denominator, expected):
    assert div_half_up(numerator, denominator) == expected


@pytest.mark.parametrize("denominator", [0, -1, -100])
def test_div_half_up_refuses_non_positive_denominator(denominator):
    with pytest.raises(ValueError):
        div_half_up(10, denominator)


@given(amounts, st.integers(min_value=0, max_value=10_000))
def test_percent_of_matches_fraction(amount, basis_points):
    assert percent_of(amount, basis_points) == half_away_from_zero(
        Fraction(amount * basis_points, 10_000)
    )


def test_percent_of_examples():
    assert percent_of(4500, 2000) == 900
    assert percent_of(15000, 2000) == 3000
    assert percent_of(1, 5000) == 1  # half a cent rounds up
    assert percent_of(-1, 5000) == -1  # and away from zero
    assert percent_of(12345, 0) == 0
    assert percent_of(12345, 10_000) == 12345


@given(amounts, st.integers(min_value=2, max_value=10_000))
@example(2, 5)
@example(3, 5)
@example(-3, 5)
@example(12347, 5)
def test_round_to_increment_matches_fraction(amount, increment):
    rounded = round_to_increment(amount, increment)
    assert rounded % increment == 0
    assert rounded == increment * half_away_from_zero(Fraction(amount, increment))
    assert abs(rounded - amount) * 2 <= increment


@given(amounts, st.integers(min_value=-5, max_value=1))
def test_round_to_increment_of_one_or_less_is_identity(amount, increment):
    assert round_to_increment(amount, increment) == amount


def test_round_to_increment_examples():
    assert round_to_increment(1232, 5) == 1230
    assert round_to_increment(1233, 5) == 1235
    assert round_to_increment(1237, 5) == 1235
    assert round_to_increment(1238, 5) == 1240
    assert round_to_increment(-1233, 5) == -1235


# --- parsing and formatting ---------------------------------------------------------------


@given(amounts, st.sampled_from(TWO_DIGIT), st.booleans())
def test_parse_format_round_trip_two_digit_currencies(amount, cur, symbol):
    text = format_amount(amount, cur, symbol=symbol)
    assert parse_amount(text, cur, allow_negative=True) == amount


@given(amounts, st.sampled_from(ZERO_DIGIT), st.booleans())
@example(1250, JPY, True)  # "¥1,250": the comma groups thousands, it is no decimal mark
@example(1_000_000, JPY, True)
def test_parse_format_round_trip_zero_digit_currencies(amount, cur, symbol):
    text = format_amount(amount, cur, symbol=symbol)
    assert parse_amount(text, cur, allow_negative=True) == amount


@given(amounts, st.sampled_from(list(CURRENCIES.values())), st.sampled_from(LOCALES),
       st.booleans())
def test_parse_format_round_trip_every_currency_and_locale(amount, cur, locale, symbol):
    style = number_style(locale)
    text = format_amount(amount, cur, symbol=symbol, style=style)
    assert parse_amount(text, cur, allow_negative=True, style=style) == amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.50", 1250),
        ("12,5", 1250),
        ("€ 12", 1200),
        ("€12", 1200),
        ("1,250.00", 125000),
        ("1.250,00", 125000),
        ("1 250,00", 125000),
        ("1\u00a0250,00", 125000),
        ("1'250.00", 125000),
        ("0.05", 5),
        (".5", 50),
        ("7.", 700),
        ("  3  ", 300),
        ("1,000,000.00", 100_000_000),
    ],
)
def test_parse_amount_accepts_what_people_type(text, expected):
    assert parse_amount(text, EUR) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "€", "abc", "12.345", "1.2.3x", "--5", "5-", "1e3", ".", ","]
)
def test_parse_amount_refuses_nonsense(text):
    with pytest.raises(InvalidInput):
        parse_amount(text, EUR)


@pytest.mark.parametrize(
    "text", ["12.50.5", "1.2.3", "12,34.56", "1,25.00", "1,2345.00", "12.5.0."]
)
def test_parse_amount_refuses_misplaced_thousands_separators(text):
    """A typo such as "12.50.5" must not become €1,250.50 (it once did)."""
    with pytest.raises(InvalidInput):
        parse_amount(text, EUR)


def test_parse_amount_negative_only_when_allowed():
    with pytest.raises(InvalidInput, match="negative"):
        parse_amount("-5", EUR)
    assert parse_amount("-5", EUR, allow_negative=True) == -500


def test_parse_amount_refuses_absurd_amounts():
    assert parse_amount("10000000", EUR) == MAX_AMOUNT
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount("10000000.01", EUR)


def test_parse_amount_zero_digit_currency():
    assert parse_amount("¥500", JPY) == 500
    with pytest.raises(InvalidInput, match="no decimals"):
        parse_amount("500.5", JPY)


@pytest.mark.parametrize(
    ("minor", "cur", "expected"),
    [
        (12345, EUR, "€123.45"),
        (5, EUR, "€0.05"),
        (0, EUR, "€0.00"),
        (-1250, EUR, "-€12.50"),
        (123456789, EUR, "€1,234,567.89"),
        (500, JPY, "¥500"),
        (1999, currency("chf"), "CHF 19.99"),
    ],
)
def test_format_amount_examples(minor, cur, expected):
    assert format_amount(minor, cur) == expected


def test_format_amount_without_symbol():
    assert format_amount(12345, EUR, symbol=False) == "123.45"


def test_currency_lookup():
    assert currency("eur") is CURRENCIES["EUR"]
    assert EUR.unit == 100
    assert JPY.unit == 1
    with pytest.raises(InvalidInput, match="Unknown currency"):
        currency("XYZ")


# --- amount checks ------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=MAX_AMOUNT))
def test_check_amount_accepts_whole_positive_amounts(amount):
    assert check_amount(amount, "price") == amount


@pytest.mark.parametrize("bad", [-1, MAX_AMOUNT + 1, 1.5, 10.0, "10", None, True, False])
def test_check_amount_refuses(bad):
    with pytest.raises(InvalidInput):
        check_amount(bad, "price")


def test_check_amount_zero_only_when_allowed():
    with pytest.raises(InvalidInput, match="more than zero"):
        check_amount(0, "payment")
    assert check_amount(0, "tip", allow_zero=True) == 0
