"""The app draws every name it accepts: the fonts the PDFs use are Qt's too, so a Chinese or
Korean name is no row of empty boxes on a machine with no such font of its own."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication

from salon_pos.ui.app import make_application


def glyphs_missing(text: str) -> list[str]:
    """The fonts Qt chose that had no glyph for some of `text` (drawn as empty boxes)."""
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [run.rawFont().familyName() for run in layout.glyphRuns()
            if 0 in run.glyphIndexes()]


def test_names_in_every_script_we_accept_have_glyphs_on_screen(qapp):
    make_application()

    assert {"DejaVu Sans", "Droid Sans Fallback", "NanumGothic"} <= set(
        QFontDatabase.families())
    assert glyphs_missing("Łukasz Żółkiewski 王芳 佐藤さくら 김민준 Siobhán Ó Súilleabháin") == []
