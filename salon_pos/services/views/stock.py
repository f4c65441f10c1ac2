"""Retail stock as screens, reports and the books read it: the stock list (on hand,
reorder level, value at cost, low or below zero), the stock value on a day, a day's
movements for the Z report, the back-bar cost per stylist (for commission), a barcode
looked up at checkout, and `verify`'s check of the stock against the journal."""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import peewee as pw

from salon_pos.domain import stock
from salon_pos.domain.collation import name_key
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind
from salon_pos.domain.stock import Move, Stock
from salon_pos.domain.validation import clean_barcode
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import day_key
from salon_pos.store.models import JournalEntry, Product, SaleLine, StockMovement

STOCK_KINDS = {Kind.STOCK_RECEIVED: Move.RECEIVED, Kind.STOCK_SOLD: Move.SOLD,
               Kind.STOCK_RETURNED: Move.RETURNED, Kind.STOCK_USED: Move.USED,
               Kind.STOCK_COUNTED: Move.COUNTED}


@dataclass(frozen=True)
class StockRow:
    product_id: int
    name: str
    sku: str
    barcode: str
    active: bool
    on_hand: int
    reorder_level: int
    average_cost: int
    value: int

    @property
    def low(self) -> bool:
        """At or below its reorder level, or below zero (sold before it was received)."""
        return self.on_hand < 0 or (self.reorder_level > 0 and
                                    self.on_hand <= self.reorder_level)

    @property
    def to_order(self) -> int:
        return max(0, self.reorder_level - self.on_hand) if self.low else 0


def stock_list(salon: Salon, *, low_only: bool = False) -> list[StockRow]:
    """Every product (withdrawn ones with stock left too), by name."""
    rows = [StockRow(p.id, p.name, p.sku, p.barcode or "", p.active, p.on_hand,
                     p.reorder_level, p.average_cost, p.stock_value)
            for p in Product.select().where(Product.active | (Product.on_hand != 0)
                                            | (Product.stock_value != 0))]
    rows = [row for row in rows if row.low] if low_only else rows
    return sorted(rows, key=lambda row: name_key(row.name))


def stock_value(salon: Salon, up_to: date | None = None) -> int:
    """The stock's value at cost: now, or at the end of the business day `up_to`."""
    query = StockMovement.select(pw.fn.COALESCE(pw.fn.SUM(StockMovement.value), 0))
    if up_to is not None:
        query = query.where(StockMovement.business_day <= up_to)
    return int(query.scalar())


def product_by_barcode(salon: Salon, code: str) -> dict | None:
    """The product a scanned code names, or None (an unknown code, or not a code)."""
    try:
        code = clean_barcode(code)
    except InvalidInput:
        return None
    product = Product.get_or_none(Product.barcode == code) if code else None
    if product is None:
        return None
    return {"id": product.id, "name": product.name, "active": product.active,
            "on_hand": product.on_hand}


def on_hand(salon: Salon, product_ids: list[int]) -> dict[int, int]:
    """The units on the shelf of these products now."""
    return dict(Product.select(Product.id, Product.on_hand)
                .where(Product.id.in_(product_ids)).tuples())


def short_on_ticket(salon: Salon, sale_id: int) -> list[tuple[str, int, int]]:
    """(product, on the shelf, on this ticket) for each product a ticket has more of than
    the books say are on the shelf: checkout says so, and sells it all the same."""
    on_ticket = pw.fn.SUM(SaleLine.quantity)
    rows = (SaleLine.select(Product.name, Product.on_hand, on_ticket.alias("units"))
            .join(Product).where((SaleLine.sale == sale_id) & ~SaleLine.removed)
            .group_by(Product.id, Product.name, Product.on_hand)
            .having(on_ticket > Product.on_hand).tuples())
    return [(name, there, int(units)) for name, there, units in rows]


def day_movements(salon: Salon, day: date) -> dict[str, int]:
    """A business day's stock moves at cost, for the Z report: received, sold, put back,
    used in services, the counts' differences (signed), and the value at the day's end."""
    totals = dict(StockMovement.select(StockMovement.kind, pw.fn.SUM(StockMovement.value))
                  .where(StockMovement.business_day == day)
                  .group_by(StockMovement.kind).tuples())
    return {"received": int(totals.get(Move.RECEIVED, 0)),
            "sold_at_cost": -int(totals.get(Move.SOLD, 0)),
            "put_back": int(totals.get(Move.RETURNED, 0)),
            "used_in_services": -int(totals.get(Move.USED, 0)),
            "count_differences": int(totals.get(Move.COUNTED, 0)),
            "value_at_close": stock_value(salon, day)}


def day_movements_by_day(salon: Salon) -> Callable[[str], dict[str, int]]:
    """`day_movements` of every business day at once (for `verify`'s closed days): one
    query grouped by day and kind; a day's figures by its ISO text (`day_key`)."""
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    query = (StockMovement.select(StockMovement.business_day, StockMovement.kind,
                                  pw.fn.SUM(StockMovement.value))
             .group_by(StockMovement.business_day, StockMovement.kind))
    for day, kind, value in salon.database.execute(query):
        totals[day_key(day)][kind] = int(value)
    days = sorted(totals)
    upto = list(itertools.accumulate(sum(totals[day].values()) for day in days))

    def of(day: str) -> dict[str, int]:
        found, at = totals.get(day, {}), bisect.bisect_right(days, day)
        return {"received": found.get(Move.RECEIVED, 0),
                "sold_at_cost": -found.get(Move.SOLD, 0),
                "put_back": found.get(Move.RETURNED, 0),
                "used_in_services": -found.get(Move.USED, 0),
                "count_differences": found.get(Move.COUNTED, 0),
                "value_at_close": upto[at - 1] if at else 0}
    return of


def back_bar_cost_by_stylist(salon: Salon, first: date, last: date) -> dict[int, int]:
    """Stylist id → the cost (minor units) of products they used in services in those
    business days."""
    rows = (StockMovement.select(StockMovement.stylist, pw.fn.SUM(StockMovement.value))
            .where((StockMovement.kind == Move.USED)
                   & StockMovement.business_day.between(first, last))
            .group_by(StockMovement.stylist).tuples())
    return {stylist: -int(value) for stylist, value in rows}


# --- verify ----------------------------------------------------------------------------------

def stock_problems(salon: Salon) -> list[tuple[int, str]]:
    """The stock entries of the journal replayed (domain.stock): every product's cached
    stock and every movement row must be what they say."""
    problems: list[tuple[int, str]] = []
    replayed: dict[int, Stock] = defaultdict(Stock)
    movements = {row.entry_seq: row for row in StockMovement.select()}
    for entry in JournalEntry.select().where(JournalEntry.kind.in_(list(STOCK_KINDS))
                                             ).order_by(JournalEntry.seq):
        move, said = STOCK_KINDS[entry.kind], stock.read_memo(entry.memo)
        if said is None:
            problems.append((entry.seq, f"entry {entry.seq} does not say what stock moved"))
            continue
        product, quantity = said["product"], said["quantity"]
        value = entry.amount * stock.VALUE_SIGN[move]
        replayed[product] = stock.replay(replayed[product], move, quantity, value)
        row = movements.pop(entry.seq, None)
        if row is None:
            problems.append((entry.seq, f"the stock movement of entry {entry.seq} was "
                                        "deleted outside Salon POS"))
        elif (row.product_id, row.kind, row.quantity, row.value) != (product, move, quantity,
                                                                     value):
            problems.append((entry.seq, f"the stock movement of entry {entry.seq} does not "
                                        "match the journal"))
    problems += [(0, f"stock movement {row.id} is not in the journal: it was added outside "
                     "Salon POS") for row in movements.values()]
    for product in Product.select():
        found = Stock(product.on_hand, product.stock_value, product.average_cost)
        said = [f"{figure} is {getattr(found, name)} but the journal says "
                f"{getattr(replayed[product.id], name)}"
                for name, figure in _FIGURES.items()
                if getattr(found, name) != getattr(replayed[product.id], name)]
        if said:
            problems.append((0, f"the stock of product {product.id} “{product.name}” does "
                                f"not match the journal: {'; '.join(said)}"))
    return problems


_FIGURES = {"on_hand": "on hand", "value": "its value", "unit_cost": "its average cost"}
