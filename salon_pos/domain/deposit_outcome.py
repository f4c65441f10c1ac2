"""What became of a booking's deposit, as the desk reads it: still due, held, applied to
the bill, kept as a fee, refunded, or moved to the client's credit — worked out from the
booking's deposit entries in the journal, never from what was once asked for alone.

A deposit can end in more than one way (€30 taken, €20 applied to a €20 bill, €10 given
back), so the outcome is a few parts, each an amount and what happened to it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind
from salon_pos.domain.money_held import CLIENT_CREDIT
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY


class DepositFate(StrEnum):
    DUE = "due"  # asked for and not (all) taken yet, while the booking waits for the client
    HELD = "held"
    KEPT = "kept"  # as a no-show or late-cancellation fee
    APPLIED = "applied"  # to the bill at checkout
    CREDITED = "credited"  # to the client's credit
    REFUNDED = "refunded"

    @property
    def sentence(self) -> str:
        """In a sentence: "Deposit €15.00 applied to the bill"."""
        return _SENTENCES[self]


_SENTENCES = {
    DepositFate.DUE: "due, not taken yet",
    DepositFate.HELD: "held",
    DepositFate.KEPT: "kept as the fee",
    DepositFate.APPLIED: "applied to the bill",
    DepositFate.CREDITED: "moved to the client's credit",
    DepositFate.REFUNDED: "refunded",
}


@dataclass(frozen=True)
class DepositOutcome:
    parts: tuple[tuple[DepositFate, int], ...]  # amounts above zero, in DepositFate's order

    def amount(self, fate: DepositFate) -> int:
        return sum(amount for part, amount in self.parts if part is fate)

    @property
    def held(self) -> int:
        return self.amount(DepositFate.HELD)

    @property
    def due(self) -> int:
        """What is still to take."""
        return self.amount(DepositFate.DUE)


def deposit_outcome(status: str, due: int,
                    movements: Iterable[tuple[str, str, int]]) -> DepositOutcome:
    """`movements`: the booking's journal entries as (kind, method, amount) — entries of
    other kinds are passed over. What was asked for is due only while the booking still
    waits for the client (once they came, checkout settles the bill)."""
    found = dict.fromkeys(DepositFate, 0)
    held = 0
    for kind, method, amount in movements:
        if kind in DEPOSIT_HELD_SIGNS:
            held += DEPOSIT_HELD_SIGNS[Kind(kind)] * amount
        if kind == Kind.DEPOSIT_APPLIED:
            found[DepositFate.APPLIED] += amount
        elif kind == Kind.DEPOSIT_FORFEITED:
            found[DepositFate.KEPT] += amount
        elif kind == Kind.DEPOSIT_TO_CREDIT:
            found[DepositFate.CREDITED] += amount
        elif kind in (Kind.DEPOSIT_REFUNDED, Kind.FEE_REFUNDED):
            if kind == Kind.FEE_REFUNDED:  # a kept fee given back is no longer kept
                found[DepositFate.KEPT] -= amount
            to_credit = _is_client_credit(method)
            found[DepositFate.CREDITED if to_credit else DepositFate.REFUNDED] += amount
    found[DepositFate.HELD] = held
    if status == BookingStatus.BOOKED:
        found[DepositFate.DUE] = max(0, due - held)
    return DepositOutcome(tuple((fate, amount) for fate, amount in found.items() if amount > 0))


def _is_client_credit(method: str) -> bool:
    way = WAYS_TO_PAY.get(method)
    return way is not None and way.draws_on is CLIENT_CREDIT
