"""Retail stock at weighted average cost: how each movement changes a product's quantity
on hand and the value of that stock, in minor units, exactly.

A product's stock is (on hand, value, unit cost). The value is the exact sum of every
movement's value, so the books' Assets:Stock is the app's to the cent; the unit cost is
the average of the moment (value ÷ on hand, rounded), kept for the times there is no
stock to take a share of. A delivery adds its cost and sets the new average; a sale,
back-bar use or a count's shortfall takes its share of the value (all of it when the
last units go); a count's surplus comes in at the unit cost; a refund put back on the
shelf comes back at the cost it left at. Stock may go below zero (a sale is never
blocked at the counter): units taken beyond what is there leave at the unit cost, and
the next delivery or count brings the shelf back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from salon_pos.domain.errors import InvalidInput

MOST_UNITS = 100_000  # in one movement: more is a slip of the finger


class Move(StrEnum):
    """What moved stock (a movement's kind, as the stock_movement table keeps it)."""

    RECEIVED = "received"
    SOLD = "sold"
    RETURNED = "returned"
    USED = "used"
    COUNTED = "counted"


MOVE_LABELS = {Move.RECEIVED: "received", Move.SOLD: "sold", Move.RETURNED: "put back",
               Move.USED: "used in services", Move.COUNTED: "counted"}


@dataclass(frozen=True)
class Stock:
    on_hand: int = 0
    value: int = 0  # minor units, at cost
    unit_cost: int = 0  # the average cost of the moment

    @property
    def negative(self) -> bool:
        return self.on_hand < 0


def check_units(quantity, what: str = "quantity") -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInput(f"The {what} is a whole number of units.")
    if not 1 <= quantity <= MOST_UNITS:
        raise InvalidInput(f"The {what} is between 1 and {MOST_UNITS:,} units.")
    return quantity


def check_counted(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInput("A counted quantity is a whole number of units.")
    if not 0 <= quantity <= MOST_UNITS:
        raise InvalidInput(f"A counted quantity is between 0 and {MOST_UNITS:,} units.")
    return quantity


def _average(value: int, on_hand: int, fallback: int) -> int:
    """Value ÷ units, rounded; `fallback` when that says nothing (no units, no value)."""
    return (2 * value + on_hand) // (2 * on_hand) if on_hand > 0 and value > 0 else fallback


def receive(stock: Stock, quantity: int, unit_cost: int) -> tuple[Stock, int]:
    """A delivery of `quantity` units at `unit_cost` each: the new stock and its value."""
    value = quantity * unit_cost
    on_hand, total = stock.on_hand + quantity, stock.value + value
    return Stock(on_hand, total, _average(total, on_hand, unit_cost)), value


def take(stock: Stock, quantity: int) -> tuple[Stock, int]:
    """`quantity` units leave (sold, used, missing at a count): the new stock and the
    value that left — a share of the value, all of it with the last unit, and the unit
    cost for each unit beyond what was there. Never less than nothing."""
    there = max(stock.on_hand, 0)
    if quantity < there:
        cost = stock.value * quantity // there
    elif stock.on_hand >= 0:
        cost = stock.value + (quantity - there) * stock.unit_cost
    else:  # already below zero: each unit at the unit cost
        cost = quantity * stock.unit_cost
    cost = max(cost, 0)
    return Stock(stock.on_hand - quantity, stock.value - cost, stock.unit_cost), cost


def put_back(stock: Stock, quantity: int, value: int) -> Stock:
    """`quantity` units come back worth `value` (a refund's units, a count's surplus)."""
    on_hand, total = stock.on_hand + quantity, stock.value + value
    return Stock(on_hand, total, _average(total, on_hand, stock.unit_cost))


def count(stock: Stock, counted: int) -> tuple[Stock, int]:
    """The shelf counted: the new stock and the change in value (negative: missing). A
    surplus comes in at the unit cost. A shelf whose value no longer fits its units (sold
    below zero, then delivered at another cost) is valued again at the unit cost: the
    count puts the books right."""
    difference = counted - stock.on_hand
    if difference < 0:
        after, _cost = take(stock, -difference)
    elif difference > 0:
        after = put_back(stock, difference, difference * stock.unit_cost)
    else:
        after = stock
    fits = after.value == 0 if counted == 0 else after.value > 0 or after.unit_cost == 0
    if not fits:
        after = Stock(counted, counted * after.unit_cost, after.unit_cost)
    return after, after.value - stock.value


def share(whole: int, done: int, more: int, of: int) -> int:
    """The part of `whole` for `more` of `of` units when `done` are already counted off;
    the shares of all units add up to `whole` exactly."""
    return whole * (done + more) // of - whole * done // of


# --- what a stock entry of the journal says -------------------------------------------------

# The value moved, as the entry's amount (counted: signed, + found, − missing), and the
# product and signed quantity in its memo.
VALUE_SIGN = {Move.RECEIVED: 1, Move.SOLD: -1, Move.RETURNED: 1, Move.USED: -1,
              Move.COUNTED: 1}


def movement_memo(product_id: int, quantity: int, **more) -> str:
    """An entry's memo: the product, the signed quantity and what else is said (supplier,
    unit cost, counted), as canonical JSON."""
    said = {"product": product_id, "quantity": quantity, **more}
    return json.dumps(said, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read_memo(memo: str) -> dict | None:
    """The product and quantity a stock entry's memo names; None when it names none."""
    try:
        said = json.loads(memo)
    except ValueError:
        return None
    if not isinstance(said, dict) or not all(
            isinstance(said.get(name), int) and not isinstance(said.get(name), bool)
            for name in ("product", "quantity")):
        return None
    return said


def replay(stock: Stock, move: Move, quantity: int, value: int) -> Stock:
    """The stock after a recorded movement (signed quantity, signed value), as `verify`
    works it out again from the journal: the unit cost as the operations set it."""
    on_hand, total = stock.on_hand + quantity, stock.value + value
    unit_cost = stock.unit_cost
    if move == Move.RECEIVED:
        unit_cost = _average(total, on_hand, value // quantity if quantity else unit_cost)
    elif quantity > 0:
        unit_cost = _average(total, on_hand, unit_cost)
    return Stock(on_hand, total, unit_cost)
