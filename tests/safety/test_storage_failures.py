"""When the disk or the database says no — full, read-only, busy, no driver — every command
says so in plain words, nothing is half-written, and no traceback reaches anyone.

The disk is a real small one (a tmpfs) where the machine allows it (root, with mount);
everywhere SQLite's own page limit (`PRAGMA max_page_count`) makes the database full for
real. Rights are taken away for real: the tests run as root drop the capability that lets
root write anywhere."""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.errors import NotAllowed
from salon_pos.services.exchange.client_import import import_clients
from salon_pos.services.kernel.failures import (
    BUSY,
    CANNOT_OPEN,
    DISK_FULL,
    READ_ONLY,
    StorageFailure,
    storage_failure,
)
from salon_pos.store import database
from tests.conftest import dump

pytestmark = pytest.mark.sqlite_only("the disk under a SQLite file")

MANAGER = ["--manager", "Maeve O'Connor", "--pin-stdin"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A small demo salon's folder (database and PIN key), to copy where a test needs it."""
    folder = tmp_path_factory.mktemp("demo")
    assert main(["--db", str(folder / "salon.db"), "demo", "--days", "2", "--seed", "7"]) == 0
    return folder


def client_list(path: Path, rows: int = 3000) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "Phone", "Email", "Notes"])
        for i in range(rows):
            writer.writerow([f"Client {i} Ní Bhriain", f"0861{i:06d}", f"c{i}@example.com",
                             "Patch test before any colour. " * 6])
    return path


def salon_pos(*argv: str, pin: str = "1234", before: tuple[str, ...] = ()):
    """The command in a process of its own, as a script at the counter would run it."""
    return subprocess.run([*before, sys.executable, "-m", "salon_pos", *argv],
                          input=pin + "\n", capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parent)


def said_plainly(run, message: str) -> None:
    assert run.returncode == 1, run.stderr
    assert run.stderr == f"salon-pos: {message}\n"


def client_count(db: Path) -> int:
    with sqlite3.connect(db) as raw:
        return raw.execute("SELECT COUNT(*) FROM client").fetchone()[0]


# — a disk that is full —

@pytest.fixture
def small_disk(tmp_path):
    """A real 6 MB file system, mounted for the test (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small disk needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m,mode=0755", "tmpfs",
                              str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("this machine does not let a test mount a file system")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def fill_up(disk: Path, leave: int = 0) -> Path:
    """Fill the disk to its last byte, then free `leave` bytes."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def test_an_import_that_fills_the_disk_says_so_and_adds_no_one(small_disk, demo, tmp_path):
    for name in ("salon.db", "pin-pepper"):
        shutil.copy(demo / name, small_disk / name)
    db = small_disk / "salon.db"
    before = client_count(db)
    filler = fill_up(small_disk, leave=96 * 1024)

    run = salon_pos("--db", str(db), "clients", "import",
                    str(client_list(tmp_path / "clients.csv")), *MANAGER)

    said_plainly(run, DISK_FULL)  # not "cannot rollback - no transaction is active"
    filler.unlink()
    assert client_count(db) == before
    assert salon_pos("--db", str(db), "verify").returncode == 0


COMMANDS = {
    "verify": ["verify"],
    "report": ["report", "deposits", *MANAGER],
    "import": ["clients", "import", "{list}", *MANAGER],
    "init": ["--db", "{disk}/new.db", "init", "--salon-name", "Studio", "--manager-name",
             "Ann", "--manager-pin", "4321"],
    "demo": ["--db", "{disk}/demo.db", "demo", "--days", "1"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_on_a_full_disk_says_so(small_disk, demo, tmp_path, command):
    for name in ("salon.db", "pin-pepper"):
        shutil.copy(demo / name, small_disk / name)
    fill_up(small_disk)
    argv = [part.format(disk=small_disk, list=client_list(tmp_path / "c.csv", 10))
            for part in COMMANDS[command]]
    if argv[0] != "--db":
        argv = ["--db", str(small_disk / "salon.db"), *argv]

    said_plainly(salon_pos(*argv), DISK_FULL)


@pytest.mark.parametrize("command", [
    ["receipt", "1", "--out", "{disk}/r.pdf"],
    ["backup", "{disk}/copy.db", *MANAGER],
    ["clients", "export", "--out", "{disk}/clients.csv", *MANAGER],
], ids=["receipt", "backup", "export"])
def test_a_file_written_to_a_full_disk_is_refused_plainly(small_disk, demo, command):
    fill_up(small_disk)
    run = salon_pos("--db", str(demo / "salon.db"),
                    *(part.format(disk=small_disk) for part in command))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "full" in run.stderr or "No space left on device" in run.stderr


def test_an_operation_on_a_full_database_is_refused_and_changes_nothing(s, tmp_path):
    """SQLite's page limit: the same SQLITE_FULL, on any machine."""
    data = client_list(tmp_path / "clients.csv", 2000).read_bytes()
    pages = s.salon.database.execute_sql("PRAGMA page_count").fetchone()[0]
    s.salon.database.execute_sql(f"PRAGMA max_page_count = {pages + 20}")
    before = dump(s.salon)

    with pytest.raises(StorageFailure) as refusal:
        import_clients(s.salon, data, by=s.manager, approved_by=s.manager)

    assert refusal.value.message == DISK_FULL
    assert dump(s.salon) == before


# — a folder that may not be written —

def without_rights() -> tuple[str, ...]:
    """What runs a command with no right to write where its modes say no: root is made
    to respect them by dropping the capabilities that override them."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("root ignores file modes, and setpriv is not here to drop that")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--")


@pytest.mark.parametrize("locked", ["folder", "file"])
def test_a_read_only_folder_or_file_is_refused_plainly(demo, tmp_path, locked):
    folder = tmp_path / "salon"
    shutil.copytree(demo, folder)
    db = folder / "salon.db"
    db.chmod(0o444)
    if locked == "folder":
        folder.chmod(0o555)
    try:
        run = salon_pos("--db", str(db), "clients", "import",
                        str(client_list(tmp_path / "c.csv", 5)), *MANAGER,
                        before=without_rights())
    finally:
        folder.chmod(0o755)
    said_plainly(run, READ_ONLY.format(where=""))
    db.chmod(0o644)
    assert client_count(db) == client_count(demo / "salon.db")


def test_a_read_only_disk_is_refused_plainly(small_disk, demo):
    for name in ("salon.db", "pin-pepper"):
        shutil.copy(demo / name, small_disk / name)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    said_plainly(salon_pos("--db", str(small_disk / "salon.db"), "verify"), CANNOT_OPEN)


# — a database another program holds —

def test_a_database_held_by_another_process_is_busy_not_a_traceback(demo, tmp_path, capsys,
                                                                    monkeypatch):
    db = tmp_path / "salon.db"
    shutil.copy(demo / "salon.db", db)
    shutil.copy(demo / "pin-pepper", tmp_path / "pin-pepper")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        # The busy timeout is 10 s; a shorter one here keeps the test short.
        monkeypatch.setattr(database, "SQLITE_PRAGMAS", tuple(
            (name, 300 if name == "busy_timeout" else value)
            for name, value in database.SQLITE_PRAGMAS))
        monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
        code = main(["--db", str(db), "clients", "import",
                     str(client_list(tmp_path / "c.csv", 5)), *MANAGER])
    finally:
        holder.communicate("")
    assert code == 1
    assert capsys.readouterr().err == f"salon-pos: {BUSY}\n"


# — PostgreSQL without its driver —

def test_postgresql_without_its_driver_names_what_to_install():
    hidden = ("import sys; sys.modules['psycopg2'] = None; "  # as if it were not installed
              "from salon_pos.cli.main import main; sys.exit(main())")
    run = subprocess.run([sys.executable, "-c", hidden, "--db",
                          "postgresql://salon@127.0.0.1:9/salon", "verify"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr == ("salon-pos: PostgreSQL needs its driver, psycopg2, which is not "
                          "installed with this copy of Salon POS. Install it with: pip install "
                          "'salon-pos[postgres]' (from a clone of the source: pip install -e "
                          "'.[postgres]').\n")


# — the cause behind peewee's failed rollback —

def test_the_cause_is_found_behind_a_failed_rollback():
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode, full.sqlite_errorname = 13, "SQLITE_FULL"
    try:
        try:
            raise full
        finally:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")
    except sqlite3.OperationalError as rollback:
        assert storage_failure(rollback).message == DISK_FULL
    assert storage_failure(OSError(errno.ENOSPC, "No space left on device")).message == DISK_FULL
    assert storage_failure(KeyError("a bug")) is None
    try:  # a refusal made while handling a busy database keeps its own words
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError:
            raise NotAllowed("Maeve is not a manager.") from None
    except NotAllowed as refusal:
        assert storage_failure(refusal) is None
