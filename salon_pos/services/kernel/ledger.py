"""Writing to the journal: the only place entries are made.

`post` appends one entry to the hash chain inside the caller's transaction, stamps it with
the business day (today, or the next open day once today is closed), and keeps the cached
client balances in step. `journal_entries` streams the journal back as plain records.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

import peewee as pw

from salon_pos.domain.card_numbers import refuse_card_number
from salon_pos.domain.courses import sessions_moved
from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    COURSES_HELD,
    GENESIS_HASH,
    HOUSE_OWED,
    VOUCHERS_HELD,
    Entry,
    Kind,
    balance_effects,
    entry_hash,
)
from salon_pos.domain.localtime import first_open_day
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import BusinessDay, Client, Course, JournalEntry, Voucher


def is_closed(salon: Salon, day: date) -> bool:
    closed = BusinessDay.closed_at.is_null(False)
    return BusinessDay.select().where((BusinessDay.day == day) & closed).exists()


def ensure_day_open(salon: Salon, day: date) -> None:
    if is_closed(salon, day):
        raise DomainError(f"The business day {day:%d %b %Y} has already been closed.")


def business_day(salon: Salon) -> date:
    """The day money recorded now belongs to (domain.localtime.first_open_day)."""
    today = salon.today()
    closed = salon.database.execute_sql(_CLOSED_FROM_SQL.replace("?", salon.database.param),
                                        (today.isoformat(),))
    return first_open_day(today, {day if isinstance(day, date) else date.fromisoformat(day)
                                  for (day,) in closed})


# Asked several times by every operation that moves money (each entry it posts): written
# once, not built by peewee each time (building took longer than SQLite answering).
_CLOSED_FROM_SQL = (f"SELECT day FROM {BusinessDay._meta.table_name} "
                    "WHERE day >= ? AND closed_at IS NOT NULL")
_CHAIN_HEAD_SQL = f"SELECT seq, hash FROM {JournalEntry._meta.table_name} ORDER BY seq DESC LIMIT 1"


def post(salon: Salon, kind: Kind, amount: int, **extra) -> Entry:
    """Append one entry to the journal (call inside `salon.writing()`). The journal can
    never be changed: its texts are checked for card numbers once more here, whatever
    the operation checked before."""
    for text in ("memo", "reference"):
        refuse_card_number(extra.get(text, ""), "the journal")
    day = business_day(salon)
    last = salon.database.execute_sql(_CHAIN_HEAD_SQL).fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    entry = Entry(
        seq=seq,
        at=salon.now_stored(),
        business_day=day,
        kind=str(kind),
        amount=amount,
        prev_hash=prev,
        **extra,
    )
    entry = replace(entry, hash=entry_hash(prev, entry))
    JournalEntry.insert(**entry_columns(entry)).execute()
    _update_cached_balances(entry)
    return entry


def entry_columns(entry: Entry) -> dict:
    """The journal_entry row of an entry (the bulk builder in benchmarks/ writes these too)."""
    return {
        "seq": entry.seq,
        "at": entry.at,
        "business_day": entry.business_day,
        "kind": entry.kind,
        "amount": entry.amount,
        "method": entry.method,
        "booking": entry.booking_id,
        "sale": entry.sale_id,
        "client": entry.client_id,
        "stylist": entry.stylist_id,
        "staff": entry.staff_id,
        "approved_by": entry.approved_by_id,
        "category": entry.category,
        "tax_rate_bp": entry.tax_rate_bp,
        "tax_amount": entry.tax_amount,
        "reference": entry.reference,
        "memo": entry.memo,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def entry_from_row(row: JournalEntry) -> Entry:
    return Entry(
        seq=row.seq,
        at=row.at,
        business_day=row.business_day,
        kind=row.kind,
        amount=row.amount,
        method=row.method,
        booking_id=row.booking,
        sale_id=row.sale,
        client_id=row.client,
        stylist_id=row.stylist,
        staff_id=row.staff,
        approved_by_id=row.approved_by,
        category=row.category,
        tax_rate_bp=row.tax_rate_bp,
        tax_amount=row.tax_amount,
        reference=row.reference,
        memo=row.memo,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


# Money held per client is also kept on the client's row, for screens and checks to read
# at once; `verify` holds these to the journal.
CLIENT_COLUMNS = {CLIENT_CREDIT: Client.credit_balance, HOUSE_OWED: Client.house_balance}


def _update_cached_balances(entry: Entry) -> None:
    for balance, key, delta in balance_effects(entry):
        column = CLIENT_COLUMNS.get(balance)
        if column is not None:
            Client.update({column: column + delta}).where(Client.id == key).execute()
        elif balance == VOUCHERS_HELD:  # a voucher's balance is kept on its own row
            Voucher.update(balance=Voucher.balance + delta).where(Voucher.id == key).execute()
        elif balance == COURSES_HELD:  # a course's value and sessions, on its own row
            Course.update(balance=Course.balance + delta,
                          sessions_left=Course.sessions_left + sessions_moved(entry)).where(
                Course.id == key).execute()


_COLUMNS = (
    JournalEntry.seq, JournalEntry.at, JournalEntry.business_day, JournalEntry.kind,
    JournalEntry.amount, JournalEntry.method, JournalEntry.booking, JournalEntry.sale,
    JournalEntry.client, JournalEntry.stylist, JournalEntry.staff, JournalEntry.approved_by,
    JournalEntry.category, JournalEntry.tax_rate_bp, JournalEntry.tax_amount,
    JournalEntry.reference, JournalEntry.memo, JournalEntry.prev_hash, JournalEntry.hash,
)
_SELECT_COLUMNS = (f"SELECT {', '.join(column.column_name for column in _COLUMNS)} "
                   "FROM journal_entry")
_SELECT_ALL = f"{_SELECT_COLUMNS} ORDER BY seq"
_SELECT_PART = _SELECT_COLUMNS + " WHERE seq BETWEEN {p} AND {p} ORDER BY seq"


def journal_entries(salon: Salon, *, as_stored: bool = False,
                    where: pw.Expression | None = None) -> Iterator[Entry]:
    """Every entry in order (or those `where` selects), streamed as plain records. Read
    with the driver's own cursor (peewee's conversions cost more than the hashing). SQLite
    keeps times as text: they are parsed here unless `as_stored` (verify's way, hashing
    the text as it is)."""
    if where is None:
        cursor = salon.database.execute_sql(_SELECT_ALL)
    else:
        cursor = salon.database.execute(
            JournalEntry.select(*_COLUMNS).where(where).order_by(JournalEntry.seq))
    while rows := cursor.fetchmany(2000):
        for row in rows:
            entry = Entry(*row)
            if not as_stored and isinstance(entry.at, str):
                entry.at, entry.business_day = stored_time(entry.at, datetime), \
                    stored_time(entry.business_day, date)
            yield entry


def stored_time(text: str, kind: type[datetime] | type[date]):
    """As peewee reads it back; text it cannot read is kept, and fails the entry's hash."""
    try:
        return kind.fromisoformat(text)
    except (TypeError, ValueError):
        return text


def day_key(day: date | str) -> str:
    """A business day as the text SQLite keeps (PostgreSQL gives a date): how `verify`
    matches the journal's days with the sales', bookings' and closed days' — text that is
    no date is kept as it is, and matches only itself, as in SQL."""
    return day if isinstance(day, str) else day.isoformat()


@dataclass(frozen=True)
class RawReader:
    """SQL text run with the driver's own cursor, rows as it gives them (peewee's
    conversions cost more than the checks `verify` makes of years of rows): through the
    salon's database (its connection, and the transaction it is in), or a database opened
    by a worker process of its own (`open_database`). `{p}` in the text is a parameter."""

    database: pw.Database

    def rows(self, sql: str, params: tuple | list = ()) -> Iterator[tuple]:
        cursor = self.database.execute_sql(sql.replace("{p}", self.database.param), params)
        while rows := cursor.fetchmany(2000):
            yield from rows

    def journal(self, first: int, last: int) -> Iterator[tuple]:
        """The journal's rows numbered `first` to `last`, in order, as stored: an `Entry`'s
        fields, in its order."""
        return self.rows(_SELECT_PART, (first, last))

    def journal_batches(self, first: int, last: int) -> Iterator[list[tuple]]:
        """`journal`, a few thousand rows at a time."""
        cursor = self.database.execute_sql(_SELECT_PART.replace("{p}", self.database.param),
                                           (first, last))
        while rows := cursor.fetchmany(2000):
            yield rows

    def journal_of_sales(self, sale_ids: list[int]) -> Iterator[tuple]:
        """The journal's rows naming these sales, in order, as stored."""
        return self.rows(f"{_SELECT_COLUMNS} WHERE sale_id IN "
                         f"({', '.join(['{p}'] * len(sale_ids))}) ORDER BY seq", sale_ids)


def database_spec(database: pw.Database) -> tuple | None:
    """How a worker process opens the salon's database for itself (picklable): the SQLite
    file, or the server with the salon's own database class and parameters; None when no
    other process can (a database in memory)."""
    if isinstance(database, pw.SqliteDatabase):
        path = database.database
        if not path or path == ":memory:" or path.startswith("file:"):
            return None
        return ("sqlite", os.path.abspath(path))
    return ("server", type(database), database.database, dict(database.connect_params))


def open_database(spec: tuple) -> pw.Database:
    """The database a `database_spec` names, opened for reading only."""
    if spec[0] == "sqlite":
        return pw.SqliteDatabase(spec[1], pragmas=(("query_only", 1), ("busy_timeout", 10_000)))
    _server, database_class, name, params = spec
    return database_class(name, **params)
