"""The staff: adding someone, and changing their name, role, colour, PIN or whether they
still work here (a manager's job; the salon's very first manager sets it up)."""

from __future__ import annotations

import re

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.standing import STAFF
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name, clean_pin
from salon_pos.services.kernel.access import Role, hash_pin, require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.kernel.standing import check_against_journal, record_standing
from salon_pos.services.views.staff import suggested_colour
from salon_pos.store.models import Staff


def clean_staff_name(name: str) -> str:
    """A staff member's name, short enough for a column of the day book."""
    return clean_name(name, "staff member's name", longest=MAX_SHORT_NAME)


def _clean_colour(colour: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour or ""):
        raise InvalidInput("A colour is written like #7b9acc.")
    return colour.lower()


def _clean_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidInput("The role must be front desk, stylist or manager.") from None


def add_staff(
    salon: Salon, name: str, role: str, pin: str, *, colour: str | None = None,
    approved_by: int | None = None,
) -> int:
    """Add a staff member. Only a manager may, except for the very first manager. Without
    a `colour`, they get the next of the palette nobody working here has."""
    name, role, pin = clean_staff_name(name), _clean_role(role), clean_pin(pin)
    colour = _clean_colour(colour) if colour is not None else None
    with salon.writing():
        if Staff.select().exists():
            require_manager(salon, approved_by)
        elif role != Role.MANAGER:
            raise InvalidInput("The first person to set up the salon must be a manager.")
        colour = colour or suggested_colour(salon)
        pin_hash = hash_pin(pin, salon.pin_pepper, salon.pin_cost)
        member = Staff.create(name=name, role=role, pin_hash=pin_hash, colour=colour)
        # The salon's first manager sets it up: no one else approves their arrival.
        record_standing(salon, STAFF, member.id, by=approved_by or member.id,
                        approved_by=approved_by)
        return member.id


def edit_staff(
    salon: Salon, staff_id: int, *, approved_by: int, name: str | None = None,
    role: str | None = None, colour: str | None = None, active: bool | None = None,
    pin: str | None = None,
) -> None:
    changes = {}
    if name is not None:
        changes["name"] = clean_staff_name(name)
    if role is not None:
        changes["role"] = _clean_role(role)
    if colour is not None:
        changes["colour"] = _clean_colour(colour)
    if active is not None:
        changes["active"] = bool(active)
    if pin is not None:
        changes["pin_hash"] = hash_pin(clean_pin(pin), salon.pin_pepper, salon.pin_cost)
        changes["failed_pins"], changes["locked_until"] = 0, None
    with salon.writing():
        require_manager(salon, approved_by)
        member = get_staff(salon, staff_id)
        check_against_journal(salon, STAFF, member)  # an edit must not bless a hand edit
        demoting = (changes.get("role", Role.MANAGER) != Role.MANAGER
                    or changes.get("active") is False)
        if member.role == Role.MANAGER and demoting and _active_managers(salon) <= 1:
            raise InvalidInput("The salon needs at least one active manager.")
        if changes:
            Staff.update(changes).where(Staff.id == staff_id).execute()
            record_standing(salon, STAFF, staff_id, by=approved_by, approved_by=approved_by)


def _active_managers(salon: Salon) -> int:
    return Staff.select().where((Staff.role == Role.MANAGER) & Staff.active).count()
