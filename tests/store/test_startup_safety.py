"""Start-up safety: a private database file, a damaged one refused with the way back,
and a PIN lock-out that a restart does not lift."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import NotAllowed
from salon_pos.services.exchange.backups import automatic_backup
from salon_pos.services.exchange.recovery import newest_good_backup, way_back
from salon_pos.services.kernel import access
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.store import database as database_module
from salon_pos.store.database import DamagedDatabase, check_file, close_database, open_database
from tests.conftest import OPENING

PAGE = 4096


def damage_the_middle(path) -> None:
    """Overwrite a page in the middle of a closed database with garbage."""
    pages = path.stat().st_size // PAGE
    assert pages > 4, "too small a file to damage its middle"
    with open(path, "r+b") as file:
        file.seek(pages // 2 * PAGE)
        file.write(b"\xde\xad\xbe\xef" * (PAGE // 4))


def reopen(s):
    """Close the salon's connection (the WAL is folded into the file) and open it anew."""
    path = s.salon.data_dir / "salon.db"
    close_database()
    return open_salon(SalonLocation(str(path), s.salon.data_dir), FixedClock(s.clock.now()),
                      pin_cost=16)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- a private file ----------------------------------------------------------------------


def test_a_new_database_and_its_wal_and_shm_are_readable_by_their_owner_only(tmp_path):
    previous = os.umask(0o022)  # the usual default: new files readable by everyone
    try:
        open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                   pin_cost=16)
        # The schema was just written: the WAL and its index are there, the connection open.
        files = [tmp_path / name for name in ("new.db", "new.db-wal", "new.db-shm")]
        assert all(file.exists() for file in files)
        assert {file.name: mode(file) for file in files} == {
            "new.db": 0o600, "new.db-wal": 0o600, "new.db-shm": 0o600}
    finally:
        os.umask(previous)
        close_database()


# --- a damaged file ----------------------------------------------------------------------


def test_a_healthy_database_opens_again(s):
    salon = reopen(s)
    assert access.check_pin(salon, s.desk, "1111").id == s.desk


def test_a_database_damaged_in_the_middle_is_refused_and_left_as_it_was(s):
    path = s.salon.data_dir / "salon.db"
    close_database()
    damage_the_middle(path)
    damaged = path.read_bytes()

    with pytest.raises(DamagedDatabase) as refusal:
        open_database(str(path))

    assert refusal.value.path == path
    assert f"The database file {path} is damaged (" in refusal.value.message
    assert "***" not in refusal.value.problem  # SQLite's finding itself, not its heading
    assert path.read_bytes() == damaged  # no repair, no reset


def test_a_file_that_is_not_a_database_at_all_is_refused(tmp_path):
    path = tmp_path / "salon.db"
    path.write_bytes(b"this is no database " * 1000)

    with pytest.raises(DamagedDatabase, match="file is not a database"):
        open_database(str(path))


def test_the_way_back_names_the_newest_good_backup_and_the_command(s):
    folder = s.salon.data_dir / "backups"
    older = automatic_backup(s.salon, "day-close")
    s.clock.advance(days=1)
    newer = automatic_backup(s.salon, "day-close")
    os.utime(older, (1_000_000, 1_000_000))  # written first
    path = s.salon.data_dir / "salon.db"
    close_database()
    damage_the_middle(path)
    damage_the_middle(newer)  # the newest backup is no good either
    with pytest.raises(DamagedDatabase) as refusal:
        open_database(str(path))

    assert newest_good_backup(folder)[0] == older
    message = way_back(refusal.value, s.salon.data_dir)
    assert f"The newest good backup is {older}\n“Salon Zoë”" in message
    assert f"salon-pos --db {path} restore {older}" in message


def test_the_way_back_says_so_when_there_is_no_good_backup(tmp_path):
    damage = DamagedDatabase(tmp_path / "salon.db", "page 7 is broken")

    message = way_back(damage, tmp_path)

    assert f"There is no good backup in {tmp_path / 'backups'}" in message
    assert "do not delete it" in message


# --- the PIN lock-out --------------------------------------------------------------------


def test_a_pin_lock_out_survives_a_restart(s):
    for _ in range(5):
        with pytest.raises(NotAllowed, match="That PIN is not right"):
            access.check_pin(s.salon, s.desk, "0000")

    salon = reopen(s)  # the program restarted: nothing held in memory
    with pytest.raises(NotAllowed, match="Too many wrong PINs for Dara Desk"):
        access.check_pin(salon, s.desk, "1111")
    salon.clock.advance(minutes=4, seconds=59)
    with pytest.raises(NotAllowed, match="try again in 1 min"):
        access.check_pin(salon, s.desk, "1111")
    salon.clock.advance(seconds=1)
    assert access.check_pin(salon, s.desk, "1111").id == s.desk


def test_wrong_tries_before_a_restart_still_count_after_it(s):
    for _ in range(3):
        with pytest.raises(NotAllowed):
            access.check_pin(s.salon, s.desk, "0000")

    salon = reopen(s)
    for _ in range(2):
        with pytest.raises(NotAllowed, match="That PIN is not right"):
            access.check_pin(salon, s.desk, "0000")
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        access.check_pin(salon, s.desk, "1111")


# --- the check deferred while the login is on screen ---------------------------------------


def test_a_deferred_check_opens_at_once_and_check_file_then_finds_the_damage(s):
    path = s.salon.data_dir / "salon.db"
    close_database()
    damage_the_middle(path)
    damaged = path.read_bytes()

    open_database(str(path), check=False)  # the login can show; the check runs beside it
    with pytest.raises(DamagedDatabase) as refusal:
        check_file(path)

    assert f"The database file {path} is damaged (" in refusal.value.message
    close_database()
    assert path.read_bytes() == damaged


def test_a_file_too_damaged_to_read_its_schema_is_refused_even_unchecked(tmp_path):
    path = tmp_path / "salon.db"
    path.write_bytes(b"this is not a database" * 500)

    with pytest.raises(DamagedDatabase):
        open_database(str(path), check=False)
    close_database()


def test_a_migration_is_never_run_on_an_unchecked_file(s, monkeypatch):
    path = s.salon.data_dir / "salon.db"
    close_database()
    damage_the_middle(path)
    migrated = []
    monkeypatch.setattr(database_module, "migrate",
                        lambda database, before: (before(), migrated.append(True)))

    with pytest.raises(DamagedDatabase):
        open_database(str(path), check=False)
    assert migrated == []  # the check ran first, as part of the backup before migrating
    close_database()


def test_check_file_gives_a_new_file_the_planners_statistics(s):
    path = s.salon.data_dir / "salon.db"
    close_database()
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE IF EXISTS sqlite_stat1")

    check_file(path)

    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM sqlite_stat1").fetchone()[0] > 0
