"""`salon-pos backup FILE` and `salon-pos restore FILE` on a temporary salon."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import pytest

from salon_pos.cli.main import main


@pytest.fixture
def salon_db(tmp_path):
    path = tmp_path / "salon.db"
    assert main(["--db", str(path), "init", "--salon-name", "Studio", "--manager-name",
                 "Maeve", "--manager-pin", "1234"]) == 0
    return path


def approved(monkeypatch, *argv: str) -> list[str]:
    """The command with Maeve's name and PIN (on stdin, as a script gives it)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    return [*argv, "--manager", "Maeve", "--pin-stdin"]


def rows(path, sql):
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute(sql).fetchall()


def test_backup_then_restore_round_trip(salon_db, tmp_path, capsys, monkeypatch):
    copy = tmp_path / "copy.db"
    assert main(approved(monkeypatch, "--db", str(salon_db), "backup", str(copy))) == 0
    assert f"Backup written to {copy}: “Studio”" in capsys.readouterr().out

    with closing(sqlite3.connect(salon_db)) as raw:  # a change made after the backup
        raw.execute("UPDATE setting SET value = '\"Renamed\"' WHERE key = 'salon_name'")
        raw.commit()
    assert main(approved(monkeypatch, "--db", str(salon_db), "restore", str(copy))) == 0

    printed = capsys.readouterr().out
    assert f"Restored {copy} to {salon_db}: “Studio”" in printed
    assert "The previous database was kept as " in printed
    assert rows(salon_db, "SELECT value FROM setting WHERE key = 'salon_name'") == \
        [('"Studio"',)]
    kept = next(tmp_path.glob("salon.db.before-restore-*Z"))  # beside its -wal, -shm
    assert rows(kept, "SELECT value FROM setting WHERE key = 'salon_name'") == [('"Renamed"',)]
    (memo,) = rows(salon_db, "SELECT memo FROM journal_entry ORDER BY seq DESC LIMIT 1")[0]
    assert memo.startswith("Database restored from copy.db") and f"kept as {kept.name}" in memo
    assert main(["--db", str(salon_db), "verify"]) == 0


def test_restore_refuses_a_bad_file_and_changes_nothing(salon_db, tmp_path, capsys,
                                                        monkeypatch):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    before = salon_db.read_bytes()

    assert main(approved(monkeypatch, "--db", str(salon_db), "restore", str(bad))) == 1

    assert "is not a readable Salon POS backup" in capsys.readouterr().err
    assert salon_db.read_bytes() == before
    assert not list(tmp_path.glob("salon.db.before-restore-*"))


def test_backup_refuses_a_database_that_does_not_exist(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db"), "backup", str(tmp_path / "c.db")]) == 1
    assert "There is no database" in capsys.readouterr().err
