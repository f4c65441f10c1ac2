"""The staff as screens and the command line list them, as plain rows."""

from __future__ import annotations

from salon_pos.domain.collation import name_key
from salon_pos.domain.staff_colours import next_colour
from salon_pos.domain.validation import search_key
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Staff


def staff_answering_to(salon: Salon, typed: str) -> list[dict]:
    """Everyone, active or not, a name typed on a command line may mean: those whose name
    it is, whatever its case, spacing and accents; else those whose name starts with it
    ("maeve" for Maeve O'Connor)."""
    key = search_key(typed)
    everyone = list_staff(salon, active_only=False)
    called = [member for member in everyone if search_key(member["name"]) == key]
    return called or [member for member in everyone
                      if key and search_key(member["name"]).startswith(key)]


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


def suggested_colour(salon: Salon) -> str:
    """A day-book colour for someone new: the next of the palette nobody working here has."""
    return next_colour(member["colour"] for member in list_staff(salon))
