"""Backups of the SQLite database and the way back from one.

A backup is taken with SQLite's online backup API, so it is a consistent copy even while
the counter keeps selling; it is written beside its target and renamed into place, so a
file at the target is always whole. A restore checks the backup first and never deletes
the current database: it is moved aside, with its -wal and -shm, under a dated name.

Only SQLite: a PostgreSQL server is backed up with its own tools (pg_dump).
The PIN key file ("pin-pepper") lives beside the database, not in it; it is not part of
a backup, and a restore on another PC needs it copied too.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw

from salon_pos.domain.clock import Clock
from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import Kind
from salon_pos.files import unfinished, written_aside
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import Role, require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.staff import list_staff
from salon_pos.store.database import SCHEMA_VERSION, is_postgres, open_database
from salon_pos.store.schema import listed, schema_differences

AUTOMATIC_PREFIX = "salon-"
_STAMP = "%Y%m%d-%H%M%SZ"
# Tables every Salon POS database has had since schema 1: without them a file is not ours.
_OUR_TABLES = ("schema_version", "setting", "journal_entry")
_RESTORE_NOTE = "Database restored from"  # how a restore's journal entry begins


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, in a few words for the person about to restore it."""

    salon_name: str
    schema_version: int
    last_entry: int  # the journal's last sequence number (0 = empty journal)
    last_entry_at: datetime | None  # naive UTC, as stored
    clients: int
    bookings: int
    sales: int

    def describe(self) -> str:
        last = (f"last journal entry {self.last_entry} at {self.last_entry_at:%Y-%m-%d %H:%M} UTC"
                if self.last_entry_at else "an empty journal")
        return (f"“{self.salon_name}”: {last}; {self.clients} clients, "
                f"{self.bookings} bookings, {self.sales} sales.")


def backup(salon: Salon, target: Path) -> Path:
    """Write a consistent copy of the live database to `target` (readable by its owner
    only) and return its path."""
    if is_postgres(salon.database):
        raise DomainError(
            "This salon's database is on a PostgreSQL server: back it up there with pg_dump "
            "(for example `pg_dump -Fc salon > salon.dump`).")
    if _same_file(target, Path(salon.database.database)):
        raise DomainError(f"{target} is the salon's own database: name another file for "
                          "the backup, such as salon-backup.db.")
    source = salon.database.connection()
    try:
        with (written_aside(target) as aside,
              closing(sqlite3.connect(aside.path)) as copy):
            source.backup(copy)
            # One self-contained file, whatever mode the live database runs in.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise DomainError(f"The backup could not be written to {target}: {error}.") from None
    return aside.target


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(os.path.expanduser(one), other)
    except OSError:  # not there (yet)
        return False


def check_backup(path: Path) -> BackupSummary:
    """Open a backup read-only and make sure it is whole and a Salon POS database this
    program can open; refuse it with a clear message otherwise."""
    path = Path(os.path.expanduser(path))
    try:
        found = path.is_file()
    except OSError:  # a name the system cannot look up (too long, for one)
        found = False
    if not found:
        raise DomainError(f"There is no backup file at {path}.")
    database = pw.SqliteDatabase(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with closing(database):
            database.connect()
            problems = [row[0] for row in database.execute_sql("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise DomainError(f"The file {path} is damaged ({problems[0]}); it cannot be "
                                  "restored. Choose an older backup.")
            return _summary(database, path)
    except (sqlite3.DatabaseError, pw.DatabaseError) as error:  # peewee wraps sqlite3's
        raise DomainError(f"The file {path} is not a readable Salon POS backup ({error}).") \
            from None


def _summary(database: pw.SqliteDatabase, path: Path) -> BackupSummary:
    if not all(database.table_exists(table) for table in _OUR_TABLES):
        raise DomainError(f"The file {path} is not a Salon POS database.")

    def scalar(sql: str):
        return database.execute_sql(sql).fetchone()[0]

    version = scalar("SELECT MAX(version) FROM schema_version") or 0
    if not 1 <= version <= SCHEMA_VERSION:
        raise DomainError(f"The file {path} was written by a Salon POS with schema {version}; "
                          f"this program knows {SCHEMA_VERSION}. Please update the program.")
    foreign = schema_differences(database)
    if foreign:  # a trigger or view planted in a backup would run here once restored
        raise DomainError(f"The file {path} is not as Salon POS makes a database: "
                          f"{listed(foreign)}. They may have been planted or removed by "
                          "hand, to run inside Salon POS; it cannot be restored.")
    name = scalar("SELECT value FROM setting WHERE key = 'salon_name'")
    last = database.execute_sql(
        "SELECT seq, at FROM journal_entry ORDER BY seq DESC LIMIT 1").fetchone()
    return BackupSummary(
        salon_name=json.loads(name) if name else "(no name)",
        schema_version=version,
        last_entry=last[0] if last else 0,
        last_entry_at=datetime.fromisoformat(last[1]) if last else None,
        clients=scalar("SELECT COUNT(*) FROM client"),
        bookings=scalar("SELECT COUNT(*) FROM booking"),
        sales=scalar("SELECT COUNT(*) FROM sale"),
    )


def restore(request: RestoreRequest, database_path: Path, clock: Clock) -> Path | None:
    """Put a checked backup in the database's place; return where the database that was
    there has been kept (None when there was none). The journal entry that says so is
    written into the copy before it takes the database's name: a restore cut short right
    after is never one without its note.

    Call it with no connection open to `database_path` (the command line opens none):
    its files are moved while nothing uses them.
    """
    check_backup(request.backup_file)
    database_path = Path(os.path.expanduser(database_path)).resolve()
    with written_aside(database_path) as aside:
        with (open(request.backup_file, "rb") as source,
              os.fdopen(os.dup(aside.fd), "wb") as copy):
            shutil.copyfileobj(source, copy)
        check_backup(aside.path)  # the copy, as it landed on this disk
        kept = _kept_name(database_path)
        _record_restore(aside.path, request, kept, clock)
        _move_aside(database_path, kept)
    return kept


def finish_a_cut_restore(database_path: Path) -> bool:
    """A restore killed after the database was moved aside, and before its copy took the
    name, leaves no database and the copy whole, its journal note written: put it in
    place. True when it did. (A copy cut shorter is left to the clean-up of leftovers.)"""
    if database_path.exists():
        return False
    for copy in unfinished(database_path):
        try:
            check_backup(copy)
            with closing(sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)) as raw:
                last = raw.execute(
                    "SELECT memo FROM journal_entry ORDER BY seq DESC LIMIT 1").fetchone()
        except (DomainError, sqlite3.Error):
            continue
        if last and (last[0] or "").startswith(_RESTORE_NOTE):
            os.replace(copy, database_path)
            return True
    return False


def _kept_name(database_path: Path) -> Path | None:
    """`<name>.before-restore-<UTC stamp>`, where the database there now will be kept."""
    if not database_path.exists():
        return None
    return database_path.with_name(
        f"{database_path.name}.before-restore-{datetime.now(UTC):{_STAMP}}")


def _move_aside(database_path: Path, kept: Path | None) -> None:
    """Rename the database and its -wal/-shm to `kept`."""
    if kept is None:
        return
    for suffix in ("-wal", "-shm", ""):  # the main file last: never a lone -wal beside it
        current = Path(f"{database_path}{suffix}")
        if current.exists():
            current.rename(f"{kept}{suffix}")


def automatic_backup(salon: Salon, reason: str) -> Path:
    """A backup into the data folder's `backups/`, then the oldest beyond the salon's
    `backups_kept` setting removed."""
    folder = salon.data_dir / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = f"{AUTOMATIC_PREFIX}{salon.now():{_STAMP}}-{reason}"
    # Two in the same second are numbered on, past any already there (or pruned away).
    taken = [_age_order(path)[1] for path in folder.glob(f"{stem}*.db")]
    target = folder / (f"{stem}-{max(taken) + 1}.db" if taken else f"{stem}.db")
    written = backup(salon, target)
    prune_backups(folder, salon.settings().backups_kept)
    return written


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` automatic backups in `folder`; other files there
    are never touched. Returns the removed files."""
    ours = sorted(folder.glob(f"{AUTOMATIC_PREFIX}*.db"), key=_age_order, reverse=True)
    removed = ours[max(keep, 0):]
    for path in removed:
        path.unlink()
    return removed


def _age_order(path: Path) -> tuple[str, int]:
    """Names start with their UTC stamp; a second one in the same second ends in -2, -3…"""
    stamp = path.name[len(AUTOMATIC_PREFIX):len(AUTOMATIC_PREFIX) + len("20260320-090000Z")]
    counter = path.stem.rsplit("-", 1)[-1]
    return stamp, int(counter) if counter.isdigit() else 1


def backup_after_day_close(salon: Salon) -> Path | None:
    """The automatic backup once a day close has committed; None where it is not taken
    (PostgreSQL, and inside a larger transaction — the demo — where the close is not
    committed yet). A failure is raised as a DomainError for the caller to tell the
    manager: the close itself stands either way."""
    if is_postgres(salon.database) or salon.database.transaction_depth() > 0:
        return None
    try:
        return automatic_backup(salon, "day-close")
    except OSError as error:  # the backups folder itself, or pruning
        where = f" ({error.filename})" if error.filename else ""
        raise DomainError(f"The automatic backup was not made: "
                          f"{error.strerror or error}{where}.") from None


@dataclass(frozen=True)
class RestoreRequest:
    """A manager's go-ahead to put a checked backup in place of the open database."""

    backup_file: Path
    summary: BackupSummary
    approved_by: int | None  # None: the command line, over a database it could not open
    approver_name: str


def restore_over(salon: Salon, request: RestoreRequest) -> Path | None:
    """Restore into the salon's own file, once its manager is checked. Connections are
    per thread: the caller closes its own (and waits for its workers) first, then opens
    the salon again. Returns where the database before it was kept."""
    if is_postgres(salon.database):
        raise DomainError("This salon's database is on a PostgreSQL server: restore it there "
                          "with pg_restore.")
    with salon.database.connection_context():  # closed again before the files move
        require_manager(salon, request.approved_by)
    return restore(request, Path(salon.database.database), salon.clock)


def _record_restore(copy: Path, request: RestoreRequest, kept: Path | None,
                    clock: Clock) -> None:
    """Say in the journal of the copy about to be put in place that it was restored, from
    what, and by whom. The approver is named: their staff number may mean someone else, or
    no one, in the backup, so it is kept only when it is the same manager there."""
    database = open_database(str(copy))  # a backup of an older schema is brought up to date
    try:
        salon = Salon(database, clock, copy.parent)
        same = next((member["id"] for member in list_staff(salon, active_only=False)
                     if (member["id"], member["name"], member["role"])
                     == (request.approved_by, request.approver_name, Role.MANAGER)), None)
        by = (f"by {request.approver_name}" if request.approver_name else
              "from the command line, with no PIN to check (no database could be opened)")
        what = (f"{_RESTORE_NOTE} {request.backup_file.name} (its last journal entry "
                f"{request.summary.last_entry}) {by}")
        if kept is not None:
            what += f"; the database before it kept as {kept.name}"
        with salon.writing():
            ledger.post(salon, Kind.APPROVED_CHANGE, 0, memo=what,
                        staff_id=same, approved_by_id=same)
        database.execute_sql("PRAGMA journal_mode=DELETE")  # one file to rename: no -wal
    finally:
        database.close()
