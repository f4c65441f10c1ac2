"""The ledger's invariants, checked by replaying the journal once from the start.

Every problem is reported (not just the first), each naming the entry where it appeared:
- a booking's deposits held = taken − applied − refunded − forfeited − moved to credit ≥ 0;
- no money held goes below zero (credit, what a client owes on a house account, a gift
  voucher's balance, what a prepaid course holds);
- per closed sale, tenders − change = total + tips + cash rounding;
- the drawer's expected cash = opening float + cash in − cash out (derived here).

A journal may also be replayed in consecutive parts, apart, each from nothing, and the
parts joined (`join_replays`).
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
SALE_PAID = {Kind.PAYMENT: 1, Kind.DEPOSIT_APPLIED: 1, Kind.CHANGE_GIVEN: -1}
SALE_OWED = {Kind.SALE_INCOME: 1, Kind.VOUCHER_SOLD: 1, Kind.COURSE_SOLD: 1, Kind.TIP: 1,
             Kind.CASH_ROUNDING: 1}


def _balances() -> dict[object, int]:
    return defaultdict(int)  # a module-level factory: a replay can be pickled


@dataclass
class LedgerReplay:
    balances: dict[str, dict[object, int]] = field(
        default_factory=lambda: defaultdict(_balances)
    )
    sale_paid: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sale_owed: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sale_last_seq: dict[int, int] = field(default_factory=dict)
    # (seq, balance, key, value) wherever money held went below zero.
    below: list[tuple[int, str, object, int]] = field(default_factory=list)
    # False: balances only (`verify` checks each sale's money with the rest of the sale).
    sales: bool = True

    def add(self, entry: Entry) -> None:
        self.move(entry.seq, balance_effects(entry))
        sale, kind = entry.sale_id, entry.kind
        # Refunds are neither: a refunded sale still balances as it was closed.
        if sale is not None and self.sales and (kind in SALE_PAID or kind in SALE_OWED):
            self.sale_paid[sale] += SALE_PAID.get(kind, 0) * entry.amount
            self.sale_owed[sale] += SALE_OWED.get(kind, 0) * entry.amount
            self.sale_last_seq[sale] = entry.seq

    def move(self, seq: int, effects: Iterable[tuple[str, object, int]]) -> None:
        """The balances entry `seq` moves (`balance_effects`), without its sale."""
        for balance, key, delta in effects:
            balances = self.balances[balance]
            value = balances[key] = balances[key] + delta
            if value < 0 and balance in _NEVER_NEGATIVE:
                self.below.append((seq, balance, key, value))

    def finish(self) -> list[tuple[int, str]]:
        """All problems found, the per-sale balance included, in journal order."""
        problems = self.below_zero()
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

    def below_zero(self) -> list[tuple[int, str]]:
        """Where money held went below zero, and whose."""
        return [(seq, _NEVER_NEGATIVE[balance].format(key=key))
                for seq, balance, key, _value in self.below]


def join_replays(parts: Iterable[LedgerReplay]) -> LedgerReplay | None:
    """The replay of a whole journal from the replays of its consecutive parts, each begun
    from nothing: the balances summed, and money held named below zero wherever a part's
    running balance, added to what came before the part, is. What is kept per sale is not
    joined (each part's own sales are checked where they are read). None when the parts
    cannot tell it: money held was already below zero where a part that moves it begins
    (replay the journal whole then, to name every entry)."""
    whole = LedgerReplay(sales=False)
    for part in parts:
        for seq, balance, key, value in part.below:
            before = whole.balances[balance].get(key, 0)
            if before + value < 0:
                whole.below.append((seq, balance, key, before + value))
        for balance, moved in part.balances.items():
            held = whole.balances[balance]
            never_negative = balance in _NEVER_NEGATIVE
            for key, change in moved.items():
                before = held.get(key, 0)
                if never_negative and before < 0:
                    return None
                held[key] = before + change
    return whole


def replay(entries: Iterable[Entry]) -> LedgerReplay:
    ledger = LedgerReplay()
    for entry in entries:
        ledger.add(entry)
    return ledger
