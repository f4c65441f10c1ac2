"""Numbered migrations: applied in order after a backup, all or nothing, and a database
from a newer program refused. The tests add their own migrations after the program's."""

from __future__ import annotations

import json
from pathlib import Path

import peewee as pw
import pytest

from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import Kind
from salon_pos.services.exchange.backups import (
    RestoreRequest,
    automatic_backup,
    check_backup,
    restore,
)
from salon_pos.services.kernel.access import check_pin, hash_pin
from salon_pos.services.kernel.ledger import post
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.migrations import MIGRATIONS, Migration, migrate, pending, stored_version
from salon_pos.store.models import JournalEntry, Service, Setting, Staff, TaxClass
from tests.conftest import as_schema, dump, fresh_database


def add_nickname(database):
    database.execute_sql("ALTER TABLE client ADD COLUMN nickname TEXT")


def add_loyalty_card(database):
    # Needs the nickname migration's column: proves the order.
    database.execute_sql("CREATE TABLE loyalty_card (id INTEGER PRIMARY KEY, "
                         "client_id INTEGER REFERENCES client (id), stamps INTEGER NOT NULL)")
    database.execute_sql("UPDATE client SET nickname = 'Zo'")


PROGRAMS = len(MIGRATIONS) + 1  # the schema a new database is created at
# The tests' own migrations, numbered on from the program's.
NICKNAME, LOYALTY, EXPIRES = PROGRAMS + 1, PROGRAMS + 2, PROGRAMS + 3
TWO_STEPS = [*MIGRATIONS, Migration(NICKNAME, "clients have a nickname", add_nickname),
             Migration(LOYALTY, "loyalty cards", add_loyalty_card)]


def columns(database, table):
    return [column.name for column in database.get_columns(table)]


def test_a_new_database_is_created_at_the_newest_schema_and_needs_no_migration(s):
    assert [m.number for m in MIGRATIONS] == list(range(2, PROGRAMS + 1))
    assert stored_version(s.salon.database) == PROGRAMS
    assert pending(s.salon.database) == []
    assert migrate(s.salon.database, before=pytest.fail) == []


def test_pending_migrations_apply_in_order_after_one_backup(s):
    database = s.salon.database
    untouched = dump(s.salon)
    backups = []

    def backup():
        assert dump(s.salon) == untouched  # before any change
        backups.append("taken")

    assert migrate(database, before=backup, registry=TWO_STEPS) == [NICKNAME, LOYALTY]

    assert backups == ["taken"]
    assert "nickname" in columns(database, "client")
    assert database.table_exists("loyalty_card")
    assert database.execute_sql("SELECT nickname FROM client").fetchall() == [("Zo",)]
    assert stored_version(database) == LOYALTY
    assert migrate(database, before=pytest.fail, registry=TWO_STEPS) == []


def test_the_automatic_backup_before_a_migration_holds_the_old_schema(s):
    migrate(s.salon.database, before=lambda: automatic_backup(s.salon, "before-migration"),
            registry=TWO_STEPS)

    [backup] = (s.salon.data_dir / "backups").glob("salon-*-before-migration.db")
    assert check_backup(backup).schema_version == PROGRAMS
    assert stored_version(s.salon.database) == LOYALTY


def test_only_the_migrations_a_database_lacks_are_applied(s):
    database = s.salon.database
    migrate(database, before=lambda: None, registry=TWO_STEPS[:-1])
    later = [*TWO_STEPS, Migration(EXPIRES, "cards expire", lambda d: d.execute_sql(
        "ALTER TABLE loyalty_card ADD COLUMN expires DATE"))]

    assert [m.number for m in pending(database, later)] == [LOYALTY, EXPIRES]
    assert migrate(database, before=lambda: None, registry=later) == [LOYALTY, EXPIRES]
    assert "expires" in columns(database, "loyalty_card")
    assert stored_version(database) == EXPIRES


def test_a_migration_failing_half_way_leaves_the_database_exactly_as_it_was(s):
    def half_done(database):
        database.execute_sql("CREATE TABLE gift_card (id INTEGER PRIMARY KEY)")
        database.execute_sql("INSERT INTO no_such_table VALUES (1)")

    before = dump(s.salon)
    failing = [*TWO_STEPS, Migration(EXPIRES, "gift cards", half_done)]

    with pytest.raises(DomainError, match=rf"schema {EXPIRES} \(gift cards\) failed.*Nothing was "
                                          "changed"):
        migrate(s.salon.database, before=lambda: None, registry=failing)

    assert dump(s.salon) == before
    assert stored_version(s.salon.database) == PROGRAMS
    assert [m.number for m in pending(s.salon.database, failing)] == [NICKNAME, LOYALTY, EXPIRES]


def test_a_failed_backup_stops_the_migration_before_any_change(s):
    def broken_backup():
        raise DomainError("The backup could not be written.")

    before = dump(s.salon)
    with pytest.raises(DomainError, match="backup could not be written"):
        migrate(s.salon.database, before=broken_backup, registry=TWO_STEPS)
    assert dump(s.salon) == before


def test_a_database_from_a_newer_program_is_refused_before_any_backup(s):
    migrate(s.salon.database, before=lambda: None, registry=TWO_STEPS)
    before = dump(s.salon)

    with pytest.raises(DomainError) as refused:
        migrate(s.salon.database, before=pytest.fail, registry=TWO_STEPS[:-1])

    assert refused.value.message == (
        f"This database was made by a newer Salon POS (schema {LOYALTY}); this program knows "
        f"up to {NICKNAME} — update the program.")
    assert dump(s.salon) == before


def test_a_database_with_no_schema_yet_is_left_to_be_created(tmp_path):
    database = pw.SqliteDatabase(str(tmp_path / "new.db"))
    assert stored_version(database) is None
    assert migrate(database, before=pytest.fail, registry=TWO_STEPS) == []
    assert database.get_tables() == []


def test_a_registry_with_a_gap_is_a_programming_error(s):
    with pytest.raises(ValueError, match=rf"numbered \[2, .*{LOYALTY}\]"):
        pending(s.salon.database, [*TWO_STEPS[:-1], Migration(EXPIRES, "skips one", add_nickname)])


@pytest.mark.sqlite_only(reason="opens the salon's SQLite file as the app does")
def test_a_schema_1_database_is_backed_up_then_given_the_booking_status_index(s):
    """As the previous program left it: no status index, schema 1."""
    path = s.salon.database.database
    as_schema(s.salon.database, 1)
    close_database()

    salon = open_salon(SalonLocation(path, s.salon.data_dir), s.clock, pin_cost=16)

    assert stored_version(salon.database) == PROGRAMS
    indexes = {index.name for index in salon.database.get_indexes("booking")}
    assert "booking_status" in indexes
    [backup] = (s.salon.data_dir / "backups").glob("salon-*-before-migration.db")
    assert check_backup(backup).schema_version == 1  # and it can be restored, then migrated


@pytest.mark.sqlite_only(reason="restores the salon's SQLite file")
def test_a_restored_schema_1_backup_is_migrated_as_it_is_put_in_place(s, tmp_path):
    as_schema(s.salon.database, 1)
    old = automatic_backup(s.salon, "by-hand")  # a backup the previous program made
    path = s.salon.database.database
    close_database()

    assert check_backup(old).schema_version == 1
    restore(RestoreRequest(old, check_backup(old), s.manager, "Maeve"), Path(path), s.clock)
    salon = open_salon(SalonLocation(path, s.salon.data_dir), s.clock, pin_cost=16)

    assert stored_version(salon.database) == PROGRAMS
    assert "booking_status" in {index.name for index in salon.database.get_indexes("booking")}
    assert check_backup(old).schema_version == 1  # the way back, as it was


def test_schema_3_puts_an_older_salons_staff_settings_and_catalogue_into_the_journal(
        tmp_path, clock):
    # As the previous program left a salon: its people, settings and catalogue in their
    # tables, none of them in the journal, and money already recorded.
    location = SalonLocation(fresh_database(tmp_path), tmp_path)
    salon = open_salon(location, clock, pin_cost=16)
    settings = {"salon_name": "Salon Zoë", "currency_code": "EUR", "time_zone": "Europe/Dublin"}
    Setting.insert_many([{"key": key, "value": json.dumps(value)}
                         for key, value in settings.items()]).execute()
    Staff.insert(name="Maeve", role="manager",
                 pin_hash=hash_pin("1234", salon.pin_pepper, 16)).execute()
    TaxClass.insert(name="Standard", rate_bp=2300).execute()
    Service.insert(name="Cut", duration_min=30, price=4000, tax_class=1).execute()
    with salon.writing():
        post(salon, Kind.PAID_IN, 2000, method="cash", staff_id=1)
    as_schema(salon.database, 2)
    close_database()

    salon = open_salon(location, clock, pin_cost=16)

    assert stored_version(salon.database) == PROGRAMS
    recorded = JournalEntry.select().where(JournalEntry.kind == Kind.STANDING_DATA)
    assert [(entry.category, entry.reference) for entry in recorded] == [
        ("staff", "1"), ("setting", "currency_code"), ("setting", "salon_name"),
        ("setting", "time_zone"), ("tax_class", "1"), ("service", "1")]
    assert verify(salon).ok, verify(salon).problems
    assert check_pin(salon, 1, "1234").name == "Maeve"

    Staff.update(role="stylist").execute()  # what changes from now on is told

    assert [message for _seq, message in verify(salon).problems] == [
        "staff member 1 “Maeve” does not match the journal: role is “stylist” but the journal "
        "says “manager”"]
