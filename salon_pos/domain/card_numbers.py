"""Card numbers are never kept: the one detector every stored text is checked with.

A card number is 13 to 19 digits that pass the Luhn check. It is found however it is
written: the digits together ("4111111111111111") or in groups split by one separator
(a space, dot, dash, slash, …: "4111.1111.1111.1111") or by spaces, anywhere in the text
("ref 4111 1111 1111 1111"), with other numbers before or after it in the same run (an
expiry date and a security code typed after it: "4111 1111 1111 1111 12/27 123"), since
every run of whole groups in a row is tried. Unicode digits count as digits.

What is not taken for one, on purpose (each would refuse real text for nothing):
- digits touching a letter: they are part of a word or code ("20vol", a hash, "A1234");
- 13+ digits starting with 0: no card number does (ISO/IEC 7812), so a phone number's
  trunk or "00" prefix, and dates such as 01/03/2026, are left alone;
- a number written after "+" with at most 15 digits: an international phone number
  (E.164's longest) — a card number is never written after "+";
- groups split by a line break, or by more than one character other than spaces
  ("12/03/2026 - 19/03/2026" is two dates).
Still, about one in ten of other 13–19-digit runs passes Luhn by chance: a phone number
of 13+ digits written without its "+", or two dates run together as "12/03/2026-19/03/2026",
is refused; typing it another way ("+49 …", "12/03/2026 to 19/03/2026") is accepted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from salon_pos.domain.errors import InvalidInput

SHORTEST, LONGEST = 13, 19
LONGEST_PHONE = 15  # E.164: country code and number together
_GROUP = re.compile(r"\d+")  # \d: every Unicode decimal digit
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def refuse_card_number(text: str, where: str, advice: str = "please remove it") -> str:
    """`text` as it is, or a refusal naming `where` it was to be kept ("the client's
    alerts") and what to do instead."""
    if has_card_number(text):
        raise InvalidInput(f"A card number cannot be kept in {where}: {advice}.")
    return text


def has_card_number(text: str) -> bool:
    for run, after_plus in _runs(str(text or "")):
        if after_plus and sum(map(len, run)) <= LONGEST_PHONE:
            continue
        for first in range(len(run)):
            digits = ""
            for group in run[first:]:
                digits += group
                if len(digits) > LONGEST:
                    break
                if len(digits) >= SHORTEST and digits[0] != "0" and passes_luhn(digits):
                    return True
    return False


def passes_luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _runs(text: str) -> Iterator[tuple[list[str], bool]]:
    """The runs of digit groups in `text`, each as (its groups in ASCII digits, whether it
    is written after "+"). A group touching a letter ends the run and is left out."""
    run: list[str] = []
    after_plus, end = False, -1
    for match in _GROUP.finditer(text):
        start, stop = match.span()
        glued = (start > 0 and text[start - 1].isalpha()
                 or stop < len(text) and text[stop].isalpha())
        if run and (glued or not _joins(text[end:start])):
            yield run, after_plus
            run = []
        if not glued:
            if not run:
                after_plus = start > 0 and text[start - 1] == "+"
            run.append("".join(str(unicodedata.decimal(digit)) for digit in match.group()))
        end = stop
    if run:
        yield run, after_plus


def _joins(gap: str) -> bool:
    """Whether two groups of digits with `gap` between them are read as one number."""
    if _LINE_BREAKS.intersection(gap):
        return False
    return len(gap) == 1 or gap.isspace()
