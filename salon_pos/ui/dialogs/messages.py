"""How a refusal reaches the person at the counter: its message, in a dialog; and the one
question asked before a step that cannot be undone."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from salon_pos.domain.errors import DomainError


def show_refusal(parent: QWidget, error: DomainError) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "Not done", error.message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName("Refusal")
    box.open()


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """Ask, in words that say what will happen; True only if `yes` was pressed. Enter and
    Escape both answer `no`, so the step is only ever taken on purpose."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setAccessibleName(title)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    for button, name in ((yes_button, yes), (no_button, no)):
        button.setAccessibleName(name)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
