"""The embedded fonts, and text marked up so every character is set in a font that can
draw it: DejaVu Sans for Latin, Greek, Cyrillic and currency signs, Droid Sans Fallback for
Chinese and Japanese, Nanum Gothic for Korean.

Scripts that need shaping (Devanagari, Arabic …) are beyond reportlab; `uncovered()` names
characters no font here can draw, so callers and tests can tell."""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from salon_pos.resources import resource

REGULAR, BOLD = "SalonSans", "SalonSans-Bold"
# Fallback fonts, tried in order for a character the main font lacks.
FALLBACKS = (("SalonCJK", "DroidSansFallbackFull.ttf"), ("SalonHangul", "NanumGothic.ttf"))


@cache
def register_fonts() -> dict[str, frozenset[int]]:
    """Register the fonts once; returns each font's name → the code points it can draw."""
    fonts = resource("fonts")
    main = TTFont(REGULAR, fonts / "DejaVuSans.ttf")
    pdfmetrics.registerFont(main)
    pdfmetrics.registerFont(TTFont(BOLD, fonts / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    coverage = {REGULAR: frozenset(main.face.charToGlyph)}
    for name, file_name in FALLBACKS:
        font = TTFont(name, fonts / file_name)
        pdfmetrics.registerFont(font)
        coverage[name] = frozenset(font.face.charToGlyph)
    return coverage


def font_for(ch: str) -> str | None:
    """The first font that can draw `ch` (None: none of them can)."""
    if ch.isspace():
        return REGULAR
    for name, points in register_fonts().items():
        if ord(ch) in points:
            return name
    return None


def uncovered(text: str) -> str:
    """The characters of `text` that no embedded font can draw."""
    return "".join(dict.fromkeys(ch for ch in str(text) if font_for(ch) is None))


def markup(text: str) -> str:
    """`text` escaped for a Paragraph, each run set in a font that has its characters."""
    out, run, current = [], [], REGULAR
    for ch in str(text):
        font = font_for(ch) or REGULAR
        if font != current and run:
            out.append(_run("".join(run), current))
            run = []
        current = font
        run.append(ch)
    if run:
        out.append(_run("".join(run), current))
    return "".join(out).replace("\n", "<br/>")


def _run(text: str, font: str) -> str:
    escaped = escape(text)
    return escaped if font == REGULAR else f'<font name="{font}">{escaped}</font>'
