"""Checks on what people type: names, phones, emails, free text, PINs. Every text that is
kept is refused here if it holds a card number, named by `what` it is ("client's
alerts"). A name is also refused with a character none of the shipped fonts can draw
(an emoji, a right-to-left letter): it would be an empty box on receipts and slips, and on
any screen without such a font. Only what is typed now is checked: names kept before these
checks still show and print as they did."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from salon_pos.domain.card_numbers import refuse_card_number
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.font_coverage import RANGES

MAX_NAME = 60  # a client's, a service's, a product's or the salon's name: a receipt's line
MAX_SHORT_NAME = 40  # a staff member's (a day book column), a category, a tax class, an SKU
MAX_TEXT = 4000
_FIRSTS = tuple(first for first, _last in RANGES)


def has_control_chars(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in text
               if ch not in "\n\t")


def printable(ch: str) -> bool:
    """One of the shipped fonts can draw `ch` (its table: domain/font_coverage.py)."""
    run = bisect_right(_FIRSTS, ord(ch)) - 1
    return run >= 0 and ord(ch) <= RANGES[run][1]


def refuse_unprintable(value: str, what: str) -> str:
    """`value`, or a refusal naming its first character no shipped font can draw."""
    for ch in value:
        if ch not in "\n\t" and not printable(ch):
            raise InvalidInput(f"{_shown(ch)} cannot be printed on receipts or shown on every "
                               f"screen; please leave it out of the {what}.")
    return value


def _shown(ch: str) -> str:
    """A character as a message names it: itself and its name (the screen may have no
    font for it either), or its code and name when it is invisible."""
    name = unicodedata.name(ch, "").lower()
    if unicodedata.category(ch)[0] in "LNPS":
        return f"“{ch}” ({name})" if name else f"“{ch}”"
    return f"The invisible character U+{ord(ch):04X} ({name})"


def clean_name(text: str, what: str = "name", *, longest: int = MAX_NAME) -> str:
    value = unicodedata.normalize("NFC", " ".join(str(text or "").split()))
    if not value:
        raise InvalidInput(f"Please type a {what}.")
    if len(value) > longest:
        raise InvalidInput(f"That {what} is too long (at most {longest} characters).")
    if has_control_chars(value):
        raise InvalidInput(f"The {what} contains characters that cannot be printed.")
    return refuse_card_number(refuse_unprintable(value, what), f"the {what}")


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


MAX_BARCODE = 40


def clean_barcode(text: str | None) -> str:
    """A product's barcode as a scanner types it ("" for none): letters, digits and
    hyphens. A shop's EAN/UPC/GTIN code (8, 12, 13 or 14 digits with its GS1 check digit)
    is taken as it is, though one in ten 13- and 14-digit codes passes the card-number
    check by chance; any other code is held to that check like every text kept."""
    value = "".join(str(text or "").split())
    if not gs1_code(value):
        refuse_card_number(str(text or ""), "the barcode")
    if len(value) > MAX_BARCODE or not all(
            ch.isascii() and (ch.isalnum() or ch == "-") for ch in value):
        raise InvalidInput(f"A barcode is up to {MAX_BARCODE} letters, digits or hyphens.")
    return value


def gs1_code(value: str) -> bool:
    """An EAN-8, UPC-A, EAN-13 or GTIN-14 code: its digits with the right check digit."""
    if len(value) not in (8, 12, 13, 14) or not value.isdigit():
        return False
    body, check = value[:-1], int(value[-1])
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - weighted % 10) % 10 == check
