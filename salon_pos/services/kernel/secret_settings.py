"""Secret settings (the email password) sealed with a key derived from the station key
file, the PIN pepper that lives beside the database and not in it: the database file, its
backups and a PostgreSQL dump hold only a token that is useless without that file. Every
station of a salon shares the file (PINs need it too), so any of them can send."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import TYPE_CHECKING

from salon_pos.domain.errors import DomainError
from salon_pos.domain.settings import LABELS
from salon_pos.services.kernel.context import Salon

if TYPE_CHECKING:
    from cryptography.fernet import Fernet

_PURPOSE = b"salon-pos: secret settings"  # so this key is never the PINs' key


def _fernet(salon: Salon) -> Fernet:
    # Imported on first use (7 MB and milliseconds the login need not wait for).
    from cryptography.fernet import Fernet

    key = hmac.new(salon.pin_pepper, _PURPOSE, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(salon: Salon, plain: str) -> str:
    """What the settings table keeps of a secret ("" stays "": not set)."""
    return _fernet(salon).encrypt(plain.encode()).decode() if plain else ""


def unseal(salon: Salon, name: str, sealed: str) -> str:
    """The secret as it was typed; refused with the way out when this station's key file
    is not the one it was sealed with (a copied database, a lost file)."""
    if not sealed:
        return ""
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(salon).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        raise DomainError(
            f"{LABELS[name]} cannot be read on this station: it was set where the key file "
            "“pin-pepper” differs. A manager should set it again.") from None
