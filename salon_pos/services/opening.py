"""Opening a salon: where its database and data folder are, the database opened with its
pragmas and schema (a backup first when a migration is due), the clock, and the refusal
that names the way back when the file is damaged.

The one way in: the command line, the desktop app, the benchmarks and the test fixtures
all open the salon here (the demo fills one that was opened here).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from salon_pos import files
from salon_pos.domain.clock import Clock, SystemClock
from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange.backups import automatic_backup, finish_a_cut_restore
from salon_pos.services.exchange.recovery import way_back
from salon_pos.services.kernel.context import DEFAULT_PIN_COST, Salon
from salon_pos.services.kernel.failures import plain_storage_failures
from salon_pos.store import clean_close
from salon_pos.store.database import (
    DamagedDatabase,
    check_file,
    close_database,
    is_postgres,
    open_database,
)

APP_NAME = "salon-pos"
_POSTGRES = ("postgres://", "postgresql://")


class DamagedSalon(DomainError):
    """The salon's SQLite file failed its check: the message names the damage and the
    way back (the newest good backup, and the command that restores it)."""


def default_data_dir() -> Path:
    """The user's data folder for the app (`~/.local/share/salon-pos` on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class SalonLocation:
    """Where a salon lives: its database (a SQLite file or a PostgreSQL URL) and the data
    folder beside it (photos, the PIN pepper, backups, crash reports)."""

    target: str
    data_dir: Path

    @classmethod
    def from_argument(cls, db: str | None) -> SalonLocation:
        """The salon `--db` names: a SQLite file (or `sqlite:///path`), a PostgreSQL URL,
        or — when left out — `salon.db` in the user's data folder."""
        if db is None:
            data_dir = default_data_dir()
            return cls(str(data_dir / "salon.db"), data_dir)
        if db.startswith(_POSTGRES):
            return cls(db, default_data_dir())
        # os.path.expanduser leaves "~someone-unknown" as it is; Path.expanduser raises.
        path = Path(os.path.expanduser(db.removeprefix("sqlite:///"))).resolve()
        return cls(str(path), path.parent)

    @property
    def on_postgres(self) -> bool:
        return self.target.startswith(_POSTGRES)

    def database_missing(self) -> bool:
        """No SQLite file there yet (a PostgreSQL database is never missing here)."""
        if self.on_postgres:
            return False
        try:
            return not Path(self.target).is_file()
        except OSError:  # a name the system cannot look up (too long, for one)
            return True


def open_salon(location: SalonLocation, clock: Clock | None = None, *, check: bool = True,
               pin_cost: int = DEFAULT_PIN_COST) -> Salon:
    """The salon at `location`, its schema brought up to date; the system clock unless one
    is given (tests and the demo run on their own). A damaged SQLite file is refused with
    the way back named. `check=False` leaves the file's quick check to `check_at_start`
    (the app runs it while the login is on screen)."""
    clock = clock or SystemClock()

    def back_up_first(database) -> None:
        """Before the schema changes, a copy to go back to (PostgreSQL: pg_dump's job;
        the migration's single transaction still leaves it whole or untouched)."""
        if not is_postgres(database):
            automatic_backup(Salon(database, clock, location.data_dir, pin_cost=pin_cost),
                             "before-migration")

    tidy_after_a_kill(location)
    try:
        with plain_storage_failures():  # a full disk, a read-only folder, a busy file
            database = open_database(location.target, back_up_first, check=check)
    except DamagedDatabase as damage:
        raise DamagedSalon(way_back(damage, location.data_dir)) from None
    return Salon(database, clock, location.data_dir, pin_cost=pin_cost)


def tidy_after_a_kill(location: SalonLocation) -> None:
    """What a backup or a restore killed half-way left: a restore cut between moving the
    database aside and putting its copy in place is finished; the other half-written files
    beside the database and among the backups are removed (only this program's, by their
    names; not one still being written)."""
    if location.on_postgres:
        return
    try:
        finish_a_cut_restore(Path(location.target))
        files.remove_leftovers(Path(location.target).parent)
        files.remove_leftovers(location.data_dir / "backups")
    except OSError:  # a name or folder the system refuses: opening it says what is wrong
        pass


def check_at_start(location: SalonLocation) -> None:
    """The file's quick check, or a refusal that names the damage and the way back.
    PostgreSQL looks after its own files."""
    if location.on_postgres:
        return
    try:
        check_file(Path(location.target))
    except DamagedDatabase as damage:
        raise DamagedSalon(way_back(damage, location.data_dir)) from None


def checked_at_its_last_close(location: SalonLocation) -> bool:
    """The SQLite file is exactly as a session that had checked it whole left it at its
    close (store/clean_close.py): its check need not hold up the login."""
    return not location.on_postgres and clean_close.unchanged_since_clean_close(
        Path(location.target), location.data_dir)


def remember_clean_close(location: SalonLocation) -> None:
    """After a session that checked the whole file has closed it (no connection left)."""
    if not location.on_postgres:
        clean_close.remember_clean_close(Path(location.target), location.data_dir)


def close_salon() -> None:
    """Close this thread's connection to the open salon (before its files are moved, and
    at the end of a command)."""
    close_database()
