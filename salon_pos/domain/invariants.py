"""The ledger's invariants, checked by replaying the journal once from the start.

Every problem is reported (not just the first), each naming the entry where it appeared:
- a booking's deposits held = taken − applied − refunded − forfeited − moved to credit ≥ 0;
- no money held goes below zero (credit, what a client owes on a house account, a gift
  voucher's balance, what a prepaid course holds);
- per closed sale, tenders − change = total + tips + cash rounding;
- the drawer's expected cash = opening float + cash in − cash out (derived here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from salon_pos.domain.journal import Entry, Kind, balance_effects
from salon_pos.domain.money_held import MONEY_HELD

# Money held for clients never goes below zero; the drawer may (a count says more).
_NEVER_NEGATIVE = {code: kind.overdrawn for code, kind in MONEY_HELD.items()}

# Contribution of each kind to a sale's "paid" side and "owed" side.
_SALE_PAID = {Kind.PAYMENT: 1, Kind.DEPOSIT_APPLIED: 1, Kind.CHANGE_GIVEN: -1}
_SALE_OWED = {Kind.SALE_INCOME: 1, Kind.VOUCHER_SOLD: 1, Kind.COURSE_SOLD: 1, Kind.TIP: 1,
              Kind.CASH_ROUNDING: 1}


@dataclass
class LedgerReplay:
    balances: dict[str, dict[object, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    sale_paid: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sale_owed: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sale_last_seq: dict[int, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        for balance, key, delta in balance_effects(entry):
            balances = self.balances[balance]
            value = balances[key] = balances[key] + delta
            if value < 0 and balance in _NEVER_NEGATIVE:
                self.problems.append((entry.seq, _NEVER_NEGATIVE[balance].format(key=key)))
        sale, kind = entry.sale_id, entry.kind
        # Refunds are neither: a refunded sale still balances as it was closed.
        if sale is not None and (kind in _SALE_PAID or kind in _SALE_OWED):
            self.sale_paid[sale] += _SALE_PAID.get(kind, 0) * entry.amount
            self.sale_owed[sale] += _SALE_OWED.get(kind, 0) * entry.amount
            self.sale_last_seq[sale] = entry.seq

    def finish(self) -> list[tuple[int, str]]:
        """All problems found, the per-sale balance included, in journal order."""
        problems = list(self.problems)
        for sale_id, paid in self.sale_paid.items():
            owed = self.sale_owed[sale_id]
            if paid != owed:
                problems.append(
                    (
                        self.sale_last_seq[sale_id],
                        f"sale {sale_id} was paid {paid} but owed {owed} (tenders − change "
                        "should equal total + tips + rounding)",
                    )
                )
        return sorted(problems)

    def balance(self, name: str, key: object) -> int:
        return self.balances[name].get(key, 0)


def replay(entries: Iterable[Entry]) -> LedgerReplay:
    ledger = LedgerReplay()
    for entry in entries:
        ledger.add(entry)
    return ledger
