"""Who may do what: the staff's roles, the checks every operation makes of the person
acting (and of the approving manager), and PINs — kept only as a salted, peppered scrypt
hash, compared in constant time; five wrong tries lock the PIN for a while."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from enum import StrEnum

from salon_pos.domain.errors import NotAllowed
from salon_pos.domain.standing import STAFF
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.kernel.standing import check_against_journal
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


def require_staff(salon: Salon, staff_id: int | None) -> Staff:
    """The active staff member doing an action (every money action names one), as the
    journal last recorded them: a role, PIN or name changed by hand is refused."""
    if staff_id is None:
        raise NotAllowed("Please log in first: every action records who did it.")
    member = get_staff(salon, staff_id)
    check_against_journal(salon, STAFF, member)
    if not member.active:
        raise NotAllowed(f"{member.name} is no longer an active member of staff.")
    return member


def require_manager(salon: Salon, staff_id: int | None) -> Staff:
    """The approving manager of a privileged action; anyone else is refused."""
    if staff_id is None:
        raise NotAllowed("A manager has to approve this.")
    member = require_staff(salon, staff_id)
    if member.role != Role.MANAGER:
        raise NotAllowed(f"A manager has to approve this; {member.name} is not a manager.")
    return member


def require_hands_on(salon: Salon, staff_id: int | None, stylist_id: int) -> Staff:
    """Who may act on an appointment: front desk and managers on any, a stylist on their
    own clients only."""
    member = require_staff(salon, staff_id)
    if member.role == Role.STYLIST and member.id != stylist_id:
        raise NotAllowed(
            f"{member.name} can only do this for their own clients; please ask the front desk."
        )
    return member


def check_pin(salon: Salon, staff_id: int, pin: str) -> Staff:
    """Log in or approve with a PIN; wrong tries are counted and lock the PIN for a while."""
    member = require_staff(salon, staff_id)
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


def require_approval(salon: Salon, approved_by: int | None, what: str) -> int:
    """The manager approving `what` (a price outside the agreed range, a discount past the
    threshold, a house account over its limit); without one, the refusal says what needs it."""
    if approved_by is None:
        raise NotAllowed(f"{what} needs a manager's approval.")
    return require_manager(salon, approved_by).id
