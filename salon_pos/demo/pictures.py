"""The demo's pictures: a client's signature as drawn on the pad, and photos of a head of
colour before and after, drawn by Pillow's own operations (a few milliseconds each) from
the demo's seed."""

from __future__ import annotations

import io
import math
import random
from functools import cache

from PIL import Image, ImageChops, ImageDraw, ImageOps

# Hair as the demo's photos show it, RGB: the regrowth and the faded ends before, the
# new colour after (lighter at the ends).
HAIR_TONES = [((92, 72, 56), (150, 118, 84), (196, 150, 92)),
              ((70, 52, 40), (120, 80, 60), (142, 70, 38)),
              ((150, 140, 128), (132, 104, 80), (120, 84, 58)),
              ((110, 86, 60), (170, 140, 100), (214, 186, 140))]
PHOTO_SIZE = (480, 640)


def drawn_signature(rng: random.Random) -> bytes:
    """A signature as a client draws one on the pad: a few joined loops, ink on white."""
    width, height = 520, 150
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    x, points = 24.0, []
    while x < width - 60:
        loop = rng.uniform(14, 34)
        for step in range(12):
            angle = step / 12 * 2 * math.pi
            points.append((x + loop * 0.6 * math.sin(angle) + step * 2.2,
                           height / 2 + rng.uniform(-4, 4) - loop * math.cos(angle)))
        x += loop * 0.9 + 10
    pen.line(points, fill="#10204a", width=4, joint="curve")
    pen.line([(points[0][0], height - 30), (x, height - 34)], fill="#10204a", width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)  # a little larger, twice as fast
    return out.getvalue()


def hair_picture(tone: tuple[tuple, tuple], rng: random.Random) -> Image.Image:
    """A length of hair, root to ends, in strands: the demo's photo of a head of colour
    (the strands drawn from `rng`: a seed gives the same photo)."""
    width, height = PHOTO_SIZE
    sigma = rng.uniform(28, 40)
    row = Image.frombytes("L", (width, 1), bytes(
        min(255, max(0, round(rng.gauss(128, sigma)))) for _ in range(width)))
    strands = ImageOps.autocontrast(row, cutoff=2).point(_SHADE).convert("RGB")
    return ImageChops.multiply(_length(*tone),
                               strands.resize(PHOTO_SIZE, Image.Resampling.NEAREST))


_SHADE = [150 + value * 105 // 255 for value in range(256)]


@cache
def _length(root: tuple, ends: tuple) -> Image.Image:
    """The colour from root to ends (the same for every photo of that colour)."""
    return ImageOps.colorize(Image.linear_gradient("L").resize(PHOTO_SIZE), root, ends)


def visit_photo(tones: tuple, moment: str, rng: random.Random) -> bytes:
    """A photo of the visit as `visit_photos.add_visit_photo` keeps it (a JPEG at quality
    85 with no metadata, at most 1600 pixels a side): the regrowth and faded ends before,
    the new colour after, lighter at the ends."""
    regrowth, faded, colour = tones
    lighter = tuple(min(255, value + 24) for value in colour)
    root_to_ends = (regrowth, faded) if moment == "before" else (colour, lighter)
    out = io.BytesIO()
    hair_picture(root_to_ends, rng).save(out, format="JPEG", quality=85)
    return out.getvalue()
