"""The clients found as a name or phone is typed, in a list: the best match chosen at once
(one left needs no click); each item carries the client's id."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.clients import search_clients


def client_item(client_id: int, name: str, phone: str) -> QListWidgetItem:
    item = QListWidgetItem(name + (f" — {phone}" if phone else ""))
    item.setData(Qt.ItemDataRole.UserRole, client_id)
    return item


def show_found_clients(found: QListWidget, salon: Salon, text: str) -> None:
    found.clear()
    for client in search_clients(salon, text):
        found.addItem(client_item(client["id"], client["name"], client["phone"]))
    if found.count():
        found.setCurrentRow(0)
