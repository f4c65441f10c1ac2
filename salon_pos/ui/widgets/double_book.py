"""The choice to double-book on purpose, offered once a clash was refused: the booking is
then marked double-booked, made (or moved) by the person logged in, who is named here."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget


class DoubleBookChoice(QWidget):
    """Its room is kept while it waits for a clash, so appearing moves nothing under the
    mouse (a form layout gives a hidden widget's row away)."""

    def __init__(self, staff_name: str, parent=None):
        super().__init__(parent)
        self.box = QCheckBox(f"Double-book on purpose (allowed by {staff_name})")
        self.box.setAccessibleName("Double-book on purpose")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.setFixedHeight(self.box.sizeHint().height())
        self.box.hide()

    def isChecked(self) -> bool:  # noqa: N802 (as a check box says it)
        return not self.box.isHidden() and self.box.isChecked()

    def offer(self) -> None:
        self.box.show()

    def clash_gone(self) -> None:
        """Another stylist, day, time or length: the clash that was refused is not this."""
        self.box.setChecked(False)
        self.box.hide()
