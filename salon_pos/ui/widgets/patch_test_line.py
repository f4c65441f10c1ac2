"""Where a client stands on patch tests, in a coloured line: green when a valid test is on
file, amber when one is due, not read or too recent. A reaction is shown among the
client's alerts, in red, where the eye goes first — here only where there are none (the
booking dialog: `reaction_too`)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from salon_pos.domain.patch_tests import BADGES, Standing


class PatchTestLine(QLabel):
    def __init__(self, parent=None, *, reaction_too: bool = False):
        super().__init__(parent, objectName="patchTest")
        self.reaction_too = reaction_too
        self.setWordWrap(True)
        self.setAccessibleName("Patch test")
        self.hide()

    def show_state(self, standing: Standing | None, sentence: str) -> None:
        """`sentence` from domain.patch_tests.describe; nothing shown without a standing."""
        shown = standing is not None and (self.reaction_too or standing is not Standing.REACTION)
        self.setVisible(shown)
        if not shown:
            return
        look = BADGES[standing][1]  # good, warn or alert
        self.setProperty("standing", look)
        self.style().unpolish(self)  # the style sheet reads the property anew
        self.style().polish(self)
        self.setText(("✓ " if look == "good" else "⚠ ") + sentence)
