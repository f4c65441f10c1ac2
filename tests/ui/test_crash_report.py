"""The app never dies silently: a bug in a slot, in background work or a fatal message from
Qt ends in a report file in the data folder and, in the app, a plain window with Copy
details — and neither holds a PIN or a client's details."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from salon_pos import __version__
from salon_pos.services.operations import bookings
from salon_pos.services.views.day_book import booking_details
from salon_pos.ui.crash import MOST_REPORTS, CrashHandler, CrashWindow
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.pages.day_book_panel import CHECK_IN
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner, UnexpectedError
from tests.ui.test_day_book import action_button, click_booking

pytestmark = pytest.mark.qt_no_exception_capture  # the handler under test takes them


@pytest.fixture
def handler(s, qtbot):
    """The app's handler, installed as the app installs it, and taken off afterwards."""
    before = sys.excepthook, threading.excepthook
    crashes = CrashHandler(s.salon.data_dir)
    crashes.install(QApplication.instance())
    yield crashes
    crashes.uninstall(QApplication.instance())
    assert (sys.excepthook, threading.excepthook) == before
    if crashes.window is not None:
        crashes.window.close()


def reports(s) -> list:
    folder = s.salon.data_dir / "crash-reports"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def log_in_as_desk(s, qtbot) -> Session:
    session = Session(s.salon, TaskRunner(s.salon.database))
    login = LoginDialog(session)
    qtbot.addWidget(login)
    login.show()
    login.who.setCurrentIndex(login.who.findData(s.desk))
    qtbot.keyClicks(login.pin, "1111")
    with qtbot.waitSignal(login.accepted, timeout=5000):
        qtbot.mouseClick(login.buttons.button(login.buttons.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    return session


def test_a_crash_in_a_slot_shows_the_window_and_saves_the_report(s, qtbot, handler,
                                                                 monkeypatch):
    session = log_in_as_desk(s, qtbot)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(minutes=30), service_ids=[s.cut],
                            by=s.desk)
    page = DayBookPage(session)
    qtbot.addWidget(page)
    page.show()
    click_booking(qtbot, page, booking)

    def a_bug(chosen: int) -> None:  # a bug that quotes the client it was working for
        raise KeyError(booking_details(s.salon, chosen).client)

    page.handlers[CHECK_IN] = a_bug
    qtbot.mouseClick(action_button(page, "Check in"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: handler.window is not None and handler.window.isVisible())
    (saved,) = reports(s)
    text = saved.read_text(encoding="utf-8")
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    assert f"Salon POS {__version__}" in text and "When (UTC): " in text
    assert "Traceback (most recent call last):" in text and "KeyError: …" in text
    assert "in a_bug" in text  # the frames say where
    assert "opened LoginDialog" in text and "pressed “Log in” in LoginDialog" in text
    assert "pressed “Check in” in DayBookPage" in text
    # Never a PIN, never the client.
    assert "1111" not in text and "Zoë" not in text and "Bhriain" not in text
    window = handler.window
    said = window.said.text()
    assert "Something went wrong" in said and "Your data is safe" in said
    assert str(saved) in said
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    assert window.copy_button.text() == "Copied"


def test_a_bug_in_background_work_is_reported_and_the_page_hears_it_failed(s, qtbot, handler):
    tasks = TaskRunner(s.salon.database)
    heard = []

    def broken_report():
        return 1 / 0

    tasks.run_in_background(broken_report, heard.append, heard.append)
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    (failure,) = heard
    assert isinstance(failure, UnexpectedError)
    qtbot.waitUntil(lambda: handler.window is not None and handler.window.isVisible())
    (saved,) = reports(s)
    text = saved.read_text(encoding="utf-8")
    assert "Where: in background work (" in text and "broken_report" in text
    assert "ZeroDivisionError: division by zero" in text


def test_more_errors_while_the_window_is_open_are_saved_not_shown_again(s, qtbot, handler):
    for _ in range(3):
        try:
            raise RuntimeError("again")
        except RuntimeError as error:
            handler.report(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: len(reports(s)) == 3)
    qtbot.wait(50)
    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, CrashWindow) and w.isVisible()]
    assert len(windows) == 1


def test_after_the_window_is_closed_the_next_error_opens_a_new_one(s, qtbot, handler):
    for _ in range(2):
        try:
            raise RuntimeError("again")
        except RuntimeError as error:
            handler.report(type(error), error, error.__traceback__)
        qtbot.waitUntil(lambda: handler.window is not None and handler.window.isVisible())
        window = handler.window
        with qtbot.waitSignal(window.destroyed, timeout=2000):
            window.close()
        assert handler.window is None
    assert len(reports(s)) == 2


def test_a_bug_repeating_without_end_does_not_fill_the_disk(s, qtbot, handler):
    for _ in range(MOST_REPORTS + 5):
        try:
            raise RuntimeError("on every repaint")
        except RuntimeError as error:
            handler.report(type(error), error, error.__traceback__)
    assert len(reports(s)) == MOST_REPORTS


def test_an_exception_message_quoting_values_is_saved_without_them(s, qtbot, handler):
    try:
        raise ValueError("invalid literal for int() with base 10: '1234'; client “Zoë”, "
                         "card 4111111111111111; DETAIL: Key (name)=(Ann Smith) exists")
    except ValueError as error:
        handler.report(type(error), error, error.__traceback__)
    (saved,) = reports(s)
    text = saved.read_text(encoding="utf-8")
    assert ("ValueError: invalid literal for int() with base 10: …; client …, card …; "
            "DETAIL: Key … exists") in text


def test_a_report_that_cannot_be_written_is_still_shown_to_copy(s, qtbot, handler):
    (s.salon.data_dir / "crash-reports").write_text("a file where the folder should be")
    try:
        raise RuntimeError("disk full")
    except RuntimeError as error:
        handler.report(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: handler.window is not None and handler.window.isVisible())
    assert "RuntimeError: disk full" in handler.window.text
    assert "could not be saved" in handler.window.said.text()


def test_a_fatal_qt_message_leaves_a_report(tmp_path):
    """qFatal ends the process: the report must be on disk before it goes."""
    script = textwrap.dedent(f"""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtCore import qFatal
        from PySide6.QtWidgets import QApplication
        from salon_pos.ui.crash import CrashHandler
        app = QApplication([])
        CrashHandler(Path({str(tmp_path)!r})).install(app)
        qFatal("the window system went away")
    """)
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert ended.returncode != 0
    (saved,) = (tmp_path / "crash-reports").iterdir()
    text = saved.read_text(encoding="utf-8")
    assert "Where: a fatal message from Qt" in text
    assert "A qFatal() call was made" in text  # PySide6 says so for a qFatal from Python
