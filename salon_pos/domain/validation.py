"""Checks on what people type: names, phones, emails, free text, PINs. Every text that is
kept is refused here if it holds a card number, named by `what` it is ("client's
alerts")."""

from __future__ import annotations

import re
import unicodedata

from salon_pos.domain.card_numbers import refuse_card_number
from salon_pos.domain.errors import InvalidInput

MAX_NAME = 120
MAX_TEXT = 4000


def has_control_chars(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in text
               if ch not in "\n\t")


def clean_name(text: str, what: str = "name") -> str:
    value = unicodedata.normalize("NFC", " ".join(str(text or "").split()))
    if not value:
        raise InvalidInput(f"Please type a {what}.")
    if len(value) > MAX_NAME:
        raise InvalidInput(f"That {what} is too long (at most {MAX_NAME} characters).")
    if has_control_chars(value):
        raise InvalidInput(f"The {what} contains characters that cannot be printed.")
    return refuse_card_number(value, f"the {what}")


def clean_text(text: str | None, what: str = "text", *, required: bool = False) -> str:
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", lines.strip())
    if required and not value:
        raise InvalidInput(f"Please write the {what}.")
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"The {what} is too long (at most {MAX_TEXT} characters).")
    if has_control_chars(value):
        raise InvalidInput(f"The {what} contains characters that cannot be printed.")
    return refuse_card_number(value, f"the {what}")


def clean_phone(text: str | None, what: str = "phone number") -> str:
    """Keep what was typed (tidied); refuse what cannot be a phone number. A number
    written with its "+" is never taken for a card number (see domain/card_numbers.py)."""
    value = " ".join(str(text or "").split())
    if not value:
        return ""
    if not re.fullmatch(r"\+?[0-9 ().\-/]{5,30}", value) or len(phone_digits(value)) < 5:
        raise InvalidInput(f"“{value}” does not look like a phone number.")
    return refuse_card_number(value, f"the {what}")


def phone_digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text or "")


def clean_email(text: str | None, what: str = "email address") -> str:
    value = str(text or "").strip()
    if not value:
        return ""
    if len(value) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise InvalidInput(f"“{value}” does not look like an email address.")
    if has_control_chars(value):
        raise InvalidInput(f"The {what} contains characters that cannot be printed.")
    return refuse_card_number(value, f"the {what}")


def clean_pin(pin: str) -> str:
    value = str(pin or "")
    if not re.fullmatch(r"[0-9]{4,8}", value):
        raise InvalidInput("A PIN is 4 to 8 digits.")
    return value


def search_key(text: str) -> str:
    """Lower case, accents removed: "Zoë Ó Briain" → "zoe o briain" (for prefix search)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
