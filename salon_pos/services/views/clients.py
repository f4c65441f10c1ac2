"""Clients as the screens find them: search as you type, and their missed appointments."""

from __future__ import annotations

import re
from datetime import timedelta

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.collation import name_key
from salon_pos.domain.validation import has_control_chars, phone_digits, search_key
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Booking, Client


def search_clients(salon: Salon, text: str, limit: int = 20) -> list[dict]:
    """Clients whose name, surname or phone starts with what was typed, in the order of
    their names. The index picks the first `limit` by the search key (lower case, accents
    off: the collation's first level for almost every letter) so a keystroke costs the same
    in any salon; those are then put in the collation's order."""
    key = search_key(str(text or ""))
    if not key or has_control_chars(key):  # no stored name or phone has them
        return []
    upper = key + "\uffff"
    by_name = (Client.search_name >= key) & (Client.search_name < upper)
    by_surname = (Client.search_surname >= key) & (Client.search_surname < upper)
    condition = by_name | by_surname
    digits = phone_digits(key)
    if len(digits) >= 3 and digits == key.replace(" ", ""):
        condition |= Client.phone_digits.startswith(digits)  # digits: same in every collation
    query = Client.select(Client.id, Client.name, Client.phone, Client.alerts).where(
        condition
    ).order_by(Client.search_name).limit(limit)
    found = [{"id": c.id, "name": c.name, "phone": c.phone, "alerts": c.alerts} for c in query]
    return sorted(found, key=lambda client: name_key(client["name"]))


def clients_answering_to(salon: Salon, typed: str, limit: int = 10) -> list[dict]:
    """The clients a name typed on a command line may mean: those whose name it is,
    whatever its case, spacing and accents, or whose phone number starts with it as written
    ("+353 87 …"); else those found by searching for it (the start of their name or
    surname)."""
    key = search_key(str(typed or ""))
    digits = phone_digits(key)
    if len(digits) >= 3 and re.fullmatch(r"[+\d\s().-]+", key):
        exactly = Client.phone_digits.startswith(digits)
    else:
        exactly = Client.search_name == key
    found = (Client.select(Client.id, Client.name, Client.phone).where(exactly)
             .order_by(Client.search_name, Client.id).limit(limit))
    return ([{"id": c.id, "name": c.name, "phone": c.phone} for c in found]
            or search_clients(salon, typed, limit))


def client_numbered(salon: Salon, number: int) -> dict | None:
    """The client with that number, as `clients_answering_to` gives one; None if none."""
    client = Client.get_or_none(Client.id == number)
    return {"id": client.id, "name": client.name, "phone": client.phone} if client else None


def missed_in_last_year(salon: Salon, client_id: int) -> int:
    """No-shows and late cancellations in the 12 months up to now."""
    since = salon.now_stored() - timedelta(days=365)
    no_shows = Booking.status == BookingStatus.NO_SHOW
    late = (Booking.status == BookingStatus.CANCELLED) & (Booking.cancel_kind == "late")
    return (
        Booking.select()
        .where((Booking.client == client_id) & (Booking.start >= since) & (no_shows | late))
        .count()
    )
