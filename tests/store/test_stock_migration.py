"""Schema 5 on a salon as the previous program left it (products with no stock columns, no
stock_movement table): migrated to exactly the layout a new database has, its products at
no stock, and the salon then receives and sells as any other."""

from __future__ import annotations

import pytest

from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import stock
from salon_pos.services.views.stock import stock_list
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.migrations import latest_version, stored_version
from tests.conftest import as_schema

pytestmark = pytest.mark.sqlite_only(reason="takes the new columns off the SQLite file by hand")

STOCK_COLUMNS = ("barcode", "reorder_level", "on_hand", "stock_value", "average_cost")


def test_a_schema_3_salon_gets_retail_stock(s):
    path = s.salon.database.database
    as_schema(s.salon.database, 3)
    close_database()

    salon = open_salon(SalonLocation(path, s.salon.data_dir), s.clock, pin_cost=16)

    assert stored_version(salon.database) == latest_version()
    assert {column.name for column in salon.database.get_columns("product")} >= set(
        STOCK_COLUMNS)
    [row] = stock_list(salon)
    assert (row.name, row.on_hand, row.value, row.barcode) == ("Repair shampoo", 0, 0, "")
    stock.receive_delivery(salon, "Acme", [(s.shampoo, 6, 500)], by=s.desk)
    assert verify(salon).ok
