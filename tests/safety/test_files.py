"""Files as an attacker at the counter PC would try them: a link planted where the program
writes, another program's file given as the database, a PIN key file emptied, a restore or
a backup killed half-way. Every output is written aside, private (0600) and renamed; a link
at its name is refused and the file it points at is left as it was; a foreign file is never
made a salon; what a killed run leaves is cleared at the next start."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import DomainError
from salon_pos.files import write_file
from salon_pos.services.kernel import access
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import salon_setup
from salon_pos.store.database import close_database
from tests.conftest import OPENING, make_salon

pytestmark = pytest.mark.sqlite_only(reason="the files of a SQLite salon")

REPO = Path(__file__).resolve().parents[2]
MANAGER = ["--manager", "Maeve O'Connor", "--pin-stdin"]  # the demo's; PIN 1234 on stdin
DAY = "2026-03-20"
# Every file the command line writes, OUT where it goes (DEPOSIT: a deposit's entry).
OUTPUTS = {
    "backup": ["backup", "OUT", *MANAGER],
    "receipt": ["receipt", "1", "--out", "OUT"],
    "slip": ["slip", "1", "--out", "OUT"],
    "agreement": ["agreement", "1", "--out", "OUT"],
    "deposit receipt": ["deposit-receipt", "DEPOSIT", "--out", "OUT"],
    "Z report PDF": ["report", "day", DAY, *MANAGER, "--pdf", "OUT"],
    "Z report CSV": ["report", "day", DAY, *MANAGER, "--csv", "OUT"],
    "client list": ["clients", "export", *MANAGER, "--out", "OUT"],
    "books": ["export", "accounts", *MANAGER, "--out", "OUT"],
    "books CSV": ["export", "accounts", *MANAGER, "--csv", "OUT"],
    "stylist's calendar": ["calendar", "stylist", "Aoife Ní Bhriain", "--from", DAY,
                           "--out", "OUT"],
    "booking's calendar": ["calendar", "booking", "1", "--out", "OUT"],
}
VICTIM_TEXT = "someone else's file\n"
OLDER = "an older copy, readable by all"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("files") / "salon.db"
    assert main(["--db", str(path), "demo", "--days", "2", "--seed", "3"]) == 0
    return path


def command(demo_db: Path, argv: list[str], out: Path) -> list[str]:
    with closing(sqlite3.connect(demo_db)) as demo:
        (deposit,) = demo.execute("SELECT MIN(seq) FROM journal_entry "
                                  "WHERE kind = 'deposit_taken'").fetchone()
    given = {"OUT": str(out), "DEPOSIT": str(deposit)}
    return ["--db", str(demo_db), *(given.get(part, part) for part in argv)]


def run(argv: list[str], capsys) -> tuple[int, str]:
    """The command line in-process, the demo manager's PIN on standard input."""
    capsys.readouterr()
    stdin, sys.stdin = sys.stdin, io.StringIO("1234\n")
    try:
        code = main(argv)
    finally:
        sys.stdin = stdin
    return code, capsys.readouterr().err


def cli(*argv: str, stdin: str = "1234\n") -> subprocess.CompletedProcess:
    """The real command line, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "salon_pos", *argv], cwd=REPO, input=stdin,
                          capture_output=True, text=True, timeout=120)


def a_victim(folder: Path) -> Path:
    victim = folder / "victim.txt"
    victim.write_text(VICTIM_TEXT)
    victim.chmod(0o644)
    return victim


def left_aside(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if "partial" in path.name)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("argv", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_an_output_is_never_written_through_a_planted_link(demo_db, tmp_path, capsys, argv):
    victim = a_victim(tmp_path)
    link = tmp_path / "out"
    link.symlink_to(victim)

    code, err = run(command(demo_db, argv, link), capsys)

    assert code == 1 and "is a link to another file" in err
    assert victim.read_text() == VICTIM_TEXT and mode(victim) == 0o644
    assert link.is_symlink() and left_aside(tmp_path) == []


@pytest.mark.parametrize("argv", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_a_link_to_no_file_yet_does_not_create_one(demo_db, tmp_path, capsys, argv):
    """A dangling link would let the program create a file wherever it points."""
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "created-by-the-link")

    code, _ = run(command(demo_db, argv, link), capsys)

    assert code == 1 and not (tmp_path / "created-by-the-link").exists()


@pytest.mark.parametrize("argv", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_every_output_is_readable_by_its_owner_only(demo_db, tmp_path, capsys, argv):
    out = tmp_path / "out"
    out.write_text(OLDER)
    out.chmod(0o644)
    umask = os.umask(0o022)
    try:
        code, err = run(command(demo_db, argv, out), capsys)
    finally:
        os.umask(umask)
    assert code == 0, err
    assert mode(out) == 0o600 and out.read_text(errors="replace") != OLDER
    assert left_aside(tmp_path) == []


def test_a_real_backup_run_keeps_the_planted_links_target(demo_db, tmp_path):
    victim = a_victim(tmp_path)
    (tmp_path / "backup.db").symlink_to(victim)

    done = cli("--db", str(demo_db), "backup", str(tmp_path / "backup.db"), *MANAGER)

    assert done.returncode == 1 and "is a link to another file" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert victim.read_text() == VICTIM_TEXT and mode(victim) == 0o644


def test_a_backup_is_never_written_over_the_database_itself(demo_db, capsys):
    before = demo_db.read_bytes()
    code, err = run(["--db", str(demo_db), "backup", str(demo_db), *MANAGER], capsys)
    assert code == 1 and "the salon's own database" in err
    assert demo_db.read_bytes() == before


def test_the_app_s_saved_files_are_private_and_refuse_links(tmp_path):
    """The helper every screen saves through (receipts, slips, reports, save a copy)."""
    write_file(tmp_path / "receipt.pdf", lambda out: out.write(b"%PDF"), "wb")
    assert mode(tmp_path / "receipt.pdf") == 0o600
    victim = a_victim(tmp_path)
    (tmp_path / "slip.pdf").symlink_to(victim)
    with pytest.raises(DomainError, match="is a link"):
        write_file(tmp_path / "slip.pdf", lambda out: out.write(b"%PDF"), "wb")
    assert victim.read_text() == VICTIM_TEXT


def another_programs_database(path: Path) -> bytes:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipe (name TEXT, steps TEXT)")
        other.execute("INSERT INTO recipe VALUES ('bread', 'flour, water, salt')")
    other.close()
    path.chmod(0o644)
    return path.read_bytes()


@pytest.mark.parametrize("argv", [
    ["init", "--salon-name", "Taken Over", "--manager-name", "Eve", "--manager-pin", "1234"],
    ["verify"],
    ["report", "deposits", *MANAGER],
    ["restore", "BACKUP", *MANAGER],
])
def test_another_programs_database_is_never_made_a_salon(demo_db, tmp_path, argv):
    foreign = tmp_path / "recipes.db"
    before = another_programs_database(foreign)

    done = cli("--db", str(foreign), *[str(demo_db) if a == "BACKUP" else a for a in argv])

    assert done.returncode == 1 and "not a Salon POS database" in done.stderr, done.stderr
    assert foreign.read_bytes() == before and mode(foreign) == 0o644
    assert sorted(path.name for path in tmp_path.iterdir()) == ["recipes.db"]


def test_a_text_file_given_as_the_database_is_left_as_it_was(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: conditioner, foils\n")
    notes.chmod(0o644)

    done = cli("--db", str(notes), "init", "--salon-name", "Taken Over", "--manager-name",
               "Eve", "--manager-pin", "1234")

    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert notes.read_text() == "shopping: conditioner, foils\n" and mode(notes) == 0o644


def test_an_empty_file_becomes_a_private_new_salon(tmp_path):
    empty = tmp_path / "salon.db"
    empty.touch(mode=0o644)
    empty.chmod(0o644)

    done = cli("--db", str(empty), "init", "--salon-name", "New", "--manager-name", "Eve",
               "--manager-pin", "1234")

    assert done.returncode == 0, done.stderr
    assert mode(empty) == 0o600


# The PIN key file ("pin-pepper").

def new_salon_with_pepper(folder: Path, pepper: bytes | None = None, link_to: Path | None = None):
    folder.mkdir()
    if pepper is not None:
        (folder / "pin-pepper").write_bytes(pepper)
    if link_to is not None:
        (folder / "pin-pepper").symlink_to(link_to)
    return open_salon(SalonLocation(str(folder / "salon.db"), folder), FixedClock(OPENING),
                      pin_cost=16)


@pytest.mark.parametrize("pepper", [b"", b"\0" * 31, b"k" * 33], ids=["empty", "short", "long"])
def test_a_pin_key_file_of_the_wrong_size_is_refused_at_set_up(tmp_path, pepper):
    salon = new_salon_with_pepper(tmp_path / "salon", pepper)
    try:
        with pytest.raises(DomainError, match="PIN key file .* is damaged"):
            salon_setup.set_up_salon(salon, salon_name="Weak", currency_code="EUR",
                                     time_zone="Europe/Dublin", manager_name="Ann",
                                     manager_pin="1234")
        assert not salon_setup.is_set_up(salon)  # no PIN was kept under a key all know
    finally:
        close_database()


def test_a_pin_key_file_that_is_a_link_is_refused(tmp_path):
    known = tmp_path / "known-32-bytes"
    known.write_bytes(b"k" * 32)
    salon = new_salon_with_pepper(tmp_path / "salon", link_to=known)
    try:
        with pytest.raises(DomainError, match="PIN key file .* is a link"):
            salon_setup.set_up_salon(salon, salon_name="Weak", currency_code="EUR",
                                     time_zone="Europe/Dublin", manager_name="Ann",
                                     manager_pin="1234")
    finally:
        close_database()


def test_an_emptied_pin_key_file_stops_the_pin_checks(tmp_path, clock):
    s = make_salon(tmp_path, clock)
    close_database()
    (tmp_path / "pin-pepper").write_bytes(b"")
    salon = open_salon(SalonLocation(str(tmp_path / "salon.db"), tmp_path), clock, pin_cost=16)
    try:
        with pytest.raises(DomainError, match="PIN key file .* is damaged: it holds 0 bytes"):
            access.check_pin(salon, s.manager, "1234")
    finally:
        close_database()


# Runs killed half-way.

def killed_child(*argv: str, kill_when: str) -> subprocess.CompletedProcess:
    """The real command line in a child that kills itself with SIGKILL at a rename
    (tests/safety/killed_at_rename.py says which)."""
    done = subprocess.run([sys.executable, "-m", "tests.safety.killed_at_rename", kill_when,
                           *argv], cwd=REPO, input="1234\n", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stderr)
    return done


def a_copy_of_the_demo(demo_db: Path, folder: Path) -> Path:
    db = folder / "salon.db"
    db.write_bytes(demo_db.read_bytes())
    (folder / "pin-pepper").write_bytes((demo_db.parent / "pin-pepper").read_bytes())
    return db


def last_memo(db: Path) -> tuple[str, int | None]:
    with closing(sqlite3.connect(db)) as salon:
        return salon.execute("SELECT memo, approved_by_id FROM journal_entry "
                             "ORDER BY seq DESC LIMIT 1").fetchone()


def test_a_restore_killed_right_after_the_swap_keeps_its_note(demo_db, tmp_path):
    db = a_copy_of_the_demo(demo_db, tmp_path)
    assert cli("--db", str(db), "backup", str(tmp_path / "morning.db"), *MANAGER).returncode == 0

    killed_child("--db", str(db), "restore", str(tmp_path / "morning.db"), *MANAGER,
                 kill_when="after-swap")

    memo, approver = last_memo(db)
    assert memo.startswith("Database restored from morning.db") and "by Maeve O'Connor" in memo
    assert approver == 1
    done = cli("--db", str(db), "verify")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_restore_killed_just_before_the_swap_is_finished_at_the_next_start(demo_db,
                                                                             tmp_path):
    db = a_copy_of_the_demo(demo_db, tmp_path)
    assert cli("--db", str(db), "backup", str(tmp_path / "morning.db"), *MANAGER).returncode == 0

    killed_child("--db", str(db), "restore", str(tmp_path / "morning.db"), *MANAGER,
                 kill_when="before-swap")
    assert not db.exists(), "the database was not yet moved aside: the kill came too early"

    done = cli("--db", str(db), "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    memo, approver = last_memo(db)
    assert memo.startswith("Database restored from morning.db") and approver == 1
    assert left_aside(tmp_path) == [] and list(tmp_path.glob("salon.db.before-restore-*"))


def test_a_copy_without_a_restores_note_is_never_put_in_place(demo_db, tmp_path):
    """Only a restore writes aside for the database's own name, and its note comes last."""
    (tmp_path / ".salon.db.abcd1234.salon-pos-partial").write_bytes(demo_db.read_bytes())

    done = cli("--db", str(tmp_path / "salon.db"), "verify")

    assert done.returncode == 1 and "There is no database" in done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_a_backup_killed_before_its_rename_is_cleared_at_the_next_start(demo_db, tmp_path):
    db = a_copy_of_the_demo(demo_db, tmp_path)
    backups = tmp_path / "backups"
    backups.mkdir()

    killed_child("--db", str(db), "backup", str(backups / "evening.db"), *MANAGER,
                 kill_when="before-rename")
    assert left_aside(backups), "the kill left nothing aside: it came too late"
    assert not (backups / "evening.db").exists()

    assert cli("--db", str(db), "verify").returncode == 0
    assert left_aside(backups) == []


def test_only_this_programs_leftovers_are_cleared(demo_db, tmp_path):
    db = a_copy_of_the_demo(demo_db, tmp_path)
    ours = [".salon.db.k3j9x0q2.salon-pos-partial", ".salon.db.k3j9x0q2.salon-pos-partial-journal",
            ".evening.db.partial-4242"]  # the last as the previous version named them
    others = ["notes.partial", "salon.db.a1b2c3d4.salon-pos-partial", ".x.partial-4242.txt",
              "photo.part"]
    for name in ours + others:
        (tmp_path / name).write_text("half")
    held = tmp_path / ".salon.db.heldheld.salon-pos-partial"  # a backup still being written
    held.write_text("half")
    writer = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys; f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('held', flush=True); sys.stdin.read()"), str(held)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "held"
        assert cli("--db", str(db), "verify").returncode == 0
    finally:
        writer.communicate("")

    left = {path.name for path in tmp_path.iterdir()}
    assert not left & set(ours)
    assert set(others) | {held.name} <= left

