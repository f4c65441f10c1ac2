"""A manager's approved change to how the salon runs (settings, catalogue, staff, a
client's terms), kept in the journal's chain with who approved it."""

from __future__ import annotations

from salon_pos.domain.journal import Entry, Kind
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import post


def record_approval(salon: Salon, approved_by: int, what: str, changes: dict | None = None
                    ) -> Entry:
    """Keep a manager's approved change in the journal: who approved it and what it was
    (call inside `salon.writing()`, after the change). `changes` are the new values."""
    if changes:
        what += ": " + ", ".join(f"{name} {_shown(value)}" for name, value in changes.items())
    return post(salon, Kind.APPROVED_CHANGE, 0, staff_id=approved_by,
                approved_by_id=approved_by, memo=what)


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"“{value}”" if isinstance(value, str) else str(value)
