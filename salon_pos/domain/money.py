"""Money as integer minor units: the one parser, the one formatter, the one place for rounding.

Amounts are plain `int`s counted in the currency's minor unit (cents, pence, paise);
floats never appear. `Currency` knows how many minor digits a currency has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salon_pos.domain.errors import InvalidInput


@dataclass(frozen=True)
class Currency:
    code: str
    digits: int
    symbol: str

    @property
    def unit(self) -> int:
        """Minor units in one major unit (100 for euro cents)."""
        return 10**self.digits


CURRENCIES: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency("EUR", 2, "€"),
        Currency("GBP", 2, "£"),
        Currency("USD", 2, "$"),
        Currency("CAD", 2, "$"),
        Currency("AUD", 2, "$"),
        Currency("NZD", 2, "$"),
        Currency("CHF", 2, "CHF "),
        Currency("SEK", 2, "kr "),
        Currency("NOK", 2, "kr "),
        Currency("DKK", 2, "kr "),
        Currency("PLN", 2, "zł "),
        Currency("INR", 2, "₹"),
        Currency("ZAR", 2, "R"),
        Currency("JPY", 0, "¥"),
        Currency("KRW", 0, "₩"),
        Currency("VND", 0, "₫"),
    )
}

# Largest amount a single line, tender or setting may hold: 10 million major units of a
# two-digit currency. Anything beyond is a typing mistake, not a salon bill.
MAX_AMOUNT = 1_000_000_000


def currency(code: str) -> Currency:
    try:
        return CURRENCIES[code.upper()]
    except KeyError:
        raise InvalidInput(f"Unknown currency “{code}”.") from None


def div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers only."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    quotient, remainder = divmod(abs(numerator), denominator)
    if remainder * 2 >= denominator:
        quotient += 1
    return sign * quotient


def percent_of(amount: int, basis_points: int) -> int:
    """`basis_points` / 100 percent of `amount` (2000 bp = 20 %), rounded half-up."""
    return div_half_up(amount * basis_points, 10_000)


def round_to_increment(amount: int, increment: int) -> int:
    """Round to the nearest multiple of `increment` (cash rounding), halves away from zero."""
    if increment <= 1:
        return amount
    return div_half_up(amount, increment) * increment


@dataclass(frozen=True)
class NumberStyle:
    """How a locale writes money: separators, and the symbol before or after."""

    decimal: str = "."
    group: str = ","
    symbol_after: bool = False


_COMMA_DECIMAL = NumberStyle(",", ".", True)
_STYLES = {
    "en": NumberStyle(), "ga": NumberStyle(), "ja": NumberStyle(), "zh": NumberStyle(),
    "ko": NumberStyle(), "hi": NumberStyle(), "de": _COMMA_DECIMAL, "es": _COMMA_DECIMAL,
    "it": _COMMA_DECIMAL, "nl": NumberStyle(",", ".", False), "pt": _COMMA_DECIMAL,
    "vi": _COMMA_DECIMAL, "da": _COMMA_DECIMAL, "fr": NumberStyle(",", "\u202f", True),
    "pl": NumberStyle(",", "\u00a0", True), "sv": NumberStyle(",", "\u00a0", True),
    "nb": NumberStyle(",", "\u00a0", True), "fi": NumberStyle(",", "\u00a0", True),
    "de_CH": NumberStyle(".", "'", False),
}


def number_style(locale: str) -> NumberStyle:
    """The style of a locale such as "en_IE" or "fr_FR" (English style when unknown)."""
    return _STYLES.get(locale, _STYLES.get(locale.split("_")[0].lower(), NumberStyle()))


_GROUPED = re.compile(r"^-?(\d*|\d{1,3}([.,]\d{3})+)$")
_AMOUNT_TEXT = re.compile(r"^(?P<sign>-)?(?P<whole>\d{1,12})?(?:[.,](?P<frac>\d*))?$")


def parse_amount(text: str, cur: Currency, *, allow_negative: bool = False,
                 style: NumberStyle | None = None) -> int:
    """Parse what a person typed ("12.50", "12,5", "€ 12", "1,250.00") into minor units.

    The last "." or "," is the decimal mark, unless it is the locale's grouping mark with
    exactly three digits after it ("1,250" in English, "1.250" in German); every other mark
    is grouping. What stays ambiguous is refused rather than guessed.
    """
    style = style or NumberStyle()
    cleaned = str(text).strip().replace(cur.symbol.strip(), "")
    for space in (" ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(space, "")
    if not cleaned:
        raise InvalidInput("Please type an amount.")
    marks = [i for i, ch in enumerate(cleaned) if ch in ".,"]
    if marks:
        last = marks[-1]
        grouping = cleaned[last] == style.group and len(cleaned) - last - 1 == 3
        head, tail = cleaned[:last], cleaned[last + 1 :]
        if not _GROUPED.match(head):
            raise InvalidInput(f"“{text}” is not an amount of money.")
        head = head.replace(",", "").replace(".", "")
        cleaned = head + tail if grouping else head + "." + tail
    match = _AMOUNT_TEXT.match(cleaned)
    if not match or (match["whole"] is None and not match["frac"]):
        raise InvalidInput(f"“{text}” is not an amount of money.")
    frac = match["frac"] or ""
    if len(frac) > cur.digits:
        if cur.digits == 0:
            raise InvalidInput(f"{cur.code} amounts have no decimals: “{text}”.")
        raise InvalidInput(f"{cur.code} amounts have at most {cur.digits} decimals: “{text}”.")
    minor = int(match["whole"] or "0") * cur.unit + int(frac.ljust(cur.digits, "0") or "0")
    if match["sign"]:
        if not allow_negative:
            raise InvalidInput("The amount cannot be negative.")
        minor = -minor
    if abs(minor) > MAX_AMOUNT:
        raise InvalidInput(f"“{text}” is far too large for an amount.")
    return minor


def format_amount(minor: int, cur: Currency, *, symbol: bool = True,
                  style: NumberStyle = NumberStyle()) -> str:
    """12345 → "€123.45" in English, "123,45 €" in German."""
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), cur.unit)
    text = f"{whole:,}".replace(",", style.group)
    if cur.digits:
        text += style.decimal + str(frac).rjust(cur.digits, "0")
    if not symbol:
        return sign + text
    mark = cur.symbol.strip()
    if style.symbol_after:
        return f"{sign}{text}\u00a0{mark}"
    return f"{sign}{cur.symbol}{text}"


def check_amount(amount: int, what: str, *, allow_zero: bool = False) -> int:
    """Refuse amounts that are not whole minor units, negative, zero (unless allowed) or absurd."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidInput(f"The {what} must be a whole number of minor units.")
    if amount < 0:
        raise InvalidInput(f"The {what} cannot be negative.")
    if amount == 0 and not allow_zero:
        raise InvalidInput(f"The {what} must be more than zero.")
    if amount > MAX_AMOUNT:
        raise InvalidInput(f"The {what} is far too large.")
    return amount
