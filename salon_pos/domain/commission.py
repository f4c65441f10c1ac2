"""Stylists' commission: rates in bands by takings, pay periods, and a stylist's figures
for one period.

A rate is a list of bands, like tax bands: "30 % up to 3,000, 35 % above" pays 30 % on the
first 3,000 of the period's takings and 35 % only on the part above. Commission is worked
out on the period's net takings (sales closed in it, less refunds made in it), net of
discounts and tax, exactly in integers, and rounded half-up once per stylist, period and
kind of takings — never per line, so many small lines cannot drift. Takings that are
negative (more refunded in the period than sold) take commission back at the first band's
rate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import div_half_up
from salon_pos.domain.sale_math import rate_label

FULL_RATE_BP = 10_000
MAX_BANDS = 6


@dataclass(frozen=True)
class Band:
    start: int  # takings (minor units) from which this rate applies
    rate_bp: int  # 3000 = 30 %


Bands = tuple[Band, ...]
NO_COMMISSION: Bands = (Band(0, 0),)


def check_bands(bands: Bands) -> Bands:
    """Bands that start at 0, rise strictly, and each pay 0–100 %."""
    if not 1 <= len(bands) <= MAX_BANDS:
        raise InvalidInput(f"A rate has 1 to {MAX_BANDS} bands.")
    if bands[0].start != 0:
        raise InvalidInput("The first band of a rate starts at nothing taken.")
    for before, after in zip(bands, bands[1:], strict=False):
        if after.start <= before.start:
            raise InvalidInput("Each band of a rate starts above the one before.")
    if any(not 0 <= band.rate_bp <= FULL_RATE_BP for band in bands):
        raise InvalidInput("A commission rate is between 0 % and 100 %.")
    return bands


def commission_on(takings: int, bands: Bands) -> int:
    """The commission on a period's takings, each band's rate on the part in that band,
    rounded half-up once."""
    return div_half_up(_exact(takings, bands), FULL_RATE_BP)


def _exact(takings: int, bands: Bands) -> int:
    """Commission in minor units × 10,000 (no rounding)."""
    if takings <= 0:
        return takings * bands[0].rate_bp
    total = 0
    for band, following in zip(bands, (*bands[1:], None), strict=True):
        top = takings if following is None else min(takings, following.start)
        if top > band.start:
            total += (top - band.start) * band.rate_bp
    return total


# --- rates as stored and as people write them ---------------------------------------------

def bands_stored(bands: Bands) -> str:
    """Bands as a column keeps them: "3000bp@0 3500bp@300000" (rate in basis points @ the
    takings it starts from; every rate touches letters, so no run of digits in a journal
    memo looks like a card number)."""
    return " ".join(f"{band.rate_bp}bp@{band.start}" for band in bands)


def bands_from_stored(text: str) -> Bands:
    try:
        return tuple(Band(int(start), int(rate.removesuffix("bp"))) for rate, start in
                     (word.split("@") for word in text.split()))
    except ValueError:
        return NO_COMMISSION  # not written by Salon POS: verify names the row


_RATE = re.compile(r"\s*([0-9]{1,3}(?:[.,][0-9]{1,2})?)\s*%?\s*(?:from\s+(.+?))?\s*")


def parse_bands(text: str, parse_money: Callable[[str], int]) -> Bands:
    """"30" or "30 %; 35 % from 3000": the first rate, then, after a semicolon, each
    higher rate with the takings it starts from (typed in the salon's money)."""
    parts = [part for part in text.split(";") if part.strip()]
    if not parts:
        raise InvalidInput("Type a rate, such as “30” or “30; 35 from 3000”.")
    bands = []
    for number, part in enumerate(parts):
        found = _RATE.fullmatch(part)
        if not found or (number == 0) != (found.group(2) is None):
            raise InvalidInput(f"“{part.strip()}” is not a rate: type “30” for the first, "
                               "then “35 from 3000” for each higher band.")
        whole, _, cents = found.group(1).replace(",", ".").partition(".")
        rate_bp = int(whole) * 100 + int((cents + "00")[:2])
        start = 0 if number == 0 else parse_money(found.group(2))
        bands.append(Band(start, rate_bp))
    return check_bands(tuple(bands))


def bands_said(bands: Bands, money: Callable[[int], str]) -> str:
    """"30 % up to €3,000.00, 35 % above" — as the report and the screens say a rate."""
    if len(bands) == 1:
        return rate_label(bands[0].rate_bp)
    said = []
    for band, following in zip(bands, (*bands[1:], None), strict=True):
        reach = "above" if following is None else f"up to {money(following.start)}"
        said.append(f"{rate_label(band.rate_bp)} {reach}")
    return ", ".join(said)


def bands_typed(bands: Bands, money: Callable[[int], str]) -> str:
    """Bands as `parse_bands` reads them back ("30; 35 from €3,000.00")."""
    words = [rate_label(bands[0].rate_bp).rstrip("%")]
    words += [f"{rate_label(band.rate_bp).rstrip('%')} from {money(band.start)}"
              for band in bands[1:]]
    return "; ".join(words)


# --- a stylist's period -------------------------------------------------------------------

@dataclass(frozen=True)
class Rates:
    """A level's rates (a stylist on their own rates has a level of their own)."""

    services: Bands = NO_COMMISSION
    retail: Bands = NO_COMMISSION
    deduct_back_bar: bool = False  # the cost of products used in services comes off first


@dataclass(frozen=True)
class PeriodCommission:
    services_base: int  # service takings less the back-bar cost deducted
    back_bar_deducted: int
    on_services: int
    on_retail: int

    @property
    def total(self) -> int:
        return self.on_services + self.on_retail


def period_commission(services: int, retail: int, rates: Rates,
                      back_bar_cost: int = 0) -> PeriodCommission:
    """A stylist's commission for a period's net takings. Back-bar cost, when the rates
    deduct it, comes off the service takings — never more than there is to take it from."""
    deducted = min(back_bar_cost, max(services, 0)) if rates.deduct_back_bar else 0
    base = services - deducted
    return PeriodCommission(base, deducted, commission_on(base, rates.services),
                            commission_on(retail, rates.retail))


# --- pay periods ----------------------------------------------------------------------------

PERIOD_LENGTHS = ("weekly", "fortnightly", "monthly")
LATEST_MONTHLY_START = 28  # a day every month has


def pay_period(day: date, length: str, first_day: date) -> tuple[date, date]:
    """The pay period (first and last day) that `day` falls in, periods of `length`
    counted on from `first_day` (a monthly period starts on that day of each month)."""
    if length == "monthly":
        start = first_day.day
        month = day.year * 12 + day.month - 1 - (day.day < start)
        first = date(month // 12, month % 12 + 1, start)
        month += 1
        return first, date(month // 12, month % 12 + 1, start) - timedelta(days=1)
    days = 7 if length == "weekly" else 14
    first = first_day + timedelta(days=(day - first_day).days // days * days)
    return first, first + timedelta(days=days - 1)


def check_period_start(text: str) -> str:
    """The first day of a pay period, as YYYY-MM-DD (a monthly one on day 1–28)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("The first day of a pay period is a date, such as 2026-01-01."
                           ) from None
    if day.day > LATEST_MONTHLY_START:
        raise InvalidInput("Pay periods start on day 1 to 28 of a month (every month has "
                           "that day).")
    return day.isoformat()
