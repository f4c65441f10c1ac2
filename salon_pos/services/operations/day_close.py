"""Closing the business day: the manager freezes it, with the Z report's figures stored
and a sealing entry in the journal; nothing more can be recorded on that day."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.day_report import DayReport, day_report
from salon_pos.store.database import refresh_planner_statistics
from salon_pos.store.models import BusinessDay, JournalEntry, Sale


def seal_of(salon: Salon, day: date) -> JournalEntry | None:
    """The journal entry that sealed a closed day; its hash anchors the chain up to it."""
    return JournalEntry.select().where(
        (JournalEntry.kind == Kind.DAY_CLOSED)
        & JournalEntry.memo.startswith(f"{day.isoformat()} ")
    ).order_by(JournalEntry.seq).first()


def seal_text(salon: Salon, day: date) -> str:
    """The seal as the Z report prints it: the anchor `salon-pos verify --anchor` takes
    to prove, later, that the journal up to it is the one printed ("" for an open day)."""
    seal = seal_of(salon, day)
    if seal is None:
        return ""
    return (f"Sealed by journal entry {seal.seq}. Anchor (salon-pos verify --anchor): "
            f"{seal.seq}:{seal.hash}")


def close_day(salon: Salon, day: date, *, approved_by: int) -> DayReport:
    """Close and seal the day. The automatic backup that follows is the caller's, after
    this has committed (`exchange.backups.backup_after_day_close`; the app takes it on a
    worker thread): the close stands whether or not the backup can be made."""
    report = _close(salon, day, approved_by)
    refresh_planner_statistics(salon.database)  # once a day, as the salon's data grows
    return report


def _close(salon: Salon, day: date, approved_by: int) -> DayReport:
    with salon.writing():
        require_manager(salon, approved_by)
        today = salon.today()
        if day > today:
            raise InvalidInput("A day can only be closed once it has begun.")
        ledger.ensure_day_open(salon, day)
        if day == today and Sale.select().where(Sale.status == SaleStatus.OPEN).exists():
            raise InvalidInput("Some sales are still open: take payment or void them first.")
        report = day_report(salon, day)
        report.closed = True
        snapshot = json.dumps(report.as_dict())  # in report order; the seal hashes this text
        # The seal is written before the day is marked closed (it may be today).
        ledger.post(salon, Kind.DAY_CLOSED, 0, staff_id=approved_by,
                    memo=f"{day.isoformat()} {hashlib.sha256(snapshot.encode()).hexdigest()}")
        closing = {"closed_at": salon.now_stored(), "closed_by": approved_by, "z_report": snapshot}
        BusinessDay.insert(day=day, **closing).on_conflict(
            conflict_target=[BusinessDay.day], update=closing).execute()
        return report
