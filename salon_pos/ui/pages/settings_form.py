"""What the settings tabs share: show the salon's settings, and save what changed in one
`change_settings` call — checked before a manager is called over, approved, or refused with
its message and nothing saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.settings import SalonSettings, check_consistent, check_setting
from salon_pos.services.operations.salon_setup import change_settings
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine


def changed_settings(current: SalonSettings, values: dict) -> dict:
    """The values that differ from the current settings, each checked (or refused)."""
    checked = {name: check_setting(name, value) for name, value in values.items()}
    return {name: value for name, value in checked.items() if getattr(current, name) != value}


def choice(options: dict[str, str]) -> QComboBox:
    """A drop-down of labels, each carrying the value stored."""
    box = QComboBox()
    for value, label in options.items():
        box.addItem(label, value)
    return box


def select(box: QComboBox, value) -> None:
    """Show `value`, adding it to the choices if it is not one of them (set elsewhere)."""
    if box.findData(value) < 0:
        box.addItem(str(value), value)
    box.setCurrentIndex(box.findData(value))


def form_group(title: str, rows) -> QGroupBox:
    """A titled box of labelled fields; each label is also its field's accessible name."""
    group = QGroupBox(title)
    form = QFormLayout(group)
    for label, widget in rows:
        widget.setAccessibleName(label)
        form.addRow(label, widget)
    return group


class SettingsTab(QWidget):
    """A tab of settings: subclasses lay out `self.content` and say how to `load` the
    settings into their fields and read `values` back out of them."""

    saved = Signal()  # the settings changed: other tabs may show them differently now

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.content = QWidget()
        scroll = QScrollArea()
        scroll.setWidget(self.content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.message = MessageLine()
        self.save_button = QPushButton("Save changes")
        self.save_button.setAccessibleName("Save changes")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.setToolTip("Ctrl+S; a manager approves")
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def load(self, settings: SalonSettings) -> None:
        raise NotImplementedError

    def values(self, settings: SalonSettings) -> dict:
        """The settings as the fields now say (DomainError for what cannot be read)."""
        raise NotImplementedError

    def refresh(self) -> None:
        self.load(self.session.salon.settings())
        self.message.clear()

    def save(self) -> None:
        """Save what changed, and say so: a refusal in red, "Saved." in green."""
        current = self.session.salon.settings()
        try:
            changed = changed_settings(current, self.values(current))
            if changed:
                check_consistent(replace(current, **changed))
        except DomainError as error:
            self.message.refuse(error.message)
            return
        if not changed:
            self.message.working("Nothing has changed.")
            return
        approver = manager_approval(self.session, "Changing the settings", self)
        if approver is None:
            self.message.refuse("Not saved: no manager approved it.")
            return
        try:
            change_settings(self.session.salon, approver, **changed)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.load(self.session.salon.settings())
        self.saved.emit()
        self.message.done("Saved.")
