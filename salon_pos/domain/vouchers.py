"""Gift vouchers: the code on the voucher, how long it is valid, and how the journal names
a voucher.

A code is 16 characters of Crockford's base 32 (no I, L, O or U to misread), shown in
groups of four: 15 drawn at random (75 bits: not sequential, not guessable) and one check
character (Luhn mod 32), so a mistyped code is told apart from one that does not exist.
Reading a typed or scanned code forgives case, spaces, dashes and the look-alikes O/0 and
I/L/1. The salon keeps only the code's digest and its last four characters: whoever can
read the database cannot spend a client's voucher.

The journal names a voucher by its number, never by its code (domain.journal.voucher_of).
"""

from __future__ import annotations

import secrets
from datetime import date

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import memo_digest

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_LENGTH = 15


def _check_character(body: str) -> str:
    """Luhn mod 32 over the body: catches every single wrong character and every swap of
    two neighbours but 0 and Z."""
    total, factor = 0, 2
    for ch in reversed(body):
        added = factor * _VALUE[ch]
        total += added // 32 + added % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def new_code() -> str:
    """A fresh voucher code, grouped for reading: "7KQ2-M9XD-40TB-H3PZ"."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return grouped(body + _check_character(body))


def grouped(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def read_code(typed: str) -> str:
    """The code as typed or scanned, in its plain form (16 characters), or a refusal that
    says what is wrong with it."""
    plain = "".join(str(typed or "").split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if not plain:
        raise InvalidInput("Type or scan the voucher's code.")
    if len(plain) != RANDOM_LENGTH + 1 or any(ch not in _VALUE for ch in plain):
        raise InvalidInput("That is not a voucher code: a code has 16 letters and digits, "
                           "like 7KQ2-M9XD-40TB-H3PZ.")
    if _check_character(plain[:-1]) != plain[-1]:
        raise InvalidInput("That voucher code has a typing mistake: check each character.")
    return plain


def code_digest(plain: str) -> str:
    """What the salon keeps of a code (its SHA-256, as the journal keeps digests), found
    again from the code typed."""
    return memo_digest(plain)


def code_hint(plain: str) -> str:
    """The last four characters: enough for the desk to tell vouchers apart."""
    return plain[-4:]


def expiry_after(issued: date, years: int) -> date:
    """The last day a voucher issued on `issued` can be used (the same date `years` on; a
    29 February gives the 28th)."""
    try:
        last = issued.replace(year=issued.year + years)
    except ValueError:
        last = issued.replace(year=issued.year + years, day=28)
    return last
