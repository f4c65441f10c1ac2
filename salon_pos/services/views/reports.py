"""The manager's reports over a range of the salon's local days: sales and tips by stylist,
no-shows and late cancellations with the fees kept, and the deposits held now.

Every figure is summed by the database (GROUP BY), a handful of queries per report
whatever the range, so a report over years stays quick. Days are business days, as on the
Z reports: sales and fees count on the day they were recorded; a refund counts on the
local day it was made, whichever day its sale was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import peewee as pw

from salon_pos.documents.report_records import COUNT, MONEY, Column, ReportTable
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.collation import name_key
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import day_bounds_utc, local_of, to_utc_naive
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.day_report import deposits_held_by_booking
from salon_pos.services.views.stock import stock_list
from salon_pos.store.models import (
    BookedService,
    Booking,
    Client,
    JournalEntry,
    Sale,
    SaleLine,
    SaleRefund,
    SaleRefundLine,
    SaleTip,
    Staff,
)

NO_STYLIST = "No stylist (front desk)"


def _check_range(first: date, last: date) -> None:
    if first > last:
        raise InvalidInput("The first day of the report is after its last day.")


def period_text(first: date, last: date) -> str:
    if first == last:
        return f"{first:%A %d %B %Y}"
    return f"{first:%a %d %b %Y} to {last:%a %d %b %Y}"


def _when(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")


# --- sales and tips by stylist ---------------------------------------------------------------

@dataclass(frozen=True)
class StylistSales:
    """One stylist's figures; amounts tax included, as the client paid them."""

    stylist: str
    sales: int = 0  # paid sales with a line of theirs
    services: int = 0  # after discounts
    products: int = 0  # after discounts
    discounts: int = 0
    tax: int = 0  # inside services and products
    refunds: int = 0  # lines of theirs given back in the range
    tips: int = 0

    @property
    def net(self) -> int:
        """What their work brought in: services and products less refunds (tips apart)."""
        return self.services + self.products - self.refunds


@dataclass(frozen=True)
class SalesReport:
    first: date
    last: date
    rows: list[StylistSales]
    total: StylistSales  # its `sales` counts each sale once, however many stylists it had

    def table(self) -> ReportTable:
        def line(row: StylistSales) -> tuple:
            return (row.stylist, row.sales, row.services, row.products, row.discounts, row.tax,
                    row.refunds, row.tips, row.net)

        money = [Column(name, MONEY) for name in (
            "Services", "Products", "Discounts", "Tax", "Refunds", "Tips", "Net sales")]
        return ReportTable(
            "Sales and tips by stylist", period_text(self.first, self.last),
            (Column("Stylist"), Column("Sales", COUNT), *money),
            tuple(line(row) for row in self.rows), line(self.total))


def sales_by_stylist(salon: Salon, first: date, last: date) -> SalesReport:
    """Sales, discounts, tax, refunds and tips per stylist over the local days [first, last]."""
    _check_range(first, last)
    paid = Sale.business_day.between(first, last) & Sale.status.in_(PAID)
    figures: dict[int | None, dict[str, int]] = {}

    def add(stylist_id: int | None, **values: int) -> None:
        row = figures.setdefault(stylist_id, {})
        for name, value in values.items():
            row[name] = row.get(name, 0) + int(value or 0)

    def total_of(category: str):
        return pw.fn.SUM(pw.Case(None, [(SaleLine.category == category, SaleLine.gross)], 0))

    lines = (SaleLine.select(SaleLine.stylist, pw.fn.COUNT(SaleLine.sale.distinct()),
                             total_of("service"), total_of("retail"),
                             pw.fn.SUM(SaleLine.discount), pw.fn.SUM(SaleLine.tax))
             .join(Sale).where(paid & ~SaleLine.removed).group_by(SaleLine.stylist).tuples())
    for stylist_id, sales, services, products, discounts, tax in lines:
        add(stylist_id, sales=sales, services=services, products=products,
            discounts=discounts, tax=tax)
    tips = (SaleTip.select(SaleTip.stylist, pw.fn.SUM(SaleTip.amount)).join(Sale)
            .where(paid).group_by(SaleTip.stylist).tuples())
    for stylist_id, amount in tips:
        add(stylist_id, tips=amount)
    for stylist_id, amount in _refunds_by_stylist(salon, first, last):
        add(stylist_id, refunds=amount)

    names = _staff_names([i for i in figures if i is not None])
    rows = sorted((StylistSales(names.get(i, NO_STYLIST), **values)
                   for i, values in figures.items()),
                  key=lambda row: (row.stylist == NO_STYLIST, name_key(row.stylist)))
    total = StylistSales(
        "Total", sales=Sale.select().where(paid).count(),
        **{name: sum(getattr(row, name) for row in rows)
           for name in ("services", "products", "discounts", "tax", "refunds", "tips")})
    return SalesReport(first, last, rows, total)


def _refunds_by_stylist(salon: Salon, first: date, last: date):
    start, end = _utc_bounds(salon, first, last)
    return (SaleRefundLine.select(SaleLine.stylist, pw.fn.SUM(SaleRefundLine.amount))
            .join(SaleRefund).switch(SaleRefundLine).join(SaleLine)
            .where((SaleRefund.at >= start) & (SaleRefund.at < end))
            .group_by(SaleLine.stylist).tuples())


def _utc_bounds(salon: Salon, first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) of the local days, in the stored form (naive UTC)."""
    tz = salon.settings().tz
    return (to_utc_naive(day_bounds_utc(first, tz)[0]),
            to_utc_naive(day_bounds_utc(last, tz)[1]))


def _staff_names(ids: list[int]) -> dict[int, str]:
    return dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(ids)).tuples())


# --- no-shows and late cancellations ---------------------------------------------------------

@dataclass(frozen=True)
class MissedBooking:
    booking_id: int
    start: datetime  # local
    recorded_on: date  # the business day it was marked, when its fee was kept
    no_show: bool  # else a late cancellation
    client: str
    stylist: str
    services: tuple[str, ...]
    fee_kept: int  # the deposit forfeited as a fee (nothing when late cancels keep credit)
    given_back: int  # of that fee, waived by a manager since

    @property
    def kind(self) -> str:
        return "No-show" if self.no_show else "Late cancellation"

    @property
    def waived(self) -> bool:
        return self.given_back > 0

    @property
    def still_kept(self) -> int:
        return self.fee_kept - self.given_back


@dataclass(frozen=True)
class MissedReport:
    first: date
    last: date
    rows: list[MissedBooking] = field(default_factory=list)

    @property
    def no_shows(self) -> int:
        return sum(row.no_show for row in self.rows)

    @property
    def late_cancels(self) -> int:
        return len(self.rows) - self.no_shows

    @property
    def fees_kept(self) -> int:
        return sum(row.fee_kept for row in self.rows)

    @property
    def given_back(self) -> int:
        return sum(row.given_back for row in self.rows)

    def table(self) -> ReportTable:
        rows = tuple((_when(row.start), _what(row), row.client, row.stylist,
                      ", ".join(row.services), row.fee_kept, row.given_back or None)
                     for row in self.rows)
        totals = ("Total", f"{_count(self.no_shows, 'no-show')}, "
                  f"{_count(self.late_cancels, 'late cancellation')}",
                  "", "", "", self.fees_kept, self.given_back)
        return ReportTable(
            "No-shows and late cancellations", period_text(self.first, self.last),
            (Column("Appointment"), Column("What"), Column("Client"), Column("Stylist"),
             Column("Services", weight=1.5), Column("Fee kept", MONEY),
             Column("Waived", MONEY)),
            rows, totals)


def _what(row: MissedBooking) -> str:
    """The kind, and the day it was recorded when that is not the appointment's own day
    (a late cancellation): the report lists bookings by the day they were recorded."""
    if row.recorded_on == row.start.date():
        return row.kind
    return f"{row.kind} on {row.recorded_on:%a %d %b %Y}"


def no_shows_and_late_cancels(salon: Salon, first: date, last: date) -> MissedReport:
    """Bookings marked no-show or cancelled late on the local days [first, last]."""
    _check_range(first, last)
    missed = Booking.outcome_day.between(first, last) & (
        (Booking.status == BookingStatus.NO_SHOW) | (Booking.cancel_kind == "late"))
    tz = salon.settings().tz
    services: dict[int, list[str]] = {}
    for booking_id, name in (BookedService.select(BookedService.booking, BookedService.name)
                             .join(Booking).where(missed)
                             .order_by(BookedService.booking, BookedService.position,
                                       BookedService.id).tuples()):
        services.setdefault(booking_id, []).append(name)
    fees = _fees(Booking.select(Booking.id).where(missed))
    bookings = (Booking.select(Booking.id, Booking.start, Booking.outcome_day, Booking.status,
                               Client.name.alias("client_name"),
                               Staff.name.alias("stylist_name"))
                .join(Client).switch(Booking).join(Staff, on=Booking.stylist == Staff.id)
                .where(missed).order_by(Booking.outcome_day, Booking.start, Booking.id).dicts())
    rows = [MissedBooking(
        booking_id=b["id"], start=local_of(b["start"], tz), recorded_on=b["outcome_day"],
        no_show=b["status"] == BookingStatus.NO_SHOW, client=b["client_name"],
        stylist=b["stylist_name"], services=tuple(services.get(b["id"], ())),
        fee_kept=fees.get(b["id"], (0, 0))[0], given_back=fees.get(b["id"], (0, 0))[1],
    ) for b in bookings]
    return MissedReport(first, last, rows)


def _fees(booking_ids: pw.Query) -> dict[int, tuple[int, int]]:
    """Per booking: the fee kept, and how much of it was given back."""
    def total(kind: Kind):
        return pw.fn.SUM(pw.Case(None, [(JournalEntry.kind == kind, JournalEntry.amount)], 0))

    query = (JournalEntry.select(JournalEntry.booking, total(Kind.DEPOSIT_FORFEITED),
                                 total(Kind.FEE_REFUNDED))
             .where(JournalEntry.booking.in_(booking_ids)
                    & JournalEntry.kind.in_([Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED]))
             .group_by(JournalEntry.booking).tuples())
    return {booking: (int(kept), int(back)) for booking, kept, back in query}


# --- deposits held now -----------------------------------------------------------------------

@dataclass(frozen=True)
class HeldDeposit:
    booking_id: int
    start: datetime  # local
    client: str
    status: str  # in words
    held: int


@dataclass(frozen=True)
class HeldReport:
    at: datetime  # local: when the figures were read
    rows: list[HeldDeposit]

    @property
    def total(self) -> int:
        return sum(row.held for row in self.rows)

    def table(self) -> ReportTable:
        rows = tuple((_when(row.start), row.client, row.status, row.held) for row in self.rows)
        return ReportTable(
            "Deposits held", f"Now: {_when(self.at)}",
            (Column("Appointment"), Column("Client", weight=2), Column("Status"),
             Column("Held", MONEY)),
            rows, (f"Total ({_count(len(rows), 'booking')})", "", "", self.total))


def deposits_held(salon: Salon) -> HeldReport:
    """Which bookings hold a deposit right now (the salon's liability), soonest first."""
    tz = salon.settings().tz
    return HeldReport(local_of(salon.now(), tz), [
        HeldDeposit(row["booking_id"], local_of(row["start"], tz), row["client"],
                    BookingStatus(row["status"]).label, row["held"])
        for row in deposits_held_by_booking(salon)])


# --- stock at cost now ------------------------------------------------------------------------

def stock_at_cost(salon: Salon) -> ReportTable:
    """Every product's units on hand and their value at cost, now (views.stock)."""
    rows = stock_list(salon)
    return ReportTable(
        "Stock at cost", f"Now: {_when(local_of(salon.now(), salon.settings().tz))}",
        (Column("Product", weight=2), Column("SKU"), Column("On hand", COUNT),
         Column("Reorder at", COUNT), Column("Average cost", MONEY), Column("Value", MONEY)),
        tuple((row.name, row.sku, row.on_hand, row.reorder_level, row.average_cost, row.value)
              for row in rows),
        (f"Total ({_count(len(rows), 'product')})", None, sum(row.on_hand for row in rows),
         None, None, sum(row.value for row in rows)))
