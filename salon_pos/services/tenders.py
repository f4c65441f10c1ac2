"""Checks shared by every tender: the method, and a card terminal reference that must
never be a card number."""

from __future__ import annotations

import re

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.sale_math import TENDER_LABELS, Tender


def check_tender_method(method: str, allowed) -> str:
    if method not in allowed:
        names = ", ".join(TENDER_LABELS[Tender(m)].lower() for m in allowed)
        raise InvalidInput(f"Payment must be by {names}.")
    return method


def looks_like_card_number(text: str) -> bool:
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"\d{13,19}", digits):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def check_reference(method: str, reference: str, *, paying_in: bool = True) -> str:
    """The terminal reference of a card payment (required when money comes in by card;
    optional when it goes back, as not every terminal prints one for a refund)."""
    reference = " ".join(str(reference or "").split())
    if len(reference) > 60:
        raise InvalidInput("The terminal reference is too long (at most 60 characters).")
    if method == "card" and paying_in and not reference:
        raise InvalidInput("Type the card terminal's reference for this payment.")
    if looks_like_card_number(reference):
        raise InvalidInput(
            "That looks like a card number. Type the terminal's reference instead: "
            "card numbers are never stored."
        )
    if not reference.isprintable():
        raise InvalidInput("The reference contains characters that cannot be printed.")
    return reference
