"""Backups from the manager's page: a restore chosen, checked, confirmed, and the app
starting over on it at the login; a failed automatic backup at day close said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from salon_pos.services.exchange import backups
from salon_pos.services.opening import SalonLocation
from salon_pos.services.operations import clients
from salon_pos.store.models import Client, JournalEntry
from salon_pos.ui import app as app_module
from salon_pos.ui.pages import manager as manager_page
from salon_pos.ui.pages.manager import ManagerPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner

pytestmark = pytest.mark.sqlite_only(reason="restoring the salon's SQLite file")


def manager_page_in_a_window(s, qtbot) -> tuple[QMainWindow, ManagerPage]:
    session = Session(s.salon, TaskRunner(s.salon.database), s.manager, "Maeve Manager",
                      "manager")
    window = QMainWindow()
    page = ManagerPage(session)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.show()
    return window, page


def test_a_chosen_backup_is_checked_confirmed_and_handed_to_the_app(s, qtbot, monkeypatch,
                                                                    tmp_path):
    saved = backups.backup(s.salon, tmp_path / "morning.db")
    window, page = manager_page_in_a_window(s, qtbot)
    monkeypatch.setattr(page, "choose_backup", lambda: saved)
    asked = []
    monkeypatch.setattr(manager_page, "confirm",
                        lambda parent, title, text, yes, no: asked.append(text) or True)

    page.restore_button.click()
    qtbot.waitUntil(lambda: page.session.restore_request is not None, timeout=5000)

    request = page.session.restore_request
    assert (request.backup_file, request.approved_by, request.approver_name) == (
        saved, s.manager, "Maeve Manager")
    assert "morning.db holds “Salon Zoë”" in asked[0] and "nothing is deleted" in asked[0]
    assert not window.isVisible()  # the app takes it from here


def test_a_damaged_backup_is_refused_before_anything_is_asked(s, qtbot, monkeypatch, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    window, page = manager_page_in_a_window(s, qtbot)
    monkeypatch.setattr(page, "choose_backup", lambda: junk)
    monkeypatch.setattr(manager_page, "confirm", lambda *args: pytest.fail("asked"))

    page.restore_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Not restored:"), timeout=5000)

    assert "not a readable Salon POS backup" in page.message.text()
    assert page.session.restore_request is None and window.isVisible()


def test_saying_no_restores_nothing(s, qtbot, monkeypatch, tmp_path):
    saved = backups.backup(s.salon, tmp_path / "morning.db")
    window, page = manager_page_in_a_window(s, qtbot)
    monkeypatch.setattr(page, "choose_backup", lambda: saved)
    monkeypatch.setattr(manager_page, "confirm", lambda *args: False)

    page.restore_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "Nothing was restored.", timeout=5000)

    assert page.session.restore_request is None and window.isVisible()


def test_the_app_restores_then_starts_over_on_the_backup(s, qtbot, monkeypatch, tmp_path):
    """run_app's loop, with the sessions' windows replaced: the first session asks for a
    restore, the second finds the backup in place and its journal saying so."""
    saved = backups.backup(s.salon, tmp_path / "morning.db")
    later = clients.add_client(s.salon, "After The Backup", by=s.desk)
    request = backups.RestoreRequest(saved, backups.check_backup(saved), s.manager,
                                     "Maeve Manager")
    path = Path(s.salon.database.database)
    sessions, told = [], []

    def session_at_the_counter(app, session):
        sessions.append(session)
        if len(sessions) == 1:
            session.restore_request = request
        return 0

    monkeypatch.setattr(app_module, "run_session", session_at_the_counter)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()))

    code = app_module.run_app(SalonLocation(str(path), path.parent), clock=s.clock, pin_cost=16)

    assert code == 0 and len(sessions) == 2
    assert Client.get_or_none(Client.id == later) is None  # the backup is in place
    last = JournalEntry.select().order_by(JournalEntry.seq.desc()).get()
    assert last.memo.startswith("Database restored from morning.db")
    assert told and told[0].startswith("Restored morning.db") and "kept as" in told[0]
    assert len(list(path.parent.glob("salon.db.before-restore-*Z"))) == 1


def test_a_failed_automatic_backup_at_day_close_is_said_plainly(s, qtbot, monkeypatch):
    (s.salon.data_dir / "backups").write_text("a file where the folder should be")
    window, page = manager_page_in_a_window(s, qtbot)

    page.close_today()
    qtbot.waitUntil(lambda: page.last_z_report is not None, timeout=5000)

    assert "automatic backup was not made" in page.message.text()
    warnings = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    assert [w.windowTitle() for w in warnings] == ["The automatic backup failed"]
    assert "Back up now" in warnings[0].text()
    warnings[0].close()
