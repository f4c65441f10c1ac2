"""Each member of staff's colour in the day book: a palette of light, distinct colours,
handed out in turn so that two stylists' columns never look alike until it runs out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

PALETTE = ("#7b9acc", "#e57373", "#81c784", "#ffb74d", "#ba68c8", "#4db6ac", "#f06292",
           "#a1887f", "#dce775", "#64b5f6", "#ff8a65", "#90a4ae")


def next_colour(taken: Iterable[str]) -> str:
    """The first palette colour nobody has; once all are taken, the one fewest have."""
    counts = Counter(colour.lower() for colour in taken)
    return min(PALETTE, key=lambda colour: counts[colour])
