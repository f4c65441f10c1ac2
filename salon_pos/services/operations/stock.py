"""Retail stock: deliveries received, shelves counted, products used in services
(back-bar), units sold at a sale's close and put back by a refund, and a product's
barcode and reorder level (a manager's). Each movement is a journal entry carrying its
value at cost (domain.stock) and a stock_movement row carrying its quantity, and leaves
the product's cached stock where the journal says it is."""

from __future__ import annotations

from salon_pos.domain import stock
from salon_pos.domain.errors import InvalidInput, NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.domain.money import check_amount
from salon_pos.domain.stock import Move, Stock
from salon_pos.domain.validation import clean_barcode, clean_name
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_hands_on, require_manager, require_staff
from salon_pos.services.kernel.approvals import record_approval
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_booking, get_product, get_staff
from salon_pos.store.models import Product, SaleLine, StockMovement

KINDS = {Move.RECEIVED: Kind.STOCK_RECEIVED, Move.SOLD: Kind.STOCK_SOLD,
         Move.RETURNED: Kind.STOCK_RETURNED, Move.USED: Kind.STOCK_USED,
         Move.COUNTED: Kind.STOCK_COUNTED}
MOVES = {kind: move for move, kind in KINDS.items()}


def stock_of(product: Product) -> Stock:
    return Stock(product.on_hand, product.stock_value, product.average_cost)


def _record(salon: Salon, product: Product, move: Move, after: Stock, quantity: int,
            value: int, *, by: int, memo: dict | None = None, **row) -> None:
    """One movement: its journal entry (the value, unsigned but for a count), its row,
    and the product's stock as it now stands (inside `salon.writing()`)."""
    entry = ledger.post(
        salon, KINDS[move], value if move == Move.COUNTED else abs(value),
        staff_id=by, approved_by_id=row.get("approved_by"), sale_id=row.get("sale"),
        booking_id=row.get("booking"), stylist_id=row.get("stylist"),
        reference=product.sku, memo=stock.movement_memo(product.id, quantity, **(memo or {})))
    StockMovement.create(entry_seq=entry.seq, product=product.id, kind=move, quantity=quantity,
                         value=value, on_hand_after=after.on_hand, by=by, at=entry.at,
                         business_day=entry.business_day, **row)
    Product.update(on_hand=after.on_hand, stock_value=after.value,
                   average_cost=after.unit_cost).where(Product.id == product.id).execute()
    product.on_hand, product.stock_value, product.average_cost = \
        after.on_hand, after.value, after.unit_cost


def _product(salon: Salon, product_id: int) -> Product:
    # Read under the write lock: another station may have moved its stock a moment ago.
    return get_product(salon, product_id)


# --- deliveries ------------------------------------------------------------------------------

def receive_delivery(salon: Salon, supplier: str, lines: list[tuple[int, int, int]], *,
                     by: int, key: str | None = None) -> dict:
    """A supplier's delivery: (product id, quantity, unit cost) per line. Owed to the
    supplier in the books; any member of staff may receive one."""
    supplier = clean_name(supplier, "supplier's name", longest=120)
    if not lines:
        raise InvalidInput("A delivery has at least one product on it.")
    checked = [(product_id, stock.check_units(quantity),
                check_amount(unit_cost, "unit cost", allow_zero=True))
               for product_id, quantity, unit_cost in lines]

    def run():
        require_staff(salon, by)
        total = 0
        for product_id, quantity, unit_cost in checked:
            product = _product(salon, product_id)
            after, value = stock.receive(stock_of(product), quantity, unit_cost)
            _record(salon, product, Move.RECEIVED, after, quantity, value, by=by,
                    memo={"supplier": supplier, "unit_cost": unit_cost},
                    supplier=supplier, unit_cost=unit_cost)
            total += value
        return {"lines": len(checked), "value": total}

    return run_once(salon, key, "receive_delivery", run)


# --- counts ----------------------------------------------------------------------------------

def count_stock(salon: Salon, counted: dict[int, int], *, by: int,
                approved_by: int | None = None, key: str | None = None) -> dict:
    """The shelf counted: {product id: units found}. Each difference is recorded with who
    counted; one worth more than the salon's setting needs a manager's approval."""
    if not counted:
        raise InvalidInput("Type at least one counted quantity.")
    counted = {product_id: stock.check_counted(units) for product_id, units in counted.items()}

    def run():
        require_staff(salon, by)
        if approved_by is not None:
            require_manager(salon, approved_by)
        limit = salon.settings().stock_count_approval_over
        changes = []
        for product_id, units in counted.items():
            product = _product(salon, product_id)
            after, value = stock.count(stock_of(product), units)
            changes.append((product, after, units, value))
        large = [product.name for product, _after, _units, value in changes
                 if abs(value) > limit]
        if large and approved_by is None:
            raise NotAllowed(
                f"The count of {', '.join(large)} differs by more than "
                f"{salon.settings().money(limit)} at cost: a manager has to approve it.")
        differences = 0
        for product, after, units, value in changes:
            quantity = units - product.on_hand
            if quantity == 0 and value == 0:
                continue  # the shelf is as the books say: nothing moved
            _record(salon, product, Move.COUNTED, after, quantity, value, by=by,
                    memo={"counted": units}, counted=units, approved_by=approved_by)
            differences += value
        return {"products": len(changes), "difference": differences}

    return run_once(salon, key, "count_stock", run)


# --- back-bar --------------------------------------------------------------------------------

def use_stock(salon: Salon, product_id: int, quantity: int, *, by: int, stylist_id: int,
              booking_id: int | None = None, key: str | None = None) -> dict:
    """Units used in services by a stylist (optionally for a booking), at cost: a stylist
    records their own, the front desk and managers anyone's."""
    stock.check_units(quantity)

    def run():
        require_hands_on(salon, by, stylist_id)
        stylist = get_staff(salon, stylist_id)
        if booking_id is not None and get_booking(salon, booking_id).stylist_id != stylist.id:
            raise InvalidInput("That booking is another stylist's.")
        product = _product(salon, product_id)
        after, cost = stock.take(stock_of(product), quantity)
        _record(salon, product, Move.USED, after, -quantity, -cost, by=by,
                stylist=stylist.id, booking=booking_id)
        return {"cost": cost, "on_hand": after.on_hand}

    return run_once(salon, key, f"use_stock:{product_id}", run)


# --- at the till (called inside the sale's and the refund's transaction) --------------------

def take_sold_stock(salon: Salon, sale_id: int, *, by: int) -> None:
    """The retail lines of a sale being closed leave the shelf, at the average cost of the
    moment (below zero if need be: a sale is never blocked at the counter)."""
    lines = SaleLine.select().where((SaleLine.sale == sale_id) & ~SaleLine.removed
                                    & SaleLine.product.is_null(False)).order_by(SaleLine.id)
    for line in lines:
        product = _product(salon, line.product_id)
        after, cost = stock.take(stock_of(product), line.quantity)
        _record(salon, product, Move.SOLD, after, -line.quantity, -cost, by=by,
                memo={"line": line.id}, sale=sale_id, sale_line=line.id)


def put_back_refunded(salon: Salon, sale_id: int, restock: dict[int, int],
                      refunded: dict[int, int], *, by: int, approved_by: int) -> None:
    """Refunded units put back on the shelf ({line id: units}), at the cost they left at;
    at most the units of the line this refund gives back."""
    for line_id, units in restock.items():
        if isinstance(units, bool) or not isinstance(units, int) or units < 0:
            raise InvalidInput("The units put back are a whole number.")
        if units > refunded.get(line_id, 0):
            raise InvalidInput("Only units refunded now can be put back on the shelf.")
        if not units:
            continue
        sold = list(StockMovement.select().where((StockMovement.sale_line == line_id)
                                                 & (StockMovement.kind == Move.SOLD)))
        if not sold:
            raise InvalidInput("Only a product sold from stock can be put back on the shelf.")
        back = StockMovement.select().where((StockMovement.sale_line == line_id)
                                            & (StockMovement.kind == Move.RETURNED))
        done = sum(row.quantity for row in back)
        of = -sum(row.quantity for row in sold)
        value = stock.share(-sum(row.value for row in sold), done, units, of)
        product = _product(salon, sold[0].product_id)
        after = stock.put_back(stock_of(product), units, value)
        _record(salon, product, Move.RETURNED, after, units, value, by=by,
                memo={"line": line_id}, sale=sale_id, sale_line=line_id,
                approved_by=approved_by)


# --- a manager's: barcode and reorder level ---------------------------------------------------

def set_stock_details(salon: Salon, product_id: int, *, approved_by: int,
                      barcode: str | None = None, reorder_level: int | None = None) -> None:
    """A product's barcode ("" for none) and the level at which to order more."""
    fields = {}
    if barcode is not None:
        fields["barcode"] = clean_barcode(barcode) or None
    if reorder_level is not None:
        if isinstance(reorder_level, bool) or not isinstance(reorder_level, int) \
                or not 0 <= reorder_level <= stock.MOST_UNITS:
            raise InvalidInput(f"A reorder level is 0 to {stock.MOST_UNITS:,} units.")
        fields["reorder_level"] = reorder_level
    with salon.writing():
        require_manager(salon, approved_by)
        product = get_product(salon, product_id)
        code = fields.get("barcode")
        if code and Product.select().where((Product.barcode == code)
                                           & (Product.id != product_id)).exists():
            raise InvalidInput("Another product already has that barcode.")
        if not fields:
            return
        Product.update(fields).where(Product.id == product_id).execute()
        # The code itself stays out of the journal: a shop's 13-digit code can pass the
        # card-number check the journal's texts are held to.
        said = {"reorder level": fields["reorder_level"]} if "reorder_level" in fields else {}
        if "barcode" in fields:
            said["barcode"] = "set" if fields["barcode"] else "none"
        record_approval(salon, approved_by, f"Stock details of “{product.name}”", said)
