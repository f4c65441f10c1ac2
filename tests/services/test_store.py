"""The database as opened: real pragmas, a private file, the journal's guards, and a
database from a newer program refused."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from salon_pos.domain.errors import DomainError
from salon_pos.store.database import SCHEMA_VERSION, close_database, open_database


@pytest.mark.sqlite_only(reason="SQLite's pragmas, file and write lock")
def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_a_busy_timeout(s):
    pragmas = {name: s.salon.database.execute_sql(f"PRAGMA {name}").fetchone()[0]
               for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                       "busy_timeout": 10_000}


@pytest.mark.sqlite_only(reason="SQLite's pragmas, file and write lock")
def test_the_database_file_is_readable_by_its_owner_only(s):
    mode = stat.S_IMODE((s.salon.data_dir / "salon.db").stat().st_mode)
    assert mode == 0o600


def test_a_database_written_by_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    open_database(str(path))
    close_database()
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (?, '2030-01-01 00:00:00')",
                    (SCHEMA_VERSION + 1,))

    with pytest.raises(DomainError, match="made by a newer Salon POS"):
        open_database(str(path))
    close_database()


@pytest.mark.sqlite_only(reason="SQLite's pragmas, file and write lock")
def test_a_write_transaction_holds_the_write_lock_from_its_first_statement(s):
    """IMMEDIATE: a second writer is kept out before the operation has written anything,
    so a read-then-write can never fail half-way with "database is locked"."""
    other = sqlite3.connect(s.salon.data_dir / "salon.db", timeout=0)
    try:
        with s.salon.writing():
            s.salon.settings()  # a read only
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the operation is done
        other.rollback()
    finally:
        other.close()
