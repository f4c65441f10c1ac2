"""Who a name typed on the command line means: a member of staff or a client, by their
whole name or a start of it that only they have ("Maeve", "aoife ni"), whatever the case,
spacing and accents. Several people answering to it are refused, named, so the next try
can be exact."""

from __future__ import annotations

from salon_pos.domain.errors import DomainError, NotFound
from salon_pos.domain.validation import search_key
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.clients import client_numbered, clients_answering_to
from salon_pos.services.views.staff import staff_answering_to

NAMED_AT_MOST = 6  # candidates named in a refusal


def staff_named(salon: Salon, typed: str) -> dict:
    """The one member of staff `typed` means; the active before those who have left (whose
    days and names stay on the record)."""
    found = staff_answering_to(salon, typed)
    if not found:
        raise NotFound(f"No one on the staff is called “{typed}”.")
    found = [member for member in found if member["active"]] or found
    names = [member["name"] for member in found]
    if len(set(map(search_key, names))) > 1:
        raise DomainError(f"“{typed}” could be {_either(names)}: type more of the name.")
    if len(found) > 1:
        raise DomainError(f"{len(found)} members of staff are called “{typed}”: give them "
                          "different names in the app (Settings → Staff) first.")
    return found[0]


def client_named(salon: Salon, typed: str) -> dict:
    """The one client `typed` means (a name, a start of it, or a phone number)."""
    found = clients_answering_to(salon, typed, limit=NAMED_AT_MOST + 1)
    if not found:
        raise NotFound(f"No client is called “{typed}” or has that phone number.")
    if len(found) > 1:
        described = [f"{c['name']} ({c['phone']})" if c["phone"] else c["name"] for c in found]
        raise DomainError(f"“{typed}” could be {_either(described)}: type more of the name, "
                          "or the phone number.")
    return found[0]


# A client's number is short; a phone number, also all digits, is longer.
LONGEST_CLIENT_NUMBER = 6


def client_meant(salon: Salon, typed: str) -> dict:
    """The one client `typed` means: their number (as the app and exports show it), or
    as `client_named` reads a name or phone number."""
    number = typed.strip().removeprefix("#")
    if number.isascii() and number.isdigit() and len(number) <= LONGEST_CLIENT_NUMBER:
        client = client_numbered(salon, int(number))
        if client is None:
            raise NotFound(f"There is no client number {number}.")
        return client
    return client_named(salon, typed)


def _either(names: list[str]) -> str:
    """"A, B or C"; a long list is cut, saying how many more."""
    shown = names[:NAMED_AT_MOST]
    if len(names) > len(shown):
        return ", ".join(shown) + ", and more"
    return ", ".join(shown[:-1]) + f" or {shown[-1]}"
