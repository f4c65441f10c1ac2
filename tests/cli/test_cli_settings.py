"""`salon-pos settings get|set`: any setting read as a person writes it, changed by a
manager and checked as the app checks it (a refusal leaves the file byte for byte as it
was); the email password asked for, sealed in the file, kept out of the journal."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from salon_pos.cli.main import main
from salon_pos.store.database import close_database
from tests.conftest import make_salon

pytestmark = pytest.mark.sqlite_only("runs the command line on the salon's file")


@pytest.fixture
def db(tmp_path, clock) -> Path:
    make_salon(tmp_path, clock)
    close_database()
    return tmp_path / "salon.db"


def run(monkeypatch, db: Path, *argv: str, stdin: str = "1234\n") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--db", str(db), *argv])


def test_every_setting_is_listed_and_one_is_read_as_a_person_writes_it(monkeypatch, db,
                                                                       capsys):
    assert run(monkeypatch, db, "settings", "get") == 0
    listed = capsys.readouterr().out
    assert "deposit_percent_bp" in listed and "20 %" in listed
    assert "smtp_password" in listed and "(not set)" in listed
    assert run(monkeypatch, db, "settings", "get", "deposit_max") == 0
    assert capsys.readouterr().out == "€50.00\n"
    with pytest.raises(SystemExit) as wrong:
        run(monkeypatch, db, "settings", "get", "no_such")
    assert wrong.value.code == 2
    assert "there is no setting “no_such”" in capsys.readouterr().err


@pytest.mark.parametrize(("key", "typed", "shown"), [
    ("deposit_fixed", "12.50", "€12.50"),
    ("deposit_percent_bp", "12.5 %", "12.5 %"),
    ("print_receipt_on_pay", "yes", "yes"),
    ("smtp_security", "tls", "tls"),
    ("reminder_hours", "12", "12"),
])
def test_a_manager_changes_a_setting(monkeypatch, db, capsys, key, typed, shown):
    assert run(monkeypatch, db, "settings", "set", key, typed, "--manager", "Maeve",
               "--pin-stdin") == 0
    capsys.readouterr()
    run(monkeypatch, db, "settings", "get", key)
    assert capsys.readouterr().out == f"{shown}\n"
    assert run(monkeypatch, db, "verify") == 0


@pytest.mark.parametrize(("argv", "said"), [
    (("deposit_min", "90", "--manager", "Maeve"), "larger than the largest deposit"),
    (("smtp_security", "ssl", "--manager", "Maeve"), "must be one of: none, starttls, tls"),
    (("smtp_port", "70000", "--manager", "Maeve"), "between 1 and 65535"),
    (("smtp_from", "not an address", "--manager", "Maeve"), "does not look like an email"),
    (("smtp_password", "hunter2", "--manager", "Maeve"), "stays out of the shell's history"),
    (("deposit_fixed", "10"), "needs a manager's approval"),
])
def test_a_refused_change_leaves_the_file_as_it_was(monkeypatch, db, capsys, argv, said):
    before = db.read_bytes()
    assert run(monkeypatch, db, "settings", "set", *argv, "--pin-stdin") == 1
    assert said in capsys.readouterr().err
    assert db.read_bytes() == before


def test_a_front_desk_pin_cannot_change_a_setting(monkeypatch, db, capsys):
    before = db.read_bytes()
    assert run(monkeypatch, db, "settings", "set", "deposit_fixed", "1", "--manager", "Dara",
               "--pin-stdin", stdin="1111\n") == 1
    assert "not a manager" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_the_email_password_is_asked_for_sealed_and_never_shown_or_journaled(monkeypatch, db,
                                                                             capsys):
    assert run(monkeypatch, db, "settings", "set", "smtp_password", "-", "--manager",
               "Maeve", "--pin-stdin", stdin="1234\nS3cret-app-pass\n") == 0
    assert "S3cret" not in capsys.readouterr().out
    run(monkeypatch, db, "settings", "get", "smtp_password")
    assert capsys.readouterr().out == "(set)\n"
    assert b"S3cret-app-pass" not in db.read_bytes()
    with sqlite3.connect(db) as connection:
        memo = connection.execute("SELECT memo FROM journal_entry WHERE reference = "
                                  "'smtp_password'").fetchone()[0]
    assert memo.startswith('{"value":"sealed ') and "S3cret" not in memo
    assert run(monkeypatch, db, "verify") == 0
