"""Closed sales held to the journal (see domain.sale_record): what the close posted and the
seal of everything else frozen on the sale, rebuilt from the rows and compared; with the
sale's money as the ledger replays it (paid = owed = its total, tips and rounding). Used by
`verify` for every sale the journal names and every closed sale, and before a receipt is
printed again."""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

import peewee as pw

from salon_pos.domain.courses import sold_memo
from salon_pos.domain.errors import DomainError
from salon_pos.domain.invariants import SALE_OWED, SALE_PAID
from salon_pos.domain.journal import Entry, Kind, memo_digest, voucher_of, voucher_reference
from salon_pos.domain.sale_record import (
    CLOSING_KINDS,
    ClosedSale,
    Posting,
    closing_postings,
    posting_of,
    postings_differ,
    seal_digest,
)
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import RawReader, stored_time
from salon_pos.services.kernel.vouchers import VOUCHER_WAYS
from salon_pos.store.models import Course, Sale, SaleLine, SaleTender, SaleTip, Voucher

# Sales read together (each chunk a handful of queries by the sales' numbers).
CHUNK = 1000
# Numbers asked for at once in a query's IN list (SQLite before 3.32 takes 999 at most).
IN_CHUNK = 500
# Set later than the close, and checked elsewhere: refunds count what was given back.
_LINE_UNSEALED = frozenset({"refunded_quantity"})
_SALE_UNSEALED = frozenset({"status", "closed_at"})
# The kinds of entry the checks of a sale read: what its close posted (its money, as the
# ledger replays it, among them) and its seal.
SALE_KINDS = frozenset(CLOSING_KINDS | set(SALE_PAID) | set(SALE_OWED) | {Kind.SALE_SEALED})
_SALE_MONEY = frozenset(set(SALE_PAID) | set(SALE_OWED))
_CLOSED = frozenset(PAID)


class SaleNotVouched(DomainError):
    """A closed sale whose rows no longer match its journal entries."""


@dataclass
class _SaleRows:
    """A sale's rows as its columns hold them, by column name (read in bulk, with the
    driver's own cursor: peewee's conversions would cost more than the checks)."""

    sale: dict
    lines: list[dict] = field(default_factory=list)
    tips: list[dict] = field(default_factory=list)
    tenders: list[dict] = field(default_factory=list)
    vouchers: list[dict] = field(default_factory=list)  # held to the journal, not sealed
    courses: list[dict] = field(default_factory=list)  # likewise


def seal_of_rows(rows: _SaleRows) -> str:
    """The digest of a closed sale's frozen record as its rows hold it now."""
    return seal_digest({
        "sale": _without(rows.sale, _SALE_UNSEALED),
        "lines": [_without(line, _LINE_UNSEALED) for line in rows.lines],
        "tips": rows.tips,
        "tenders": rows.tenders,
    })


def _without(row: dict, leave_out: frozenset[str]) -> dict:
    return {name: value for name, value in row.items() if name not in leave_out}


# seal_digest's JSON, for rows read already sealed (`_SealedRows`: keys in order, the
# unsealed columns left out): the same text, without sorting or copying each row again.
_SEALED_JSON = json.JSONEncoder(sort_keys=False, separators=(",", ":"), ensure_ascii=False,
                                check_circular=False, default=str).encode


def _seal_of_sealed_rows(rows: _SaleRows) -> str:
    return memo_digest(_SEALED_JSON({"lines": rows.lines, "sale": rows.sale,
                                     "tenders": rows.tenders, "tips": rows.tips}))


def closed_sale_of_rows(rows: _SaleRows, single_purpose: dict[str, tuple[int, int]]
                        ) -> ClosedSale:
    """The sale as its rows tell it; `single_purpose`: the single-purpose vouchers its
    payments may spend, with the tax each carries (kernel.vouchers.single_purpose)."""
    sale = rows.sale
    taxed = {line["id"]: (line["tax_rate_bp"], line["tax"]) for line in rows.lines}
    return ClosedSale(
        client_id=sale["client_id"], booking_id=sale["booking_id"],
        lines=tuple((line["category"], line["tax_rate_bp"], line["gross"], line["tax"])
                    for line in rows.lines if not line["removed"]),
        tips=tuple((tip["stylist_id"], tip["amount"]) for tip in rows.tips),
        deposit_applied=sale["deposit_applied"],
        tenders=tuple((t["method"], t["amount"], t["reference"], t["approved_by_id"])
                      for t in rows.tenders),
        rounding=sale["rounding"], change=sale["change"],
        vouchers=tuple((v["id"], v["amount"], v["code_digest"],
                        stored_time(v["expires_on"], date), *taxed[v["sale_line_id"]])
                       for v in rows.vouchers),
        courses=tuple((c["id"], c["price"], sold_memo(c["sessions"], c["service_ids"],
                                                      stored_time(c["expires_on"], date)))
                      for c in rows.courses),
        single_purpose=tuple((t["reference"], *single_purpose[t["reference"]])
                             for t in rows.tenders if t["reference"] in single_purpose))


# --- reading the rows -----------------------------------------------------------------------

_BY_SALE = ((SaleLine, "lines"), (SaleTip, "tips"), (SaleTender, "tenders"),
            (Voucher, "vouchers"), (Course, "courses"))


def _select(model, columns: Iterable[str], where: str) -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    return f'SELECT {names} FROM "{model._meta.table_name}" WHERE {where}'


def _all_columns(model) -> list[str]:
    return [f.column_name for f in model._meta.sorted_fields]


def _sealed_columns(model, leave_out: frozenset[str] = frozenset()) -> list[str]:
    return sorted(set(_all_columns(model)) - leave_out)


def sale_rows(salon: Salon, first: int, last: int) -> dict[int, _SaleRows]:
    """The rows of the sales numbered `first` to `last`, each sale's in the order they
    were made, every column."""
    reader = RawReader(salon.database)
    found = {}
    columns = _all_columns(Sale)
    for row in reader.rows(_select(Sale, columns, '"id" BETWEEN {p} AND {p} ORDER BY "id"'),
                           (first, last)):
        found[row[0]] = _SaleRows(dict(zip(columns, row, strict=True)))
    for model, attribute in _BY_SALE:
        columns = _all_columns(model)
        at = columns.index("sale_id")
        for row in reader.rows(_select(model, columns, '"sale_id" BETWEEN {p} AND {p} '
                                                       'ORDER BY "sale_id", "id"'),
                               (first, last)):
            getattr(found[row[at]], attribute).append(dict(zip(columns, row, strict=True)))
    return found


class _Narrow:
    """A sale's rows as `verify` reads them for its money: `_SaleReading.NARROW`'s columns
    of each, as plain rows (each sale's lines, tips, tenders, vouchers and courses)."""

    __slots__ = ("sale", "lines", "tips", "tenders", "vouchers", "courses", "parts")

    def __init__(self, sale: tuple) -> None:
        self.sale = sale
        self.lines, self.tips, self.tenders, self.vouchers, self.courses = [], [], [], [], []
        self.parts = (self.lines, self.tips, self.tenders, self.vouchers, self.courses)

    @property
    def status(self) -> str:
        return self.sale[1]

    @property
    def owed(self) -> int:
        """Its frozen total, tips and rounding."""
        _id, _status, _client, _booking, _deposit, rounding, _change, total, tips = self.sale
        return total + tips + rounding

    def spends(self) -> Iterator[str]:
        """The references of its payments by gift voucher."""
        return (reference for _sale, method, _amount, reference, _by in self.tenders
                if method in VOUCHER_WAYS)

    def closed_sale(self, single_purpose: dict[str, tuple[int, int]]) -> ClosedSale:
        """`closed_sale_of_rows`, from these columns (what most sales have none of, not
        gone through: `verify` builds one for each of years of sales)."""
        _id, _status, client, booking, deposit, rounding, change, _total, _tips = self.sale
        vouchers = courses = spending = ()
        if self.vouchers:
            taxed = {line[1]: (line[3], line[5]) for line in self.lines}
            vouchers = tuple([(number, amount, digest, stored_time(expires_on, date),
                               *taxed[line])
                              for _sale, number, amount, digest, expires_on, line
                              in self.vouchers])
        if self.courses:
            courses = tuple([(number, price, sold_memo(sessions, services,
                                                       stored_time(expires_on, date)))
                             for _sale, number, price, sessions, services, expires_on
                             in self.courses])
        if single_purpose:
            spending = tuple([(reference, *single_purpose[reference])
                              for _sale, _method, _amount, reference, _by in self.tenders
                              if reference in single_purpose])
        return ClosedSale(
            client_id=client, booking_id=booking,
            lines=tuple([(category, rate, gross, tax) for _sale, _id, category, rate, gross,
                         tax, removed in self.lines if not removed]),
            tips=tuple([(stylist, amount) for _sale, stylist, amount in self.tips]),
            deposit_applied=deposit,
            tenders=tuple([(method, amount, reference, by) for _sale, method, amount, reference,
                           by in self.tenders]),
            rounding=rounding, change=change, vouchers=vouchers, courses=courses,
            single_purpose=spending)


class _SaleReading:
    """How `verify` reads sales, a range of numbers at a time. For what their close posted
    and their money, the few columns that tell it (`narrow`). For their seals, on SQLite the
    seal's JSON itself, written by the database (`seal_texts`: `seal_digest`'s very text,
    held to the seal by its digest); elsewhere, or where that text does not match, the
    sealed columns, encoded here (`sealed`)."""

    NARROW = {
        Sale: ("id", "status", "client_id", "booking_id", "deposit_applied", "rounding",
               "change", "total", "tips"),
        SaleLine: ("sale_id", "id", "category", "tax_rate_bp", "gross", "tax", "removed"),
        SaleTip: ("sale_id", "stylist_id", "amount"),
        SaleTender: ("sale_id", "method", "amount", "reference", "approved_by_id"),
        Voucher: ("sale_id", "id", "amount", "code_digest", "expires_on", "sale_line_id"),
        Course: ("sale_id", "id", "price", "sessions", "service_ids", "expires_on"),
    }

    def __init__(self, reader: RawReader) -> None:
        self.reader = reader
        by_sale = '"sale_id" BETWEEN {p} AND {p} ORDER BY "sale_id", "id"'
        self.narrow_sql = [(attribute, self.NARROW[model], _select(model, self.NARROW[model],
                                                                    by_sale))
                           for model, attribute in _BY_SALE]
        self.sale_sql = _select(Sale, self.NARROW[Sale], '"id" BETWEEN {p} AND {p}')
        self.sealed_sale = _sealed_columns(Sale, _SALE_UNSEALED)
        self.sealed_sale_sql = _select(Sale, ["status", *self.sealed_sale],
                                       '"id" BETWEEN {p} AND {p} ORDER BY "id"')
        self.sealed_sql = []
        for model, attribute in _BY_SALE[:3]:  # lines, tips, tenders
            columns = _sealed_columns(model, _LINE_UNSEALED if model is SaleLine else
                                      frozenset())
            self.sealed_sql.append((attribute, columns, columns.index("sale_id"),
                                    _select(model, columns, by_sale)))
        self.texts_sql = _seal_json_sql() if isinstance(reader.database,
                                                        pw.SqliteDatabase) else None

    def narrow(self, first: int, last: int) -> dict[int, _Narrow]:
        """Sale number → its rows' columns that tell its money (`_Narrow`)."""
        found = {row[0]: _Narrow(row) for row in self.reader.rows(self.sale_sql, (first, last))}
        for at, (_attribute, _names, sql) in enumerate(self.narrow_sql):
            for row in self.reader.rows(sql, (first, last)):
                sale = found.get(row[0])
                if sale is not None:  # (its sale row deleted: checked as deleted)
                    sale.parts[at].append(row)
        return found

    def seal_texts(self, first: int, last: int) -> dict[int, str]:
        """Sale number → the JSON its seal covers, written by the database (none where it
        cannot: not SQLite, or a value JSON cannot hold)."""
        if self.texts_sql is None:
            return {}
        try:
            return dict(self.reader.rows(self.texts_sql, (first, last)))
        except pw.DatabaseError:
            return {}

    def sealed(self, first: int, last: int) -> dict[int, _SaleRows]:
        """Sale number → its sealed rows: the sealed columns, in the order the seal's JSON
        sorts them (so a seal is one encoding, with no copy of a row)."""
        found, names = {}, self.sealed_sale
        at = names.index("id") + 1
        for row in self.reader.rows(self.sealed_sale_sql, (first, last)):
            found[row[at]] = _SaleRows(dict(zip(names, row[1:], strict=True)))
        for attribute, columns, at, sql in self.sealed_sql:
            for row in self.reader.rows(sql, (first, last)):
                sale = found.get(row[at])
                if sale is not None:
                    getattr(sale, attribute).append(dict(zip(columns, row, strict=True)))
        return found

    def seal_holds(self, sale_id: int, memo: str, text: str | None) -> bool:
        """Whether a sale's rows are what its seal (`memo`) sealed: by the database's JSON
        when there is one, else (or when it does not match) by the rows read again."""
        if text is not None and memo_digest(text) == memo:
            return True
        rows = self.sealed(sale_id, sale_id).get(sale_id)
        return rows is not None and memo in (_seal_of_sealed_rows(rows), seal_of_rows(rows))


def _seal_json_sql() -> str:
    """SQLite's JSON of each sale's sealed rows, as `seal_digest` writes it: keys sorted,
    no spaces, text as it is (a difference would only send the sale to the slower way)."""
    def row(model, alias: str, leave_out: frozenset[str] = frozenset()) -> str:
        return "json_object(" + ", ".join(f"'{column}', {alias}.\"{column}\""
                                          for column in _sealed_columns(model, leave_out)) + ")"

    def rows(model, leave_out: frozenset[str] = frozenset()) -> str:
        return (f"COALESCE((SELECT group_concat(j, ',') FROM (SELECT "
                f"{row(model, 'r', leave_out)} AS j FROM \"{model._meta.table_name}\" r "
                "WHERE r.sale_id = s.id ORDER BY r.id)), '')")

    return ("SELECT s.id, '{\"lines\":[' || " + rows(SaleLine, _LINE_UNSEALED)
            + " || '],\"sale\":' || " + row(Sale, "s", _SALE_UNSEALED)
            + " || ',\"tenders\":[' || " + rows(SaleTender) + " || '],\"tips\":[' || "
            + rows(SaleTip) + f" || ']}}' FROM \"{Sale._meta.table_name}\" s "
            "WHERE s.id BETWEEN {p} AND {p}")


def _single_purpose(reader: RawReader, references: Iterable[str]
                    ) -> dict[str, tuple[int, int]]:
    """kernel.vouchers.single_purpose, read with the driver's cursor: of the vouchers these
    references name, the single-purpose ones, {reference: (tax rate, tax)}."""
    numbers = sorted({number for number in map(voucher_of, references)
                      if isinstance(number, int)})
    found = {}
    for at in range(0, len(numbers), IN_CHUNK):
        some = numbers[at:at + IN_CHUNK]
        sql = (f'SELECT v."id", l."tax_rate_bp", l."tax" FROM "{Voucher._meta.table_name}" v '
               f'JOIN "{SaleLine._meta.table_name}" l ON l."id" = v."sale_line_id" '
               f'WHERE v."id" IN ({", ".join(["{p}"] * len(some))}) '
               'AND l."service_id" IS NOT NULL')
        found |= {voucher_reference(number): (rate, tax)
                  for number, rate, tax in reader.rows(sql, some)}
    return found



# --- what the journal says of a sale --------------------------------------------------------

class SaleJournal:
    """What the journal says of one sale, from its entries added in journal order: the
    postings of its close, its seal, and its money as the ledger replays it."""

    __slots__ = ("postings", "seal", "last_seq", "paid", "owed", "money_seq")

    def __init__(self) -> None:
        self.postings: list = []
        self.seal: tuple[int, str] | None = None  # (seq, memo) of its (last) seal
        self.last_seq = 0  # of its last closing entry or seal
        self.paid = self.owed = 0
        self.money_seq = 0  # of its last entry the ledger's replay counts (0: none)

    def add(self, entry: Entry) -> None:
        """One of the sale's entries (of a kind in SALE_KINDS)."""
        kind = entry.kind
        self.add_row(entry.seq, kind, entry.amount, entry.memo,
                     posting_of(entry) if kind in CLOSING_KINDS else None)

    def add_row(self, seq: int, kind: str, amount: int, memo: str,
                posting: tuple | None) -> None:
        """`add` of an entry with these fields; `posting`, for a closing kind: the entry's
        fields in `Posting`'s order (a plain tuple, equal to the Posting)."""
        if kind == Kind.SALE_SEALED:
            self.seal = (seq, memo)
            self.last_seq = seq
        elif kind in CLOSING_KINDS:
            self.postings.append(posting)
            self.last_seq = seq
        if kind in _SALE_MONEY:
            self.paid += SALE_PAID.get(kind, 0) * amount
            self.owed += SALE_OWED.get(kind, 0) * amount
            self.money_seq = seq


def sale_problems(sale_id: int, journal: SaleJournal, rows: _Narrow | None,
                  spent: dict[str, tuple[int, int]], seal_holds: Callable[[str], bool] | None
                  ) -> list[tuple[int, str]]:
    """Everything `verify` holds a sale to: what it was paid is what it owed (the ledger's
    replay); a closed one (`rows`; None for a sale not closed, or gone) owed its total,
    tips and rounding, and its rows are what its close posted and sealed; a sale the
    journal counts money for is still closed."""
    problems = []
    counted = journal.money_seq != 0
    if counted and journal.paid != journal.owed:
        problems.append((journal.money_seq,
                         f"sale {sale_id} was paid {journal.paid} but owed {journal.owed} "
                         "(tenders − change should equal total + tips + rounding)"))
    if rows is None:
        if counted:
            problems.append((journal.money_seq, f"sale {sale_id} is in the journal but its "
                             "closed record was deleted or reopened outside Salon POS"))
        return problems
    if journal.owed != rows.owed:
        problems.append((journal.money_seq, f"sale {sale_id} does not match its journal "
                                            "entries"))
    return problems + closed_sale_problems(sale_id, journal, rows.closed_sale(spent),
                                           seal_holds)


def closed_sale_problems(sale_id: int, journal: SaleJournal, closed: ClosedSale,
                         seal_holds: Callable[[str], bool] | None) -> list[tuple[int, str]]:
    """A closed sale, as its rows tell it, against what its close posted and sealed
    (`seal_holds`: whether its rows are what a seal's memo sealed; None for a sale the
    journal has no seal of)."""
    expected = closing_postings(closed)
    # In the order they were posted, unless changed (then in any order: two tenders of one
    # way may come either way round).
    differ = [] if expected == journal.postings else postings_differ(
        expected, [Posting._make(posting) for posting in journal.postings])
    if differ:
        return [(journal.last_seq, f"sale {sale_id} does not match its journal entries "
                                   f"({', '.join(kind.replace('_', ' ') for kind in differ)})")]
    if journal.seal is not None and not (seal_holds and seal_holds(journal.seal[1])):
        return [(journal.seal[0], f"sale {sale_id} was changed after it closed (its lines, "
                                  "prices, client or tenders are not what was sealed)")]
    return []


# --- checking sales -------------------------------------------------------------------------

@dataclass
class SalesChecked:
    """The sales a part of the journal names, checked as if all their entries were in it
    (`verify` sets aside those named in more than one part, and checks them whole)."""

    problems: dict[int, list[tuple[int, str]]]  # by sale, only those with any
    unnamed: list[int]  # closed sales among those read that the part does not name
    ranges: list[tuple[int, int]]  # the sale numbers read: (first, last), ascending


def check_named_sales(reader: RawReader, journals: dict[int, SaleJournal]) -> SalesChecked:
    """Every sale in `journals` (read from the journal) held to its rows; the rows are read
    in ranges of neighbouring sale numbers."""
    checked = SalesChecked({}, [], _ranges(sorted(journals)))
    reading = _SaleReading(reader)
    for first, last in checked.ranges:
        for low in range(first, last + 1, CHUNK):
            high = min(last, low + CHUNK - 1)
            found = reading.narrow(low, high)
            checked.unnamed += [sale for sale, rows in found.items()
                                if rows.status in _CLOSED and sale not in journals]
            _check(reading, {sale: journals[sale] for sale in range(low, high + 1)
                             if sale in journals}, found, checked.problems, (low, high))
    return checked


def check_sales_whole(reader: RawReader, sale_ids: Iterable[int]) -> list[tuple[int, str]]:
    """These sales checked with all their entries, wherever in the journal they are (read
    by sale: for the few `verify` cannot check where it reads the journal)."""
    problems: dict[int, list[tuple[int, str]]] = {}
    reading = _SaleReading(reader)
    ids = sorted(set(sale_ids))
    for at in range(0, len(ids), IN_CHUNK):
        some = ids[at:at + IN_CHUNK]
        journals = _journals_of(reader, some)
        for first, last in _ranges(some):
            found = {sale: rows for sale, rows in reading.narrow(first, last).items()
                     if sale in journals}
            _check(reading, {sale: journals[sale] for sale in some if first <= sale <= last},
                   found, problems, (first, last))
    return [problem for found in problems.values() for problem in found]


def _journals_of(reader: RawReader, sale_ids: list[int]) -> dict[int, SaleJournal]:
    journals = {sale: SaleJournal() for sale in sale_ids}
    # By the sales' index alone, the kinds sorted out here: asked for in SQL, SQLite's
    # planner walks the kind index instead — most of the journal.
    for row in reader.journal_of_sales(sale_ids):
        entry = Entry(*row)
        if entry.kind in SALE_KINDS:
            journals[entry.sale_id].add(entry)
    return journals


def _check(reading: _SaleReading, journals: dict[int, SaleJournal],
           found: dict[int, _Narrow], problems: dict,
           numbers: tuple[int, int]) -> None:
    """The sales of `journals` (numbered within `numbers`) against the rows `found`."""
    closed = {sale: rows for sale, rows in found.items()
              if rows.status in _CLOSED and sale in journals}
    spent = _single_purpose(reading.reader, (reference for rows in closed.values()
                                             for reference in rows.spends()))
    texts = reading.seal_texts(*numbers) if any(
        journals[sale].seal is not None for sale in closed) else {}
    for sale, journal in journals.items():
        said = sale_problems(sale, journal, closed.get(sale), spent, None if journal.seal is None
                             else functools.partial(reading.seal_holds, sale,
                                                    text=texts.get(sale)))
        if said:
            problems[sale] = said


def _ranges(ids: list[int], gap: int = 64) -> list[tuple[int, int]]:
    """Sorted sale numbers as ranges to read (a gap wider than `gap` starts another)."""
    ranges: list[tuple[int, int]] = []
    for sale in ids:
        if ranges and sale - ranges[-1][1] <= gap:
            ranges[-1] = (ranges[-1][0], sale)
        else:
            ranges.append((sale, sale))
    return ranges


def check_closed_sale(salon: Salon, sale_id: int) -> None:
    """Refuse a closed sale whose rows do not match its journal entries."""
    reader = RawReader(salon.database)
    journal = _journals_of(reader, [sale_id])[sale_id]
    rows = sale_rows(salon, sale_id, sale_id).get(sale_id)
    problems = [] if rows is None else closed_sale_problems(
        sale_id, journal, closed_sale_of_rows(rows, _single_purpose(reader, (
            tender["reference"] for tender in rows.tenders if tender["method"] in VOUCHER_WAYS))),
        lambda memo: memo == seal_of_rows(rows))
    if problems:
        raise SaleNotVouched(
            f"This sale's records do not match the journal ({problems[0][1]}): they were "
            "changed outside Salon POS, so its receipt cannot be printed from them. A manager "
            "should run “salon-pos verify” and restore a good backup.")


def closed_sales_outside(reader: RawReader, ranges: list[tuple[int, int]]) -> list[int]:
    """The closed sales whose numbers are in none of these ranges (ascending, apart)."""
    closed = [str(status) for status in sorted(_CLOSED)]
    statuses = f'"status" IN ({", ".join(["{p}"] * len(closed))})'
    if len(ranges) > 100:  # the gaps as one condition would be too long: all, then sorted out
        firsts = [first for first, _last in ranges]
        sql = f'SELECT "id" FROM "{Sale._meta.table_name}" WHERE {statuses}'
        return [sale for (sale,) in reader.rows(sql, closed)
                if not (at := bisect.bisect_right(firsts, sale)) or sale > ranges[at - 1][1]]
    gaps = [f'"id" < {int(ranges[0][0])}'] if ranges else ["1 = 1"]
    gaps += [f'"id" BETWEEN {int(last) + 1} AND {int(first) - 1}'
             for (_first, last), (first, _last) in pairwise(ranges) if first > last + 1]
    gaps += [f'"id" > {int(ranges[-1][1])}'] if ranges else []
    sql = f'SELECT "id" FROM "{Sale._meta.table_name}" WHERE {statuses} AND ({" OR ".join(gaps)})'
    return [sale for (sale,) in reader.rows(sql, closed)]
