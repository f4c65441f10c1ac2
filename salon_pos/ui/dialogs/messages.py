"""How a refusal reaches the person at the counter: its message, in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from salon_pos.domain.errors import DomainError


def show_refusal(parent: QWidget, error: DomainError) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Not done", error.message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName("Refusal")
    box.open()
