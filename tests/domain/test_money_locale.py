"""Money as each locale writes it, and what people type at the counter."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import MAX_AMOUNT, currency, format_amount, number_style, parse_amount

EUR = currency("EUR")
LOCALES = ["en_IE", "en_GB", "de_DE", "fr_FR", "nl_NL", "pl_PL", "de_CH", "vi_VN", "xx_YY"]


@pytest.mark.parametrize(("locale", "shown"), [
    ("en_IE", "€1,234.50"),
    ("de_DE", "1.234,50\u00a0€"),
    ("fr_FR", "1\u202f234,50\u00a0€"),
    ("de_CH", "€1'234.50"),
    ("xx_YY", "€1,234.50"),  # unknown locales fall back to English style
])
def test_amounts_are_written_the_way_the_locale_writes_them(locale, shown):
    assert format_amount(123450, EUR, style=number_style(locale)) == shown


@given(st.integers(min_value=0, max_value=MAX_AMOUNT), st.sampled_from(LOCALES))
def test_what_the_salon_prints_reads_back_as_the_same_amount(minor, locale):
    style = number_style(locale)
    assert parse_amount(format_amount(minor, EUR, style=style), EUR, style=style) == minor


@pytest.mark.parametrize(("typed", "locale", "minor"), [
    ("12,50", "en_IE", 1250),  # a comma with two digits is a decimal mark anywhere
    ("1,250", "en_IE", 125000),  # …with three digits in English it groups thousands
    ("1.250", "de_DE", 125000),
    ("1.250,5", "de_DE", 125050),
    ("€ 45", "en_IE", 4500),
    (".5", "en_IE", 50),
])
def test_typed_amounts_are_understood_by_locale(typed, locale, minor):
    assert parse_amount(typed, EUR, style=number_style(locale)) == minor


@pytest.mark.parametrize("typed", ["1.250", "1,2,3", "12,34,56", "abc", "", "1e5", "--5"])
def test_unclear_amounts_are_refused_not_guessed(typed):
    with pytest.raises(InvalidInput):
        parse_amount(typed, EUR, style=number_style("en_IE"))


def test_yen_has_no_decimals():
    yen = currency("JPY")
    assert format_amount(1500, yen) == "¥1,500"
    with pytest.raises(InvalidInput, match="no decimals"):
        parse_amount("15.5", yen)
