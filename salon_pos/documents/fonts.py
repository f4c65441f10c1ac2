"""The embedded fonts, and text marked up so every character has a font that can draw it:
DejaVu Sans for Latin, Greek, Cyrillic and currency signs, Droid Sans Fallback for CJK."""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from salon_pos.resources import resource

REGULAR, BOLD, FALLBACK = "SalonSans", "SalonSans-Bold", "SalonFallback"


@cache
def register_fonts() -> frozenset[int]:
    """Register the fonts once; returns the code points the main font can draw."""
    fonts = resource("fonts")
    main = TTFont(REGULAR, fonts / "DejaVuSans.ttf")
    pdfmetrics.registerFont(main)
    pdfmetrics.registerFont(TTFont(BOLD, fonts / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(TTFont(FALLBACK, fonts / "DroidSansFallbackFull.ttf"))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    return frozenset(main.face.charToGlyph)


def markup(text: str) -> str:
    """`text` escaped for a Paragraph, with runs the main font lacks set in the fallback."""
    covered = register_fonts()
    out, run, in_fallback = [], [], False
    for ch in str(text):
        needs_fallback = ord(ch) not in covered and not ch.isspace()
        if needs_fallback != in_fallback and run:
            out.append(_run("".join(run), in_fallback))
            run = []
        in_fallback = needs_fallback
        run.append(ch)
    if run:
        out.append(_run("".join(run), in_fallback))
    return "".join(out).replace("\n", "<br/>")


def _run(text: str, fallback: bool) -> str:
    escaped = escape(text)
    return f'<font name="{FALLBACK}">{escaped}</font>' if fallback else escaped
