"""The command line asks a manager for what is a manager's in the app: reports, backups and
restores need an active manager's name and PIN. Anyone else — the front desk, a stylist,
a name no one has, a wrong PIN — is refused with exit 1 and a message, and nothing is
written. A restore over a damaged or missing database needs no PIN: it is the way back."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import pytest

from salon_pos.cli.main import main
from salon_pos.services.exchange.backups import backup
from salon_pos.services.operations import staff
from salon_pos.store.database import close_database
from tests.conftest import make_salon
from tests.store.test_startup_safety import damage_the_middle

pytestmark = pytest.mark.sqlite_only("the command line's backups and restores are SQLite's")

DAY = "2026-03-20"  # the fixture's Friday


@pytest.fixture
def salon_db(tmp_path, clock):
    """The test salon's file (closed), with a backup of it, a manager who has left and two
    stylists whose names differ only in case."""
    s = make_salon(tmp_path, clock)
    old = staff.add_staff(s.salon, "Old Manager", "manager", "4444", approved_by=s.manager)
    staff.edit_staff(s.salon, old, approved_by=s.manager, active=False)
    staff.add_staff(s.salon, "Sam Twin", "stylist", "5555", approved_by=s.manager)
    staff.add_staff(s.salon, "sam twin", "stylist", "6666", approved_by=s.manager)
    backup(s.salon, tmp_path / "before.db")
    close_database()
    return tmp_path / "salon.db"


def command_writing(name: str, tmp_path) -> tuple[list[str], list]:
    """A manager's command, and the files it would write (for a restore: the database
    kept aside)."""
    if name == "report day":
        csv, pdf = tmp_path / "z.csv", tmp_path / "z.pdf"
        return ["report", "day", DAY, "--csv", str(csv), "--pdf", str(pdf)], [csv, pdf]
    if name == "report deposits":
        return ["report", "deposits"], []
    if name == "backup":
        return ["backup", str(tmp_path / "copy.db")], [tmp_path / "copy.db"]
    return ["restore", str(tmp_path / "before.db")], [tmp_path / "salon.db.before-restore-*"]


def run(monkeypatch, salon_db, argv, *, manager=None, pin="1234") -> int:
    """`salon-pos --db salon_db ARGV [--manager NAME --pin-stdin]`, the PIN on stdin."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n"))
    approval = ["--manager", manager, "--pin-stdin"] if manager is not None else []
    return main(["--db", str(salon_db), *argv, *approval])


def written(files, tmp_path) -> list:
    return [found for pattern in files for found in tmp_path.glob(pattern.name)]


def rows(path, sql: str, *args) -> list:
    with closing(sqlite3.connect(path)) as raw:
        return raw.execute(sql, args).fetchall()


def dump_file(path) -> list[str]:
    with closing(sqlite3.connect(path)) as raw:
        return list(raw.iterdump())


def except_staff(lines: list[str]) -> list[str]:
    """The dump without the staff table, whose rows count wrong PINs."""
    return [line for line in lines if not line.startswith('INSERT INTO "staff"')]


COMMANDS = ["report day", "report deposits", "backup", "restore"]
REFUSALS = [  # --manager given, the PIN typed, what is said
    (None, "1234", "needs a manager's approval: add --manager NAME"),
    ("Dara Desk", "1111", "Dara Desk is not a manager"),
    ("aoife stylist", "2222", "Aoife Stylist is not a manager"),
    ("Nobody", "1234", "No one on the staff is called “Nobody”."),
    ("Old Manager", "4444", "Old Manager is no longer an active member of staff."),
    ("Sam Twin", "5555", "2 members of staff are called “Sam Twin”"),
    ("Maeve Manager", "", "No PIN was given for Maeve Manager; nothing was done."),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("manager", "pin", "said"), REFUSALS,
                         ids=["no-manager", "desk", "stylist", "unknown", "left", "ambiguous",
                              "no-pin"])
def test_anyone_but_an_active_manager_is_refused_and_nothing_is_written(
        salon_db, tmp_path, monkeypatch, capsys, command, manager, pin, said):
    argv, files = command_writing(command, tmp_path)
    before = dump_file(salon_db)

    assert run(monkeypatch, salon_db, argv, manager=manager, pin=pin) == 1

    out, err = capsys.readouterr()
    assert said in err and err.startswith("salon-pos: ")
    assert "Traceback" not in err and "Z report" not in out and "Deposits held" not in out
    assert written(files, tmp_path) == []
    assert dump_file(salon_db) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_wrong_pin_is_refused_counted_and_nothing_else_changes(
        salon_db, tmp_path, monkeypatch, capsys, command):
    argv, files = command_writing(command, tmp_path)
    before = dump_file(salon_db)

    assert run(monkeypatch, salon_db, argv, manager="MAEVE MANAGER", pin="9999") == 1

    assert "That PIN is not right." in capsys.readouterr().err
    assert written(files, tmp_path) == []
    assert except_staff(dump_file(salon_db)) == except_staff(before)
    assert rows(salon_db, "SELECT failed_pins FROM staff WHERE name = ?",
                "Maeve Manager") == [(1,)]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_managers_name_and_pin_on_stdin_are_approval(
        salon_db, tmp_path, monkeypatch, capsys, command):
    argv, files = command_writing(command, tmp_path)

    assert run(monkeypatch, salon_db, argv, manager="  maeve   MANAGER ") == 0

    out = capsys.readouterr().out
    assert {"report day": "Z report", "report deposits": "Deposits held",
            "backup": "Backup written", "restore": "Restored"}[command] in out
    assert len(written(files, tmp_path)) == len(files)


def test_five_wrong_pins_lock_the_manager_out_of_the_command_line(
        salon_db, monkeypatch, capsys):
    for _ in range(5):
        assert run(monkeypatch, salon_db, ["report", "deposits"], manager="Maeve Manager",
                   pin="0000") == 1
        assert "That PIN is not right." in capsys.readouterr().err

    assert run(monkeypatch, salon_db, ["report", "deposits"], manager="Maeve Manager") == 1

    out, err = capsys.readouterr()
    assert "Too many wrong PINs for Maeve Manager: try again in 5 min." in err
    assert out == ""
    [(locked_until,)] = rows(salon_db, "SELECT locked_until FROM staff WHERE name = ?",
                             "Maeve Manager")
    assert locked_until is not None  # kept in the database: a new run is locked out too


def test_a_restore_over_a_damaged_database_needs_no_pin(salon_db, tmp_path, monkeypatch,
                                                        capsys):
    damage_the_middle(salon_db)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # nothing to read: none is asked for

    assert main(["--db", str(salon_db), "restore", str(tmp_path / "before.db")]) == 0

    assert "Restored" in capsys.readouterr().out
    assert list(tmp_path.glob("salon.db.before-restore-*"))  # the damaged file, kept
    with closing(sqlite3.connect(salon_db)) as raw:  # the journal says how it came back
        (memo, staff_id), = raw.execute(
            "SELECT memo, staff_id FROM journal_entry ORDER BY seq DESC LIMIT 1").fetchall()
    assert memo.startswith("Database restored from before.db") and staff_id is None
    assert "from the command line, with no PIN to check" in memo
    assert main(["--db", str(salon_db), "verify"]) == 0


def test_a_restore_where_there_is_no_database_needs_no_pin(salon_db, tmp_path, capsys):
    target = tmp_path / "new" / "salon.db"
    target.parent.mkdir()

    assert main(["--db", str(target), "restore", str(tmp_path / "before.db")]) == 0

    assert "There was no database there before." in capsys.readouterr().out
    assert rows(target, "SELECT COUNT(*) FROM staff") == [(7,)]


def test_verify_and_reprints_stay_open_to_everyone(salon_db, tmp_path, capsys):
    assert main(["--db", str(salon_db), "verify"]) == 0
    assert main(["--db", str(salon_db), "slip", "1", "--out", str(tmp_path / "s.pdf")]) == 1
    assert "That booking does not exist." in capsys.readouterr().err  # asked no PIN


@pytest.mark.parametrize("argv", [["report", "day", "--help"], ["report", "deposits", "--help"],
                                  ["backup", "--help"], ["restore", "--help"]])
def test_help_names_the_managers_options(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert "--manager NAME" in capsys.readouterr().out
