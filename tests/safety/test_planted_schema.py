"""Objects planted in the database, or removed from it, behind the program's back.

A SQLite file can carry triggers and views that then run inside Salon POS with its rights.
The issue's crafted backup carried three: one clears the PIN lock-out, one makes a stylist
a manager at the next day close, and a do-nothing trigger stands in for the journal's guard
under its name. Such a file is refused — restored or opened, by the command line or the app
— with the objects named, and nothing is changed.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange.backups import RestoreRequest, backup, check_backup, restore
from salon_pos.services.opening import DamagedSalon, SalonLocation, open_salon
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.migrations import stored_version
from salon_pos.store.schema import schema_differences
from tests.cli.test_startup_cli import start_refused
from tests.conftest import TEST_DATABASE, as_schema, on_postgres

sqlite_only = pytest.mark.sqlite_only(reason="plants objects in the salon's SQLite file")

# The three triggers of the crafted backup, as its author wrote them.
CRAFTED = """
CREATE TRIGGER staff_pin_forgiven AFTER UPDATE OF failed_pins ON staff
    WHEN NEW.failed_pins > 0 OR NEW.locked_until IS NOT NULL
    BEGIN UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = NEW.id; END;
CREATE TRIGGER business_day_promotion AFTER INSERT ON business_day
    BEGIN UPDATE staff SET role = 'manager' WHERE name = 'Aoife Stylist'; END;
DROP TRIGGER journal_entry_no_update;
CREATE TRIGGER journal_entry_no_update BEFORE UPDATE ON journal_entry BEGIN SELECT 1; END;
"""


def plant(path: Path | str, script: str) -> None:
    with closing(sqlite3.connect(path)) as raw:
        raw.executescript(script)
        raw.commit()


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder and its content, to prove a refusal changed nothing."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir()) if path.is_file()}


def reopen(s):
    path = s.salon.database.database
    close_database()
    return open_salon(SalonLocation(path, Path(path).parent), s.clock, pin_cost=16)


# --- the crafted backup ---------------------------------------------------------------------

@sqlite_only
def test_the_crafted_backup_is_refused_and_the_salon_left_as_it_was(s, tmp_path):
    crafted = tmp_path / "elsewhere" / "crafted.db"
    crafted.parent.mkdir()
    backup(s.salon, crafted)
    plant(crafted, CRAFTED)
    live = Path(s.salon.database.database)
    close_database()
    before = fingerprint(live.parent)

    with pytest.raises(DomainError) as refused:
        restore(RestoreRequest(crafted, None, s.manager, "Maeve"), live, s.clock)

    message = refused.value.message
    assert message.startswith(f"The file {crafted} is not as Salon POS makes a database: ")
    assert "it has a trigger “staff_pin_forgiven” on staff that Salon POS does not make" \
        in message
    assert "it has a trigger “business_day_promotion” on business_day that Salon POS does " \
           "not make" in message
    assert "its trigger “journal_entry_no_update” on journal_entry is not the one Salon POS " \
           "makes" in message
    assert message.endswith("it cannot be restored.")
    assert fingerprint(live.parent) == before  # nothing replaced, nothing kept aside


@sqlite_only
def test_the_command_line_refuses_the_crafted_backup_without_a_traceback(tmp_path, capsys,
                                                                        monkeypatch):
    live = tmp_path / "salon.db"
    assert main(["--db", str(live), "init", "--salon-name", "Studio", "--manager-name",
                 "Maeve", "--manager-pin", "1234"]) == 0
    crafted = tmp_path / "crafted.db"
    with closing(sqlite3.connect(live)) as source, closing(sqlite3.connect(crafted)) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one file, as `backup` writes it
    plant(crafted, CRAFTED)
    before = fingerprint(tmp_path)
    capsys.readouterr()

    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))  # Maeve's PIN
    assert main(["--db", str(live), "restore", str(crafted), "--manager", "Maeve",
                 "--pin-stdin"]) == 1

    said = capsys.readouterr()
    assert said.err.startswith(f"salon-pos: The file {crafted} is not as Salon POS makes")
    assert "“staff_pin_forgiven”" in said.err and "Traceback" not in said.err
    assert fingerprint(tmp_path) == before


# --- a database opened ----------------------------------------------------------------------

PLANTED = {
    "a trigger": ("CREATE TRIGGER staff_pin_forgiven AFTER UPDATE ON staff "
                  "BEGIN UPDATE staff SET failed_pins = 0 WHERE id = NEW.id; END",
                  "it has a trigger “staff_pin_forgiven” on staff that Salon POS does not make"),
    "a view": ("CREATE VIEW managers AS SELECT * FROM staff WHERE role = 'manager'",
               "it has a view “managers” that Salon POS does not make"),
    "an index": ("CREATE INDEX staff_pin ON staff (pin_hash)",
                 "it has an index “staff_pin” on staff that Salon POS does not make"),
    "a column": ("ALTER TABLE staff ADD COLUMN is_owner INTEGER DEFAULT 1",
                 "its table “staff” has a column “is_owner” that Salon POS does not make"),
    "a dropped guard": ("DROP TRIGGER journal_entry_no_delete",
                        "it lacks the trigger “journal_entry_no_delete” on journal_entry"),
    "a guard that does nothing": (
        "DROP TRIGGER journal_entry_no_update; CREATE TRIGGER journal_entry_no_update "
        "BEFORE UPDATE ON journal_entry BEGIN SELECT 1; END",
        "its trigger “journal_entry_no_update” on journal_entry is not the one Salon POS makes"),
    "a dropped index": ("DROP INDEX booking_status",
                        "it lacks the index “booking_status” on booking"),
    "a table": ("CREATE TABLE notes (text TEXT)",
                "it has a table “notes” that Salon POS does not make"),
}


@sqlite_only
@pytest.mark.parametrize("what", PLANTED)
def test_a_database_with_a_planted_or_missing_object_is_refused_by_name(s, what):
    statement, named = PLANTED[what]
    path = Path(s.salon.database.database)
    close_database()
    plant(path, statement)
    before = fingerprint(path.parent)

    with pytest.raises(DamagedSalon) as refused:
        reopen(s)

    assert refused.value.message.startswith(
        f"The database {path} is not as Salon POS makes it: {named}. They may have been "
        "planted or removed by hand, to run inside Salon POS. Salon POS will not open it, "
        "so nothing in it is changed.")
    assert fingerprint(path.parent) == before


@sqlite_only
def test_a_column_declared_otherwise_is_named_with_both_declarations(s):
    """Rebuilt with a default that makes every new member of staff a manager."""
    path = Path(s.salon.database.database)
    with closing(sqlite3.connect(path)) as raw:
        [sql] = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'staff'").fetchone()
    rebuilt = sql.replace('"role" VARCHAR(16) NOT NULL', "\"role\" VARCHAR(16) NOT NULL "
                          "DEFAULT 'manager'")
    close_database()
    plant(path, f"PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = "
                f"'{rebuilt.replace(chr(39), chr(39) * 2)}' WHERE name = 'staff'; "
                "PRAGMA writable_schema = OFF;")

    with pytest.raises(DamagedSalon, match="its column “staff.role” is declared “\"role\" "
                       "VARCHAR\\(16\\) NOT NULL DEFAULT 'manager'”, not “\"role\" "
                       "VARCHAR\\(16\\) NOT NULL”"):
        reopen(s)


@sqlite_only
def test_the_command_line_refuses_a_planted_trigger_without_a_traceback(s, capsys):
    path = Path(s.salon.database.database)
    close_database()
    plant(path, PLANTED["a trigger"][0])

    assert main(["--db", str(path), "verify"]) == 1

    said = capsys.readouterr().err
    assert said.startswith(f"salon-pos: The database {path} is not as Salon POS makes it: "
                           "it has a trigger “staff_pin_forgiven” on staff")
    assert "Traceback" not in said


@sqlite_only
def test_the_app_shows_the_refusal_in_a_window(s, qapp):
    path = Path(s.salon.database.database)
    close_database()
    plant(path, PLANTED["a view"][0])

    title, text = start_refused(path)

    assert title == "Salon POS cannot start"
    assert text.startswith(f"The database {path} is not as Salon POS makes it: it has a view "
                           "“managers” that Salon POS does not make.")


@sqlite_only
def test_a_schema_1_database_with_a_planted_trigger_is_refused_before_its_migration(s):
    """Compared with schema 1 as migrated: no backup is taken, nothing is migrated."""
    path = Path(s.salon.database.database)
    as_schema(s.salon.database, 1)
    close_database()
    plant(path, PLANTED["a trigger"][0])
    before = fingerprint(path.parent)

    with pytest.raises(DamagedSalon) as refused:
        reopen(s)

    assert ": it has a trigger “staff_pin_forgiven” on staff that Salon POS does not make. " \
        in refused.value.message  # and only that: the missing index is the migration's
    assert fingerprint(path.parent) == before
    assert not (path.parent / "backups").exists()


@sqlite_only
def test_a_schema_1_backup_is_checked_as_it_will_be_once_migrated(s, tmp_path):
    as_schema(s.salon.database, 1)
    old = backup(s.salon, tmp_path / "old.db")
    assert check_backup(old).schema_version == 1  # as the previous program left it

    plant(old, "CREATE VIEW everyone AS SELECT name, pin_hash FROM staff")

    with pytest.raises(DomainError, match="it has a view “everyone” that Salon POS "
                                          r"does not make\. They may"):
        check_backup(old)


def test_a_new_and_a_migrated_database_are_exactly_what_the_program_makes(s):
    assert schema_differences(s.salon.database) == []
    if on_postgres():
        return
    as_schema(s.salon.database, 1)
    salon = reopen(s)  # migrated to the newest schema on the way
    assert stored_version(salon.database) > 1
    assert schema_differences(salon.database) == []


@sqlite_only
def test_the_planner_statistics_are_the_databases_own(s):
    s.salon.database.execute_sql("ANALYZE")
    assert schema_differences(s.salon.database) == []


@sqlite_only
def test_verify_names_a_trigger_planted_while_the_salon_is_open(s):
    plant(s.salon.database.database, PLANTED["a trigger"][0])

    assert verify(s.salon).problems == (
        (0, "the database: it has a trigger “staff_pin_forgiven” on staff that Salon POS "
            "does not make"),)


# --- PostgreSQL -----------------------------------------------------------------------------

postgres_only = pytest.mark.skipif(not on_postgres(), reason="plants objects in PostgreSQL")

POSTGRES_PLANTED = {
    "a trigger": (
        """CREATE FUNCTION forgive() RETURNS trigger AS $$ BEGIN NEW.failed_pins = 0;
               RETURN NEW; END; $$ LANGUAGE plpgsql;
           CREATE TRIGGER staff_pin_forgiven BEFORE UPDATE ON staff
               FOR EACH ROW EXECUTE FUNCTION forgive()""",
        ["it has a trigger “staff_pin_forgiven” on staff that Salon POS does not make",
         "it has a function “forgive” that Salon POS does not make"]),
    "a disabled guard": (
        "ALTER TABLE journal_entry DISABLE TRIGGER journal_entry_append_only",
        ["its trigger “journal_entry_append_only” on journal_entry is not the one Salon POS "
         "makes"]),
    "a guard function that lets everything through": (
        """CREATE OR REPLACE FUNCTION journal_entry_append_only() RETURNS trigger AS $$
               BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql""",
        ["its function “journal_entry_append_only” is not the one Salon POS makes"]),
    "a rule": (
        "CREATE RULE promote AS ON INSERT TO business_day DO ALSO "
        "UPDATE staff SET role = 'manager'",
        ["it has a rule “promote” on business_day that Salon POS does not make"]),
    "a view": ("CREATE VIEW managers AS SELECT * FROM staff",
               ["it has a view “managers” that Salon POS does not make"]),
    "a column": ("ALTER TABLE staff ADD COLUMN is_owner integer",
                 ["its table “staff” has a column “is_owner” that Salon POS does not make"]),
}


@postgres_only
@pytest.mark.parametrize("what", POSTGRES_PLANTED)
def test_a_postgresql_database_with_a_planted_object_is_refused_by_name(s, what):
    import psycopg2

    statement, named = POSTGRES_PLANTED[what]
    close_database()
    with closing(psycopg2.connect(TEST_DATABASE)) as raw, raw, raw.cursor() as cursor:
        cursor.execute(statement)

    with pytest.raises(DamagedSalon) as refused:
        open_salon(SalonLocation(TEST_DATABASE, s.salon.data_dir), s.clock, pin_cost=16)

    assert refused.value.message == (
        f"The salon's database is not as Salon POS makes it: {'; '.join(named)}. They may "
        "have been planted or removed by hand, to run inside Salon POS. Salon POS will not "
        "open it, so nothing in it is changed.\n\nRestore it from its newest pg_dump backup "
        "with pg_restore.")
