"""The main window locks by itself after the idle time, and on Ctrl+L; unlocking is a login."""

from __future__ import annotations

from PySide6.QtCore import Qt

from salon_pos.ui import main_window
from salon_pos.ui.main_window import MainWindow
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner


def test_it_locks_after_the_idle_time_and_a_login_unlocks_it(s, qtbot, monkeypatch):
    window = MainWindow(Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                                "front_desk"))
    qtbot.addWidget(window)
    window.show()
    assert window.idle.isActive() and window.idle.interval() == 5 * 60_000

    seen_locked = []

    def log_in_again(dialog):
        seen_locked.append(window.pages.isHidden())
        return True

    monkeypatch.setattr(main_window.LoginDialog, "exec", log_in_again)
    window.idle.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: seen_locked == [True], timeout=2000)
    assert window.pages.isVisible() and window.idle.isActive()


def test_a_key_press_restarts_the_idle_countdown(s, qtbot):
    window = MainWindow(Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                                "front_desk"))
    qtbot.addWidget(window)
    window.show()
    window.idle.setInterval(10_000)
    window.idle.start()
    qtbot.wait(1500)
    assert window.idle.remainingTime() < 9_000

    qtbot.keyClick(window, Qt.Key.Key_Shift)

    assert window.idle.remainingTime() > 9_000
