"""Writing in bulk: rows of a model in one prepared INSERT, changes to rows in one
prepared UPDATE per set of columns, and the journal's hash chain.

Rows go through the connection peewee uses, in its transaction, with the model's own
columns and defaults, so what lands in the file is what `Model.create` would have
written (peewee's `insert_many` does the same, about seven times slower). Journal entries
are numbered as they are posted and linked and hashed by the domain's `entry_hash` when
they are written, exactly as `ledger.post` does one at a time — so an entry whose memo is
a digest of rows written beside it (a sale's seal, a care record's) gets it from those
rows as the database gives them back. The balances entries move are followed as they are
posted. The demo salon (salon_pos.demo) and the five-year benchmark salon (benchmarks/)
are both written this way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future

import peewee as pw

from salon_pos.domain.courses import sessions_moved
from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    COURSES_HELD,
    DEPOSITS_HELD,
    DRAWER,
    GENESIS_HASH,
    HOUSE_OWED,
    VOUCHERS_HELD,
    Entry,
    balance_effects,
    entry_hash,
)
from salon_pos.services.kernel import ledger
from salon_pos.store.database import is_postgres
from salon_pos.store.models import Client, Course, JournalEntry, Voucher

_REQUIRED = object()


class Later:
    """A value worked out from a Future's result when its row is written."""

    def __init__(self, future: Future, then: Callable):
        self.future, self.then = future, then

    def result(self):
        return self.then(self.future.result())


class Table:
    """Rows of one model waiting to be written; `add` takes the model's field names."""

    def __init__(self, database: pw.Database, model: type[pw.Model], *, with_id: bool = True):
        fields = [f for f in model._meta.sorted_fields
                  if with_id or f is not model._meta.primary_key]
        self.database, self.model = database, model
        self.pairs = [(f.name, _default(f)) for f in fields]
        self.known = frozenset(name for name, _ in self.pairs)
        self.required = frozenset(name for name, default in self.pairs if default is _REQUIRED)
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join(database.param for _ in fields)
        self.sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
        self.rows: list[tuple] = []
        self.written = 0
        self.later = False  # a value is still being worked out (a Future)

    def add(self, *, later: bool = False, **values) -> None:
        """A row to write; `later`: some of its values are Futures (work done on another
        thread) or `Later`, waited for when the rows are written."""
        if not self.required <= values.keys() <= self.known:
            raise KeyError(f"{self.model.__name__}: unknown {sorted(values.keys() - self.known)}"
                           f", missing {sorted(self.required - values.keys())}")
        self.rows.append(tuple([values.get(name, default) for name, default in self.pairs]))
        self.later = self.later or later

    def flush(self) -> None:
        if self.later:
            self.rows = [tuple(value.result() if isinstance(value, Future | Later) else value
                               for value in row) for row in self.rows]
            self.later = False
        if self.rows:
            self.database.cursor().executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []
            if is_postgres(self.database):
                follow_sequence(self.database, self.model)


def follow_sequence(database: pw.Database, model: type[pw.Model]) -> None:
    """On PostgreSQL, rows written with their ids leave the table's sequence behind: it is
    moved on past them, so that the next row the app makes gets a free id."""
    key = model._meta.primary_key
    if not isinstance(key, pw.AutoField):
        return
    table, column = model._meta.table_name, key.column_name
    database.execute_sql(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
        f'(SELECT MAX("{column}") FROM "{table}"))')


def _default(field: pw.Field):
    if field.default is not None:
        if callable(field.default):
            raise ValueError(f"{field.name}: callable defaults are not supported here")
        return field.default
    return None if field.null or field.primary_key else _REQUIRED


class Changes:
    """Changes to rows already written, or added to a `Table` to be written first: the
    newest value of each column of each row, written in one UPDATE per model and set of
    columns."""

    def __init__(self, database: pw.Database):
        self.database = database
        self.pending: dict[tuple[type[pw.Model], object], dict] = {}

    def set(self, model: type[pw.Model], row_id, **fields) -> None:
        self.pending.setdefault((model, row_id), {}).update(fields)

    def flush(self) -> None:
        groups: dict[tuple, list[tuple]] = defaultdict(list)
        for (model, row_id), fields in self.pending.items():
            groups[(model, tuple(fields))].append((*fields.values(), row_id))
        param = self.database.param
        for (model, names), rows in groups.items():
            meta = model._meta
            columns = ", ".join(f'"{meta.fields[name].column_name}" = {param}' for name in names)
            self.database.cursor().executemany(
                f'UPDATE "{meta.table_name}" SET {columns} '
                f'WHERE "{meta.primary_key.column_name}" = {param}', rows)
        self.pending.clear()


class Balances:
    """What each booking holds, each client has or owes and each gift voucher and prepaid
    course holds, as the journal says so far; the clients, vouchers and courses whose cached
    balances entries posted here changed are remembered until they are written (those the
    real services moved are already written)."""

    def __init__(self):
        self.of: dict[str, dict[object, int]] = defaultdict(dict)
        self.sessions: dict[object, int] = {}  # each course's sessions left
        self.changed_clients: set[int] = set()
        self.changed_vouchers: set[int] = set()
        self.changed_courses: set[int] = set()

    def apply(self, entry: Entry, *, written: bool = False) -> None:
        """Follow an entry; `written`: posted by a real service, which kept the cached
        balances itself."""
        for balance, key, delta in balance_effects(entry):
            if balance == DRAWER:
                continue  # the drawer is counted by the real service, from the journal
            values = self.of[balance]
            value = values.get(key, 0) + delta
            if value:
                values[key] = value
            else:
                values.pop(key, None)  # most bookings end holding nothing: keep it small
            if written:
                continue
            if balance in (CLIENT_CREDIT, HOUSE_OWED):
                self.changed_clients.add(key)
            elif balance == VOUCHERS_HELD:
                self.changed_vouchers.add(key)
            elif balance == COURSES_HELD:
                self.changed_courses.add(key)
        moved = sessions_moved(entry)
        if moved:
            course = next(key for balance, key, _ in balance_effects(entry)
                          if balance == COURSES_HELD)
            self.sessions[course] = self.sessions.get(course, 0) + moved
            if not written:
                self.changed_courses.add(course)

    def held(self, booking_id: int) -> int:
        return self.of[DEPOSITS_HELD].get(booking_id, 0)

    def credit(self, client_id: int | None) -> int:
        return self.of[CLIENT_CREDIT].get(client_id, 0)

    def owed(self, client_id: int | None) -> int:
        return self.of[HOUSE_OWED].get(client_id, 0)

    def course(self, course_id: int) -> tuple[int, int]:
        """What a course holds and its sessions left."""
        return self.of[COURSES_HELD].get(course_id, 0), self.sessions.get(course_id, 0)

    def write_clients(self, database: pw.Database) -> None:
        """Store the cached balances of the clients, vouchers and courses whose money moved
        here (absolute values)."""
        param = database.param
        rows = [(self.credit(c), self.owed(c), c) for c in sorted(self.changed_clients)]
        table, credit, house = (Client._meta.table_name, Client.credit_balance.column_name,
                                Client.house_balance.column_name)
        if rows:
            database.cursor().executemany(
                f'UPDATE "{table}" SET "{credit}" = {param}, "{house}" = {param} '
                f'WHERE "id" = {param}', rows)
        self.changed_clients.clear()
        rows = [(self.of[VOUCHERS_HELD].get(v, 0), v) for v in sorted(self.changed_vouchers)]
        if rows:
            database.cursor().executemany(
                f'UPDATE "{Voucher._meta.table_name}" SET "{Voucher.balance.column_name}" = '
                f'{param} WHERE "id" = {param}', rows)
        self.changed_vouchers.clear()
        rows = [(*self.course(c), c) for c in sorted(self.changed_courses)]
        if rows:
            database.cursor().executemany(
                f'UPDATE "{Course._meta.table_name}" SET "{Course.balance.column_name}" = '
                f'{param}, "{Course.sessions_left.column_name}" = {param} WHERE "id" = {param}',
                rows)
        self.changed_courses.clear()


class Journal:
    """The hash chain, continued in bulk from wherever the database's journal stands.
    Entries are numbered when posted, hashed and written at `flush`."""

    def __init__(self, database: pw.Database, balances: Balances):
        self.table = Table(database, JournalEntry, with_id=False)
        self.balances = balances
        self.seq, self.head = 0, GENESIS_HASH
        self.pending: list[Entry] = []
        self.catch_up()

    def post(self, at, day, kind: str, amount: int, **extra) -> Entry:
        """Append one entry (hashed and written at the next flush); `at` is naive UTC. A
        memo not known yet is given at flush by `memos`."""
        self.seq += 1
        entry = Entry(seq=self.seq, at=at, business_day=day, kind=kind, amount=amount,
                      **extra)
        self.pending.append(entry)
        self.balances.apply(entry)
        return entry

    def flush(self, memos: Callable[[Entry], str] | None = None) -> None:
        """Hash the entries posted and write them; `memos` gives the memo of an entry
        posted without its own (None)."""
        head = self.head
        for entry in self.pending:
            if entry.memo is None:
                entry.memo = memos(entry)
            entry.prev_hash = head
            entry.hash = head = entry_hash(head, entry)
            self.table.add(**ledger.entry_columns(entry))
        self.head = head
        self.pending = []
        self.table.flush()

    def catch_up(self) -> None:
        """Take in the entries the real services have just posted."""
        if self.pending or self.table.rows:
            raise RuntimeError("flush the bulk entries before the services post theirs")
        rows = JournalEntry.select().where(JournalEntry.seq > self.seq).order_by(JournalEntry.seq)
        for entry in map(ledger.entry_from_row, rows):
            self.seq, self.head = entry.seq, entry.hash
            self.balances.apply(entry, written=True)
