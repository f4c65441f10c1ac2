"""Titled lists of records (staff, services, products, tax classes) with the buttons that
act on them, opening the add and edit dialogs: the building blocks of the Staff and
Catalogue tabs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine


class ListSection(QGroupBox):
    def __init__(self, title: str, headers: Sequence[str], right_aligned: Sequence[int] = (),
                 parent=None):
        super().__init__(title, parent)
        self.items: list[dict] = []
        self.model = RowsModel(headers, right_aligned, self)
        self.table = list_table(self.model, title)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)

    def add_button(self, label: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(label)
        button.setAccessibleName(f"{label.rstrip('…')} ({self.title().lower()})")
        button.clicked.connect(action)
        self.buttons.addWidget(button)
        return button

    def on_activated(self, action: Callable[[], None]) -> None:
        """Double-click or Enter on a row does `action` (edit it)."""
        self.table.activated.connect(lambda _index: action())

    def show_items(self, items: list[dict], row_of: Callable[[dict], Sequence[str]]) -> None:
        self.items = items
        self.model.set_rows([row_of(item) for item in items])

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None



class ListsTab(QWidget):
    """A tab of such lists: opens the add and edit dialogs, and reloads once one saved."""

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.dialog: QDialog | None = None  # the edit dialog open now, if any
        self.message = MessageLine()

    def refresh(self) -> None:
        raise NotImplementedError

    def chosen(self, section: ListSection) -> dict | None:
        item = section.selected()
        if item:
            self.message.clear()
        else:
            self.message.refuse("Pick one in the list first.")
        return item

    def open_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(self._saved)
        open_modeless(dialog)

    def _saved(self) -> None:
        self.message.done("Saved.")
        self.refresh()
