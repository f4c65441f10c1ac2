"""Schema 8 on a salon as the previous program left it (no voucher designs): migrated, the
salon keeps its designs and sells a single-purpose voucher that pays its service."""

from __future__ import annotations

import pytest

from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import checkout
from salon_pos.services.views.verify import verify
from salon_pos.services.views.vouchers import voucher_by_code
from salon_pos.store.database import close_database
from salon_pos.store.migrations import latest_version, stored_version
from tests.conftest import as_schema
from tests.services.helpers import close, ready_sale
from tests.services.test_voucher_designs import cut_voucher_design, sell_design

pytestmark = pytest.mark.sqlite_only(reason="takes the new tables off the SQLite file by hand")


def test_a_schema_7_salon_gets_voucher_designs(s):
    path = s.salon.database.database
    as_schema(s.salon.database, 7)
    assert not s.salon.database.table_exists("voucher_design")
    close_database()

    s.salon = open_salon(SalonLocation(path, s.salon.data_dir), s.clock, pin_cost=16)

    assert stored_version(s.salon.database) == latest_version()
    code = sell_design(s, cut_voucher_design(s))
    _booking, sale = ready_sale(s)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    close(s, sale)
    assert voucher_by_code(s.salon, code).balance == 0
    assert verify(s.salon).ok
