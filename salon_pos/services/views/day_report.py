"""The figures of one business day (the Z report), read from the journal and the sales.

Plain records only: the CLI prints them, the day close stores them, documents render them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

import peewee as pw

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.collation import name_key
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind, tax_carried_change
from salon_pos.domain.money_held import GIFT_VOUCHERS, HOUSE_ACCOUNTS, PREPAID_COURSES
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.sale_record import VOUCHER_LINE
from salon_pos.domain.sale_status import PAID
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY, money_drawn_on
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries
from salon_pos.services.views.stock import day_movements
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
    entries = list(journal_entries(salon, where=JournalEntry.business_day == day))
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    _sales(report, day)
    _from_journal(report, entries, names)
    report.deposits["held_at_close"] = deposits_held_total(salon, up_to=day)
    report.vouchers["held_at_close"] = vouchers_held_total(salon, up_to=day)
    report.courses["held_at_close"] = courses_held_total(salon, up_to=day)
    _bookings(report, day)
    counts = [e for e in entries if e.kind == Kind.DRAWER_COUNT]
    expected = expected_cash(salon, day)
    counted = counts[-1].amount if counts else None
    report.drawer = {
        "float": sum(e.amount for e in entries if e.kind == Kind.DRAWER_FLOAT),
        "expected": expected,
        "counted": counted,
        "difference": None if counted is None else counted - expected,
    }
    report.stock = day_movements(salon, day)
    return report


def z_figures_differ(salon: Salon, day: date, frozen: str) -> list[str]:
    """The figures of a closed day's frozen Z report that its journal entries and sales,
    worked out again, do not give (tips are by stylist's name, which may change since:
    their total is compared)."""
    try:
        kept = json.loads(frozen)
    except ValueError:
        return ["it cannot be read"]
    again = live_day_report(salon, day)
    again.closed = True
    figures = again.as_dict()
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


def _from_journal(report: DayReport, entries, names) -> None:
    tax = defaultdict(lambda: {"net": 0, "tax": 0, "gross": 0})
    tips, tenders, refunds = defaultdict(int), defaultdict(int), defaultdict(int)
    deposits, vouchers, courses = defaultdict(int), defaultdict(int), defaultdict(int)
    for e in entries:
        kind = e.kind
        if taxed := _taxed(e):
            gross, taken = taxed
            bucket = tax[rate_label(e.tax_rate_bp)]
            bucket["gross"] += gross
            bucket["tax"] += taken
            bucket["net"] += gross - taken
        if kind == Kind.TIP:
            tips[names.get(e.stylist_id, f"staff {e.stylist_id}")] += e.amount
        elif kind == Kind.PAYMENT:
            tenders[e.method] += e.amount
            if money_drawn_on(e.method) is HOUSE_ACCOUNTS:
                report.house_charges += e.amount
            elif money_drawn_on(e.method) is GIFT_VOUCHERS:
                vouchers["redeemed"] += e.amount
            elif money_drawn_on(e.method) is PREPAID_COURSES:
                courses["sessions_used"] += e.amount
        elif kind == Kind.CHANGE_GIVEN:
            report.change_given += e.amount
        elif kind == Kind.CASH_ROUNDING:
            report.cash_rounding += e.amount
        elif kind == Kind.HOUSE_PAYMENT:
            report.house_payments += e.amount
        elif kind == Kind.REFUND_PAID:
            refunds[e.method] += e.amount
            report.refunds_total += e.amount
            if money_drawn_on(e.method) is GIFT_VOUCHERS:
                vouchers["given_back"] += e.amount
            elif money_drawn_on(e.method) is PREPAID_COURSES:
                courses["sessions_given_back"] += e.amount
        elif kind in _VOUCHER_FIGURES:
            vouchers[_VOUCHER_FIGURES[kind]] += e.amount
        elif kind in _COURSE_FIGURES:
            courses[_COURSE_FIGURES[kind]] += e.amount
        elif kind == Kind.FEE_REFUNDED:
            report.fees_refunded += e.amount
        if kind in DEPOSIT_HELD_SIGNS:
            deposits[kind.removeprefix("deposit_")] += e.amount
            if kind == Kind.DEPOSIT_FORFEITED:
                if e.memo == "no-show":
                    report.no_show_fees += e.amount
                else:
                    report.late_cancel_fees += e.amount
    report.tax_by_rate = dict(sorted(tax.items()))
    report.tips_by_stylist = dict(sorted(tips.items(), key=lambda tip: name_key(tip[0])))
    report.tenders = dict(sorted(tenders.items()))
    report.refunds = dict(sorted(refunds.items()))
    report.deposits = {name: deposits.get(name, 0)
                       for name in ("taken", "applied", "refunded", "forfeited", "to_credit")}
    report.vouchers = {name: vouchers.get(name, 0) for name in
                       ("sold", "redeemed", "given_back", "sale_refunded", "expired")}
    report.courses = {name: courses.get(name, 0) for name in
                      ("sold", "sessions_used", "sessions_given_back", "refunded", "expired")}


def _taxed(e) -> tuple[int, int] | None:
    """What an entry adds to the day's tax table at its rate, (gross, tax) — negative
    when it takes some back — or None."""
    kind = e.kind
    if kind in (Kind.SALE_INCOME, Kind.REFUND_INCOME) or (
        kind in (Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED) and e.tax_rate_bp
    ):
        sign = -1 if kind in (Kind.REFUND_INCOME, Kind.FEE_REFUNDED) else 1
        return sign * e.amount, sign * e.tax_amount
    carried = tax_carried_change(e)
    if carried and kind != Kind.VOUCHER_EXPIRED:
        # A single-purpose voucher's service is taxed when the voucher is sold, and not
        # again when it pays for it (that sale's income is taken back off here).
        return (e.amount if carried > 0 else -e.amount), carried
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

