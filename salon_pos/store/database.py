"""Opening the database: a SQLite file (the default) or a PostgreSQL URL, with the schema.

SQLite runs with WAL, synchronous=FULL (money is written), foreign keys on and a busy
timeout, set per connection; every write transaction begins IMMEDIATE so two writers
queue instead of failing half-way. The journal refuses UPDATE and DELETE in the database
itself, whatever code talks to it. The file is checked (`PRAGMA quick_check`) before
the schema is touched: a damaged one is refused, never repaired or replaced. So is a
database with objects this program does not make, or lacking some it does (schema.py).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee as pw

from salon_pos.domain.errors import DomainError
from salon_pos.store.migrations import latest_version, migrate, stored_version
from salon_pos.store.models import ALL_MODELS, SchemaVersion, db
from salon_pos.store.schema import create_journal_guards, listed, schema_differences

SCHEMA_VERSION = latest_version()

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", 10_000),
    # Deleted and rewritten content is overwritten with zeros: a client's erased details
    # must not linger in the file's free space.
    ("secure_delete", 1),
)

class DamagedDatabase(DomainError):
    """The SQLite file failed its start-up check; `path` names it for the way back."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"The database file {path} is damaged ({problem}).")
        self.path = path
        self.problem = problem


class ForeignSchema(DamagedDatabase):
    """The database has objects this program does not make (a trigger, a view, a column…),
    or lacks some it does: they may have been planted or removed by hand to run inside this
    program, so it is refused like a damaged one (the way back is the same). `path` is
    None for a PostgreSQL database."""

    def __init__(self, path: Path | None, problems: list[str]):
        where = f"The database {path}" if path else "The salon's database"
        DomainError.__init__(self, f"{where} is not as Salon POS makes it: {listed(problems)}. "
                             "They may have been planted or removed by hand, to run inside "
                             "Salon POS.")
        self.path = path
        self.problem = "; ".join(problems)



class _PostgresDatabase(pw.PostgresqlDatabase):
    """PostgreSQL's SUM of a bigint is a NUMERIC, which psycopg2 reads as a Decimal; money is
    whole minor units, so whole numbers are read back as ints, as SQLite gives them."""

    def _connect(self):
        import psycopg2.extensions as pg

        connection = super()._connect()
        whole_numbers = pg.new_type(pg.DECIMAL.values, "SALON_NUMERIC", _whole_number)
        pg.register_type(whole_numbers, connection)
        return connection


def _whole_number(text: str | None, _cursor) -> int | Decimal | None:
    if text is None:
        return None
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else number


def make_database(target: str) -> pw.Database:
    """A peewee database for a file path, `sqlite:///path` or `postgresql://…` URL."""
    if target.startswith(("postgres://", "postgresql://")):
        _require_postgres_driver()
        url = urlparse(target)
        return _PostgresDatabase(
            url.path.lstrip("/"),
            user=unquote(url.username or "") or None,
            password=unquote(url.password or "") or None,
            host=url.hostname,
            port=url.port,
        )
    path = target.removeprefix("sqlite:///") if target.startswith("sqlite:") else target
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        _refuse_foreign_file(Path(path))
        _create_private_file(Path(path))
    return pw.SqliteDatabase(
        path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", check_same_thread=False
    )


def _require_postgres_driver() -> None:
    """PostgreSQL's driver is an extra (a desktop on SQLite needs none): say which."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        raise DomainError(
            "PostgreSQL needs its driver, psycopg2, which is not installed with this copy of "
            "Salon POS. Install it with: pip install 'salon-pos[postgres]' (from a clone of "
            "the source: pip install -e '.[postgres]')."
        ) from None


def refresh_planner_statistics(database: pw.Database) -> None:
    """Tell SQLite's query planner how the tables have grown (ANALYZE, sampling each index:
    milliseconds even on years of data). Without it the planner guesses, and can walk an
    index of years — the kind of a journal entry — where the booking's would read a few
    rows. PostgreSQL's autovacuum keeps its own statistics."""
    if not is_postgres(database):
        database.execute_sql("PRAGMA analysis_limit=1000")
        database.execute_sql("ANALYZE")


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only (it holds clients' details).
    Exclusively: a link waiting at the name is not followed. An empty file already there
    is a new database too, and is made private the same way."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if path.is_file() and not path.is_symlink() and path.stat().st_size == 0:
            path.chmod(0o600)


def _refuse_foreign_file(path: Path) -> None:
    """A file that is already there and is another program's SQLite database is refused
    before anything is written to it: it is never made a salon. (A file that is not SQLite
    at all is refused by the start-up check, as damaged; an empty one is a new database.)"""
    try:
        if not path.is_file():  # not there yet (nor a pipe to wait on)
            return
        with path.open("rb") as file:
            if file.read(16) != b"SQLite format 3\x00":
                return
    except OSError:  # unreadable: opening it says what is wrong
        return
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as raw:
            tables = [row[0] for row in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except sqlite3.Error:  # damaged, or busy: the start-up check says which
        return
    if tables and "schema_version" not in tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise DomainError(
            f"{path} is not a Salon POS database: it is another program's (its tables: "
            f"{shown}). It was not changed. Name a new file, or a salon's own database.")


def open_database(target: str,
                  before_migration: Callable[[pw.Database], object] | None = None, *,
                  check: bool = True) -> pw.Database:
    """Bind the models to `target` and bring its schema up to date (numbered migrations,
    after `before_migration(database)` — the caller's backup — when any are pending).
    A database that is not exactly what this program makes is refused first
    (ForeignSchema), before anything runs on it.

    A SQLite file gets its quick check first; `check=False` leaves it to the caller
    (`check_file`, which the app runs while the login is on screen) — unless a migration
    is pending: a damaged file is never migrated."""
    database = make_database(target)
    db.initialize(database)
    sqlite = not is_postgres(database)
    if sqlite and check:
        _connect_undamaged(database)

    def before() -> None:
        if sqlite and not check:
            _connect_undamaged(database)
        if before_migration:
            before_migration(database)

    try:
        database.connect(reuse_if_open=True)
        refuse_foreign_schema(database)  # before any of its triggers could run
        if migrate(database, before=before) and not sqlite:
            refuse_foreign_schema(database)  # PostgreSQL's tables, once migrated
        ensure_schema(database)
    except (pw.OperationalError, sqlite3.OperationalError):
        raise  # locked, read-only, out of space…: not damage
    except (pw.DatabaseError, sqlite3.DatabaseError):
        if sqlite and not check:  # too damaged to open: say so as the check does
            database.close()
            _connect_undamaged(database)
        raise
    if sqlite and check and not database.table_exists("sqlite_stat1"):
        refresh_planner_statistics(database)  # a database made or filled elsewhere
    return database


def check_file(path: Path) -> None:
    """The start-up check on a connection of its own (so it can run on a worker thread
    while the salon is already open): SQLite's quick check, and the planner's statistics
    for a file that has none. Raises DamagedDatabase."""
    database = make_database(str(path))
    try:
        _connect_undamaged(database)
        if not database.table_exists("sqlite_stat1"):
            refresh_planner_statistics(database)
    finally:
        database.close()


def _connect_undamaged(database: pw.SqliteDatabase) -> None:
    """Connect and run SQLite's quick check (the b-trees, not the indexes' contents: about
    1.5 s a gigabyte here); a damaged file is closed again and refused."""
    path = Path(database.database)
    try:
        database.connect(reuse_if_open=True)
        found = [row[0] for row in database.execute_sql("PRAGMA quick_check(1)")]
    except (pw.OperationalError, sqlite3.OperationalError):
        raise  # locked, read-only, out of space…: not damage
    except (pw.DatabaseError, sqlite3.DatabaseError) as error:  # "file is not a database"…
        database.close()
        raise DamagedDatabase(path, str(error)) from None
    if found != ["ok"]:
        database.close()
        raise DamagedDatabase(path, _first_line(found[0]))


def _first_line(problem: str, limit: int = 160) -> str:
    """The first problem SQLite names, without its "*** in database main ***" heading."""
    lines = [line for line in problem.splitlines() if line.strip() and "***" not in line]
    line = lines[0].strip() if lines else "unknown damage"
    return line if len(line) <= limit else line[:limit - 1] + "…"


def refuse_foreign_schema(database: pw.Database) -> None:
    """Refuse a database that is not exactly what this program makes at its schema version
    (a few milliseconds: it runs at every start). Raises ForeignSchema."""
    problems = schema_differences(database)
    if problems:
        path = None if is_postgres(database) else Path(database.database)
        database.close()
        raise ForeignSchema(path, problems)


def is_postgres(database: pw.Database) -> bool:
    return isinstance(database, pw.PostgresqlDatabase)


def ensure_schema(database: pw.Database) -> None:
    """A new database's tables and guards. One at this program's schema version has them
    all: opening it has just found it exactly as this program makes it."""
    if stored_version(database) == SCHEMA_VERSION:
        return
    with database.atomic():
        new_journal = not database.table_exists("journal_entry")
        database.create_tables(ALL_MODELS, safe=True)
        if new_journal:
            create_journal_guards(database)
        found = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar() or 0
        if found < SCHEMA_VERSION:  # a new database (a newer one was refused by migrate)
            SchemaVersion.create(
                version=SCHEMA_VERSION, applied_at=datetime.now(UTC).replace(tzinfo=None)
            )


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def forget_erased(database: pw.Database) -> None:
    """After personal data is erased (outside a transaction): on SQLite, move the
    write-ahead log into the file and empty it, so no older copy of a page lingers there
    (`secure_delete` has zeroed the space freed in the file). A reader on another station
    can hold the log back; the next checkpoint empties it. On PostgreSQL old row versions
    stay in the server's files until vacuumed and their space reused."""
    if isinstance(database, pw.SqliteDatabase) and database.transaction_depth() == 0:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
