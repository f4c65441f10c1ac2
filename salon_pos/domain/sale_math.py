"""A sale's arithmetic: line tax (inclusive or exclusive, half-up per line), totals per
tax rate, and how tenders, the deposit, cash rounding and change settle the bill."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import div_half_up, round_to_increment
from salon_pos.domain.ways_to_pay import Use, is_cash, pays_before_deposit, ways_to_pay


def rate_label(rate_bp: int) -> str:
    """A tax rate as people write it: 2300 → "23%", 1350 → "13.5%"."""
    whole, part = divmod(rate_bp, 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


@dataclass(frozen=True)
class LineInput:
    quantity: int
    unit_price: int
    discount: int
    tax_rate_bp: int  # 2000 = 20 %


@dataclass(frozen=True)
class LineTotals:
    gross: int  # what the client pays for the line, tax included
    net: int
    tax: int


def tax_included(gross: int, rate_bp: int) -> int:
    """The tax inside a tax-inclusive amount, rounded half-up to the minor unit."""
    return div_half_up(gross * rate_bp, 10_000 + rate_bp)


def line_totals(line: LineInput, prices_include_tax: bool) -> LineTotals:
    """Tax of one line, rounded half-up to the minor unit."""
    amount = line.quantity * line.unit_price - line.discount
    if prices_include_tax:
        tax = tax_included(amount, line.tax_rate_bp)
        return LineTotals(gross=amount, net=amount - tax, tax=tax)
    tax = div_half_up(amount * line.tax_rate_bp, 10_000)
    return LineTotals(gross=amount + tax, net=amount, tax=tax)


@dataclass(frozen=True)
class RateTotals:
    rate_bp: int
    net: int
    tax: int

    @property
    def gross(self) -> int:
        return self.net + self.tax


@dataclass(frozen=True)
class SaleTotals:
    lines: tuple[LineTotals, ...]
    by_rate: tuple[RateTotals, ...]
    total: int  # tax included, before tips and rounding
    net: int
    tax: int


def sale_totals(lines: list[LineInput], prices_include_tax: bool) -> SaleTotals:
    computed = tuple(line_totals(line, prices_include_tax) for line in lines)
    per_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for line, result in zip(lines, computed, strict=True):
        per_rate[line.tax_rate_bp][0] += result.net
        per_rate[line.tax_rate_bp][1] += result.tax
    by_rate = tuple(RateTotals(rate, net, tax) for rate, (net, tax) in sorted(per_rate.items()))
    return SaleTotals(
        lines=computed,
        by_rate=by_rate,
        total=sum(r.gross for r in computed),
        net=sum(r.net for r in computed),
        tax=sum(r.tax for r in computed),
    )


def income_by_category_and_rate(parts: Iterable[tuple[str, int, int, int]]
                                ) -> list[tuple[str, int, int, int]]:
    """(category, tax rate, gross, tax) of each line summed per category and rate, in that
    order: a sale's income (or a refund's) is one journal entry per pair."""
    totals: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for category, rate, gross, tax in parts:
        totals[(category, rate)][0] += gross
        totals[(category, rate)][1] += tax
    return [(category, rate, gross, tax) for (category, rate), (gross, tax)
            in sorted(totals.items())]


@dataclass(frozen=True)
class Settlement:
    """How a bill of `due` (total + tips) is paid."""

    due: int
    deposit_applied: int
    deposit_excess: int  # deposit left over once the bill is paid: refund or credit
    payments: dict[str, int] = field(default_factory=dict)  # per tender, cash as handed over
    rounding: int = 0  # cash rounding: added to what the client owes (may be negative)
    change: int = 0

    @property
    def paid(self) -> int:
        return self.deposit_applied + sum(self.payments.values()) - self.change


def settle(
    due: int, deposit_held: int, tenders: list[tuple[str, int]], cash_increment: int,
    money: Callable[[int], str] = str,
) -> Settlement:
    """Apply the deposit first (after course sessions, which pay their own lines), then
    the tenders; refuse anything that does not add up.

    Only cash can be over-tendered (the difference is change). When cash pays what is left
    (or what is left rounds to nothing), that remainder is rounded to the cash increment and
    the rounding is its own line.
    """
    applied = deposit_applied(due, deposit_held, tenders)
    left = due - applied
    payments: dict[str, int] = defaultdict(int)
    for method, amount in tenders:
        payments[str(method)] += amount
    cash, non_cash = _cash_and_rest(payments.items())
    if non_cash > left:
        raise InvalidInput(
            f"The {_not_cash_names()} amounts are more than what is left to pay "
            f"({money(left)})."
        )
    cash_due = left - non_cash
    rounding = 0
    rounded = round_to_increment(cash_due, cash_increment)
    if cash or rounded == 0:  # paid in cash, or so little is left that cash would be nothing
        rounding = rounded - cash_due
        cash_due = rounded
    if cash < cash_due:
        still = cash_due - cash
        how = " in cash (rounded)" if rounding and cash else ""
        raise InvalidInput(f"The tenders do not cover the bill yet: {money(still)} still to "
                           f"pay{how}.")
    change = cash - cash_due
    return Settlement(
        due=due,
        deposit_applied=applied,
        deposit_excess=deposit_held - applied,
        payments=dict(payments),
        rounding=rounding,
        change=change,
    )


def deposit_applied(due: int, deposit_held: int, tenders: Iterable[tuple[str, int]]) -> int:
    """The part of the deposit held that pays the bill: all of it up to what is due,
    after what the ways that pay before the deposit (course sessions) pay."""
    first = sum(amount for method, amount in tenders if pays_before_deposit(method))
    return max(0, min(deposit_held, due - first))


def remaining_due(due: int, deposit_held: int, tenders: list[tuple[str, int]]) -> int:
    """What is still to pay before rounding (never negative)."""
    return max(0, due - deposit_applied(due, deposit_held, tenders)
               - sum(amount for _, amount in tenders))


def cash_still_due(
    due: int, deposit_held: int, tenders: list[tuple[str, int]], cash_increment: int
) -> int:
    """The cash still to hand over if the rest is paid in cash: the same rounding as
    `settle`, so what the screen asks for is exactly what closes the sale."""
    left = due - deposit_applied(due, deposit_held, tenders)
    cash, non_cash = _cash_and_rest(tenders)
    cash_due = round_to_increment(max(0, left - non_cash), cash_increment)
    return max(0, cash_due - cash)


def _cash_and_rest(tenders: Iterable[tuple[str, int]]) -> tuple[int, int]:
    """What the tenders hand over in cash, and by every other way."""
    cash = rest = 0
    for method, amount in tenders:
        if is_cash(method):
            cash += amount
        else:
            rest += amount
    return cash, rest


def _not_cash_names() -> str:
    """The ways the desk takes at checkout, but cash (a course session is no tender)."""
    names = [way.label.lower() for way in ways_to_pay(Use.SALE) if not way.counts_as_cash]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
