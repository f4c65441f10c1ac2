"""Writing in bulk: rows of a model in one prepared INSERT, and the journal's hash chain.

Rows go through the connection peewee uses, in its transaction, with the model's own
columns and defaults, so what lands in the file is what `Model.create` would have
written (peewee's `insert_many` does the same, about seven times slower). Journal entries
are numbered, linked and hashed by the domain's `entry_hash`, exactly as `ledger.post`
does one at a time; the balances they move are followed as they are written.
"""

from __future__ import annotations

from collections import defaultdict

import peewee as pw

from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    DEPOSITS_HELD,
    DRAWER,
    GENESIS_HASH,
    HOUSE_OWED,
    Entry,
    balance_effects,
    entry_hash,
)
from salon_pos.services.kernel import ledger
from salon_pos.store.models import Client, JournalEntry

_REQUIRED = object()


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
        marks = ", ".join("?" for _ in fields)
        self.sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, **values) -> None:
        if not self.required <= values.keys() <= self.known:
            raise KeyError(f"{self.model.__name__}: unknown {sorted(values.keys() - self.known)}"
                           f", missing {sorted(self.required - values.keys())}")
        self.rows.append(tuple([values.get(name, default) for name, default in self.pairs]))

    def flush(self) -> None:
        if self.rows:
            self.database.cursor().executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []


def _default(field: pw.Field):
    if field.default is not None:
        if callable(field.default):
            raise ValueError(f"{field.name}: callable defaults are not supported here")
        return field.default
    return None if field.null or field.primary_key else _REQUIRED


class Balances:
    """What each booking holds and each client has or owes, as the journal says so far;
    clients whose cached balances changed are remembered until they are written."""

    def __init__(self):
        self.of: dict[str, dict[object, int]] = defaultdict(dict)
        self.changed_clients: set[int] = set()

    def apply(self, entry: Entry) -> None:
        for balance, key, delta in balance_effects(entry):
            if balance == DRAWER:
                continue  # the drawer is counted by the real service, from the journal
            values = self.of[balance]
            value = values.get(key, 0) + delta
            if value:
                values[key] = value
            else:
                values.pop(key, None)  # most bookings end holding nothing: keep it small
            if balance in (CLIENT_CREDIT, HOUSE_OWED):
                self.changed_clients.add(key)

    def held(self, booking_id: int) -> int:
        return self.of[DEPOSITS_HELD].get(booking_id, 0)

    def credit(self, client_id: int | None) -> int:
        return self.of[CLIENT_CREDIT].get(client_id, 0)

    def owed(self, client_id: int | None) -> int:
        return self.of[HOUSE_OWED].get(client_id, 0)

    def write_clients(self, database: pw.Database) -> None:
        """Store the cached balances of the clients whose money moved (absolute values,
        so balances already kept by a service are written again unchanged)."""
        rows = [(self.credit(c), self.owed(c), c) for c in sorted(self.changed_clients)]
        table, credit, house = (Client._meta.table_name, Client.credit_balance.column_name,
                                Client.house_balance.column_name)
        database.cursor().executemany(
            f'UPDATE "{table}" SET "{credit}" = ?, "{house}" = ? WHERE "id" = ?', rows)
        self.changed_clients.clear()


class Journal:
    """The hash chain, continued in bulk from wherever the database's journal stands."""

    def __init__(self, database: pw.Database, balances: Balances):
        self.table = Table(database, JournalEntry, with_id=False)
        self.balances = balances
        self.seq, self.head = 0, GENESIS_HASH
        self.catch_up()

    def post(self, at, day, kind: str, amount: int, **extra) -> Entry:
        """Append one entry (written at the next flush); `at` is naive UTC."""
        fields = {"seq": self.seq + 1, "at": at, "business_day": day, "kind": kind,
                  "amount": amount, "prev_hash": self.head, **extra}
        entry = Entry(**fields, hash=entry_hash(self.head, Entry(**fields)))
        self.seq, self.head = entry.seq, entry.hash
        self.table.add(**ledger.entry_columns(entry))
        self.balances.apply(entry)
        return entry

    def catch_up(self) -> None:
        """Take in the entries the real services have just posted."""
        if self.table.rows:
            raise RuntimeError("flush the bulk entries before the services post theirs")
        rows = JournalEntry.select().where(JournalEntry.seq > self.seq).order_by(JournalEntry.seq)
        for entry in map(ledger.entry_from_row, rows):
            self.seq, self.head = entry.seq, entry.hash
            self.balances.apply(entry)
