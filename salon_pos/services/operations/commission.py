"""Stylists' commission (a manager's acts): the levels and their rates, which level each
stylist follows, and closing a pay period — one journal entry per stylist with the
commission owed, its figures frozen. Paying it out is payroll, outside the till."""

from __future__ import annotations

from datetime import date, timedelta

from salon_pos.domain.commission import Bands, bands_stored, check_bands
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.journal import Kind
from salon_pos.domain.standing import COMMISSION_LEVEL, STYLIST_LEVEL
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.kernel.standing import (
    check_against_journal,
    record_standing,
    save_named,
)
from salon_pos.services.views.commission import commission_report, current_period
from salon_pos.store.models import (
    BusinessDay,
    CommissionLevel,
    JournalEntry,
    PayPeriod,
    StylistLevel,
)


def save_level(salon: Salon, name: str, *, services: Bands, retail: Bands,
               deduct_back_bar: bool = False, approved_by: int,
               level_id: int | None = None) -> int:
    """Add a level (`level_id` None) or change one: its name and rates."""
    name = clean_name(name, "level name", longest=MAX_SHORT_NAME)
    fields = {"name": name, "service_bands": bands_stored(check_bands(tuple(services))),
              "retail_bands": bands_stored(check_bands(tuple(retail))),
              "deduct_back_bar": bool(deduct_back_bar)}
    with salon.writing():
        require_manager(salon, approved_by)
        return save_named(salon, COMMISSION_LEVEL, level_id, fields, approved_by=approved_by)


def assign_level(salon: Salon, stylist_id: int, level_id: int | None, *,
                 approved_by: int) -> None:
    """Put a stylist on a level (None: no commission)."""
    with salon.writing():
        require_manager(salon, approved_by)
        stylist = get_staff(salon, stylist_id)
        if stylist.role not in ("stylist", "manager"):
            raise InvalidInput(f"{stylist.name} is not a stylist: commission is for the "
                               "people who do the work.")
        if level_id is not None and CommissionLevel.get_or_none(
                CommissionLevel.id == level_id) is None:
            raise InvalidInput("That commission level does not exist.")
        row = StylistLevel.get_or_none(StylistLevel.stylist == stylist_id)
        if row is None:
            row = StylistLevel.create(stylist=stylist_id, level=level_id)
        else:
            check_against_journal(salon, STYLIST_LEVEL, row)
            StylistLevel.update(level=level_id).where(StylistLevel.id == row.id).execute()
        record_standing(salon, STYLIST_LEVEL, row.id, by=approved_by, approved_by=approved_by)


def close_pay_period(salon: Salon, day: date, *, approved_by: int,
                     key: str | None = None) -> dict:
    """Close the pay period `day` falls in: its report frozen, and for each stylist one
    entry of the commission owed to them (negative when more was taken back than earned).
    Once only, when the period is over and its business days are closed."""
    first, last = current_period(salon, day)

    def run() -> dict:
        require_manager(salon, approved_by)
        _check_closable(salon, first, last)
        report = commission_report(salon, first, last)
        for row in report.stylists:  # a hand-edited rate pays nothing
            if row.stylist_id is not None:
                for found in StylistLevel.select().where(StylistLevel.stylist == row.stylist_id):
                    check_against_journal(salon, STYLIST_LEVEL, found)
                    if found.level is not None:
                        check_against_journal(salon, COMMISSION_LEVEL, found.level)
        for row in report.stylists:
            if row.stylist_id is not None:
                ledger.post(salon, Kind.COMMISSION_ACCRUED, row.commission,
                            stylist_id=row.stylist_id, staff_id=approved_by,
                            approved_by_id=approved_by, reference=first.isoformat(),
                            memo=f"pay period {first} to {last}, figures {row.digest()}")
        PayPeriod.create(first=first, last=last, closed_at=salon.now_stored(),
                         closed_by=approved_by, report=report.snapshot())
        return {"first": first.isoformat(), "last": last.isoformat(),
                "commission": report.commission,
                "stylists": sum(row.stylist_id is not None for row in report.stylists)}

    return run_once(salon, key, f"close_pay_period:{first}", run)


def _check_closable(salon: Salon, first: date, last: date) -> None:
    said = f"{first:%d %b %Y} to {last:%d %b %Y}"
    overlapping = PayPeriod.get_or_none((PayPeriod.first <= last) & (PayPeriod.last >= first))
    if overlapping is not None:
        if overlapping.first == first and overlapping.last == last:
            raise InvalidTransition(f"The pay period {said} is already closed.")
        raise InvalidTransition(
            f"The pay period {said} overlaps the closed one from {overlapping.first:%d %b %Y}"
            f" to {overlapping.last:%d %b %Y} (were the pay period settings changed?).")
    if last >= salon.today():
        raise InvalidTransition(f"The pay period {said} is not over yet: it can be closed "
                                f"from {last + timedelta(days=1):%d %b %Y} on.")
    closed = {day for day, in BusinessDay.select(BusinessDay.day).where(
        BusinessDay.closed_at.is_null(False) & BusinessDay.day.between(first, last)).tuples()}
    worked = {day for day, in JournalEntry.select(JournalEntry.business_day).where(
        JournalEntry.business_day.between(first, last)).distinct().tuples()}
    still_open = sorted(worked - closed)
    if still_open:
        days = ", ".join(f"{day:%d %b}" for day in still_open[:5])
        raise InvalidTransition(f"Close the business days of the period first (open: {days}"
                                f"{', …' if len(still_open) > 5 else ''}).")
