"""A colour formula, as a stylist writes it for one visit: one bowl a part of the head
(roots, lengths, a toner), each with the colour line and shades, the developer, the mixing
ratio and the processing time; and notes for the whole. The next visit starts from the
last one (copied forward), so the client's colour can be matched, or moved on, on purpose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.validation import clean_name, clean_text

MAX_BOWLS = 8
MAX_MINUTES = 240
# "1:1", "1:1.5", "1 : 2" — parts of colour to parts of developer.
_RATIO = re.compile(r"^\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*:\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*$")


@dataclass(frozen=True)
class Bowl:
    area: str  # "Roots", "Lengths", "Toner"
    product: str  # the colour line: "Koleston Perfect"
    shades: str  # the shades and amounts: "6/0 30 g + 7/1 10 g"
    developer: str  # "6 % (20 vol)"
    ratio: str  # "1:1"
    minutes: int  # processing time

    @property
    def mix(self) -> str:
        """What went in the bowl, as on a client's card: "Koleston Perfect 6/0 30 g, 6 %,
        1:1, 35 min"."""
        parts = [f"{self.product} {self.shades}".strip(), self.developer, self.ratio,
                 f"{self.minutes} min" if self.minutes else ""]
        return ", ".join(part for part in parts if part)

    @property
    def said(self) -> str:
        return f"{self.area}: {self.mix}"


def checked_bowls(bowls: list[Bowl]) -> list[Bowl]:
    """The bowls cleaned, in order: at least one, each with its shades, a ratio that reads
    as one, a time in minutes."""
    if not bowls:
        raise InvalidInput("A formula has at least one bowl: what was mixed, and where.")
    if len(bowls) > MAX_BOWLS:
        raise InvalidInput(f"A formula has at most {MAX_BOWLS} bowls.")
    return [_checked(bowl) for bowl in bowls]


def _checked(bowl: Bowl) -> Bowl:
    area = clean_name(bowl.area or "All over", "part of the head")
    if not str(bowl.shades or "").strip():
        raise InvalidInput(f"Write the shades for the {area.lower()} (such as 6/0 30 g).")
    shades = clean_name(bowl.shades, f"shades for the {area.lower()}", longest=120)
    product = clean_text(bowl.product, "colour line").strip()
    developer = clean_text(bowl.developer, "developer").strip()
    ratio = " ".join(str(bowl.ratio or "").split())
    if ratio and not _RATIO.match(ratio):
        raise InvalidInput(f"The mixing ratio “{ratio}” is written as colour to developer, "
                           "such as 1:1 or 1:1.5.")
    if len(product) > 60 or len(developer) > 40:
        raise InvalidInput(f"The colour line or developer for the {area.lower()} is too long.")
    if not isinstance(bowl.minutes, int) or not 0 <= bowl.minutes <= MAX_MINUTES:
        raise InvalidInput(f"The processing time for the {area.lower()} is 0 to "
                           f"{MAX_MINUTES} minutes.")
    return Bowl(area, product, shades, developer, ratio.replace(" ", ""), bowl.minutes)
