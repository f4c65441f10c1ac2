"""Sales, refunds and journal entries found by day, client, booking or kind: the numbers
the printed documents ask for (a sale's receipt, a refund's, a deposit movement's entry),
as plain rows for the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from salon_pos.domain.localtime import day_bounds_utc, day_start_utc, local_of, to_utc_naive
from salon_pos.domain.sale_status import PAID, SaleStatus
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Client, JournalEntry, Sale, SaleRefund

WALK_IN = "walk-in"


@dataclass(frozen=True)
class Days:
    """First and last business day, both included; None leaves that end open."""

    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class FoundSale:
    sale_id: int
    receipt_no: int
    closed_at: datetime  # local
    client: str
    status: str  # as the front desk says it: paid, part refunded, refunded
    total: int  # tax included, tips apart
    tips: int


@dataclass(frozen=True)
class FoundRefund:
    refund_id: int
    number: int  # printed R000001
    at: datetime  # local
    sale_id: int
    receipt_no: int  # of the sale refunded
    client: str
    amount: int
    reason: str


@dataclass(frozen=True)
class FoundEntry:
    seq: int
    at: datetime  # local
    business_day: date
    kind: str
    amount: int
    method: str
    booking_id: int | None
    sale_id: int | None
    client: str


def paid_sales(salon: Salon, days: Days, client_id: int | None = None) -> list[FoundSale]:
    """Sales whose money was taken, by the business day they were paid on."""
    where = Sale.status.in_(PAID) & _within(Sale.business_day, days)
    if client_id is not None:
        where &= Sale.client == client_id
    tz = salon.settings().tz
    rows = (Sale.select(Sale, Client.name.alias("client_name"))
            .join(Client, pw.JOIN.LEFT_OUTER).where(where).order_by(Sale.closed_at, Sale.id)
            .objects())
    return [FoundSale(sale_id=row.id, receipt_no=row.receipt_no,
                      closed_at=local_of(row.closed_at, tz), client=row.client_name or WALK_IN,
                      status=SaleStatus(row.status).label, total=row.total, tips=row.tips)
            for row in rows]


def refunds(salon: Salon, days: Days, client_id: int | None = None) -> list[FoundRefund]:
    """Refunds by the local day they were made (as the reports count them)."""
    tz = salon.settings().tz
    where = pw.Value(True)
    # The calendar's first and last days leave that end open: their bounds are not dates.
    if days.first and days.first > date.min:
        where &= SaleRefund.at >= to_utc_naive(day_start_utc(days.first, tz))
    if days.last and days.last < date.max:
        where &= SaleRefund.at < to_utc_naive(day_bounds_utc(days.last, tz)[1])
    if client_id is not None:
        where &= Sale.client == client_id
    rows = (SaleRefund.select(SaleRefund, Sale.receipt_no, Client.name.alias("client_name"))
            .join(Sale).join(Client, pw.JOIN.LEFT_OUTER).where(where)
            .order_by(SaleRefund.at, SaleRefund.id).objects())
    return [FoundRefund(refund_id=row.id, number=row.number, at=local_of(row.at, tz),
                        sale_id=row.sale_id, receipt_no=row.receipt_no,
                        client=row.client_name or WALK_IN, amount=row.amount,
                        reason=row.reason)
            for row in rows]


def journal_entries_found(salon: Salon, days: Days, *, kinds: tuple[str, ...] = (),
                          booking_id: int | None = None,
                          client_id: int | None = None) -> list[FoundEntry]:
    """Journal entries by business day, of the kinds given (all when none are)."""
    where = _within(JournalEntry.business_day, days)
    if kinds:
        where &= JournalEntry.kind.in_(kinds)
    if booking_id is not None:
        where &= JournalEntry.booking == booking_id
    if client_id is not None:
        where &= JournalEntry.client == client_id
    tz = salon.settings().tz
    rows = (JournalEntry.select(JournalEntry, Client.name.alias("client_name"))
            .join(Client, pw.JOIN.LEFT_OUTER, on=Client.id == JournalEntry.client)
            .where(where).order_by(JournalEntry.seq).objects())
    return [FoundEntry(seq=row.seq, at=local_of(row.at, tz), business_day=row.business_day,
                       kind=row.kind, amount=row.amount, method=row.method,
                       booking_id=row.booking, sale_id=row.sale, client=row.client_name or "")
            for row in rows]


def _within(column, days: Days):
    where = pw.Value(True)
    if days.first:
        where &= column >= days.first
    if days.last:
        where &= column <= days.last
    return where

