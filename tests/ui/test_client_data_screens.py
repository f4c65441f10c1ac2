"""A client's own data on screen: from the Clients page a manager hands it out into a
folder and erases it — the window says what goes, what stays and why, and waits for a tick
— counted; the page then says the client is erased and no longer books them; what stands
in the way (an open visit) is said and the erase cannot be pressed; lapsed clients are
listed, then purged, from the Data tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from salon_pos.services.operations import clients, salon_setup
from salon_pos.store.models import Client, JournalEntry
from salon_pos.ui.dialogs import client_data
from salon_pos.ui.pages import data_tab
from salon_pos.ui.pages.clients import ClientsPage
from salon_pos.ui.pages.data_tab import DataPage
from tests.conftest import dump
from tests.services.conftest import zoes_record  # noqa: F401 (a fixture)
from tests.services.test_erasure import settled  # noqa: F401 (a fixture)
from tests.ui.steps import Steps, button
from tests.ui.test_clients_page import open_zoe, session_of

# Their data…, Save…, the folder chosen, the tick, Erase, Close.
HAND_OUT_AND_ERASE_TARGET = 6


@pytest.fixture
def managers_page(s, qtbot) -> ClientsPage:
    page = ClientsPage(session_of(s, "manager"))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_a_manager_hands_out_then_erases_a_clients_data(s, managers_page, qtbot, tmp_path,
                                                        monkeypatch, settled):  # noqa: F811
    page, steps = managers_page, Steps(qtbot)
    open_zoe(qtbot, page)
    steps.click(page.data_button)
    dialog = page.dialog
    assert "Insurers ask for the record" in dialog.explained.toPlainText()
    assert not dialog.erase_button.isEnabled()  # not before the tick

    monkeypatch.setattr(client_data.QFileDialog, "getExistingDirectory",
                        lambda *args: str(tmp_path))
    steps.click(dialog.save_button)
    steps.done.append("choose the folder")
    qtbot.waitUntil(lambda: dialog.last_folder is not None, timeout=10_000)
    assert (tmp_path / f"client-{s.client}" / f"client-{s.client:06d}.pdf").is_file()

    steps.click(dialog.sure, QPoint(8, dialog.sure.height() // 2))
    steps.click(dialog.erase_button)
    qtbot.waitUntil(lambda: dialog.erased, timeout=10_000)
    assert "Erased: the client is now “Erased client" in dialog.message.text()
    steps.click(button(dialog, "Close"))

    assert steps.count <= HAND_OUT_AND_ERASE_TARGET, str(steps)
    zoe = Client.get_by_id(s.client)
    assert zoe.name == f"Erased client {s.client}" and zoe.erased_at is not None
    qtbot.waitUntil(lambda: page.name.text() == zoe.name)
    assert "Personal data erased on" in page.alerts.text()
    assert not page.book_button.isEnabled() and not page.edit_button.isEnabled()
    page.activateWindow()
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is dialog  # Ctrl+E opens no editor for an erased client
    assert JournalEntry.select().where(JournalEntry.memo.contains("personal data erased")
                                       ).exists()


def test_what_stands_in_the_way_is_said_and_erase_cannot_be_pressed(s, managers_page, qtbot,
                                                                    zoes_record):  # noqa: F811
    page = managers_page
    open_zoe(qtbot, page)
    before = dump(s.salon)
    qtbot.mouseClick(page.data_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.mouseClick(dialog.sure, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, dialog.sure.height() // 2))
    assert dialog.sure.isChecked() and not dialog.erase_button.isEnabled()
    texts = dialog.explained.toPlainText()
    assert "booking(s) are still open — cancel or finish them first" in texts
    dialog.reject()
    assert dump(s.salon) == before


def test_lapsed_clients_are_listed_then_purged_from_the_data_tab(s, qtbot, monkeypatch):
    monkeypatch.setattr(data_tab, "manager_approval", lambda *args: s.manager)
    lapsed = clients.add_client(s.salon, "Lapsed Lorcan", by=s.desk, phone="086 111 2222")
    salon_setup.change_settings(s.salon, s.manager, clients_kept_years=1)
    s.clock.advance(days=400)
    page = DataPage(session_of(s, "desk"))
    qtbot.addWidget(page)
    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    dialog = page.purge_dialog
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert [row[1] for row in dialog.rows.rows] == ["Zoë Ní Bhriain", "Lapsed Lorcan"]
    assert Client.get_by_id(lapsed).erased_at is None  # listed only, so far
    qtbot.mouseClick(dialog.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 client(s) erased" in dialog.message.text(), timeout=10_000)
    assert Client.get_by_id(lapsed).name == f"Erased client {lapsed}"
    dialog.reject()
