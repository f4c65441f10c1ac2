"""Backups and restore: a consistent copy taken while the salon works, a damaged or foreign
file refused before anything is touched, and the database replaced never lost."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange import backups
from salon_pos.services.exchange.backups import backup, check_backup, prune_backups, restore
from salon_pos.services.kernel.context import Salon
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import clients, day_close, salon_setup, staff
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.models import Client, JournalEntry
from tests.conftest import dump
from tests.services.helpers import TODAY

pytestmark = pytest.mark.sqlite_only(reason="SQLite's online backup of the salon's file")


def database_path(s) -> Path:
    return Path(s.salon.database.database)


def reopened(s) -> Salon:
    path = database_path(s)
    return open_salon(SalonLocation(str(path), path.parent), s.clock, pin_cost=16)


def damage(path: Path) -> None:
    """Overwrite the middle third of the file with noise, as a failing disk would."""
    data = bytearray(path.read_bytes())
    third = len(data) // 3
    data[third:2 * third] = random.Random(5).randbytes(third)
    path.write_bytes(bytes(data))


def test_backup_then_restore_gives_back_the_same_database(s, tmp_path):
    before = dump(s.salon)
    written = backup(s.salon, tmp_path / "copy.db")
    clients.add_client(s.salon, "Added after the backup", by=s.desk)
    close_database()

    kept = restore(restore_request(s, written, s.manager, "Maeve Manager"), database_path(s),
                   s.clock)

    # The same rows, and the journal's note of the restore (written into the copy).
    [note] = [row for row in dump(reopened(s)) if row not in before]
    assert note.startswith('INSERT INTO "journal_entry"') and "restored from copy.db" in note
    assert kept.name.startswith("salon.db.before-restore-")
    with sqlite3.connect(kept) as old:  # the replaced database is kept, with its last change
        names = {name for (name,) in old.execute("SELECT name FROM client")}
    assert "Added after the backup" in names


def test_the_backup_file_is_readable_by_its_owner_only(s, tmp_path):
    written = backup(s.salon, tmp_path / "copy.db")
    assert written.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*partial*"))  # nothing left aside


def test_backup_during_another_stations_write_is_consistent(s, tmp_path):
    committed = dump(s.salon)
    writer = sqlite3.connect(database_path(s), isolation_level=None, timeout=10)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO setting (key, value) VALUES ('half_written', '1')")
    try:
        written = backup(s.salon, tmp_path / "copy.db")
    finally:
        writer.execute("COMMIT")
        writer.close()

    assert check_backup(written).salon_name == "Salon Zoë"
    with sqlite3.connect(written) as copy:
        assert list(copy.iterdump()) == committed


def test_check_backup_describes_the_salon(s, tmp_path):
    set_up_only = check_backup(backup(s.salon, tmp_path / "new.db"))
    # Setting up the catalogue and staff left one approved-change entry each.
    day_close.close_day(s.salon, TODAY, approved_by=s.manager)

    summary = check_backup(backup(s.salon, tmp_path / "copy.db"))

    assert (summary.salon_name, summary.clients, summary.sales) == ("Salon Zoë", 1, 0)
    assert summary.last_entry == set_up_only.last_entry + 1
    assert summary.describe() == (f"“Salon Zoë”: last journal entry {summary.last_entry} at "
                                  "2026-03-20 09:00 UTC; 1 clients, 0 bookings, 0 sales.")


def test_an_empty_journal_is_described_so(s, tmp_path):
    # Named as an older program left a salon just set up: with nothing in its journal.
    salon = open_salon(SalonLocation(str(tmp_path / "bare.db"), tmp_path), s.clock, pin_cost=16)
    salon.database.execute_sql("INSERT INTO setting VALUES ('salon_name', '\"Bare\"')")

    assert "an empty journal" in check_backup(backup(salon, tmp_path / "b.db")).describe()


def test_a_damaged_backup_is_detected_and_not_restored(s, tmp_path):
    written = backup(s.salon, tmp_path / "copy.db")
    damage(written)
    with pytest.raises(DomainError, match="damaged|not a readable"):
        check_backup(written)

    before = dump(s.salon)
    close_database()
    with pytest.raises(DomainError):
        restore(restore_request(s, written, s.manager, "Maeve"), database_path(s), s.clock)
    assert not list(tmp_path.glob("salon.db.before-restore-*"))
    assert dump(reopened(s)) == before


@pytest.mark.parametrize("content", [b"", b"hello, not a database" * 200])
def test_a_file_that_is_not_sqlite_is_refused(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(DomainError):
        check_backup(path)


def test_a_foreign_sqlite_file_is_refused(s, tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipe (name TEXT)")
    close_database()
    with pytest.raises(DomainError, match="not a Salon POS database"):
        restore(backups.RestoreRequest(path, None, s.manager, "Maeve"), database_path(s),
                s.clock)
    assert database_path(s).exists()


def test_a_backup_from_a_newer_program_is_refused(s, tmp_path):
    written = backup(s.salon, tmp_path / "copy.db")
    with sqlite3.connect(written) as copy:
        copy.execute("INSERT INTO schema_version VALUES (99, '2030-01-01 00:00:00')")
    with pytest.raises(DomainError, match="schema 99"):
        check_backup(written)


def test_a_missing_backup_is_refused(tmp_path):
    with pytest.raises(DomainError, match="There is no backup file"):
        check_backup(tmp_path / "nowhere.db")


def test_postgresql_is_backed_up_with_its_own_tools(s, tmp_path):
    server = Salon(pw.PostgresqlDatabase("salon"), s.clock, tmp_path)
    with pytest.raises(DomainError, match="pg_dump"):
        backup(server, tmp_path / "copy.db")


def test_pruning_keeps_the_newest_and_nothing_else_is_touched(tmp_path):
    names = ["salon-20260318-190000Z-day-close.db", "salon-20260319-190000Z-day-close.db",
             "salon-20260320-190000Z-day-close.db", "salon-20260320-190000Z-day-close-2.db"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "my-own-copy.db").write_bytes(b"")

    removed = prune_backups(tmp_path, keep=2)

    assert sorted(p.name for p in removed) == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*names[2:], "my-own-copy.db"])


def test_closing_the_day_writes_an_automatic_backup_with_the_seal(s):
    day_close.close_day(s.salon, TODAY, approved_by=s.manager)
    backups.backup_after_day_close(s.salon)
    written = list((s.salon.data_dir / "backups").glob("salon-*-day-close.db"))
    assert [p.name for p in written] == ["salon-20260320-090000Z-day-close.db"]
    with sqlite3.connect(written[0]) as copy:
        assert copy.execute("SELECT day FROM business_day").fetchall() == [("2026-03-20",)]


def test_automatic_backups_keep_the_setting_number(s):
    salon_setup.change_settings(s.salon, s.manager, backups_kept=2)
    for _ in range(4):
        backups.automatic_backup(s.salon, "manual")
    kept = sorted(p.name for p in (s.salon.data_dir / "backups").iterdir())
    assert kept == ["salon-20260320-090000Z-manual-3.db", "salon-20260320-090000Z-manual-4.db"]


def test_a_failed_backup_does_not_undo_the_day_close(s):
    (s.salon.data_dir / "backups").write_text("a file where the folder should be")
    day_close.close_day(s.salon, TODAY, approved_by=s.manager)
    with pytest.raises(DomainError, match="automatic backup was not made: File exists"):
        backups.backup_after_day_close(s.salon)
    with sqlite3.connect(database_path(s)) as raw:
        assert raw.execute("SELECT COUNT(*) FROM business_day").fetchone()[0] == 1


def restore_request(s, backup_file: Path, approver: int, name: str):
    return backups.RestoreRequest(backup_file, check_backup(backup_file), approver, name)


def test_restoring_over_the_open_salon_is_recorded_in_the_restored_journal(s, tmp_path):
    saved = backup(s.salon, tmp_path / "morning.db")
    later = clients.add_client(s.salon, "After The Backup", by=s.desk)
    request = restore_request(s, saved, s.manager, "Maeve Manager")

    close_database()  # the app closes its connection before the files move
    kept = backups.restore_over(s.salon, request)
    reopened(s)

    assert Client.get_or_none(Client.id == later) is None
    entry = JournalEntry.select().order_by(JournalEntry.seq.desc()).get()
    assert (entry.kind, entry.amount, entry.staff, entry.approved_by) == (
        "approved_change", 0, s.manager, s.manager)
    assert entry.memo == (f"Database restored from morning.db (its last journal entry "
                          f"{request.summary.last_entry}) by Maeve Manager; the database "
                          f"before it kept as {kept.name}")
    assert verify(s.salon).ok
    with sqlite3.connect(kept) as before:  # nothing lost: the later client is in the kept file
        assert before.execute("SELECT COUNT(*) FROM client WHERE name = 'After The Backup'"
                              ).fetchone() == (1,)


def test_a_restore_approved_by_someone_the_backup_does_not_know_names_them_only(s, tmp_path):
    saved = backup(s.salon, tmp_path / "morning.db")
    newer = staff.add_staff(s.salon, "Nora New", "manager", "4321", approved_by=s.manager)
    request = restore_request(s, saved, newer, "Nora New")

    close_database()
    backups.restore_over(s.salon, request)
    reopened(s)

    entry = JournalEntry.select().order_by(JournalEntry.seq.desc()).get()
    assert (entry.staff, entry.approved_by) == (None, None)
    assert (f"(its last journal entry {request.summary.last_entry}) by Nora New; the "
            "database before it kept as") in entry.memo
