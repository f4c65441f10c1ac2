"""First start on an empty database, and logging in with a PIN checked off the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import DomainError
from salon_pos.services.kernel import access
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import salon_setup
from salon_pos.services.views import staff
from salon_pos.store.database import close_database
from salon_pos.ui import app as app_module
from salon_pos.ui.dialogs import first_start
from salon_pos.ui.dialogs.first_start import FirstStartDialog
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.session import Session
from salon_pos.ui.startup_check import StartupCheck
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import OPENING


def test_first_start_sets_up_the_salon_and_its_manager(tmp_path, qtbot, monkeypatch):
    salon = open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                       pin_cost=16)
    threads = []
    set_up_salon = salon_setup.set_up_salon

    def noting_the_thread(*args, **kwargs):
        threads.append(threading.current_thread())
        return set_up_salon(*args, **kwargs)

    monkeypatch.setattr(salon_setup, "set_up_salon", noting_the_thread)
    session = Session(salon, TaskRunner(salon.database))
    try:
        dialog = FirstStartDialog(session)
        qtbot.addWidget(dialog)
        page = dialog.page
        set_up = dialog.next_button
        qtbot.mouseClick(set_up, Qt.MouseButton.LeftButton)  # nothing typed: the first field
        assert dialog.message.text() == "Please type your salon's name."
        assert dialog.message.tone == "refused"

        page.name.setText("Studio Zoë")  # QTest types ASCII only
        qtbot.mouseClick(set_up, Qt.MouseButton.LeftButton)
        assert dialog.message.text().startswith("Please type your name")
        qtbot.keyClicks(page.manager, "Maeve")
        qtbot.keyClicks(page.pin, "12")
        qtbot.keyClicks(page.pin_again, "12")

        qtbot.mouseClick(set_up, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "4 to 8 digits" in dialog.message.text())
        assert not salon_setup.is_set_up(salon)

        qtbot.keyClicks(page.pin, "34")
        qtbot.keyClicks(page.pin_again, "43")  # a slip: the only manager would be locked out
        qtbot.mouseClick(set_up, Qt.MouseButton.LeftButton)
        assert dialog.message.text().startswith("The two PINs are not the same")
        assert set_up.isEnabled() and not salon_setup.is_set_up(salon)

        page.pin_again.clear()
        qtbot.keyClicks(page.pin_again, "1234")
        qtbot.mouseClick(set_up, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.page.key == "tax", timeout=5000)
        assert salon_setup.is_set_up(salon)
        # The PIN was hashed off the UI thread.
        assert threads and threading.main_thread() not in threads
        assert salon.settings().salon_name == "Studio Zoë"
        (manager,) = staff.list_staff(salon)
        assert (manager["name"], manager["role"]) == ("Maeve", "manager")
        assert access.check_pin(salon, manager["id"], "1234").id == manager["id"]
        # Whoever set the salon up is in, as its manager: no login straight after.
        assert (session.staff_id, session.role) == (manager["id"], "manager")
    finally:
        close_database()


def test_first_start_buttons_are_named_for_screen_readers(tmp_path, qtbot):
    salon = open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                       pin_cost=16)
    try:
        dialog = FirstStartDialog(Session(salon, TaskRunner(salon.database)))
        qtbot.addWidget(dialog)
        assert (dialog.next_button.accessibleName(), dialog.demo_button.accessibleName()) == (
            "Set up my salon", "Try the demo salon")
    finally:
        close_database()


def test_login_refuses_a_wrong_pin_then_lets_the_right_one_in(s, qtbot):
    session = Session(s.salon, TaskRunner(s.salon.database))
    dialog = LoginDialog(session)
    qtbot.addWidget(dialog)
    dialog.who.setCurrentIndex(dialog.who.findText("Dara Desk"))

    qtbot.keyClicks(dialog.pin, "9999")
    dialog.check()
    qtbot.waitUntil(lambda: dialog.message.text() == "That PIN is not right.")

    qtbot.keyClicks(dialog.pin, "1111")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.check()
    assert (session.staff_id, session.staff_name) == (s.desk, "Dara Desk")


# --- the database file's check, run while the login is on screen ---------------------------


def test_a_pin_typed_before_the_file_check_has_finished_waits_for_it(s, qtbot):
    checked = threading.Event()
    session = Session(s.salon, TaskRunner(s.salon.database))
    session.startup_check = StartupCheck(session.tasks, lambda: checked.wait(5))
    dialog = LoginDialog(session)
    qtbot.addWidget(dialog)
    dialog.who.setCurrentIndex(dialog.who.findText("Dara Desk"))
    qtbot.keyClicks(dialog.pin, "1111")

    dialog.check()
    assert dialog.message.text() == "Checking the database file… one moment."
    assert session.staff_id is None and not dialog.buttons.isEnabled()

    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        checked.set()
    assert session.staff_id == s.desk


def test_damage_found_while_the_login_is_up_closes_it_and_the_app_says_why(s, qtbot,
                                                                           monkeypatch):
    """run_app whole: the login is on screen when the check fails; the app closes it,
    shows the way back and ends with 1 — no one logged in."""
    path = s.salon.database.database
    found = threading.Event()
    shown = []

    def check_finding_damage():
        found.wait(5)
        raise DomainError("The database file is damaged. The newest good backup is …")

    def log_in_slowly(dialog):  # the person is still choosing their name
        found.set()
        return QDialog.exec(dialog)

    monkeypatch.setattr(LoginDialog, "exec", log_in_slowly)
    monkeypatch.setattr(app_module, "show_start_refusal", shown.append)

    code = app_module.run_app(SalonLocation(path, s.salon.data_dir), clock=s.clock, pin_cost=16,
                              check_at_start=check_finding_damage)

    assert code == 1 and s.salon.settings()  # the salon was open; nothing was changed
    assert shown == ["The database file is damaged. The newest good backup is …"]


def test_a_check_that_failed_before_the_login_showed_closes_it_at_once(s, qtbot):
    session = Session(s.salon, TaskRunner(s.salon.database))
    session.startup_check = StartupCheck(session.tasks, None)
    session.startup_check.done, session.startup_check.refusal = True, "damaged"
    dialog = LoginDialog(session)
    qtbot.addWidget(dialog)

    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        dialog.show()


def test_the_demo_salon_is_built_behind_a_bar_that_moves_and_says_which_day(
        tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(first_start, "DEMO_DAYS", 1)
    salon = open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                       pin_cost=16)
    try:
        dialog = FirstStartDialog(Session(salon, TaskRunner(salon.database)))
        qtbot.addWidget(dialog)
        dialog.show()
        bar, said = [], []
        dialog.progress.valueChanged.connect(bar.append)
        working = dialog.message.working
        monkeypatch.setattr(dialog.message, "working",
                            lambda text: (said.append(text), working(text)))

        with qtbot.waitSignal(dialog.accepted, timeout=60_000):
            qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
            assert not dialog.demo_button.isEnabled() and dialog.progress.isVisible()

        assert bar == [0, 500, 1000]  # one history day, then today
        assert said[0].startswith("Building the demo salon: its staff, services and clients")
        assert [text.split("…")[0] for text in said[1:]] == [
            "Building the demo salon: day 1 of 2 played", "Building the demo salon: day 2 of 2 "
            "played"]
        assert dialog.message.tone == "working"  # grey, not an error's red
        assert salon_setup.is_set_up(salon)
    finally:
        close_database()
