"""What a Salon POS database is made of, and how a database found differs from it.

A database can carry triggers, views and rules of its own, which then run inside this
program with its rights: one that clears `failed_pins`, one that makes a stylist a manager
at the day close, a do-nothing trigger under the name of the journal's guard. So a database
is opened, or a backup restored, only when it has exactly the objects this program makes at
its schema version: tables (every column and constraint as declared), indexes, triggers,
views — nothing more, nothing less.

The expected objects are not a list kept by hand: they are built in an in-memory SQLite
database from the models and the journal's guards. A database at an older schema has its
own layout rebuilt in memory and the pending migrations run on that copy first, so it is
compared with the newest layout as it will be once migrated; a new migration changes the
expectation in one place. On PostgreSQL the same expectation is checked through its
catalogue: tables and their columns' names, indexes' names, triggers (enabled, with their
definitions), functions (the guard's body), views, rules and event triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import peewee as pw

from salon_pos.resources import resource
from salon_pos.store.migrations import MIGRATIONS, latest_version, stored_version
from salon_pos.store.models import ALL_MODELS

# The journal's guards are created with the table and never again: a guard found missing
# or changed later was removed by hand, and the database is refused rather than repaired.
SQLITE_JOURNAL_GUARDS = {
    "journal_entry_no_update": """CREATE TRIGGER journal_entry_no_update
        BEFORE UPDATE ON journal_entry
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
    "journal_entry_no_delete": """CREATE TRIGGER journal_entry_no_delete
        BEFORE DELETE ON journal_entry
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END""",
}
_POSTGRES_GUARD_NAME = "journal_entry_append_only"
_POSTGRES_GUARD_BODY = "BEGIN RAISE EXCEPTION 'the journal is append-only'; END;"
POSTGRES_GUARD_FUNCTION = f"""CREATE OR REPLACE FUNCTION {_POSTGRES_GUARD_NAME}()
    RETURNS trigger AS $$ {_POSTGRES_GUARD_BODY} $$ LANGUAGE plpgsql"""
# Written as PostgreSQL prints them back (pg_get_triggerdef), to be compared as they are.
POSTGRES_JOURNAL_GUARDS = {
    "journal_entry_append_only": """CREATE TRIGGER journal_entry_append_only
        BEFORE DELETE OR UPDATE ON journal_entry
        FOR EACH ROW EXECUTE FUNCTION journal_entry_append_only()""",
    "journal_entry_no_truncate": """CREATE TRIGGER journal_entry_no_truncate
        BEFORE TRUNCATE ON journal_entry
        FOR EACH STATEMENT EXECUTE FUNCTION journal_entry_append_only()""",
}

# SQLite's own bookkeeping: the planner's statistics (ANALYZE) and AUTOINCREMENT's counters.
_SQLITE_INTERNAL_TABLES = ("sqlite_stat1", "sqlite_stat4", "sqlite_sequence")
# What runs by itself, whatever the schema version: checked strictly before a PostgreSQL
# database is migrated (its tables and indexes are checked once it is).
_BEHAVIOUR = ("trigger", "view", "function", "rule", "event trigger")


@dataclass(frozen=True)
class SchemaObject:
    kind: str  # table, index, trigger, view (PostgreSQL: also function, rule, event trigger)
    name: str
    table: str  # the table it belongs to ("" for a function or an event trigger)
    shape: object  # what must match: normalised SQL, or a table's set of column definitions


Layout = dict[tuple[str, str], SchemaObject]


def schema_differences(database: pw.Database) -> list[str]:
    """Every way the database differs from what this program makes at its schema version,
    one clause each ("it has a trigger “x” on staff that Salon POS does not make"); empty
    when it is exactly ours. A database from a newer program is left to the migrations to
    refuse, with their own message."""
    version = stored_version(database)
    if version is not None and version > latest_version():
        return []
    if isinstance(database, pw.PostgresqlDatabase):
        return _postgres_differences(database, version)
    if version is not None and version < latest_version():
        found = _as_migrated(database, version)
    else:
        found = _sqlite_layout(database)
    return _differences(_expected_sqlite() if version is not None else {}, found)


def listed(problems: list[str], shown: int = 6) -> str:
    """The differences for a message: the first few, and how many more."""
    more = [f"and {len(problems) - shown} more"] if len(problems) > shown else []
    return "; ".join(problems[:shown] + more)


def create_journal_guards(database: pw.Database) -> None:
    """The journal's append-only guards, made once with the journal itself."""
    if isinstance(database, pw.PostgresqlDatabase):
        database.execute_sql(POSTGRES_GUARD_FUNCTION)
        guards = POSTGRES_JOURNAL_GUARDS
    else:
        guards = SQLITE_JOURNAL_GUARDS
    for statement in guards.values():
        database.execute_sql(statement)


# --- SQLite -----------------------------------------------------------------------------

# A new database's statements, as the models and the guards make them, shipped with the
# app: every start compares the database with them, and having peewee write them again
# took 30 ms of the wait for the login. tests/store/test_schema_file.py holds the two
# equal; `python -m salon_pos.store.schema` writes the file again after the models change.
SCHEMA_FILE = resource("schema.sql")


@cache
def _expected_sqlite() -> Layout:
    """A new database's objects, built once per run in memory from SCHEMA_FILE."""
    memory = pw.SqliteDatabase(":memory:")
    # One transaction: each statement on its own would have SQLite read its schema again.
    memory.connection().executescript(
        f"BEGIN;\n{SCHEMA_FILE.read_text(encoding='utf-8')}COMMIT;")
    return _sqlite_layout(memory)


def new_database_statements() -> str:
    """What SCHEMA_FILE holds: the statements of a new database, made in memory by the
    models and the guards."""
    memory = pw.SqliteDatabase(":memory:")
    for model in ALL_MODELS:  # a schema manager of its own: the models stay bound as they are
        pw.SchemaManager(model, memory).create_all()
    create_journal_guards(memory)
    return "".join(f"{sql};\n" for *_, sql in _sqlite_objects(memory))


def _sqlite_layout(database: pw.Database) -> Layout:
    return {(kind, name): SchemaObject(kind, name, table, _shape(kind, sql))
            for kind, name, table, sql in _sqlite_objects(database)}


def _sqlite_objects(database: pw.Database) -> list[tuple[str, str, str, str]]:
    return database.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        # Indexes SQLite makes for a UNIQUE or PRIMARY KEY have no SQL: the table's says it.
        "WHERE sql IS NOT NULL AND NOT (type = 'table' AND name IN (?, ?, ?)) ORDER BY rowid",
        _SQLITE_INTERNAL_TABLES).fetchall()


def _as_migrated(database: pw.Database, version: int) -> Layout:
    """The database's own layout rebuilt in an empty in-memory database, then migrated from
    `version` to the newest: what it will be once opened, found without touching it or
    running any of its triggers on its rows."""
    memory = pw.SqliteDatabase(":memory:")
    left_out: Layout = {}
    for kind, name, table, sql in _sqlite_objects(database):
        try:
            memory.execute_sql(sql)
        except pw.DatabaseError:  # a module this SQLite lacks…: not one of ours, then
            left_out[(kind, name)] = SchemaObject(kind, name, table, _shape(kind, sql))
    try:
        for migration in MIGRATIONS:
            if migration.number > version:
                migration.apply(memory)
    except pw.DatabaseError:  # it cannot be migrated: compared as it is
        return _sqlite_layout(database)
    return {**_sqlite_layout(memory), **left_out}


def _shape(kind: str, sql: str) -> object:
    text = _normalised(sql)
    return frozenset(_definitions(text)) if kind == "table" else text


def _normalised(sql: str) -> str:
    return " ".join(sql.split())


def _definitions(create_table: str) -> list[str]:
    """The column definitions and table constraints of a CREATE TABLE, and its options
    (WITHOUT ROWID, STRICT), as a set: a column a migration adds (ALTER TABLE appends it to
    the text) matches the same column declared in a new database's CREATE TABLE."""
    body = create_table.partition("(")[2]
    body, _, options = body.rpartition(")")
    parts = [options.strip()] if options.strip() else []
    depth, quote, start = 0, "", 0
    for position, character in enumerate(body):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"`[":
            quote = "]" if character == "[" else character
        elif character in "()":
            depth += 1 if character == "(" else -1
        elif character == "," and depth == 0:
            parts.append(body[start:position].strip())
            start = position + 1
    parts.append(body[start:].strip())
    return parts


# --- PostgreSQL -------------------------------------------------------------------------

def _postgres_differences(database: pw.PostgresqlDatabase, version: int | None) -> list[str]:
    found = _postgres_layout(database)
    if version is None:
        return _differences({}, found)
    expected = _expected_postgres()
    if version < latest_version():
        # Tables and indexes may still change in the migration: checked at the next open.
        found = {key: item for key, item in found.items() if item.kind in _BEHAVIOUR}
        expected = {key: item for key, item in expected.items() if item.kind in _BEHAVIOUR}
    return _differences(expected, found)


@cache
def _expected_postgres() -> Layout:
    """The same objects as on SQLite, as PostgreSQL keeps them: each table with its column
    names and a primary key index, the indexes, the guard function and its triggers."""
    layout: Layout = {}
    for item in _expected_sqlite().values():
        if item.kind == "table":
            layout[("table", item.name)] = SchemaObject(
                "table", item.name, item.name, _column_names(item.name))
            layout[("index", f"{item.name}_pkey")] = SchemaObject(
                "index", f"{item.name}_pkey", item.name, None)
        elif item.kind == "index":
            layout[("index", item.name)] = SchemaObject("index", item.name, item.table, None)
    layout[("function", _POSTGRES_GUARD_NAME)] = SchemaObject(
        "function", _POSTGRES_GUARD_NAME, "", _normalised(_POSTGRES_GUARD_BODY))
    for name, statement in POSTGRES_JOURNAL_GUARDS.items():
        layout[("trigger", name)] = SchemaObject(
            "trigger", name, "journal_entry", _normalised(statement))
    return layout


def _column_names(table: str) -> frozenset[str]:
    [model] = [model for model in ALL_MODELS if model._meta.table_name == table]
    return frozenset(field.column_name for field in model._meta.sorted_fields)


_POSTGRES_QUERIES = (
    # Tables and views, with their columns' names.
    ("""SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END, c.relname,
               c.relname, array_remove(array_agg(a.attname::text), NULL)
        FROM pg_class c
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = current_schema()::regnamespace
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        GROUP BY c.relkind, c.relname"""),
    ("""SELECT 'index', indexname, tablename, NULL FROM pg_indexes
        WHERE schemaname = current_schema()"""),
    # A trigger switched off (ALTER TABLE … DISABLE TRIGGER) is not the one made here.
    ("""SELECT 'trigger', t.tgname, c.relname,
               pg_get_triggerdef(t.oid) || CASE t.tgenabled WHEN 'O' THEN '' ELSE ' DISABLED' END
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal"""),
    # Functions an extension installed belong to the extension, not to the salon.
    ("""SELECT 'function', p.proname, '', p.prosrc FROM pg_proc p
        WHERE p.pronamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                            AND d.deptype = 'e')"""),
    ("""SELECT 'rule', rulename, tablename, definition FROM pg_rules
        WHERE schemaname = current_schema()"""),
    "SELECT 'event trigger', evtname, '', NULL FROM pg_event_trigger",
)


def _postgres_layout(database: pw.PostgresqlDatabase) -> Layout:
    schema = database.execute_sql("SELECT current_schema()").fetchone()[0]
    layout: Layout = {}
    for query in _POSTGRES_QUERIES:
        for kind, name, table, shape in database.execute_sql(query).fetchall():
            if kind in ("table", "view"):
                shape = frozenset(shape)
            elif isinstance(shape, str):
                shape = _normalised(shape.replace(f" ON {schema}.", " ON "))
            layout[(kind, name)] = SchemaObject(kind, name, table, shape)
    return layout


# --- Comparing ----------------------------------------------------------------------------

def _differences(expected: Layout, found: Layout) -> list[str]:
    problems = []
    for key, item in found.items():
        if key not in expected:
            problems.append(f"it has {_a(item)} that Salon POS does not make")
        elif item.shape != expected[key].shape:
            problems += _changed(expected[key], item)
    problems += [f"it lacks the {_named(item)}" for key, item in expected.items()
                 if key not in found]
    return problems


def _changed(expected: SchemaObject, found: SchemaObject) -> list[str]:
    if found.kind != "table":
        return [f"its {_named(found)} is not the one Salon POS makes"]
    extra = sorted(found.shape - expected.shape)
    missing = sorted(expected.shape - found.shape)
    if len(extra) == len(missing) == 1 and _column(extra[0]) \
            and _column(extra[0]) == _column(missing[0]):
        return [f"its column “{found.name}.{_column(extra[0])}” is declared “{extra[0]}”, "
                f"not “{missing[0]}”"]
    return ([f"its table “{found.name}” has {_part(part)} that Salon POS does not make"
             for part in extra]
            + [f"its table “{found.name}” lacks {_part(part)}" for part in missing])


_TABLE_CLAUSE = re.compile(r"(CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|WITHOUT|STRICT)\b",
                           re.IGNORECASE)


def _column(definition: str) -> str | None:
    """The column a definition declares; None for a table constraint or option."""
    if _TABLE_CLAUSE.match(definition):
        return None
    return definition.split()[0].strip('"`[]')


def _part(definition: str) -> str:
    column = _column(definition)
    return f"a column “{column}”" if column else f"the clause “{definition}”"


def _named(item: SchemaObject) -> str:
    on = f" on {item.table}" if item.table and item.table != item.name else ""
    return f"{item.kind} “{item.name}”{on}"


def _a(item: SchemaObject) -> str:
    return f"{'an' if item.kind[0] in 'aeiou' else 'a'} {_named(item)}"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(new_database_statements(), encoding="utf-8")
