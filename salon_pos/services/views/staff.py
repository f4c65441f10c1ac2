"""The staff as screens and the command line list them, as plain rows."""

from __future__ import annotations

from salon_pos.domain.staff_colours import next_colour
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
    query = Staff.select().order_by(Staff.name)
    if active_only:
        query = query.where(Staff.active)
    return [
        {"id": s.id, "name": s.name, "role": s.role, "colour": s.colour, "active": s.active}
        for s in query
    ]


def suggested_colour(salon: Salon) -> str:
    """A day-book colour for someone new: the next of the palette nobody working here has."""
    return next_colour(member["colour"] for member in list_staff(salon))
