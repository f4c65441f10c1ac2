"""Stock changed by hand in the database file: a quantity or cost on a product, a movement
row altered, deleted or added. The journal's stock entries carry every movement's value,
product and quantity; `verify` replays them and names what differs."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from salon_pos.services.operations import checkout, stock
from salon_pos.services.views.verify import verify
from salon_pos.store.models import StockMovement

pytestmark = pytest.mark.sqlite_only(reason="edits the file by hand, through raw sqlite3")


def by_hand(s, sql: str, *args) -> None:
    with closing(sqlite3.connect(s.salon.database.database)) as raw, raw:
        raw.execute(sql, args)


def problems(s) -> list[str]:
    return [message for _seq, message in verify(s.salon).problems]


@pytest.fixture
def stocked(s):
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 10, 400)], by=s.desk)
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=2)
    checkout.take_tender(s.salon, sale, by=s.desk, method="cash", amount=3600)
    checkout.close_sale(s.salon, sale, by=s.desk)
    assert verify(s.salon).ok
    return s


PRODUCT_STOCK = "the stock of product {id} “Repair shampoo” does not match the journal: "


@pytest.mark.parametrize(("edit", "said"), [
    # units that were never delivered
    ("UPDATE product SET on_hand = 80 WHERE id = ?", "on hand is 80 but the journal says 8"),
    # the stock valued up
    ("UPDATE product SET stock_value = 99999 WHERE id = ?",
     "its value is 99999 but the journal says 3200"),
    # a cheaper cost for the next sale
    ("UPDATE product SET average_cost = 10 WHERE id = ?",
     "its average cost is 10 but the journal says 400"),
])
def test_a_products_stock_edited_by_hand_shows(stocked, edit, said):
    s = stocked
    by_hand(s, edit, s.shampoo)
    assert problems(s) == [PRODUCT_STOCK.format(id=s.shampoo) + said]


def test_a_movement_edited_deleted_or_added_by_hand_shows(stocked):
    s = stocked
    by_hand(s, "UPDATE stock_movement SET quantity = 2 WHERE kind = 'received'")
    [message] = problems(s)
    assert "does not match the journal" in message

    by_hand(s, "DELETE FROM stock_movement WHERE kind = 'received'")
    assert any("was deleted outside Salon POS" in p for p in problems(s))

    by_hand(s, "INSERT INTO stock_movement (entry_seq, product_id, kind, quantity, value, "
               "on_hand_after, unit_cost, supplier, by_id, at, business_day) VALUES "
               "(99999, ?, 'received', 5, 2000, 13, 400, 'Ghost', ?, '2026-03-20 10:00:00', "
               "'2026-03-20')", s.shampoo, s.desk)
    assert any("is not in the journal" in p for p in problems(s))


def test_hiding_a_shortfall_by_editing_the_product_and_its_movement_together_shows(stocked):
    s = stocked
    # The sale's movement made to take nothing, and the shelf to match: the journal's
    # entry still says two units left.
    by_hand(s, "UPDATE stock_movement SET quantity = 0, value = 0 WHERE kind = 'sold'")
    by_hand(s, "UPDATE product SET on_hand = 10, stock_value = 4000 WHERE id = ?", s.shampoo)
    assert problems(s) == [
        f"the stock movement of entry {sold_entry(s)} does not match the journal",
        PRODUCT_STOCK.format(id=s.shampoo) + "on hand is 10 but the journal says 8; "
        "its value is 4000 but the journal says 3200"]


def sold_entry(s) -> int:
    return StockMovement.get(StockMovement.kind == "sold").entry_seq
