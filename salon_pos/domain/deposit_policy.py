"""How much deposit a booking needs, and why — in words the front desk can read out.

The rule comes from the salon's settings, overridden per service and per client:
- a deposit is due when the booked total is at or over the threshold, when a booked service
  says "always", when the client's rule says "always", or when the client has N or more
  no-shows / late cancels in the last 12 months;
- a client whose rule says "never" (a manager's decision) pays none, whatever else applies;
- a service whose rule says "never" does not by itself make the booking reach the threshold
  (a booking of only such services needs none), but counts in a booking with other services;
- with the salon's kind "none" there is no threshold, but services and clients that say
  "always", and the no-show history, still ask for one (by the percent rule);
- the amount is the fixed amount, or a percent of the booked total kept between a minimum
  and a maximum; never more than the booked total itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from salon_pos.domain.money import percent_of


class DepositRule(StrEnum):
    POLICY = "policy"  # follow the salon's settings
    ALWAYS = "always"
    NEVER = "never"


class DepositKind(StrEnum):
    NONE = "none"
    FIXED = "fixed"
    PERCENT = "percent"


@dataclass(frozen=True)
class DepositPolicy:
    kind: DepositKind = DepositKind.PERCENT
    percent_bp: int = 2000  # 20 %
    fixed_amount: int = 1000
    minimum: int = 1000
    maximum: int = 5000
    threshold: int = 6000  # bookings of this total or more need a deposit
    history_count: int = 1  # no-shows + late cancels in 12 months that make one due


@dataclass(frozen=True)
class BookedItem:
    name: str
    price: int
    deposit_rule: DepositRule = DepositRule.POLICY


@dataclass(frozen=True)
class DepositDecision:
    amount: int
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        if not self.reasons:
            return "No deposit is needed for this booking."
        return "Deposit due: " + "; ".join(self.reasons) + "."


def deposit_due(
    policy: DepositPolicy,
    items: list[BookedItem],
    client_rule: DepositRule,
    missed_in_last_year: int,
    format_money,
) -> DepositDecision:
    """Decide the deposit for a booking; `format_money(int) -> str` words the reasons."""
    total = sum(item.price for item in items)
    if total <= 0:
        return DepositDecision(0, ())
    reasons = _reasons_due(policy, items, client_rule, missed_in_last_year, total, format_money)
    if not reasons:
        return DepositDecision(0, ())
    amount = _amount(policy, total)
    if amount <= 0:
        return DepositDecision(0, ())
    return DepositDecision(amount, tuple(reasons))


def _reasons_due(policy, items, client_rule, missed, total, format_money) -> list[str]:
    if client_rule == DepositRule.NEVER:
        return []
    reasons: list[str] = []
    if client_rule == DepositRule.ALWAYS:
        reasons.append("this client's record asks for a deposit on every booking")
    if policy.history_count > 0 and missed >= policy.history_count:
        times = "once" if missed == 1 else f"{missed} times"
        reasons.append(f"the client missed or cancelled late {times} in the last 12 months")
    asked = [item.name for item in items if item.deposit_rule == DepositRule.ALWAYS]
    if asked:
        verb = "takes" if len(asked) == 1 else "take"
        reasons.append(f"{', '.join(asked)} always {verb} a deposit")
    exempt = all(item.deposit_rule == DepositRule.NEVER for item in items)
    over_threshold = policy.threshold > 0 and total >= policy.threshold
    if policy.kind != DepositKind.NONE and not exempt and over_threshold:
        reasons.append(
            f"the booking comes to {format_money(total)}, "
            f"at or over the {format_money(policy.threshold)} threshold"
        )
    return reasons


def _amount(policy: DepositPolicy, total: int) -> int:
    if policy.kind == DepositKind.FIXED:
        amount = policy.fixed_amount
    else:
        # A deposit asked for by a service or client when the salon's own rule is "none"
        # still needs an amount: the percent rule gives it.
        amount = percent_of(total, policy.percent_bp)
        amount = max(amount, policy.minimum)
        if policy.maximum > 0:
            amount = min(amount, policy.maximum)
    return min(amount, total)
