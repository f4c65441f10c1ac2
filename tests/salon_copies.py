"""A salon built once in a test run and copied for each test that asks for it.

Building the fixture's salon through the services takes a few dozen writes, each committed;
most tests start from that same salon. So it is built once (`Template`), and each test gets
a copy of its own: on SQLite its file and data folder copied into the test's folder; on
PostgreSQL (SALON_TEST_DATABASE) the test database's rows put back as the template left
them. A copy is the same salon to the row — the same ids, PIN key and PIN hashes, the
sequences where they were — opened as a station opens an existing salon.

On PostgreSQL the rows are put back only into a schema exactly as the template's (its
tables, columns, constraints, indexes, triggers, functions, rules, views and policies,
compared in one query); a test that changed the schema, or emptied the database, has it
made again by the program first, as a new salon's is.
"""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class _Built:
    folder: Path  # the data folder, with the SQLite file on SQLite
    value: object  # what the build returned
    copies: bool  # False: PostgreSQL refused to hold off the triggers (not a superuser)
    rows: dict[str, bytes]  # PostgreSQL: each table's rows, as COPY writes them
    sequences: list[tuple[str, int, bool]]  # PostgreSQL: (name, value, is_called)
    shape: str  # PostgreSQL: the schema's fingerprint


class Template:
    """`build(folder)` run once, on first use, in a folder of its own (on PostgreSQL into
    the test database); `copy_into(path)` gives each test its copy and what `build`
    returned. `make_schema()` makes the program's schema in an empty PostgreSQL test
    database (opening it as a salon does)."""

    def __init__(self, database: str, build: Callable[[Path], object],
                 make_schema: Callable[[], None]):
        self.database = database  # SALON_TEST_DATABASE, or "" for SQLite
        self.build = build
        self.make_schema = make_schema
        self._built: _Built | None = None
        self._connection = None

    def copies(self) -> bool:
        """False when the test database cannot be put back (PostgreSQL, as a user who is
        not a superuser): then each test builds its own salon."""
        return self.built().copies

    def copy_into(self, path: Path) -> object:
        built = self.built()
        shutil.copytree(built.folder, path, copy_function=shutil.copy, dirs_exist_ok=True)
        if self.database:
            self._put_back(built)
        return built.value

    def built(self) -> _Built:
        if self._built is None:
            folder = Path(tempfile.mkdtemp(prefix="salon-template-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            value = self.build(folder)
            if self.database:
                self._built = _Built(folder, value, *self._read_back())
            else:
                self._built = _Built(folder, value, True, {}, [], "")
        return self._built

    # --- PostgreSQL ------------------------------------------------------------------------

    def _cursor(self):
        import psycopg2

        if self._connection is None or self._connection.closed:
            self._connection = psycopg2.connect(self.database)
            atexit.register(self._connection.close)
        return self._connection.cursor()

    def _read_back(self) -> tuple[bool, dict[str, bytes], list[tuple[str, int, bool]], str]:
        import psycopg2

        with self._cursor() as cursor:
            try:
                cursor.execute("SET LOCAL session_replication_role = replica")
            except psycopg2.Error:
                self._connection.rollback()
                return False, {}, [], ""
            rows = {}
            for table in _tables(cursor):
                out = io.BytesIO()
                cursor.copy_expert(f"COPY public.{_quoted(table)} TO STDOUT", out)
                rows[table] = out.getvalue()
            cursor.execute("SELECT sequencename, COALESCE(last_value, start_value), "
                           "last_value IS NOT NULL FROM pg_sequences "
                           "WHERE schemaname = 'public' ORDER BY 1")
            sequences = cursor.fetchall()
            shape = _shape(cursor)
        self._connection.rollback()
        return True, rows, sequences, shape

    def _put_back(self, built: _Built) -> None:
        """The template's rows and sequences back in the test database, whatever the last
        test left there. Every table is emptied as a new one is (TRUNCATE: new files, so
        rows come back in the order they were written, as in a new salon; a DELETE would
        leave the last test's dead rows for the new ones to fill in among), the journal's
        guards and the foreign keys' triggers held off meanwhile."""
        with self._cursor() as cursor:
            if _shape(cursor) != built.shape:
                self._connection.rollback()
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
                self._connection.commit()
                self.make_schema()
                if _shape(cursor) != built.shape:
                    raise RuntimeError("the program made a schema unlike the template's")
            cursor.execute("SET LOCAL session_replication_role = replica; TRUNCATE "
                           + ", ".join(f"public.{_quoted(table)}" for table in _tables(cursor)))
            for table, data in built.rows.items():
                if data:
                    cursor.copy_expert(f"COPY public.{_quoted(table)} FROM STDIN",
                                       io.BytesIO(data))
            if built.sequences:
                cursor.execute("SELECT " + ", ".join(["setval(%s, %s, %s)"] * len(built.sequences)),
                               [part for name, value, called in built.sequences
                                for part in (f"public.{_quoted(name)}", value, called)])
        self._connection.commit()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [name for (name,) in cursor.fetchall()]


# Everything in the public schema that makes it what it is (no oids: names and definitions).
_SHAPE = """
SELECT md5(COALESCE(string_agg(item, E'\\n' ORDER BY item), '')) FROM (
  SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' ' || c.relrowsecurity::text AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'column ' || c.relname || ' ' || a.attnum::text || ' ' || a.attname || ' '
         || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' '
         || COALESCE(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND NOT t.tgisinternal
  UNION ALL
  SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
         || md5(p.prosrc)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = 'public'
  UNION ALL
  SELECT 'rule ' || tablename || ' ' || rulename || ' ' || definition
    FROM pg_rules WHERE schemaname = 'public'
  UNION ALL
  SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public'
  UNION ALL
  SELECT 'policy ' || tablename || ' ' || policyname || ' ' || COALESCE(qual, '') || ' '
         || COALESCE(with_check, '')
    FROM pg_policies WHERE schemaname = 'public'
  UNION ALL
  SELECT 'event trigger ' || evtname || ' ' || evtenabled::text FROM pg_event_trigger
) AS items
"""


def _shape(cursor) -> str:
    cursor.execute(_SHAPE)
    return cursor.fetchone()[0]
