"""The order names are listed in, wherever people read a list: the Unicode Collation
Algorithm's default order (pyuca, with Unicode's own table). Letters with accents sit with
their base letter ("Ó Briain" before "Power"), letters of their own follow it ("Łukasz"
between "Liam" and "Maeve"), and case only breaks ties ("de Búrca" among the D's).

The default order is the one English, Irish, German, French, Italian, Dutch and Portuguese
expect; it is not tailored per language (Polish "Ś" or Swedish "Å" as letters of their own,
Spanish "Ñ" after "N"), which would need ICU.

Reading Unicode's whole table takes a third of a second, and the login lists staff names
before anything else: names written in Latin letters (after NFD, code points up to U+036F:
the letters and the accents split off them) are keyed from the table's entries that begin
with such a code point, found in a few milliseconds. Every contraction a Latin name can
match begins with one of its own code points, so those keys are the whole table's keys
(tests/domain/test_collation.py holds them equal); other names load the whole table."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from pyuca import Collator
from pyuca.collator import COLL_ELEMENT_PATTERN
from pyuca.utils import hexstrings2int

LATIN_END = "\u036f"  # the last combining accent; Latin letters all come before it
# A line of the table whose first code point is at most U+036F (four hex digits each).
_LATIN_LINE = re.compile(rb"\n((?:0[0-2][0-9A-F]{2}|03[0-6][0-9A-F])(?: [0-9A-F]{4,5})*)"
                         rb" *;([^#\n]*)")


class _LatinCollator(Collator):
    """The default collator, with only the table's entries that begin with a Latin code
    point."""

    def load(self, filename) -> None:
        table = Path(filename).read_bytes()
        for code_points, elements in _LATIN_LINE.findall(table):
            self.table.add(hexstrings2int(code_points.decode().split()),
                           [hexstrings2int(found.groups()) for found in
                            COLL_ELEMENT_PATTERN.finditer(elements.decode())])


@cache
def _latin_collator() -> Collator:
    return _LatinCollator()


@cache
def _collator() -> Collator:
    return Collator()  # reads Unicode's whole table once


def name_key(text: str) -> tuple[int, ...]:
    """The key that sorts `text` among other names: `sorted(rows, key=...name_key)`."""
    if max(unicodedata.normalize("NFD", text), default="") <= LATIN_END:
        return _latin_collator().sort_key(text)
    return _collator().sort_key(text)
