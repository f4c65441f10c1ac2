"""A part of the journal — the entries numbered `first` to `last` — read once for `verify`,
in this process or in a worker process of its own, and everything that can be told from
it: each entry's hash (it covers the entry's own fields and the predecessor's hash it
stores, so it needs nothing outside the part) and the links inside the part, the ledger
replayed from nothing, each business day's journal figures, the bookings the entries name,
entries added to a day after its seal, and the sales the part names held to their rows.
`verify` joins the parts (`join_parts`, `join_replays`, the days merged) and checks the few
sales named in more than one part again, whole."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from salon_pos.domain.invariants import LedgerReplay
from salon_pos.domain.journal import MOVING_KINDS, ChainCheck, moves
from salon_pos.domain.sale_record import CLOSING_KINDS
from salon_pos.services.kernel.ledger import RawReader, day_key, open_database
from salon_pos.services.views.closed_sales import (
    SALE_KINDS,
    SaleJournal,
    SalesChecked,
    check_named_sales,
)
from salon_pos.services.views.day_report import JournalFigures


@dataclass
class Part:
    """What one part of the journal says (picklable: a worker process sends it back)."""

    count: int
    chain: list[tuple[int, str]]  # problems inside the part
    first: tuple[int, str] | None  # (seq, the hash it links to) of its first entry
    last: tuple[int, str] | None  # (seq, hash) of its last
    replay: LedgerReplay  # begun from nothing; balances only
    days: dict[str, JournalFigures]  # by the day's ISO text
    bookings: dict[int, int | None]  # each booking named: the client its last entry names
    late: list[tuple[int, str]]
    anchored: str | None  # the hash of the anchor's entry, when in the part
    sales_named: list[int]
    sales: SalesChecked


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector held off: a part keeps hundreds of thousands of small
    records alive while it is read (none in a cycle), and each full collection would walk
    them all again — half the time of a part went on it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_part(reader: RawReader, first: int, last: int, sealed: dict[str | date, int],
              anchor_seq: int | None) -> Part:
    """The part numbered first to last; `sealed`: each sealed day (as stored: text on
    SQLite, a date on PostgreSQL) and the seq of its first seal."""
    with no_cycle_collection():
        return _read_part(reader, first, last, sealed, anchor_seq)


def _read_part(reader: RawReader, first: int, last: int, sealed: dict[str | date, int],
               anchor_seq: int | None) -> Part:
    chain = ChainCheck(part=True)
    replay = LedgerReplay(sales=False)
    days: dict[object, JournalFigures] = {}
    bookings: dict[int, int | None] = {}
    sales: dict[int, SaleJournal] = {}
    late: list[tuple[int, str]] = []
    anchored = None
    count = 0
    # One pass over years of journal: the per-entry work kept to the bone (each row taken
    # apart once; no record made of it).
    chain_add, replay_move, sealed_on = chain.add_row, replay.move, sealed.get
    on_day, figures, seal = None, None, None  # the day of the entry before, and its own
    for rows in reader.journal_batches(first, last):
        count += len(rows)
        for row in rows:
            (seq, _at, day, kind, amount, method, booking, sale, client, stylist, _staff,
             approved, category, rate, tax, reference, memo, _prev, stored) = row
            chain_add(row)
            if kind in MOVING_KINDS:
                replay_move(seq, moves(kind, amount, method, booking, client, day, reference))
            if day != on_day:  # (a day's entries mostly follow one another)
                on_day, figures, seal = day, days.get(day), sealed_on(day)
                if figures is None:
                    figures = days[day] = JournalFigures()
            figures.add_fields(seq, kind, amount, method, stylist, rate, tax, reference, memo)
            if booking is not None:
                bookings[booking] = client
            if sale is not None and kind in SALE_KINDS:
                journal = sales.get(sale)
                if journal is None:
                    journal = sales[sale] = SaleJournal()
                journal.add_row(seq, kind, amount, memo, (
                    kind, amount, client, method, category, rate, tax, stylist, booking,
                    reference, approved, memo) if kind in CLOSING_KINDS else None)
            if seq == anchor_seq:
                anchored = stored
            if seal is not None and seq > seal:
                late.append((seq, f"entry {seq} was added to {day} after that day was "
                                  "closed"))
    by_day: dict[str, JournalFigures] = {}
    for day, figures in days.items():
        key = day_key(day)
        if key in by_day:
            by_day[key].merge(figures)
        else:
            by_day[key] = figures
    return Part(count, [(p.seq, p.message) for p in chain.problems], chain.first, chain.last,
                replay, by_day, bookings, late, anchored, list(sales),
                check_named_sales(reader, sales))


def read_part_apart(database_spec: tuple, first: int, last: int,
                    sealed: dict[str | date, int], anchor_seq: int | None) -> Part:
    """`read_part` in a worker process, through a connection of its own."""
    database = open_database(database_spec)
    try:
        return read_part(RawReader(database), first, last, sealed, anchor_seq)
    finally:
        database.close()
