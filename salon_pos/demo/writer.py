"""The demo's rows and journal entries, written in bulk (salon_pos.demo.bulk), and the
hand-over to the real services for what happens a few times a day.

Rows are added with the ids they will have, changes to rows already added are kept until
the next `flush`, and journal entries are posted as the services post them (the business
day: the day the entry is made — every day is closed after its last entry). An entry
sealing rows written beside it (a closed sale, a care record) is posted without its memo;
at `flush` the memo is worked out by the app's own code from those rows as the database
gives them back. `services(at)` writes everything first, sets the salon's clock and, after
the real services have run, takes in what they wrote: the journal's new entries, the next
free ids, the stock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

import peewee as pw

from salon_pos.demo.bulk import Balances, Changes, Journal, Table
from salon_pos.domain.care_records import seal
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.journal import Entry, Kind
from salon_pos.domain.localtime import business_day_of, first_open_day, to_utc_naive
from salon_pos.domain.stock import Stock
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.closed_sales import sale_rows, seal_of_rows
from salon_pos.services.views.consultations import (
    consultation_state,
    consultations_with_signatures,
)
from salon_pos.services.views.notes import agreement_state, signed_notes
from salon_pos.services.views.patch_tests import test_state, tests_with_signatures
from salon_pos.store.models import (
    BookedService,
    Booking,
    BusinessDay,
    ColourFormula,
    Consultation,
    Course,
    CourseSession,
    ExpectationNote,
    FormulaBowl,
    IdempotencyKey,
    NotePhoto,
    OutboxMessage,
    PatchTest,
    Product,
    Sale,
    SaleLine,
    SaleTender,
    SaleTip,
    Signature,
    StockMovement,
    VisitPhoto,
    Voucher,
    VoucherUse,
)

# Written in this order: a row's parents first (the foreign keys stay on).
MODELS = (BusinessDay, Booking, BookedService, Signature, ExpectationNote, Consultation, PatchTest,
          ColourFormula, FormulaBowl, VisitPhoto, Sale, SaleLine, SaleTip, SaleTender, Voucher,
          VoucherUse, Course, CourseSession, StockMovement, OutboxMessage, IdempotencyKey)
# What a seal posted without its memo seals.
SALE, CONSULTATION, AGREEMENT, PATCH_TEST = "sale", "consultation", "agreement", "patch test"


class Writer:
    def __init__(self, salon: Salon, clock: FixedClock):
        self.salon, self.clock = salon, clock
        self.settings = salon.settings()
        self.tz = self.settings.tz
        database = salon.database
        self.tables = {model: Table(database, model) for model in MODELS}
        self.changes = Changes(database)
        self.balances = Balances()
        self.journal = Journal(database, self.balances)
        self.later: dict[int, tuple[str, int]] = {}  # entry seq → (what it seals, row id)
        self.next_id: dict[type[pw.Model], int] = {}
        self.receipt_no = 0
        self.stock: dict[int, Stock] = {}
        self.stock_changed: set[int] = set()
        self.closed: set[date] = set()
        self.latest = clock.now()  # the latest entry's time
        self.resync()

    # --- rows ------------------------------------------------------------------------------

    def new_id(self, model: type[pw.Model]) -> int:
        """The id the next row of `model` gets (taken now, the row added later)."""
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def add(self, model: type[pw.Model], *, later: bool = False, **row) -> int:
        """A new row (its id taken here unless given, or the model's key is its own);
        its id. `later`: some of its values are Futures, waited for at flush."""
        if model._meta.primary_key.name == "id" and "id" not in row:
            row["id"] = self.new_id(model)
        self.tables[model].add(later=later, **row)
        return row.get("id")

    def change(self, model: type[pw.Model], row_id: int, **fields) -> None:
        self.changes.set(model, row_id, **fields)

    # --- the journal -----------------------------------------------------------------------

    def day_of(self, at: datetime) -> date:
        """The business day of what happens at `at` (`ledger.business_day`): its own, or
        once that is closed the next day not closed."""
        return first_open_day(business_day_of(at, self.tz), self.closed)

    def close_day(self, day: date) -> None:
        self.closed.add(day)

    def post(self, at: datetime, kind: Kind, amount: int, **extra) -> Entry:
        """An entry made at `at` (aware), as `ledger.post` makes it."""
        self.latest = max(self.latest, at)
        return self.journal.post(to_utc_naive(at), self.day_of(at), str(kind), amount,
                                 **extra)

    def post_seal(self, at: datetime, kind: Kind, sealed: tuple[str, int], **extra) -> Entry:
        """A seal of rows added beside it: its memo is their digest, worked out at flush."""
        entry = self.post(at, kind, 0, memo=None, **extra)
        self.later[entry.seq] = sealed
        return entry

    # --- stock -----------------------------------------------------------------------------

    def set_stock(self, product_id: int, after: Stock) -> None:
        self.stock[product_id] = after
        self.stock_changed.add(product_id)

    # --- writing ---------------------------------------------------------------------------

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()
        self.changes.flush()
        memos = self._memos()
        self.journal.flush(lambda entry: memos[entry.seq])
        self.balances.write_clients(self.salon.database)
        for product_id in sorted(self.stock_changed):
            after = self.stock[product_id]
            self.changes.set(Product, product_id, on_hand=after.on_hand,
                             stock_value=after.value, average_cost=after.unit_cost)
        self.stock_changed.clear()
        self.changes.flush()

    def _memos(self) -> dict[int, str]:
        """The memos of the seals posted since the last flush, from the rows just written."""
        wanted: dict[str, dict[int, int]] = {}
        for seq, (what, row_id) in self.later.items():
            wanted.setdefault(what, {})[row_id] = seq
        self.later = {}
        memos: dict[int, str] = {}
        sales = wanted.get(SALE, {})
        if sales:
            rows = sale_rows(self.salon, min(sales), max(sales))
            memos |= {seq: seal_of_rows(rows[sale]) for sale, seq in sales.items()}
        for what, states in ((CONSULTATION, _consultation_states),
                             (AGREEMENT, _agreement_states), (PATCH_TEST, _test_states)):
            ids = wanted.get(what, {})
            if ids:
                found = dict(states(self.salon, list(ids)))
                memos |= {seq: seal(found[row_id]) for row_id, seq in ids.items()}
        return memos

    @contextmanager
    def services(self, at: datetime) -> Iterator[Salon]:
        """Hand over to the real services at `at`: everything written first, the clock
        set; what they wrote taken in after."""
        self.flush()
        at = max(at, self.latest)  # the journal's times never go back
        if at > self.clock.now():
            self.clock.set(at)
        yield self.salon
        self.resync()

    def resync(self) -> None:
        """The next free ids, the receipt number, the journal and the stock as the database
        holds them."""
        for model in MODELS:
            if model._meta.primary_key.name == "id":
                self.next_id[model] = (model.select(pw.fn.MAX(model.id)).scalar() or 0) + 1
        self.receipt_no = Sale.select(pw.fn.MAX(Sale.receipt_no)).scalar() or 0
        self.journal.catch_up()
        self.stock = {p.id: Stock(p.on_hand, p.stock_value, p.average_cost)
                      for p in Product.select()}


def _consultation_states(salon: Salon, ids: list[int]):
    for row in consultations_with_signatures(salon).where(Consultation.id.in_(ids)):
        yield row.id, consultation_state(row)


def _agreement_states(salon: Salon, ids: list[int]):
    photos: dict[int, list[str]] = {}
    for note_id, digest in NotePhoto.select(NotePhoto.note, NotePhoto.sha256).where(
            NotePhoto.note.in_(ids)).tuples():
        photos.setdefault(note_id, []).append(digest)
    for note in signed_notes(salon).where(ExpectationNote.id.in_(ids)):
        yield note.id, agreement_state(note, photos.get(note.id, []))


def _test_states(salon: Salon, ids: list[int]):
    for row in tests_with_signatures(salon).where(PatchTest.id.in_(ids)):
        yield row.id, test_state(row)
