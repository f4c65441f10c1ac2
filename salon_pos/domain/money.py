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


_AMOUNT_TEXT = re.compile(r"^(?P<sign>-)?(?P<whole>\d{1,12})?(?:[.,](?P<frac>\d*))?$")


def parse_amount(text: str, cur: Currency, *, allow_negative: bool = False) -> int:
    """Parse what a person typed ("12.50", "12,5", "€ 12", "1,250.00") into minor units."""
    cleaned = str(text).strip().replace(cur.symbol.strip(), "").replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "").replace("'", "")
    if not cleaned:
        raise InvalidInput("Please type an amount.")
    # A thousands separator is any separator followed by exactly three digits and another
    # separator later on ("1,250.00", "1.250,00").
    separators = [i for i, ch in enumerate(cleaned) if ch in ".,"]
    if len(separators) > 1:
        decimal_at = separators[-1]
        head = cleaned[:decimal_at].replace(",", "").replace(".", "")
        cleaned = head + "." + cleaned[decimal_at + 1 :]
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


def format_amount(minor: int, cur: Currency, *, symbol: bool = True) -> str:
    """12345 → "€123.45" (grouping with commas; locale-aware formatting comes with the GUI)."""
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), cur.unit)
    text = f"{whole:,}"
    if cur.digits:
        text += "." + str(frac).rjust(cur.digits, "0")
    return f"{sign}{cur.symbol if symbol else ''}{text}"


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
