"""In the app, a full disk or a busy database is a refusal in plain words — in a dialog,
in background work, in any slot — never the crash window, and nothing is saved."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from salon_pos.services.kernel.failures import BUSY, DISK_FULL, StorageFailure
from salon_pos.services.operations import clients
from salon_pos.ui.crash import CrashWindow
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.ui.test_clients_page import page  # noqa: F401 (the fixture)
from tests.ui.test_crash_report import handler, reports  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.qt_no_exception_capture, pytest.mark.sqlite_only("SQLite's limits")]


def make_full(s) -> None:
    """SQLite's page limit on this thread's connection: a real SQLITE_FULL at the next new
    page (a client whose alerts take most of a page is added first, so the next one needs
    a page of its own)."""
    clients.add_client(s.salon, "Orla Page", by=s.desk, alerts="Patch test. " * 300)
    pages = s.salon.database.execute_sql("PRAGMA page_count").fetchone()[0]
    s.salon.database.execute_sql(f"PRAGMA max_page_count = {pages}")


def test_a_new_client_on_a_full_disk_is_refused_in_the_dialog(s, page, qtbot,  # noqa: F811
                                                              handler):  # noqa: F811
    make_full(s)
    before = dump(s.salon)
    qtbot.keyClicks(page.search, "Niamh Byrne")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.alerts.setPlainText("Patch test before any colour. " * 100)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.message.text() == DISK_FULL and dialog.isVisible()
    assert dump(s.salon) == before
    assert handler.window is None and reports(s) == []


def test_background_work_on_a_full_disk_fails_plainly(s, qtbot, handler):  # noqa: F811
    heard = []

    def add_many():  # the worker has its own connection: the limit is set on it
        make_full(s)
        for i in range(200):
            clients.add_client(s.salon, f"Client {i}", by=s.desk, alerts="Patch test. " * 300)

    tasks = TaskRunner(s.salon.database)
    tasks.run_in_background(add_many, heard.append, heard.append)
    qtbot.waitUntil(lambda: bool(heard), timeout=10000)
    assert isinstance(heard[0], StorageFailure) and heard[0].message == DISK_FULL
    assert handler.window is None and reports(s) == []


def test_a_busy_database_in_a_slot_is_said_plainly_not_a_crash(s, qtbot, handler):  # noqa: F811
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode, busy.sqlite_errorname = 5, "SQLITE_BUSY"
    handler.report(type(busy), busy, None)

    def shown() -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible() and w.text() == BUSY]

    qtbot.waitUntil(lambda: bool(shown()))
    assert not any(isinstance(w, CrashWindow) for w in QApplication.topLevelWidgets())
    assert reports(s) == []
    shown()[0].close()
