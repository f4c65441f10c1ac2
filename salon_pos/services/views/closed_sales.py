"""Closed sales held to the journal (see domain.sale_record): what the close posted and the
seal of everything else frozen on the sale, rebuilt from the rows and compared. Used by
`verify` for every closed sale and before a receipt is printed again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from salon_pos.domain.courses import sold_memo
from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import Kind
from salon_pos.domain.sale_record import (
    CLOSING_KINDS,
    ClosedSale,
    closing_postings,
    posting_of,
    postings_differ,
    seal_digest,
)
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries, stored_time
from salon_pos.services.kernel.vouchers import VOUCHER_WAYS, single_purpose
from salon_pos.store.models import (
    Course,
    JournalEntry,
    Sale,
    SaleLine,
    SaleTender,
    SaleTip,
    Voucher,
)

# Sales read together by `verify` (each batch a handful of indexed queries).
BATCH = 500
# Set later than the close, and checked elsewhere: refunds count what was given back.
_LINE_UNSEALED = frozenset({"refunded_quantity"})
_SALE_UNSEALED = frozenset({"status", "closed_at"})
_SEALED_OR_CLOSING = CLOSING_KINDS | {Kind.SALE_SEALED}


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


def sale_rows(salon: Salon, first: int, last: int) -> dict[int, _SaleRows]:
    """The rows of the sales numbered `first` to `last`, each sale's in the order they
    were made."""
    found = {sale["id"]: _SaleRows(sale)
             for sale in _rows(salon, Sale, Sale.id.between(first, last))}
    for model, attribute in ((SaleLine, "lines"), (SaleTip, "tips"), (SaleTender, "tenders"),
                             (Voucher, "vouchers"), (Course, "courses")):
        for row in _rows(salon, model, model.sale.between(first, last)):
            getattr(found[row["sale_id"]], attribute).append(row)
    return found


def _rows(salon: Salon, model, where) -> Iterator[dict]:
    cursor = salon.database.execute(model.select().where(where).order_by(model.id))
    names = [column[0] for column in cursor.description]
    for values in cursor.fetchall():
        yield dict(zip(names, values, strict=True))


def check_closed_sale(salon: Salon, sale_id: int) -> None:
    """Refuse a closed sale whose rows do not match its journal entries."""
    problems = list(_problems(salon, [sale_id]))
    if problems:
        raise SaleNotVouched(
            f"This sale's records do not match the journal ({problems[0][1]}): they were "
            "changed outside Salon POS, so its receipt cannot be printed from them. A manager "
            "should run “salon-pos verify” and restore a good backup.")


def closed_sales_problems(salon: Salon) -> list[tuple[int, str]]:
    """Every closed sale whose rows differ from what its close posted or sealed."""
    problems: list[tuple[int, str]] = []
    for batch in _batches(Sale.select(Sale.id).where(Sale.status.in_(PAID))
                          .order_by(Sale.id).tuples()):
        problems += _problems(salon, batch)
    return problems


def _batches(rows) -> Iterator[list[int]]:
    batch: list[int] = []
    for (sale_id,) in rows.iterator():
        batch.append(sale_id)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _problems(salon: Salon, sale_ids: list[int]) -> Iterator[tuple[int, str]]:
    """The problems of these closed sales (numbered in order)."""
    first, last = sale_ids[0], sale_ids[-1]
    rows = sale_rows(salon, first, last)
    postings, seals, last_seq = defaultdict(list), {}, {}
    # By the sales' index alone, the kinds sorted out here: asked for in SQL, SQLite's
    # planner walks the kind index instead — most of the journal, for each batch.
    for entry in journal_entries(salon, where=JournalEntry.sale.between(first, last)):
        if entry.kind not in _SEALED_OR_CLOSING:
            continue
        if entry.kind == Kind.SALE_SEALED:
            seals[entry.sale_id] = entry
        else:
            postings[entry.sale_id].append(posting_of(entry))
        last_seq[entry.sale_id] = entry.seq
    spent = single_purpose(salon, (tender["reference"] for sale in rows.values()
                                   for tender in sale.tenders
                                   if tender["method"] in VOUCHER_WAYS))
    for sale_id in sale_ids:
        sale_of, seq = rows[sale_id], last_seq.get(sale_id, 0)
        differ = postings_differ(closing_postings(closed_sale_of_rows(sale_of, spent)),
                                 postings[sale_id])
        if differ:
            yield seq, (f"sale {sale_id} does not match its journal entries "
                        f"({', '.join(kind.replace('_', ' ') for kind in differ)})")
        elif sale_id in seals and seals[sale_id].memo != seal_of_rows(sale_of):
            yield seals[sale_id].seq, (
                f"sale {sale_id} was changed after it closed (its lines, prices, client or "
                "tenders are not what was sealed)")
