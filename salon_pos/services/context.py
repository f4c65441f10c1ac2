"""The salon as the operations see it: database, clock, data folder and PIN pepper.

Built once in a composition root (the CLI, the app, a test fixture) and passed to every
operation; nothing here is global.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import peewee as pw

from salon_pos.domain.clock import Clock
from salon_pos.domain.localtime import business_day_of, to_utc_naive
from salon_pos.services.settings import SalonSettings, settings_from_rows
from salon_pos.store.database import open_database
from salon_pos.store.models import Setting

# scrypt N for PINs: about 150 ms on a 2-core machine; the cost is stored with each hash,
# so raising it later re-hashes nothing.
DEFAULT_PIN_COST = 2**16


@dataclass
class Salon:
    database: pw.Database
    clock: Clock
    data_dir: Path
    pin_pepper: bytes
    pin_cost: int = DEFAULT_PIN_COST  # scrypt N; tests lower it to stay fast

    def settings(self) -> SalonSettings:
        return settings_from_rows({row.key: row.value for row in Setting.select()})

    def now(self) -> datetime:
        return self.clock.now()

    def now_stored(self) -> datetime:
        """Now, in the form kept in the database (naive UTC)."""
        return to_utc_naive(self.clock.now())

    def today(self, settings: SalonSettings | None = None) -> date:
        settings = settings or self.settings()
        return business_day_of(self.clock.now(), settings.tz)

    def writing(self):
        """One write transaction (IMMEDIATE on SQLite); nested calls become savepoints."""
        return self.database.atomic()

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"


def load_pepper(data_dir: Path) -> bytes:
    """The PIN pepper lives beside, not inside, the database: a stolen file alone is not
    enough to brute-force the PINs."""
    path = data_dir / "pin-pepper"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
    return path.read_bytes()


def open_salon(target: str, clock: Clock, data_dir: Path, **options) -> Salon:
    database = open_database(target)
    return Salon(database, clock, Path(data_dir), load_pepper(Path(data_dir)), **options)
