"""Staff: who works here, their role, and their PIN (kept only as a salted, peppered scrypt
hash, compared in constant time; five wrong tries lock the PIN for a while)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from enum import StrEnum

from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.domain.validation import clean_name, clean_pin
from salon_pos.services import ledger
from salon_pos.services.context import Salon
from salon_pos.store.models import Staff

MAX_PIN_TRIES = 5
LOCKOUT = timedelta(minutes=5)


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    STYLIST = "stylist"
    MANAGER = "manager"


def hash_pin(pin: str, pepper: bytes, cost: int) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, pepper, cost)
    return f"scrypt${cost}$8$1${salt.hex()}${digest.hex()}"


def _scrypt(pin: str, salt: bytes, pepper: bytes, cost: int) -> bytes:
    return hashlib.scrypt(
        pin.encode() + pepper, salt=salt, n=cost, r=8, p=1, maxmem=256 * 1024 * 1024, dklen=32
    )


def pin_matches(pin: str, stored: str, pepper: bytes) -> bool:
    try:
        _scheme, cost, _r, _p, salt, digest = stored.split("$")
    except ValueError:
        return False
    candidate = _scrypt(pin, bytes.fromhex(salt), pepper, int(cost))
    return hmac.compare_digest(candidate, bytes.fromhex(digest))


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
    salon: Salon, name: str, role: str, pin: str, *, colour: str = "#7b9acc",
    approved_by: int | None = None,
) -> int:
    """Add a staff member. Only a manager may, except for the very first manager."""
    name, role, pin, colour = clean_name(name), _clean_role(role), clean_pin(pin), _clean_colour(
        colour
    )
    with salon.writing():
        if Staff.select().exists():
            require_manager(approved_by)
        elif role != Role.MANAGER:
            raise InvalidInput("The first person to set up the salon must be a manager.")
        pin_hash = hash_pin(pin, salon.pin_pepper, salon.pin_cost)
        member = Staff.create(name=name, role=role, pin_hash=pin_hash, colour=colour)
        if approved_by is not None:  # not the salon's first manager, who sets it up
            ledger.record_approval(salon, approved_by, f"Staff member {member.id} added",
                                   {"name": name, "role": str(role)})
        return member.id


def edit_staff(
    salon: Salon, staff_id: int, *, approved_by: int, name: str | None = None,
    role: str | None = None, colour: str | None = None, active: bool | None = None,
    pin: str | None = None,
) -> None:
    changes = {}
    if name is not None:
        changes["name"] = clean_name(name)
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
        require_manager(approved_by)
        member = get_staff(staff_id)
        demoting = (changes.get("role", Role.MANAGER) != Role.MANAGER
                    or changes.get("active") is False)
        if member.role == Role.MANAGER and demoting and _active_managers() <= 1:
            raise InvalidInput("The salon needs at least one active manager.")
        if changes:
            Staff.update(changes).where(Staff.id == staff_id).execute()
            shown = {name: str(value) if name == "role" else value
                     for name, value in changes.items() if name in ("name", "role", "active")}
            what = f"Staff member {staff_id} changed" + (" (new PIN)" if pin is not None else "")
            ledger.record_approval(salon, approved_by, what, shown)


def _active_managers() -> int:
    return Staff.select().where((Staff.role == Role.MANAGER) & Staff.active).count()


def get_staff(staff_id: int | None) -> Staff:
    member = Staff.get_or_none(Staff.id == staff_id) if staff_id is not None else None
    if member is None:
        raise NotFound("That staff member does not exist.")
    return member


def require_staff(staff_id: int | None) -> Staff:
    """The active staff member doing an action (every money action names one)."""
    if staff_id is None:
        raise NotAllowed("Please log in first: every action records who did it.")
    member = get_staff(staff_id)
    if not member.active:
        raise NotAllowed(f"{member.name} is no longer an active member of staff.")
    return member


def require_manager(staff_id: int | None) -> Staff:
    """The approving manager of a privileged action; anyone else is refused."""
    if staff_id is None:
        raise NotAllowed("A manager has to approve this.")
    member = require_staff(staff_id)
    if member.role != Role.MANAGER:
        raise NotAllowed(f"A manager has to approve this; {member.name} is not a manager.")
    return member


def require_hands_on(staff_id: int | None, stylist_id: int) -> Staff:
    """Who may act on an appointment: front desk and managers on any, a stylist on their
    own clients only."""
    member = require_staff(staff_id)
    if member.role == Role.STYLIST and member.id != stylist_id:
        raise NotAllowed(
            f"{member.name} can only do this for their own clients; please ask the front desk."
        )
    return member


def check_pin(salon: Salon, staff_id: int, pin: str) -> Staff:
    """Log in or approve with a PIN; wrong tries are counted and lock the PIN for a while."""
    member = require_staff(staff_id)
    now = salon.now_stored()
    if member.locked_until and member.locked_until > now:
        minutes = max(1, -(-int((member.locked_until - now).total_seconds()) // 60))
        raise NotAllowed(f"Too many wrong PINs for {member.name}: try again in {minutes} min.")
    if pin_matches(str(pin or ""), member.pin_hash, salon.pin_pepper):
        if member.failed_pins:
            with salon.writing():
                Staff.update(failed_pins=0, locked_until=None).where(Staff.id == staff_id).execute()
        return member
    with salon.writing():
        # Re-read under the write lock: another station's wrong try may have landed while
        # this PIN was being hashed, and both must count.
        failed = Staff.get_by_id(staff_id).failed_pins + 1
        locked = now + LOCKOUT if failed >= MAX_PIN_TRIES else None
        Staff.update(failed_pins=0 if locked else failed, locked_until=locked).where(
            Staff.id == staff_id
        ).execute()
    raise NotAllowed("That PIN is not right.")


def staff_called(name: str) -> list[dict]:
    """Everyone, active or not, whose name is `name` whatever its case and spacing (as
    typed on a command line)."""
    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    return [member for member in list_staff(active_only=False) if key(member["name"]) == key(name)]


def list_staff(active_only: bool = True) -> list[dict]:
    query = Staff.select().order_by(Staff.name)
    if active_only:
        query = query.where(Staff.active)
    return [
        {"id": s.id, "name": s.name, "role": s.role, "colour": s.colour, "active": s.active}
        for s in query
    ]
