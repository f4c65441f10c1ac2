"""The staff as screens and the command line list them, as plain rows."""

from __future__ import annotations

from salon_pos.domain.collation import name_key
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Staff


def staff_called(salon: Salon, name: str) -> list[dict]:
    """Everyone, active or not, whose name is `name` whatever its case and spacing (as
    typed on a command line)."""
    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    return [member for member in list_staff(salon, active_only=False)
            if key(member["name"]) == key(name)]


def list_staff(salon: Salon, active_only: bool = True) -> list[dict]:
    """Everyone (or the active), in the order of their names."""
    query = Staff.select()
    if active_only:
        query = query.where(Staff.active)
    rows = [
        {"id": s.id, "name": s.name, "role": s.role, "colour": s.colour, "active": s.active}
        for s in query
    ]
    return sorted(rows, key=lambda row: name_key(row["name"]))
