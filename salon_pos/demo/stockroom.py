"""Retail stock in bulk, as `operations.stock` moves it: a delivery received, units sold
at a sale's close, back-bar units used in services, a shelf counted — each a journal entry
carrying its value at cost (domain.stock) beside a stock_movement row carrying its
quantity, the product's cached stock written with the rest."""

from __future__ import annotations

from datetime import datetime

from salon_pos.demo.salon import ProductInfo
from salon_pos.demo.writer import Writer
from salon_pos.domain import stock
from salon_pos.domain.stock import Move, Stock
from salon_pos.services.operations.stock import KINDS
from salon_pos.store.models import StockMovement


class Stockroom:
    def __init__(self, writer: Writer):
        self.writer = writer

    def _record(self, product: ProductInfo, move: Move, after: Stock, quantity: int,
                value: int, at: datetime, by: int, memo: dict | None = None, **row) -> None:
        """`stock._record`: the entry (its value unsigned but for a count), the row, and
        the product's stock as it now stands."""
        writer = self.writer
        entry = writer.post(
            at, KINDS[move], value if move == Move.COUNTED else abs(value), staff_id=by,
            approved_by_id=row.get("approved_by"), sale_id=row.get("sale"),
            booking_id=row.get("booking"), stylist_id=row.get("stylist"),
            reference=product.sku, memo=stock.movement_memo(product.id, quantity, **(memo or {})))
        writer.add(StockMovement, entry_seq=entry.seq, product=product.id, kind=str(move),
                   quantity=quantity, value=value, on_hand_after=after.on_hand, by=by,
                   at=entry.at, business_day=entry.business_day, **row)
        writer.set_stock(product.id, after)

    def receive(self, supplier: str, lines: list[tuple[ProductInfo, int, int]], at: datetime,
                by: int) -> None:
        """`stock.receive_delivery`: (product, quantity, unit cost) per line."""
        for product, quantity, unit_cost in lines:
            after, value = stock.receive(self.writer.stock[product.id], quantity, unit_cost)
            self._record(product, Move.RECEIVED, after, quantity, value, at, by,
                         memo={"supplier": supplier, "unit_cost": unit_cost},
                         supplier=supplier, unit_cost=unit_cost)

    def sell(self, product: ProductInfo, quantity: int, at: datetime, by: int, sale: int,
             line: int) -> None:
        """`stock.take_sold_stock`, for one retail line of a sale being closed."""
        after, cost = stock.take(self.writer.stock[product.id], quantity)
        self._record(product, Move.SOLD, after, -quantity, -cost, at, by, memo={"line": line},
                     sale=sale, sale_line=line)

    def use(self, product: ProductInfo, quantity: int, at: datetime, by: int,
            stylist: int) -> None:
        """`stock.use_stock`: back-bar units a stylist used, at cost."""
        after, cost = stock.take(self.writer.stock[product.id], quantity)
        self._record(product, Move.USED, after, -quantity, -cost, at, by, stylist=stylist,
                     booking=None)

    def count(self, product: ProductInfo, units: int, at: datetime, by: int,
              manager: int) -> None:
        """`stock.count_stock` of one shelf: a difference worth more than the salon's
        setting is a manager's to approve."""
        before = self.writer.stock[product.id]
        after, value = stock.count(before, units)
        if units == before.on_hand and value == 0:
            return  # the shelf is as the books say: nothing moved
        large = abs(value) > self.writer.settings.stock_count_approval_over
        self._record(product, Move.COUNTED, after, units - before.on_hand, value, at, by,
                     memo={"counted": units}, counted=units,
                     approved_by=manager if large else None)
