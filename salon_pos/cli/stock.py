"""`salon-pos stock list|low|value|receive|count|use`: retail stock without the app. The
list and its value at cost are a manager's, as the reports are; receiving a delivery,
entering a count and recording back-bar use are anyone's on the staff (`--by` and their
PIN), a count differing by more than the salon's setting a manager's too (`--manager`).
Products are named by their name, a start of it only they have, their SKU or barcode."""

from __future__ import annotations

import argparse

from salon_pos.cli.common import (
    approve,
    manager_options,
    pin_option,
    record_number,
    staff_acting,
    staff_options,
    typed_day,
    usable_text,
)
from salon_pos.cli.names import staff_named
from salon_pos.domain.collation import name_key
from salon_pos.domain.errors import DomainError, NotFound
from salon_pos.domain.validation import search_key
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import stock
from salon_pos.services.views.stock import StockRow, stock_list, stock_value


def item(text: str) -> tuple[str, str]:
    """PRODUCT=UNITS (a count) or PRODUCT=UNITS@COST (a delivery), split at the last "="."""
    product, equals, amount = text.rpartition("=")
    if not equals or not product.strip() or not amount.strip():
        raise argparse.ArgumentTypeError("write it as PRODUCT=UNITS, e.g. \"Argan oil=12\"")
    return product.strip(), amount.strip()


def register(commands) -> None:
    manager = manager_options()
    staff, pin = staff_options(), pin_option()
    group = commands.add_parser("stock", help="retail stock: the list, deliveries, counts, "
                                              "back-bar use")
    actions = group.add_subparsers(dest="stock_action", metavar="ACTION", required=True)
    listed = actions.add_parser("list", parents=[manager], help="every product's stock, "
                                "reorder level and value at cost (a manager's)")
    listed.add_argument("--low", action="store_true", help="only those to order (at or "
                                                           "below the reorder level, or below 0)")
    actions.add_parser("low", parents=[manager], help="the products to order (a manager's)")
    value = actions.add_parser("value", parents=[manager], help="the stock's value at cost "
                                                                "(a manager's)")
    value.add_argument("--day", type=typed_day, metavar="DAY",
                       help="at the end of this business day (default: now)")
    receive = actions.add_parser(
        "receive", parents=[staff, pin], help="a supplier's delivery",
        description="Record a delivery: each --item is PRODUCT=UNITS@UNIT_COST.")
    receive.add_argument("--supplier", type=usable_text, required=True, metavar="NAME")
    receive.add_argument("--item", type=item, action="append", required=True,
                         metavar="PRODUCT=UNITS@COST", help="e.g. \"Argan oil=12@4.20\"")
    count = actions.add_parser(
        "count", parents=[staff, manager], help="the units counted on the shelf",
        description="Record a stock count: each --item is PRODUCT=UNITS counted. A difference "
                    "worth more than the salon's setting needs --manager too.")
    count.add_argument("--item", type=item, action="append", required=True,
                       metavar="PRODUCT=UNITS")
    use = actions.add_parser("use", parents=[staff, pin], help="products used in a service "
                                                          "(back-bar), at cost")
    use.add_argument("product", type=usable_text, metavar="PRODUCT")
    use.add_argument("units", type=int, metavar="UNITS")
    use.add_argument("--stylist", type=usable_text, required=True, metavar="NAME")
    use.add_argument("--booking", type=record_number, metavar="BOOKING")
    listed.set_defaults(run=run_list, manager_only="Looking at the stock")
    actions.choices["low"].set_defaults(run=run_list, low=True,
                                        manager_only="Looking at the stock")
    value.set_defaults(run=run_value, manager_only="Looking at the stock's value")
    receive.set_defaults(run=run_receive)
    count.set_defaults(run=run_count)
    use.set_defaults(run=run_use)


# --- looking ------------------------------------------------------------------------------

def run_list(args, salon: Salon) -> int:
    money = salon.settings().money
    rows = stock_list(salon, low_only=args.low)
    if not rows:
        print("No product is at or below its reorder level." if args.low else
              "There are no products.")
        return 0
    print(f"{'Product':<32} {'SKU':<12} {'On hand':>8} {'Reorder':>8} {'Avg cost':>10} "
          f"{'Value':>11}")
    for row in rows:
        print(f"{row.name[:32]:<32} {row.sku[:12]:<12} {row.on_hand:>8} {row.reorder_level:>8} "
              f"{money(row.average_cost):>10} {money(row.value):>11}{_flag(row)}")
    print(f"\nStock value at cost: {money(sum(row.value for row in rows))}")
    return 0


def _flag(row: StockRow) -> str:
    if row.on_hand < 0:
        return "  below zero: count it"
    return f"  low: order {row.to_order}" if row.low else ""


def run_value(args, salon: Salon) -> int:
    money = salon.settings().money
    when = f"at the end of {args.day}" if args.day else "now"
    print(f"Stock value at cost {when}: {money(stock_value(salon, args.day))}")
    return 0


# --- doing --------------------------------------------------------------------------------

def product_named(salon: Salon, typed: str) -> StockRow:
    """The one product `typed` means: its SKU or barcode, its name or a start of it."""
    rows = stock_list(salon)
    key = search_key(typed)
    exact = [row for row in rows if typed in (row.sku, row.barcode) or search_key(row.name)
             == key]
    found = exact or [row for row in rows if search_key(row.name).startswith(key)]
    if not found:
        raise NotFound(f"No product is called “{typed}” or has that SKU or barcode.")
    if len(found) > 1:
        names = sorted((row.name for row in found), key=name_key)
        raise DomainError(f"“{typed}” could be {', '.join(names)}: type more of the name, or "
                          "the SKU.")
    return found[0]


def run_receive(args, salon: Salon) -> int:
    settings = salon.settings()
    lines = []
    for product, amount in args.item:
        units, at, cost = amount.partition("@")
        if not at:
            raise DomainError(f"Give the unit cost of {product}: PRODUCT=UNITS@COST.")
        lines.append((product_named(salon, product).product_id, _units(units),
                      settings.parse_money(cost)))
    by = staff_acting(args, salon)
    result = stock.receive_delivery(salon, args.supplier, lines, by=by)
    print(f"Received {result['lines']} line(s) from {args.supplier}, worth "
          f"{settings.money(result['value'])} at cost.")
    return 0


def run_count(args, salon: Salon) -> int:
    counted = {product_named(salon, product).product_id: _units(units)
               for product, units in args.item}
    by = staff_acting(args, salon)
    manager = approve(args, salon, "A large stock difference") if args.manager else None
    result = stock.count_stock(salon, counted, by=by, approved_by=manager)
    print(f"Counted {result['products']} product(s); the difference at cost: "
          f"{salon.settings().money(result['difference'])}.")
    return 0


def run_use(args, salon: Salon) -> int:
    product = product_named(salon, args.product)
    stylist = staff_named(salon, args.stylist)
    by = staff_acting(args, salon)
    result = stock.use_stock(salon, product.product_id, args.units, by=by,
                             stylist_id=stylist["id"], booking_id=args.booking)
    print(f"{args.units} × {product.name} used by {stylist['name']}, at cost "
          f"{salon.settings().money(result['cost'])}; {result['on_hand']} left.")
    return 0


def _units(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise DomainError(f"“{text}” is not a whole number of units.") from None
