"""Shared fixtures: a salon on a temporary SQLite file with a fixed clock, built in one line.

Qt tests run offscreen whatever the machine: the platform is set before Qt is imported.
With SALON_TEST_DATABASE=postgresql://… every test's salon is in that PostgreSQL database
instead (the usual salon's rows put back, or its public schema wiped first), and tests
marked `sqlite_only` are skipped.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, fields  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from salon_pos.domain.clock import FixedClock  # noqa: E402
from salon_pos.services.kernel.context import Salon
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import catalogue, clients, salon_setup, staff
from salon_pos.store.database import close_database  # noqa: E402
from salon_pos.store.models import ALL_MODELS  # noqa: E402
from tests.salon_copies import Template  # noqa: E402

TEST_DATABASE = os.environ.get("SALON_TEST_DATABASE", "")

# Friday 20 March 2026, 09:00 in Dublin (GMT, before the clocks go forward on the 29th).
OPENING = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


@dataclass
class SalonFixture:
    """A small salon, ready to book: ids of its staff, catalogue and one client."""

    salon: Salon
    clock: FixedClock
    manager: int
    desk: int
    stylist: int
    stylist2: int
    standard_tax: int
    reduced_tax: int
    cut: int  # 45 min, €45.00, reduced rate, policy deposit
    colour: int  # 120 min, €150.00, needs consultation
    blowdry: int  # 30 min, €30.00, never a deposit
    shampoo: int  # retail €18.00, standard rate
    client: int


def on_postgres() -> bool:
    return TEST_DATABASE.startswith(("postgres://", "postgresql://"))


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): the test is about SQLite itself (its file, pragmas, "
        "backups); skipped when SALON_TEST_DATABASE points at PostgreSQL")


def pytest_collection_modifyitems(config, items) -> None:
    if not on_postgres():
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def fresh_database(path: Path) -> str:
    """Where a test's salon goes: a new SQLite file in `path`, or the test PostgreSQL
    database emptied (dropping the schema is much faster than a database per test)."""
    if not on_postgres():
        return str(path / "salon.db")
    import psycopg2

    with psycopg2.connect(TEST_DATABASE) as connection, connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    return TEST_DATABASE


def database_target(salon: Salon) -> str:
    """What another process passes to `open_salon` to reach the same database."""
    return TEST_DATABASE if on_postgres() else salon.database.database


def make_salon(path: Path, clock: FixedClock, **settings) -> SalonFixture:
    """The small salon (`SalonFixture`), its database and data folder in `path`.

    The usual one (on a clock at OPENING, with the default settings) is built once in a
    test run and copied for each test (tests/salon_copies.py): the same salon to the row,
    opened as a station opens an existing salon; what a test does to it no other sees."""
    if settings or clock.now() != OPENING or not USUAL_SALON.copies():
        return build_salon(path, clock, **settings)
    return _opened(path, clock, USUAL_SALON.copy_into(path))


class SalonWith:
    """The usual salon with more made in it by `build(s, folder)`, built once in a test run
    and copied for each test as the usual one is. `copy(path, clock)` gives the copy (its
    clock set where the build left its own) and what `build` returned; files `build` wrote
    in `folder` are in `path`."""

    def __init__(self, build: Callable[[SalonFixture, Path], object]):
        self.build = build
        self.template = Template(TEST_DATABASE if on_postgres() else "", self._build_once,
                                 _make_schema)

    def copy(self, path: Path, clock: FixedClock) -> tuple[SalonFixture, object]:
        if clock.now() != OPENING or not USUAL_SALON.copies():
            fixture = make_salon(path, clock)
            return fixture, self.build(fixture, path)
        ids, made, now = self.template.copy_into(path)
        clock.set(now)
        return _opened(path, clock, ids), made

    def _build_once(self, folder: Path) -> tuple[tuple[int, ...], object, datetime]:
        fixture = make_salon(folder, FixedClock(OPENING))
        made = self.build(fixture, folder)
        close_database()
        return _ids(fixture), made, fixture.clock.now()


def _opened(path: Path, clock: FixedClock, ids: tuple[int, ...]) -> SalonFixture:
    target = TEST_DATABASE if on_postgres() else str(path / "salon.db")
    return SalonFixture(open_salon(SalonLocation(target, path), clock, pin_cost=16), clock, *ids)


def _ids(fixture: SalonFixture) -> tuple[int, ...]:
    return tuple(getattr(fixture, field.name) for field in fields(fixture)[2:])


def _build_usual_salon(folder: Path) -> tuple[int, ...]:
    fixture = build_salon(folder, FixedClock(OPENING))
    close_database()
    return _ids(fixture)


def _make_schema() -> None:
    open_salon(SalonLocation(TEST_DATABASE, Path(tempfile.gettempdir())), FixedClock(OPENING))
    close_database()


USUAL_SALON = Template(TEST_DATABASE if on_postgres() else "", _build_usual_salon,
                       _make_schema)


@pytest.fixture(autouse=True, scope="session")
def _usual_salon_built_first():
    """The usual salon is built before any test runs: not inside a test that has replaced
    some function of the program (every copy would carry what it did)."""
    USUAL_SALON.built()


def build_salon(path: Path, clock: FixedClock, **settings) -> SalonFixture:
    """The small salon built step by step, as `make_salon` describes it."""
    salon = open_salon(SalonLocation(fresh_database(path), path), clock, pin_cost=16)
    manager = salon_setup.set_up_salon(
        salon, salon_name="Salon Zoë", currency_code="EUR", time_zone="Europe/Dublin",
        manager_name="Maeve Manager", manager_pin="1234", **settings,
    )
    desk = staff.add_staff(salon, "Dara Desk", "front_desk", "1111", approved_by=manager)
    stylist = staff.add_staff(salon, "Aoife Stylist", "stylist", "2222", approved_by=manager)
    stylist2 = staff.add_staff(salon, "Łukasz Stylist", "stylist", "3333", approved_by=manager)
    standard = catalogue.add_tax_class(salon, "Standard", 2300, approved_by=manager)
    reduced = catalogue.add_tax_class(salon, "Reduced", 1350, approved_by=manager)
    cut = catalogue.add_service(salon, "Cut and finish", duration_min=45, price=4500,
                                tax_class_id=reduced, approved_by=manager, category="Cut")
    colour = catalogue.add_service(salon, "Colour correction", duration_min=120, price=15000,
                                   tax_class_id=standard, approved_by=manager,
                                   category="Colour", needs_consultation=True)
    blowdry = catalogue.add_service(salon, "Blow-dry", duration_min=30, price=3000,
                                    tax_class_id=reduced, approved_by=manager,
                                    deposit_rule="never")
    shampoo = catalogue.add_product(salon, "Repair shampoo", sku="SH-1", price=1800,
                                    tax_class_id=standard, approved_by=manager)
    client = clients.add_client(salon, "Zoë Ní Bhriain", by=desk, phone="+353 87 123 4567",
                                email="zoe@example.ie")
    return SalonFixture(salon, clock, manager, desk, stylist, stylist2, standard, reduced, cut,
                        colour, blowdry, shampoo, client)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(OPENING)


@pytest.fixture
def s(tmp_path, clock) -> SalonFixture:
    """`s.salon` is the salon; `s.manager`, `s.cut`, `s.client`, … are ids in it."""
    fixture = make_salon(tmp_path, clock)
    yield fixture
    close_database()


def dump(salon: Salon) -> list[str]:
    """Every row of every table, for proving that a refused operation changed nothing.
    On PostgreSQL in one query (a query a table took much of a refusal test's time)."""
    if not on_postgres():
        return list(salon.database.connection().iterdump())
    query = " UNION ALL ".join(
        f"SELECT '{name}: ' || ROW(t.*)::text FROM \"{name}\" AS t"
        for name in (model._meta.table_name for model in ALL_MODELS))
    return sorted(row for (row,) in salon.database.execute_sql(query))


# What each schema added, undone (newest first) to make a database as an older program left
# it: a new migration adds its undoing here.
SCHEMA_ADDITIONS = {
    15: ('DROP INDEX "booking_series_id"', 'ALTER TABLE "booking" DROP COLUMN "series_id"',
         'DROP TABLE "booking_series"'),
    14: ('DROP TABLE "waitlist_entry"',),
    13: tuple(f'ALTER TABLE "{table}" DROP COLUMN "{column}"'
              for table in ("service", "booked_service")
              for column in ("processing_min", "finish_min")),
    12: ('DROP TABLE "message_template"', 'DROP TABLE "message_try"',
         'DROP TABLE "outbox_message"', 'ALTER TABLE "client" DROP COLUMN "no_messages"'),
    11: ('ALTER TABLE "client" DROP COLUMN "erased_at"',),
    10: ('DROP TABLE "visit_photo"', 'DROP TABLE "formula_bowl"', 'DROP TABLE "colour_formula"',
         'DROP TABLE "consultation"', 'DROP TABLE "consultation_question"',
         'DROP TABLE "signature"',
         *(statement for table in ("expectation_note", "patch_test") for statement in (
             f'DROP INDEX "{table}_signature_id"',
             f'ALTER TABLE "{table}" DROP COLUMN "signature_id"'))),
    9: ('DROP TABLE "patch_test_waiver"', 'DROP TABLE "patch_test"',
        'ALTER TABLE "service" DROP COLUMN "needs_patch_test"'),
    8: ('DROP TABLE "voucher_use"', 'DROP TABLE "voucher_design"'),
    7: ('DROP TABLE "course_session"', 'DROP TABLE "course"', 'DROP TABLE "course_plan"'),
    6: ('DROP TABLE "pay_period"', 'DROP TABLE "stylist_level"', 'DROP TABLE "commission_level"'),
    5: ('DROP INDEX "product_barcode"', 'DROP TABLE "stock_movement"',
        *(f'ALTER TABLE "product" DROP COLUMN "{column}"' for column in (
            "barcode", "reorder_level", "on_hand", "stock_value", "average_cost"))),
    4: ('DROP TABLE "voucher"', 'DROP INDEX "journal_entry_reference"'),
    2: ('DROP INDEX "booking_status"',),
}


def as_schema(database, version: int) -> None:
    """Turn a new database into one at schema `version`, as that program made it."""
    for number in sorted(SCHEMA_ADDITIONS, reverse=True):
        if number > version:
            for statement in SCHEMA_ADDITIONS[number]:
                database.execute_sql(statement)
    database.execute_sql(f"UPDATE schema_version SET version = {version}")
