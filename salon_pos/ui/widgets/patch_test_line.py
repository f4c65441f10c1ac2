"""Where a client stands on patch tests, in a coloured line: green when a valid test is on
file, amber when one is due, not read or too recent. A reaction is not shown here but
among the client's alerts, in red, where the eye goes first."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from salon_pos.domain.patch_tests import BADGES, Standing


class PatchTestLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent, objectName="patchTest")
        self.setWordWrap(True)
        self.setAccessibleName("Patch test")
        self.hide()

    def show_state(self, standing: Standing | None, sentence: str) -> None:
        """`sentence` from domain.patch_tests.describe; nothing shown without a standing."""
        shown = standing is not None and standing is not Standing.REACTION
        self.setVisible(shown)
        if not shown:
            return
        good = BADGES[standing][1] == "good"
        self.setProperty("standing", "good" if good else "warn")
        self.style().unpolish(self)  # the style sheet reads the property anew
        self.style().polish(self)
        self.setText(("✓ " if good else "⚠ ") + sentence)
