"""Schema 7 on a salon as the previous program left it (no course tables): migrated to
exactly the layout a new database has, and the salon then sells and uses courses as any
other."""

from __future__ import annotations

import pytest

from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.views.courses import client_courses
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.migrations import latest_version, stored_version
from tests.conftest import as_schema
from tests.services.test_courses import sell_course, use_session

pytestmark = pytest.mark.sqlite_only(reason="takes the new tables off the SQLite file by hand")


def test_a_schema_6_salon_gets_prepaid_courses(s):
    path = s.salon.database.database
    as_schema(s.salon.database, 6)
    assert not s.salon.database.table_exists("course")
    close_database()

    s.salon = open_salon(SalonLocation(path, s.salon.data_dir), s.clock, pin_cost=16)

    assert stored_version(s.salon.database) == latest_version()
    sell_course(s)
    use_session(s)
    assert client_courses(s.salon, s.client)[0].sessions_left == 5
    assert verify(s.salon).ok
