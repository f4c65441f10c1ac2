"""The order names are listed in, wherever people read a list: the Unicode Collation
Algorithm's default order (pyuca, with Unicode's own table). Letters with accents sit with
their base letter ("Ó Briain" before "Power"), letters of their own follow it ("Łukasz"
between "Liam" and "Maeve"), and case only breaks ties ("de Búrca" among the D's).

The default order is the one English, Irish, German, French, Italian, Dutch and Portuguese
expect; it is not tailored per language (Polish "Ś" or Swedish "Å" as letters of their own,
Spanish "Ñ" after "N"), which would need ICU."""

from __future__ import annotations

from functools import cache

from pyuca import Collator


@cache
def _collator() -> Collator:
    return Collator()  # reads Unicode's table once, about a tenth of a second


def name_key(text: str) -> tuple[int, ...]:
    """The key that sorts `text` among other names: `sorted(rows, key=...name_key)`."""
    return _collator().sort_key(text)
