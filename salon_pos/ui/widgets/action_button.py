"""A push button that does one thing, named for screen readers by its label (without its
"&" shortcut mark and its "…")."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def action_button(label: str, action) -> QPushButton:
    button = QPushButton(label)
    button.setAccessibleName(label.replace("&", "").rstrip("…"))
    button.clicked.connect(action)
    return button
