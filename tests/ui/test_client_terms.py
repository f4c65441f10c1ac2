"""A client's terms: a manager opens a house account with its limit from the profile, and
a limit mistyped is refused with nothing changed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from salon_pos.store.models import Client
from salon_pos.ui.pages.clients import ClientsPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump


def managers_page(s, qtbot) -> ClientsPage:
    page = ClientsPage(Session(s.salon, TaskRunner(s.salon.database), s.manager,
                               "Maeve Manager", "manager"))
    qtbot.addWidget(page)
    page.open_client(s.client)
    page.change_deposit_rule()
    return page


def test_a_manager_opens_a_house_account_with_its_limit(s, qtbot):
    page = managers_page(s, qtbot)
    dialog = page.dialog
    assert not dialog.limit.isEnabled()

    dialog.house.setChecked(True)
    dialog.limit.setText("200")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    client = Client.get_by_id(s.client)
    assert (client.house_account_enabled, client.house_account_limit) == (True, 20_000)


def test_a_mistyped_limit_is_refused_and_nothing_changes(s, qtbot):
    page = managers_page(s, qtbot)
    before = dump(s.salon)
    page.dialog.house.setChecked(True)
    page.dialog.limit.setText("two hundred")

    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)

    assert page.dialog.message.text()
    assert dump(s.salon) == before
