"""Opening the database: a SQLite file (the default) or a PostgreSQL URL, with the schema.

SQLite runs with WAL, synchronous=FULL (money is written), foreign keys on and a busy
timeout, set per connection; every write transaction begins IMMEDIATE so two writers
queue instead of failing half-way. The journal refuses UPDATE and DELETE in the database
itself, whatever code talks to it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee as pw

from salon_pos.domain.errors import DomainError
from salon_pos.store.models import ALL_MODELS, SchemaVersion, db

SCHEMA_VERSION = 1

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", 10_000),
)

# The journal's guards are created with the table and never again: a guard found missing
# later was removed by hand, and `verify` says so instead of quietly putting it back.
_SQLITE_JOURNAL_GUARDS = {
    "journal_entry_no_update": """CREATE TRIGGER journal_entry_no_update
        BEFORE UPDATE ON journal_entry
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
    "journal_entry_no_delete": """CREATE TRIGGER journal_entry_no_delete
        BEFORE DELETE ON journal_entry
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
}
_POSTGRES_GUARD_FUNCTION = """CREATE OR REPLACE FUNCTION journal_entry_append_only()
    RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the journal is append-only'; END; $$
    LANGUAGE plpgsql"""
_POSTGRES_JOURNAL_GUARDS = {
    "journal_entry_append_only": """CREATE TRIGGER journal_entry_append_only
        BEFORE UPDATE OR DELETE ON journal_entry
        FOR EACH ROW EXECUTE FUNCTION journal_entry_append_only()""",
    "journal_entry_no_truncate": """CREATE TRIGGER journal_entry_no_truncate
        BEFORE TRUNCATE ON journal_entry
        FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_append_only()""",
}


def make_database(target: str) -> pw.Database:
    """A peewee database for a file path, `sqlite:///path` or `postgresql://…` URL."""
    if target.startswith(("postgres://", "postgresql://")):
        url = urlparse(target)
        return pw.PostgresqlDatabase(
            url.path.lstrip("/"),
            user=unquote(url.username or "") or None,
            password=unquote(url.password or "") or None,
            host=url.hostname,
            port=url.port,
            autorollback=True,
        )
    path = target.removeprefix("sqlite:///") if target.startswith("sqlite:") else target
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        _create_private_file(Path(path))
    return pw.SqliteDatabase(
        path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", check_same_thread=False
    )


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only (it holds clients' details)."""
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def open_database(target: str) -> pw.Database:
    """Bind the models to `target` and bring its schema up to date."""
    database = make_database(target)
    db.initialize(database)
    database.connect(reuse_if_open=True)
    ensure_schema(database)
    return database


def _refuse_unknown_layout(database: pw.Database) -> None:
    """A table missing columns this program needs was made by another version: say so
    rather than fail half-way through some later operation."""
    for model in ALL_MODELS:
        table = model._meta.table_name
        if not database.table_exists(table):
            continue
        present = {column.name for column in database.get_columns(table)}
        missing = {field.column_name for field in model._meta.sorted_fields} - present
        if missing:
            raise DomainError(
                f"This database was made by a different version of Salon POS (the table "
                f"“{table}” lacks {', '.join(sorted(missing))}); it cannot be opened by this one."
            )


def is_postgres(database: pw.Database) -> bool:
    return isinstance(database, pw.PostgresqlDatabase)


def ensure_schema(database: pw.Database) -> None:
    with database.atomic():
        new_journal = not database.table_exists("journal_entry")
        _refuse_unknown_layout(database)
        database.create_tables(ALL_MODELS, safe=True)
        if new_journal:
            if is_postgres(database):
                database.execute_sql(_POSTGRES_GUARD_FUNCTION)
            for statement in _journal_guards(database).values():
                database.execute_sql(statement)
        found = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar() or 0
        if found > SCHEMA_VERSION:
            raise DomainError(
                f"This database was written by a newer Salon POS (schema {found}; this "
                f"program knows {SCHEMA_VERSION}). Please update the program."
            )
        if found < SCHEMA_VERSION:
            SchemaVersion.create(
                version=SCHEMA_VERSION, applied_at=datetime.now(UTC).replace(tzinfo=None)
            )


def _journal_guards(database: pw.Database) -> dict[str, str]:
    return _POSTGRES_JOURNAL_GUARDS if is_postgres(database) else _SQLITE_JOURNAL_GUARDS


def missing_journal_guards(database: pw.Database) -> list[str]:
    """Names of the journal's append-only triggers that are no longer in the database."""
    if is_postgres(database):
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'journal_entry'::regclass"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    present = {row[0] for row in database.execute_sql(query).fetchall()}
    return [name for name in _journal_guards(database) if name not in present]


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()
