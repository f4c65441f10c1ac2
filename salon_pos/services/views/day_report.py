"""The figures of one business day (the Z report), read from the journal and the sales.

Plain records only: the CLI prints them, the day close stores them, documents render them.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

import peewee as pw

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.collation import name_key
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind, tax_carried
from salon_pos.domain.money_held import GIFT_VOUCHERS, HOUSE_ACCOUNTS, PREPAID_COURSES
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.sale_record import VOUCHER_LINE
from salon_pos.domain.sale_status import PAID
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY, money_drawn_on
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import day_key, journal_entries
from salon_pos.services.views.stock import day_movements, day_movements_by_day
from salon_pos.store.models import Booking, BusinessDay, Client, JournalEntry, Sale, SaleLine, Staff


@dataclass
class DayReport:
    day: str
    currency: str
    sales_count: int = 0
    sales_total: int = 0  # tax included, before tips; gift vouchers sold are not sales
    discounts: int = 0
    tax_by_rate: dict[str, dict[str, int]] = field(default_factory=dict)  # rate → net/tax/gross
    tips_by_stylist: dict[str, int] = field(default_factory=dict)
    tenders: dict[str, int] = field(default_factory=dict)
    change_given: int = 0
    cash_rounding: int = 0
    deposits: dict[str, int] = field(default_factory=dict)  # taken/applied/…/held_at_close
    vouchers: dict[str, int] = field(default_factory=dict)  # sold/redeemed/…/held_at_close
    house_charges: int = 0
    house_payments: int = 0
    refunds: dict[str, int] = field(default_factory=dict)
    refunds_total: int = 0
    fees_refunded: int = 0
    no_shows: int = 0
    no_show_fees: int = 0
    late_cancels: int = 0
    late_cancel_fees: int = 0
    drawer: dict[str, int | None] = field(default_factory=dict)
    closed: bool = False
    stock: dict[str, int] = field(default_factory=dict)  # moves at cost (views.stock)
    courses: dict[str, int] = field(default_factory=dict)  # sold/sessions used/…/held_at_close

    def as_dict(self) -> dict:
        return asdict(self)

    def rows(self) -> list[tuple[str, str, int | None]]:
        """(section, item, amount) rows for CSV and the printed report."""
        out: list[tuple[str, str, int | None]] = [
            ("sales", "count", self.sales_count),
            ("sales", "total", self.sales_total),
            ("sales", "discounts", self.discounts),
        ]
        for rate, parts in self.tax_by_rate.items():
            out += [(f"tax {rate}", part, value) for part, value in parts.items()]
        out += [("tips", name, amount) for name, amount in self.tips_by_stylist.items()]
        out += [("tenders", method, amount) for method, amount in self.tenders.items()]
        out += [("tenders", "change given", self.change_given),
                ("tenders", "cash rounding", self.cash_rounding)]
        out += [("deposits", name, amount) for name, amount in self.deposits.items()]
        out += [("gift vouchers", name.replace("_", " "), amount)
                for name, amount in self.vouchers.items()]
        out += [("house accounts", "charges", self.house_charges),
                ("house accounts", "payments", self.house_payments)]
        out += [("refunds", method, amount) for method, amount in self.refunds.items()]
        out += [("refunds", "total", self.refunds_total),
                ("refunds", "fees given back", self.fees_refunded),
                ("no-shows", "count", self.no_shows), ("no-shows", "fees kept", self.no_show_fees),
                ("late cancellations", "count", self.late_cancels),
                ("late cancellations", "fees kept", self.late_cancel_fees)]
        out += [("cash drawer", name, amount) for name, amount in self.drawer.items()]
        out += [("stock at cost", name.replace("_", " "), amount)
                for name, amount in self.stock.items()]
        out += [("prepaid courses", name.replace("_", " "), amount)
                for name, amount in self.courses.items()]
        return out


def day_report(salon: Salon, day: date) -> DayReport:
    """The day's figures: as frozen at its close, or as they stand for a day still open."""
    closed = BusinessDay.get_or_none(
        (BusinessDay.day == day) & BusinessDay.closed_at.is_null(False))
    if closed is not None and closed.z_report:
        return DayReport(**json.loads(closed.z_report))
    return live_day_report(salon, day)


def live_day_report(salon: Salon, day: date) -> DayReport:
    """The day's figures worked out from the journal and the sales now (what closing it
    freezes)."""
    settings = salon.settings()
    report = DayReport(day=day.isoformat(), currency=settings.currency_code)
    figures = JournalFigures()
    for entry in journal_entries(salon, where=JournalEntry.business_day == day):
        figures.add(entry)
    _sales(report, day)
    figures.fill(report, _staff_names())
    report.deposits["held_at_close"] = deposits_held_total(salon, up_to=day)
    report.vouchers["held_at_close"] = vouchers_held_total(salon, up_to=day)
    report.courses["held_at_close"] = courses_held_total(salon, up_to=day)
    _bookings(report, day)
    expected = expected_cash(salon, day)
    report.drawer = figures.drawer(expected)
    report.stock = day_movements(salon, day)
    return report


def _staff_names() -> dict[int, str]:
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}


def z_figures_differ(salon: Salon, day: date, frozen: str) -> list[str]:
    """The figures of a closed day's frozen Z report that its journal entries and sales,
    worked out again, do not give (tips are by stylist's name, which may change since:
    their total is compared)."""
    try:
        kept = json.loads(frozen)
    except ValueError:
        return ["it cannot be read"]
    return figures_differ(kept, live_day_report(salon, day))


def figures_differ(kept: object, again: DayReport) -> list[str]:
    """The figures of a frozen Z report (its JSON read) that `again`, the day worked out
    again, does not give."""
    again.closed = True
    figures = vars(again)  # (as_dict's copy not needed to compare)
    differ = []
    for name, value in figures.items():
        found = kept.get(name) if isinstance(kept, dict) else None
        if isinstance(kept, dict) and name not in kept and not any(_figures(value)):
            continue  # a figure added since that day was closed, with nothing to show
        if name == "tips_by_stylist" and isinstance(found, dict):
            value, found = sum(value.values()), sum(found.values())
        if found != value:
            differ.append(name.replace("_", " "))
    return differ


class ClosedDays:
    """Every closed day's frozen Z report against its figures worked out again, all days at
    once (for `verify`): the closed days, their sales, bookings and stock grouped by day in
    a query each (`read`, while the journal is being read elsewhere); then `differ`, given
    each business day's journal figures (read in one pass over the journal) and expected
    cash (the ledger's replay), by the day's ISO text. The same figures as
    `live_day_report`'s, day by day."""

    def __init__(self, salon: Salon) -> None:
        self.closed = list(BusinessDay.select(BusinessDay.day, BusinessDay.z_report).where(
            BusinessDay.closed_at.is_null(False) & (BusinessDay.z_report != "")
        ).order_by(BusinessDay.day).tuples())
        if not self.closed:
            return
        self.currency, self.names = salon.settings().currency_code, _staff_names()
        self.sales, self.lines = _sales_by_day(salon), _lines_by_day(salon)
        self.bookings = _bookings_by_day(salon)
        self.stock = day_movements_by_day(salon)

    def differ(self, journal: dict[str, JournalFigures], drawer: dict[str, int]
               ) -> list[tuple[date, list[str]]]:
        """(day, the figures that differ) for each closed day that does not match."""
        held = _HeldByDay(journal)
        problems = []
        for day, frozen in self.closed:
            key = day_key(day)
            report = DayReport(day=key, currency=self.currency)
            count, total = self.sales.get(key, (0, 0))
            vouchers_sold, discounts = self.lines.get(key, (0, 0))
            report.sales_count, report.sales_total, report.discounts = (
                count, total - vouchers_sold, discounts)
            figures = journal.get(key) or JournalFigures()
            figures.fill(report, self.names, in_order=False)
            (report.deposits["held_at_close"], report.vouchers["held_at_close"],
             report.courses["held_at_close"]) = held.at_close(key)
            report.no_shows, report.late_cancels = self.bookings.get(key, (0, 0))
            report.drawer = figures.drawer(drawer.get(key, 0))
            report.stock = self.stock(key)
            try:
                kept = json.loads(frozen)
            except ValueError:
                problems.append((day, ["it cannot be read"]))
                continue
            differ = figures_differ(kept, report)
            if differ:
                problems.append((day, differ))
            held.closed(key, kept)
        return problems


class _HeldByDay:
    """What deposits, gift vouchers and courses hold at the end of each closed day, as
    `_held_total` works it out — the figure frozen at the last day closed before it, plus
    the movements since — from each day's movements."""

    def __init__(self, journal: dict[str, JournalFigures]) -> None:
        self.days = sorted(journal)
        self.upto: list[tuple[int, int, int]] = []  # the movements up to each day
        running = (0, 0, 0)
        for day in self.days:
            running = tuple(map(sum, zip(running, journal[day].held_changes(), strict=True)))
            self.upto.append(running)
        self.base: tuple[str, tuple[int, int, int]] | None = None  # the last day closed

    def _moved(self, day: str) -> tuple[int, int, int]:
        at = bisect.bisect_right(self.days, day)
        return self.upto[at - 1] if at else (0, 0, 0)

    def at_close(self, day: str) -> tuple[int, int, int]:
        now = self._moved(day)
        if self.base is None:
            return now
        since, frozen = self.base
        before = self._moved(since)
        return tuple(held + moved - was for held, moved, was in zip(frozen, now, before,
                                                                    strict=True))

    def closed(self, day: str, kept: object) -> None:
        """`day` is closed with this report (its JSON read): the next day's figures carry on
        from it (one that does not say them is passed over for the last that does)."""
        held = [kept.get(name, {}) if isinstance(kept, dict) else None
                for name in ("deposits", "vouchers", "courses")]
        held = [figures.get("held_at_close", 0) if isinstance(figures, dict) else None
                for figures in held]
        if all(isinstance(figure, int | float) for figure in held):
            self.base = (day, tuple(held))


def _sales_by_day(salon: Salon) -> dict[str, tuple[int, int]]:
    """Closed sales per business day: (how many, their total)."""
    query = (Sale.select(Sale.business_day, pw.fn.COUNT(Sale.id),
                         pw.fn.COALESCE(pw.fn.SUM(Sale.total), 0))
             .where(Sale.business_day.is_null(False) & Sale.status.in_(PAID))
             .group_by(Sale.business_day))
    return {day_key(day): (count, int(total))
            for day, count, total in salon.database.execute(query)}


def _lines_by_day(salon: Salon) -> dict[str, tuple[int, int]]:
    """Closed sales' lines per business day: (gift vouchers sold, discounts)."""
    vouchers = pw.Case(None, [(SaleLine.category == VOUCHER_LINE, SaleLine.gross)], 0)
    query = (SaleLine.select(Sale.business_day, pw.fn.COALESCE(pw.fn.SUM(vouchers), 0),
                             pw.fn.COALESCE(pw.fn.SUM(SaleLine.discount), 0))
             .join(Sale).where(Sale.business_day.is_null(False) & Sale.status.in_(PAID)
                               & ~SaleLine.removed)
             .group_by(Sale.business_day))
    return {day_key(day): (int(sold), int(discounts))
            for day, sold, discounts in salon.database.execute(query)}


def _bookings_by_day(salon: Salon) -> dict[str, tuple[int, int]]:
    """No-shows and late cancellations per business day of their outcome."""
    no_show = pw.Case(None, [(Booking.status == BookingStatus.NO_SHOW, 1)], 0)
    late = pw.Case(None, [(Booking.cancel_kind == "late", 1)], 0)
    query = (Booking.select(Booking.outcome_day, pw.fn.SUM(no_show), pw.fn.SUM(late))
             .where(Booking.outcome_day.is_null(False)).group_by(Booking.outcome_day))
    return {day_key(day): (int(no_shows), int(lates))
            for day, no_shows, lates in salon.database.execute(query)}


def _figures(value) -> list:
    return list(value.values()) if isinstance(value, dict) else [value]


def _sales(report: DayReport, day: date) -> None:
    closed = Sale.select().where((Sale.business_day == day) & Sale.status.in_(PAID))
    report.sales_count = closed.count()
    # Gift vouchers sold are money held, not sales: they are counted in their own section.
    vouchers_sold = (SaleLine.select(pw.fn.COALESCE(pw.fn.SUM(SaleLine.gross), 0)).join(Sale)
                     .where((Sale.business_day == day) & Sale.status.in_(PAID) & ~SaleLine.removed
                            & (SaleLine.category == VOUCHER_LINE)).scalar())
    report.sales_total = closed.select(pw.fn.COALESCE(pw.fn.SUM(Sale.total), 0)).scalar() - (
        vouchers_sold)
    report.discounts = (
        SaleLine.select(pw.fn.COALESCE(pw.fn.SUM(SaleLine.discount), 0))
        .join(Sale)
        .where((Sale.business_day == day) & ~SaleLine.removed & Sale.status.in_(PAID))
        .scalar()
    )


class JournalFigures:
    """A business day's figures from its journal entries, added one at a time (in journal
    order: the day's last drawer count is the one counted). `verify` adds every entry of
    years of journal in one pass, day by day, and merges those of parts read apart."""

    __slots__ = ("tax", "tips", "tenders", "refunds", "deposits", "vouchers", "courses",
                 "sums", "count")

    def __init__(self) -> None:
        self.tax: dict[int, list[int]] = {}  # rate (bp) → [gross, tax]
        self.tips: dict[int | None, int] = {}  # stylist → amount
        self.tenders: dict[str, int] = {}  # way → amount
        self.refunds: dict[str, int] = {}  # way → amount
        self.deposits: dict[str, int] = {}  # the deposit kinds, without "deposit_"
        self.vouchers: dict[str, int] = {}
        self.courses: dict[str, int] = {}
        self.sums: dict[str, int] = {}  # the DayReport's single figures, and the float
        self.count: tuple[int, int] | None = None  # the last drawer count: (seq, amount)

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)

    def add(self, e) -> None:
        self.add_fields(e.seq, e.kind, e.amount, e.method, e.stylist_id, e.tax_rate_bp,
                        e.tax_amount, e.reference, e.memo)

    def add_fields(self, seq: int, kind: str, amount: int, method: str, stylist_id,
                   tax_rate_bp: int, tax_amount: int, reference: str, memo: str) -> None:
        """`add` of an entry with these fields (no record made for years of entries)."""
        # The two kinds of most entries first, as the general way below would take them.
        if kind == Kind.SALE_INCOME:
            bucket = self.tax.get(tax_rate_bp)
            if bucket is None:
                bucket = self.tax[tax_rate_bp] = [0, 0]
            bucket[0] += amount
            bucket[1] += tax_amount
            return
        if kind == Kind.TIP:
            self.tips[stylist_id] = self.tips.get(stylist_id, 0) + amount
            return
        sums = self.sums
        if (taxed := _taxed(kind, amount, tax_rate_bp, tax_amount, reference)) is not None:
            bucket = self.tax.get(tax_rate_bp)
            if bucket is None:
                bucket = self.tax[tax_rate_bp] = [0, 0]
            bucket[0] += taxed[0]
            bucket[1] += taxed[1]
        if kind == Kind.TIP:
            self.tips[stylist_id] = self.tips.get(stylist_id, 0) + amount
        elif kind == Kind.PAYMENT:
            self.tenders[method] = self.tenders.get(method, 0) + amount
            drawn = money_drawn_on(method)
            if drawn is HOUSE_ACCOUNTS:
                sums["house_charges"] = sums.get("house_charges", 0) + amount
            elif drawn is GIFT_VOUCHERS:
                self.vouchers["redeemed"] = self.vouchers.get("redeemed", 0) + amount
            elif drawn is PREPAID_COURSES:
                self.courses["sessions_used"] = self.courses.get("sessions_used", 0) + amount
        elif kind in _SINGLE_FIGURES:
            figure = _SINGLE_FIGURES[kind]
            sums[figure] = sums.get(figure, 0) + amount
        elif kind == Kind.REFUND_PAID:
            self.refunds[method] = self.refunds.get(method, 0) + amount
            sums["refunds_total"] = sums.get("refunds_total", 0) + amount
            drawn = money_drawn_on(method)
            if drawn is GIFT_VOUCHERS:
                self.vouchers["given_back"] = self.vouchers.get("given_back", 0) + amount
            elif drawn is PREPAID_COURSES:
                self.courses["sessions_given_back"] = (
                    self.courses.get("sessions_given_back", 0) + amount)
        elif kind in _VOUCHER_FIGURES:
            figure = _VOUCHER_FIGURES[kind]
            self.vouchers[figure] = self.vouchers.get(figure, 0) + amount
        elif kind in _COURSE_FIGURES:
            figure = _COURSE_FIGURES[kind]
            self.courses[figure] = self.courses.get(figure, 0) + amount
        elif kind == Kind.DRAWER_COUNT:
            self.count = (seq, amount)
        if kind in DEPOSIT_HELD_SIGNS:
            figure = kind.removeprefix("deposit_")
            self.deposits[figure] = self.deposits.get(figure, 0) + amount
            if kind == Kind.DEPOSIT_FORFEITED:
                figure = "no_show_fees" if memo == "no-show" else "late_cancel_fees"
                sums[figure] = sums.get(figure, 0) + amount

    def merge(self, other: JournalFigures) -> None:
        """Add the figures of more of the day's entries (read apart)."""
        for name in ("tips", "tenders", "refunds", "deposits", "vouchers", "courses", "sums"):
            mine = getattr(self, name)
            for key, amount in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + amount
        for rate, (gross, taken) in other.tax.items():
            bucket = self.tax.setdefault(rate, [0, 0])
            bucket[0] += gross
            bucket[1] += taken
        if other.count is not None and (self.count is None or other.count[0] > self.count[0]):
            self.count = other.count

    def held_changes(self) -> tuple[int, int, int]:
        """How the day's entries change the deposits, gift vouchers and courses held."""
        d, v, c = self.deposits, self.vouchers, self.courses
        return (sum(DEPOSIT_HELD_SIGNS[Kind(f"deposit_{figure}")] * amount
                    for figure, amount in d.items()),
                v.get("sold", 0) - v.get("sale_refunded", 0) - v.get("expired", 0)
                - v.get("redeemed", 0) + v.get("given_back", 0),
                c.get("sold", 0) - c.get("refunded", 0) - c.get("expired", 0)
                - c.get("sessions_used", 0) + c.get("sessions_given_back", 0))

    def fill(self, report: DayReport, names: dict[int, str], *, in_order: bool = True) -> None:
        """The report's figures from the journal (its drawer: `drawer`); not `in_order`:
        the tips left in any order (they are compared, not shown)."""
        tax = defaultdict(lambda: {"net": 0, "tax": 0, "gross": 0})
        for rate, (gross, taken) in self.tax.items():
            bucket = tax[rate_label(rate)]
            bucket["gross"] += gross
            bucket["tax"] += taken
            bucket["net"] += gross - taken
        tips = defaultdict(int)
        for stylist, amount in self.tips.items():
            tips[names.get(stylist, f"staff {stylist}")] += amount
        for figure in ("change_given", "cash_rounding", "house_payments", "house_charges",
                       "refunds_total", "fees_refunded", "no_show_fees", "late_cancel_fees"):
            setattr(report, figure, self.sums.get(figure, 0))
        report.tax_by_rate = dict(sorted(tax.items()))
        report.tips_by_stylist = dict(sorted(tips.items(), key=lambda tip: name_key(tip[0]))
                                      if in_order else tips)
        report.tenders = dict(sorted(self.tenders.items()))
        report.refunds = dict(sorted(self.refunds.items()))
        report.deposits = {name: self.deposits.get(name, 0)
                           for name in ("taken", "applied", "refunded", "forfeited",
                                        "to_credit")}
        report.vouchers = {name: self.vouchers.get(name, 0) for name in
                           ("sold", "redeemed", "given_back", "sale_refunded", "expired")}
        report.courses = {name: self.courses.get(name, 0) for name in
                          ("sold", "sessions_used", "sessions_given_back", "refunded",
                           "expired")}

    def drawer(self, expected: int) -> dict[str, int | None]:
        counted = None if self.count is None else self.count[1]
        return {"float": self.sums.get("float", 0), "expected": expected, "counted": counted,
                "difference": None if counted is None else counted - expected}


# The kinds that add to one figure of the day each.
_SINGLE_FIGURES = {Kind.CHANGE_GIVEN: "change_given", Kind.CASH_ROUNDING: "cash_rounding",
                   Kind.HOUSE_PAYMENT: "house_payments", Kind.FEE_REFUNDED: "fees_refunded",
                   Kind.DRAWER_FLOAT: "float"}


def _taxed(kind: str, amount: int, tax_rate_bp: int, tax_amount: int, reference: str
           ) -> tuple[int, int] | None:
    """What an entry adds to the day's tax table at its rate, (gross, tax) — negative
    when it takes some back — or None."""
    if kind in (Kind.SALE_INCOME, Kind.REFUND_INCOME) or (
        kind in (Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED) and tax_rate_bp
    ):
        sign = -1 if kind in (Kind.REFUND_INCOME, Kind.FEE_REFUNDED) else 1
        return sign * amount, sign * tax_amount
    carried = tax_carried(kind, tax_amount, reference)
    if carried and kind != Kind.VOUCHER_EXPIRED:
        # A single-purpose voucher's service is taxed when the voucher is sold, and not
        # again when it pays for it (that sale's income is taken back off here).
        return (amount if carried > 0 else -amount), carried
    return None


# The day's voucher figures each kind adds to.
_VOUCHER_FIGURES = {Kind.VOUCHER_SOLD: "sold", Kind.VOUCHER_REFUNDED: "sale_refunded",
                    Kind.VOUCHER_EXPIRED: "expired"}
_COURSE_FIGURES = {Kind.COURSE_SOLD: "sold", Kind.COURSE_REFUNDED: "refunded",
                   Kind.COURSE_EXPIRED: "expired"}


def _bookings(report: DayReport, day: date) -> None:
    on_the_day = Booking.outcome_day == day  # the same day as their fees in the journal
    report.no_shows = Booking.select().where(
        on_the_day & (Booking.status == BookingStatus.NO_SHOW)).count()
    report.late_cancels = Booking.select().where(
        on_the_day & (Booking.cancel_kind == "late")).count()


# What an entry changes in the deposits held, and in what gift vouchers hold (0 for the
# entries that do not touch them).
_HELD_CHANGE = pw.Case(JournalEntry.kind, [
    (kind.value, sign * JournalEntry.amount) for kind, sign in DEPOSIT_HELD_SIGNS.items()], 0)
_VOUCHER_WAYS = [code for code, way in WAYS_TO_PAY.items() if way.draws_on is GIFT_VOUCHERS]
_VOUCHERS_CHANGE = pw.Case(None, [
    (JournalEntry.kind == Kind.VOUCHER_SOLD, JournalEntry.amount),
    (JournalEntry.kind.in_([Kind.VOUCHER_REFUNDED, Kind.VOUCHER_EXPIRED]),
     JournalEntry.amount * -1),
    ((JournalEntry.kind == Kind.PAYMENT) & JournalEntry.method.in_(_VOUCHER_WAYS),
     JournalEntry.amount * -1),
    ((JournalEntry.kind == Kind.REFUND_PAID) & JournalEntry.method.in_(_VOUCHER_WAYS),
     JournalEntry.amount)], 0)


_COURSE_WAYS = [code for code, way in WAYS_TO_PAY.items() if way.draws_on is PREPAID_COURSES]
_COURSES_CHANGE = pw.Case(None, [
    (JournalEntry.kind == Kind.COURSE_SOLD, JournalEntry.amount),
    (JournalEntry.kind.in_([Kind.COURSE_REFUNDED, Kind.COURSE_EXPIRED]),
     JournalEntry.amount * -1),
    ((JournalEntry.kind == Kind.PAYMENT) & JournalEntry.method.in_(_COURSE_WAYS),
     JournalEntry.amount * -1),
    ((JournalEntry.kind == Kind.REFUND_PAID) & JournalEntry.method.in_(_COURSE_WAYS),
     JournalEntry.amount)], 0)


def deposits_held_total(salon: Salon, up_to: date | None = None) -> int:
    """Deposits held at the end of `up_to` (or now)."""
    return _held_total(_HELD_CHANGE, "deposits", up_to)


def vouchers_held_total(salon: Salon, up_to: date | None = None) -> int:
    """What gift vouchers hold at the end of `up_to` (or now)."""
    return _held_total(_VOUCHERS_CHANGE, "vouchers", up_to)


def courses_held_total(salon: Salon, up_to: date | None = None) -> int:
    """What prepaid courses hold at the end of `up_to` (or now)."""
    return _held_total(_COURSES_CHANGE, "courses", up_to)


def _held_total(change: pw.Case, figures: str, up_to: date | None) -> int:
    """Money held at the end of `up_to` (or now): the figure frozen at the last day closed
    before it, plus the movements since — a day's close sums one day of them, not years.
    (Nothing is ever added to a closed day: `verify` sees to it.) A day closed before the
    figure was kept held none of it."""
    last_closed = BusinessDay.select(BusinessDay.day, BusinessDay.z_report).where(
        BusinessDay.closed_at.is_null(False) & (BusinessDay.z_report != "")
        & (BusinessDay.day < up_to if up_to is not None else True)
    ).order_by(BusinessDay.day.desc()).first()
    held = 0
    # By day alone (other kinds count 0): a filter on kind would tempt SQLite into the kind
    # index, through years of entries.
    query = JournalEntry.select(pw.fn.COALESCE(pw.fn.SUM(change), 0))
    if last_closed is not None:
        held = json.loads(last_closed.z_report).get(figures, {}).get("held_at_close", 0)
        query = query.where(JournalEntry.business_day > last_closed.day)
    if up_to is not None:
        query = query.where(JournalEntry.business_day <= up_to)
    return held + int(query.scalar())


def deposits_held_by_booking(salon: Salon) -> list[dict]:
    """Which bookings hold a deposit right now, and how much (the salon's liability).
    Only a booking not yet closed, cancelled or missed can (`verify` checks it), so only
    those are read: the day's and the weeks ahead, not years of bookings."""
    held = pw.fn.SUM(_HELD_CHANGE)
    open_bookings = Booking.select(Booking.id).where(Booking.status.in_(list(ACTIVE)))
    rows = (JournalEntry.select(JournalEntry.booking, held.alias("held"))
            .where(JournalEntry.booking.in_(open_bookings))
            .group_by(JournalEntry.booking).having(held > 0).tuples())
    found = dict(rows)
    bookings = (Booking.select(Booking.id, Booking.start, Booking.status, Client.name)
                .join(Client).where(Booking.id.in_(list(found))).order_by(Booking.start)
                .objects())  # one query, not one per booking for the client's name
    return [{"booking_id": b.id, "client": b.name, "start": b.start, "status": b.status,
             "held": int(found[b.id])} for b in bookings]

