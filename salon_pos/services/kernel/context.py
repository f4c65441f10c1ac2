"""The salon as the services see it: database, clock, data folder and PIN pepper.

Opened once by `services.opening.open_salon` (the CLI, the app, the demo's caller, the
benchmarks and the test fixtures all go through it) and handed to every service function.
The models reach the database through the store's proxy, which opening points at this
salon's database: one salon is open in a process at a time, and `writing()` refuses to
write through a salon that is no longer the open one.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import peewee as pw

from salon_pos.domain.clock import Clock
from salon_pos.domain.errors import DomainError
from salon_pos.domain.localtime import business_day_of, to_utc_naive
from salon_pos.domain.settings import SalonSettings, settings_from_rows
from salon_pos.services.kernel.failures import plain_storage_failures
from salon_pos.store.database import is_postgres
from salon_pos.store.models import Setting, Staff, db

# What a database failing under an operation raises (a file damaged, locked or gone): the
# fronts catch these without knowing the driver.
DATABASE_ERRORS = (pw.DatabaseError, sqlite3.DatabaseError)
# scrypt N for PINs: about 150 ms on a 2-core machine; the cost is stored with each hash,
# so raising it later re-hashes nothing.
DEFAULT_PIN_COST = 2**16
# Every station's writes queue on this PostgreSQL advisory lock, as they do on SQLite's
# IMMEDIATE transactions: the journal's sequence and the clash checks stay race-free.
WRITE_LOCK_KEY = 0x5A10_0001


@dataclass
class _Moment:
    """What one operation sees for its whole run: one instant, one set of settings."""

    now: datetime
    settings: SalonSettings


@dataclass
class Salon:
    database: pw.Database
    clock: Clock
    data_dir: Path
    pin_cost: int = DEFAULT_PIN_COST  # scrypt N; tests lower it to stay fast
    # Per thread, like peewee's connections: a worker thread runs its own operations.
    _local: threading.local = field(default_factory=threading.local, init=False, repr=False)
    _pepper: bytes | None = field(default=None, init=False, repr=False)

    @property
    def _moment(self) -> _Moment | None:
        return getattr(self._local, "moment", None)

    @_moment.setter
    def _moment(self, moment: _Moment | None) -> None:
        self._local.moment = moment

    @property
    def pin_pepper(self) -> bytes:
        """Read when a PIN is first hashed or checked (reports and `verify` need none)."""
        if self._pepper is None:
            self._pepper = load_pepper(self.data_dir, may_create=not Staff.select().exists())
        return self._pepper

    @property
    def on_postgres(self) -> bool:
        """Several stations on a PostgreSQL server (which backs itself up: pg_dump)."""
        return is_postgres(self.database)

    def settings(self) -> SalonSettings:
        if self._moment is not None:
            return self._moment.settings
        return settings_from_rows({row.key: row.value for row in Setting.select()})

    def now(self) -> datetime:
        return self._moment.now if self._moment is not None else self.clock.now()

    def now_stored(self) -> datetime:
        """Now, in the form kept in the database (naive UTC)."""
        return to_utc_naive(self.now())

    def today(self, settings: SalonSettings | None = None) -> date:
        settings = settings or self.settings()
        return business_day_of(self.now(), settings.tz)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One operation: a write transaction (a savepoint when already inside one) in
        which the time and the settings are read once, so all its records agree."""
        if self._moment is not None:
            with self.database.atomic():
                yield
            return
        with self.batch():
            self._moment = _Moment(self.clock.now(), self.settings())
            try:
                yield
            finally:
                self._moment = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One database transaction around many operations (demo data, imports); each
        operation inside still reads its own time. A full disk, a read-only file or a busy
        database ends it as a `StorageFailure`, the transaction rolled back."""
        if db.obj is not self.database:
            raise RuntimeError("This salon is no longer the open one: another was opened "
                               "in this process since.")
        with plain_storage_failures(), self.database.atomic():  # rolled back, then said
            if self.database.transaction_depth() == 1 and self.on_postgres:
                self.database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            yield

    def settings_changed(self) -> None:
        """Settings were written inside this operation: read them again."""
        if self._moment is not None:
            self._moment = _Moment(self._moment.now, settings_from_rows(
                {row.key: row.value for row in Setting.select()}))

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"


PEPPER_FILE = "pin-pepper"
PEPPER_BYTES = 32
_PEPPER_WAY_BACK = ("Copy it from the first station or restore it from a backup: without it "
                    "no PIN can be checked.")


def load_pepper(data_dir: Path, *, may_create: bool) -> bytes:
    """The PIN pepper lives beside, not inside, the database: a stolen file alone is not
    enough to brute-force the PINs. It is made once, for a database with no staff yet."""
    path = data_dir / PEPPER_FILE
    if not os.path.lexists(path):
        if not may_create:
            raise DomainError(
                f"The PIN key file “{PEPPER_FILE}” is missing from {data_dir}. "
                + _PEPPER_WAY_BACK)
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(PEPPER_BYTES))
            out.flush()
            os.fsync(fd)
    return _read_pepper(path)


def _read_pepper(path: Path) -> bytes:
    """The key file's bytes, refused unless it is a plain file (a link could point at any
    file, whose bytes an attacker knows) of the size this program makes (an empty or cut
    one would be a key everyone knows)."""
    if path.is_symlink():
        raise DomainError(f"The PIN key file {path} is a link to another file, not the key "
                          "itself. " + _PEPPER_WAY_BACK)
    try:  # not through a link put there since, nor waiting on a pipe
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            found = os.fstat(fd)
            size = found.st_size if stat.S_ISREG(found.st_mode) else 0
            pepper = file.read(PEPPER_BYTES)
    except OSError as error:
        raise DomainError(f"The PIN key file {path} cannot be read ({error.strerror}). "
                          + _PEPPER_WAY_BACK) from None
    if size != PEPPER_BYTES or len(pepper) != PEPPER_BYTES:
        raise DomainError(f"The PIN key file {path} is damaged: it holds {size} "
                          f"bytes, not {PEPPER_BYTES}. " + _PEPPER_WAY_BACK)
    return pepper
