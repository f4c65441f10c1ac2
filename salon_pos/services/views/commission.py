"""Stylists' commission: the levels and their rates, and a pay period's report per stylist
(takings, commission, tips, fees kept for their bookings).

Takings are the closed sales' frozen lines of the period's business days, net of
discounts and tax (gross − tax), services and retail apart; a refund counts, negative, on
the business day it was recorded — so a refund in a later period takes the commission back
there, and a closed period never changes. Lines of other kinds (a gift voucher sold) earn
no commission, nor do tips or kept fees, which are reported beside it. A line with no
stylist is reported as "no stylist" and earns nothing. A closed period is read as it was
frozen (domain.commission; operations.commission.close_pay_period).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from datetime import date

from salon_pos.documents.report_records import MONEY, Column, ReportTable
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.collation import name_key
from salon_pos.domain.commission import (
    Rates,
    bands_from_stored,
    bands_said,
    bands_stored,
    pay_period,
    period_commission,
)
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind, memo_digest
from salon_pos.domain.sale_status import PAID
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.stock import back_bar_cost_by_stylist
from salon_pos.store.models import (
    Booking,
    CommissionLevel,
    JournalEntry,
    PayPeriod,
    Sale,
    SaleLine,
    SaleRefund,
    SaleRefundLine,
    Staff,
    StylistLevel,
)

COMMISSIONED = ("service", "retail")  # the kinds of line that earn commission
NO_STYLIST = "No stylist"
NO_LEVEL = "No commission level"


# --- levels --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Level:
    id: int
    name: str
    services: str  # as stored (domain.commission.bands_stored)
    retail: str
    deduct_back_bar: bool
    stylists: tuple[str, ...]

    @property
    def rates(self) -> Rates:
        return Rates(bands_from_stored(self.services), bands_from_stored(self.retail),
                     self.deduct_back_bar)


@dataclass(frozen=True)
class StylistOnLevel:
    stylist_id: int
    name: str
    level_id: int | None


def levels(salon: Salon) -> list[Level]:
    """Every level, by name, with the stylists on it."""
    on: dict[int, list[str]] = defaultdict(list)
    for level_id, name in (StylistLevel.select(StylistLevel.level, Staff.name)
                           .join(Staff).where(StylistLevel.level.is_null(False)).tuples()):
        on[level_id].append(name)
    found = [Level(row.id, row.name, row.service_bands, row.retail_bands,
                   bool(row.deduct_back_bar), tuple(sorted(on[row.id], key=name_key)))
             for row in CommissionLevel.select()]
    return sorted(found, key=lambda level: name_key(level.name))


def stylists_and_levels(salon: Salon) -> list[StylistOnLevel]:
    """Every active stylist and manager (who may do hands-on work), with their level."""
    assigned = dict(StylistLevel.select(StylistLevel.stylist, StylistLevel.level).tuples())
    staff = Staff.select(Staff.id, Staff.name).where(
        Staff.active & Staff.role.in_(["stylist", "manager"]))
    return sorted((StylistOnLevel(member.id, member.name, assigned.get(member.id))
                   for member in staff), key=lambda row: name_key(row.name))


# --- the report ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CommissionLine:
    """One line of takings: a sale line, or (negative) a refunded one."""

    day: date
    receipt: str  # "34", or "R3 (receipt 34)" for a refund
    description: str
    category: str  # service | retail
    takings: int  # net of discount and tax


@dataclass(frozen=True)
class StylistCommission:
    stylist_id: int | None
    name: str
    level: str
    service_bands: str  # the rates it was worked out with, as stored
    retail_bands: str
    deduct_back_bar: bool
    services: int = 0  # takings net of discounts and tax, less refunds
    retail: int = 0
    back_bar: int = 0  # the cost of products used in their services, as deducted
    on_services: int = 0
    on_retail: int = 0
    tips: int = 0
    no_show_fees: int = 0  # kept for their bookings, net of tax (not commissioned)
    late_cancel_fees: int = 0
    lines: tuple[CommissionLine, ...] = ()

    @property
    def commission(self) -> int:
        return self.on_services + self.on_retail

    @property
    def rates(self) -> Rates:
        return Rates(bands_from_stored(self.service_bands),
                     bands_from_stored(self.retail_bands), self.deduct_back_bar)

    def rates_said(self, money) -> str:
        if self.stylist_id is None:
            return "no commission"
        return (f"services {bands_said(self.rates.services, money)}; "
                f"retail {bands_said(self.rates.retail, money)}"
                + ("; back-bar deducted" if self.deduct_back_bar else ""))

    def as_dict(self) -> dict:
        state = asdict(self)
        state["lines"] = [{**line, "day": line["day"].isoformat()} for line in state["lines"]]
        return state

    @classmethod
    def from_dict(cls, state: dict) -> StylistCommission:
        lines = tuple(CommissionLine(**{**line, "day": date.fromisoformat(line["day"])})
                      for line in state["lines"])
        return cls(**{**state, "lines": lines})

    def digest(self) -> str:
        """What the journal's commission entry keeps of these figures."""
        return memo_digest(json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False))


@dataclass(frozen=True)
class CommissionReport:
    first: date
    last: date
    closed: bool
    stylists: tuple[StylistCommission, ...]  # "no stylist" last, when it has takings
    notes: tuple[str, ...] = field(default=())

    @property
    def commission(self) -> int:
        return sum(row.commission for row in self.stylists)

    def of(self, stylist_id: int) -> StylistCommission | None:
        return next((row for row in self.stylists if row.stylist_id == stylist_id), None)

    def snapshot(self) -> str:
        return json.dumps([row.as_dict() for row in self.stylists], ensure_ascii=False)

    def table(self, money, *, lines: bool = False) -> ReportTable:
        """One row per stylist (and, with `lines`, each line of takings under it)."""
        rows = []
        for row in self.stylists:
            rates = f"{row.level}: {row.rates_said(money)}" if row.level else "no commission"
            rows.append((row.name, rates, row.services,
                         row.retail, row.back_bar, row.commission, row.tips,
                         row.no_show_fees, row.late_cancel_fees))
            for line in row.lines if lines else ():
                what = f"{line.day:%d %b} · {line.receipt} · {line.description}"
                services, retail = ((line.takings, None) if line.category == "service"
                                    else (None, line.takings))
                rows.append(("", what, services, retail, None, None, None, None, None))
        totals = ("Total", "", *(sum(getattr(row, name) for row in self.stylists) for name in (
            "services", "retail", "back_bar", "commission", "tips", "no_show_fees",
            "late_cancel_fees")))
        state = "closed" if self.closed else "not closed yet"
        return ReportTable(
            "Commission by stylist", f"Pay period {self.first:%a %d %b %Y} to "
            f"{self.last:%a %d %b %Y} ({state})",
            (Column("Stylist"), Column("Rates", weight=2.5),
             *(Column(name, MONEY) for name in (
                 "Services (net)", "Retail (net)", "Back-bar", "Commission", "Tips", "No-show fees",
                 "Late-cancel fees"))),
            tuple(rows), totals)


def current_period(salon: Salon, day: date | None = None) -> tuple[date, date]:
    """The pay period a day (today) falls in, by the salon's settings."""
    settings = salon.settings()
    return pay_period(day or salon.today(), settings.commission_period,
                      date.fromisoformat(settings.commission_period_start))


def closed_period(salon: Salon, first: date) -> PayPeriod | None:
    return PayPeriod.get_or_none(PayPeriod.first == first)


def commission_report(salon: Salon, first: date, last: date) -> CommissionReport:
    """The report of the days [first, last]: as frozen when it is a closed pay period,
    else worked out now with each stylist's present rates (and the back-bar products they
    used, for rates that deduct them)."""
    if first > last:
        raise InvalidInput("The first day of the period is after its last day.")
    closed = closed_period(salon, first)
    if closed is not None and closed.last == last:
        return frozen_report(closed)
    rates = _present_rates()
    return _worked_out(first, last, rates, back_bar_cost_by_stylist(salon, first, last),
                       _active_on_a_level(rates))


def frozen_report(period: PayPeriod) -> CommissionReport:
    try:
        rows = tuple(StylistCommission.from_dict(state) for state in json.loads(period.report))
    except (ValueError, TypeError, KeyError):
        rows = ()
    return CommissionReport(period.first, period.last, True, rows)


def running_figure(salon: Salon, stylist_id: int
                   ) -> tuple[date, date, StylistCommission] | None:
    """A stylist's own figures so far in the current pay period (for My day); None for a
    stylist on no level, who earns no commission."""
    rates = _present_rates()
    if stylist_id not in rates:
        return None
    first, last = current_period(salon)
    so_far = min(last, salon.today())
    report = _worked_out(first, so_far, rates, back_bar_cost_by_stylist(salon, first, so_far),
                         {stylist_id}, only=stylist_id)
    return first, last, report.of(stylist_id)


def _present_rates() -> dict[int, tuple[str, Rates]]:
    """Each stylist on a level: the level's name and rates."""
    found = {}
    for stylist_id, name, services, retail, back_bar in (
            StylistLevel.select(StylistLevel.stylist, CommissionLevel.name,
                                CommissionLevel.service_bands, CommissionLevel.retail_bands,
                                CommissionLevel.deduct_back_bar)
            .join(CommissionLevel).tuples()):
        found[stylist_id] = (name, Rates(bands_from_stored(services),
                                         bands_from_stored(retail), bool(back_bar)))
    return found


def _active_on_a_level(rates: dict[int, tuple[str, Rates]]) -> set[int]:
    return {stylist for stylist, in Staff.select(Staff.id).where(
        Staff.active & Staff.id.in_(list(rates))).tuples()}


def _empty(stylist_id: int | None, name: str, level: tuple[str, Rates] | None
           ) -> StylistCommission:
    label, rates = level or (NO_LEVEL, Rates())
    return StylistCommission(stylist_id, name, label if stylist_id else "",
                             bands_stored(rates.services), bands_stored(rates.retail),
                             rates.deduct_back_bar)


def _worked_out(first: date, last: date, rates: dict[int, tuple[str, Rates]],
                back_bar_cost: dict[int, int], listed: set[int], only: int | None = None
                ) -> CommissionReport:
    """The figures of [first, last] with the given rates, for every stylist with takings,
    tips or fees, and those `listed` even with none (or only the one stylist)."""
    takings = _takings(first, last)
    tips = _tips(first, last)
    fees = _fees(first, last)
    ids = set(takings) | set(tips) | set(fees) | listed
    if only is not None:
        ids &= {only}
    names = _names([i for i in ids if i is not None])
    rows = []
    for stylist_id in ids:
        row = _empty(stylist_id, names.get(stylist_id, NO_STYLIST), rates.get(stylist_id))
        rows.append(_figures(row, takings.get(stylist_id, []), tips.get(stylist_id, 0),
                             fees.get(stylist_id, (0, 0)), back_bar_cost.get(stylist_id, 0)))
    rows.sort(key=lambda row: (row.stylist_id is None, name_key(row.name)))
    return CommissionReport(first, last, False, tuple(rows))


def _figures(row: StylistCommission, lines: list[CommissionLine], tips: int,
             fees: tuple[int, int], back_bar_cost: int) -> StylistCommission:
    """A row's figures from its lines, rates and what was kept beside them."""
    services = sum(line.takings for line in lines if line.category == "service")
    retail = sum(line.takings for line in lines if line.category == "retail")
    earned = period_commission(services, retail, row.rates, back_bar_cost)
    if row.stylist_id is None:  # no one to pay
        earned = replace(earned, on_services=0, on_retail=0, back_bar_deducted=0)
    lines.sort(key=lambda line: (line.day, line.receipt))
    return replace(row, services=services, retail=retail, back_bar=earned.back_bar_deducted,
                   on_services=earned.on_services, on_retail=earned.on_retail, tips=tips,
                   no_show_fees=fees[0], late_cancel_fees=fees[1], lines=tuple(lines))


def _takings(first: date, last: date) -> dict[int | None, list[CommissionLine]]:
    """Each stylist's lines: sales closed in the period, and refunds recorded in it."""
    found: dict[int | None, list[CommissionLine]] = defaultdict(list)
    sold = (SaleLine.select(SaleLine.stylist, SaleLine.category, SaleLine.description,
                            SaleLine.gross, SaleLine.tax, Sale.business_day, Sale.receipt_no)
            .join(Sale).where(Sale.business_day.between(first, last) & Sale.status.in_(PAID)
                              & ~SaleLine.removed & SaleLine.category.in_(COMMISSIONED)))
    for stylist, category, description, gross, tax, day, receipt in sold.tuples():
        found[stylist].append(CommissionLine(day, str(receipt), description, category,
                                             gross - tax))
    # A refund's business day is its journal entries' (money recorded after a day's close
    # lands on the next day): they were written with the refund, at the same moment.
    refund_days = dict(((sale, at), day) for sale, at, day in JournalEntry.select(
        JournalEntry.sale, JournalEntry.at, JournalEntry.business_day).where(
        (JournalEntry.kind == Kind.REFUND_INCOME)
        & JournalEntry.business_day.between(first, last)).distinct().tuples())
    refunded = (SaleRefundLine.select(SaleLine.stylist, SaleLine.category, SaleLine.description,
                                      SaleRefundLine.amount, SaleRefundLine.tax,
                                      SaleRefund.sale, SaleRefund.at, SaleRefund.number,
                                      Sale.receipt_no)
                .join(SaleRefund).join(Sale).switch(SaleRefundLine).join(SaleLine)
                .where(SaleRefund.sale.in_(list({sale for sale, _at in refund_days}))
                       & SaleLine.category.in_(COMMISSIONED)))
    for stylist, category, description, amount, tax, sale, at, number, receipt in \
            refunded.tuples():
        day = refund_days.get((sale, at))
        if day is not None:
            found[stylist].append(CommissionLine(
                day, f"R{number} (receipt {receipt})", f"refund: {description}", category,
                -(amount - tax)))
    return found


def _tips(first: date, last: date) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    for stylist, amount in JournalEntry.select(JournalEntry.stylist, JournalEntry.amount).where(
            (JournalEntry.kind == Kind.TIP) & JournalEntry.business_day.between(first, last)
    ).tuples().iterator():
        totals[stylist] += amount
    return dict(totals)


def _fees(first: date, last: date) -> dict[int, tuple[int, int]]:
    """No-show and late-cancellation fees kept (less any given back) in the period, net of
    tax, by the booking's stylist."""
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    entries = (JournalEntry.select(JournalEntry.kind, JournalEntry.amount,
                                   JournalEntry.tax_amount, Booking.stylist, Booking.status)
               .join(Booking, on=(JournalEntry.booking == Booking.id))
               .where(JournalEntry.kind.in_([Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED])
                      & JournalEntry.business_day.between(first, last)))
    for kind, amount, tax, stylist, status in entries.tuples():
        sign = 1 if kind == Kind.DEPOSIT_FORFEITED else -1
        found[stylist][0 if status == BookingStatus.NO_SHOW else 1] += sign * (amount - tax)
    return {stylist: (kept[0], kept[1]) for stylist, kept in found.items()}


def _names(ids: list[int]) -> dict[int, str]:
    return dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(ids)).tuples())


# --- closed periods under verify ------------------------------------------------------------

def closed_period_problems(salon: Salon) -> list[tuple[int, str]]:
    """Each closed pay period's frozen report worked out again from the sales and the
    journal (with the rates it froze), and each stylist's commission entry holding its
    figures' digest and amount; every entry naming a period that is not closed."""
    problems: list[tuple[int, str]] = []
    entries: dict[str, list[JournalEntry]] = defaultdict(list)
    for entry in JournalEntry.select().where(
            JournalEntry.kind == Kind.COMMISSION_ACCRUED).order_by(JournalEntry.seq):
        entries[entry.reference].append(entry)
    for period in PayPeriod.select().order_by(PayPeriod.first):
        said = f"the pay period from {period.first}"
        frozen = frozen_report(period)
        posted = {entry.stylist: entry for entry in entries.pop(period.first.isoformat(), [])}
        stylists = [row for row in frozen.stylists if row.stylist_id is not None]
        if not frozen.stylists and period.report != "[]":
            problems.append((0, f"{said}: its frozen report cannot be read"))
        for row in stylists:
            entry = posted.pop(row.stylist_id, None)
            if entry is None:
                problems.append((0, f"{said}: {row.name}'s commission is not in the journal"))
            elif entry.amount != row.commission or not entry.memo.endswith(row.digest()):
                problems.append((entry.seq, f"{said}: {row.name}'s figures were changed "
                                            "after the period was closed"))
        problems += [(entry.seq, f"{said}: entry {entry.seq} names a stylist its report "
                                 "does not have") for entry in posted.values()]
        again = _worked_out(period.first, period.last,
                            {row.stylist_id: (row.level, row.rates) for row in stylists},
                            {row.stylist_id: row.back_bar for row in stylists},
                            {row.stylist_id for row in stylists})
        if _comparable(again) != _comparable(frozen):
            problems.append((0, f"{said}: its sales, refunds, tips or fees no longer give "
                                "the figures frozen when it was closed"))
    problems += [(found[0].seq, f"entry {found[0].seq} is commission for a pay period from "
                                f"{first} that is not recorded as closed")
                 for first, found in entries.items()]
    return problems


def _comparable(report: CommissionReport) -> list[tuple]:
    return sorted((row.stylist_id or 0, row.services, row.retail, row.on_services,
                   row.on_retail, row.tips, row.no_show_fees, row.late_cancel_fees)
                  for row in report.stylists)
