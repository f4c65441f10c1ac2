"""A client's colour history: each visit with a formula or photos — when, what was done,
by whom, the formula's bowls, and the photos before and after, side by side — and the
formula a new visit starts from (the visit's own, else the client's last)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from salon_pos.domain.formulas import Bowl
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import (
    BookedService,
    Booking,
    ColourFormula,
    FormulaBowl,
    Staff,
    VisitPhoto,
)


@dataclass(frozen=True)
class FormulaView:
    formula_id: int
    booking_id: int
    written_at: datetime  # UTC
    written_by: str
    bowls: tuple[Bowl, ...]
    notes: str


@dataclass(frozen=True)
class Visit:
    booking_id: int
    start: datetime  # UTC
    services: str
    stylist: str
    formula: FormulaView | None
    before: tuple[Path, ...]  # photos, oldest first
    after: tuple[Path, ...]


def _formulas(salon: Salon, where) -> list[FormulaView]:
    bowls: dict[int, list[Bowl]] = {}
    rows = list(ColourFormula.select(ColourFormula, Staff.name).join(
        Staff, on=ColourFormula.written_by == Staff.id).where(where)
        .order_by(ColourFormula.written_at.desc(), ColourFormula.id.desc()).objects())
    for bowl in FormulaBowl.select().where(
            FormulaBowl.formula.in_([row.id for row in rows])).order_by(FormulaBowl.position):
        bowls.setdefault(bowl.formula_id, []).append(Bowl(
            bowl.area, bowl.product, bowl.shades, bowl.developer, bowl.ratio, bowl.minutes))
    return [FormulaView(row.id, row.booking_id, row.written_at, row.name,
                        tuple(bowls.get(row.id, ())), row.notes) for row in rows]


def starting_formula(salon: Salon, booking_id: int) -> tuple[FormulaView | None, bool]:
    """The formula to start from for this visit, and whether it is the visit's own (False:
    the client's last one, copied forward; None when they have none)."""
    own = _formulas(salon, ColourFormula.booking == booking_id)
    if own:
        return own[0], True
    client = Booking.get_by_id(booking_id).client_id
    last = _formulas(salon, (ColourFormula.client == client)
                     & (ColourFormula.booking != booking_id))
    return (last[0] if last else None), False


def photos_of_visit(salon: Salon, booking_id: int) -> dict[str, list[Path]]:
    """The visit's photos by moment ("before", "after"), oldest first."""
    taken: dict[str, list[Path]] = {}
    for photo in VisitPhoto.select().where(VisitPhoto.booking == booking_id).order_by(
            VisitPhoto.added_at, VisitPhoto.id):
        taken.setdefault(photo.moment, []).append(salon.photos_dir / photo.file_name)
    return taken


def colour_history(salon: Salon, client_id: int) -> list[Visit]:
    """The client's visits with a formula or photos, the newest first."""
    formulas = {f.booking_id: f for f in _formulas(salon, ColourFormula.client == client_id)}
    photos: dict[int, dict[str, list[Path]]] = {}
    for photo in VisitPhoto.select().where(VisitPhoto.client == client_id).order_by(
            VisitPhoto.added_at, VisitPhoto.id):
        photos.setdefault(photo.booking_id, {}).setdefault(photo.moment, []).append(
            salon.photos_dir / photo.file_name)
    visits = set(formulas) | set(photos)
    if not visits:
        return []
    services: dict[int, list[str]] = {}
    for booking, name in (BookedService.select(BookedService.booking, BookedService.name)
                          .where(BookedService.booking.in_(list(visits)))
                          .order_by(BookedService.position).tuples()):
        services.setdefault(booking, []).append(name)
    found = []
    for booking in (Booking.select(Booking.id, Booking.start, Staff.name)
                    .join(Staff, on=Booking.stylist == Staff.id)
                    .where(Booking.id.in_(list(visits))).order_by(Booking.start.desc())
                    .objects()):
        taken = photos.get(booking.id, {})
        found.append(Visit(booking.id, booking.start, ", ".join(services.get(booking.id, [])),
                           booking.name, formulas.get(booking.id),
                           tuple(taken.get("before", ())), tuple(taken.get("after", ()))))
    return found
