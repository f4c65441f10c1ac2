"""How a refusal reaches the person at the counter: its message, in a dialog; the one
question asked before a step that cannot be undone; and how dialogs are run so that none
outlives its use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from salon_pos.domain.errors import DomainError
from salon_pos.ui.tasks import UnexpectedError


def run_modal(dialog: QDialog) -> int:
    """exec() a dialog, then free it: the pages live all day, and a dialog left behind as
    their hidden child would keep its memory (megabytes each) until the app closes."""
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def open_modeless(dialog: QDialog) -> QDialog:
    """open() a dialog that frees itself once closed (for the same reason)."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_refusal(parent: QWidget | None, error: DomainError) -> QMessageBox | None:
    """The box shown (with no parent, the caller keeps it, or Python frees it at once)."""
    if isinstance(error, UnexpectedError):
        return None  # the crash window says it, once
    box = QMessageBox(QMessageBox.Icon.Information, "Not done", error.message,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName("Refusal")
    return open_modeless(box)


def warn(parent: QWidget, title: str, text: str) -> None:
    """Something the person must not miss, though nothing was refused."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAccessibleName(title)
    open_modeless(box)


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
    run_modal(box)
    return box.clickedButton() is yes_button
