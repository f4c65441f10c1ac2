"""The main window locks by itself after the idle time, and on Ctrl+L; unlocking is a login."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from salon_pos import __version__
from salon_pos.ui import main_window
from salon_pos.ui.app import make_application
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
    window.idle.stop()  # at 50 ms it would lock again while the test is torn down


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


def window_for(s, qtbot, staff_id, name, role) -> MainWindow:
    window = MainWindow(Session(s.salon, TaskRunner(s.salon.database), staff_id, name, role))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_stylist_lands_on_their_day_and_the_desk_on_the_day_book(s, qtbot):
    stylist = window_for(s, qtbot, s.stylist, "Sam Stylist", "stylist")
    desk = window_for(s, qtbot, s.desk, "Dara Desk", "front_desk")

    assert type(stylist.pages.currentWidget()).__name__ == "MyDayPage"
    assert desk.pages.currentWidget() is desk.day_book


def test_the_managers_area_asks_a_non_manager_for_a_managers_pin(s, qtbot, monkeypatch):
    window = window_for(s, qtbot, s.desk, "Dara Desk", "front_desk")
    asked = []
    monkeypatch.setattr(main_window, "manager_approval",
                        lambda session, what, parent: asked.append(what))  # cancelled

    qtbot.keyClick(window, Qt.Key.Key_F9)

    assert asked == ["The manager's area"]
    assert window.pages.currentWidget() is window.day_book
    monkeypatch.setattr(main_window, "manager_approval", lambda *args: s.manager)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.pages.currentWidget() is window.page("manager")


def test_function_keys_move_between_pages_and_each_page_is_fresh(s, qtbot):
    window = window_for(s, qtbot, s.manager, "Maeve Manager", "manager")

    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.pages.currentWidget() is window.page("clients")
    qtbot.keyClick(window, Qt.Key.Key_F9)
    manager_area = window.page("manager")
    assert window.pages.currentWidget() is manager_area
    titles = [manager_area.tabs.tabText(i) for i in range(manager_area.tabs.count())]
    manager_area.tabs.setCurrentIndex(titles.index("Settings"))  # built when first opened
    assert type(manager_area.tabs.currentWidget()).__name__ == "SettingsPage"
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.pages.currentWidget() is window.day_book


def test_the_lock_closes_open_dialogs_and_the_next_person_lands_on_their_page(
        s, qtbot, monkeypatch):
    window = window_for(s, qtbot, s.desk, "Dara Desk", "front_desk")
    open_dialog = QDialog(window)
    open_dialog.open()  # e.g. a checkout left open at the counter
    seen = []

    def stylist_logs_in(dialog):
        seen.append((open_dialog.isVisible(), window.pages.isHidden()))
        window.session.staff_id, window.session.role = s.stylist, "stylist"
        window.session.staff_name = "Aoife Stylist"
        return True

    monkeypatch.setattr(main_window.LoginDialog, "exec", stylist_logs_in)
    window.lock()

    assert seen == [(False, True)]  # nothing of the last person's work stays on screen
    assert type(window.pages.currentWidget()).__name__ == "MyDayPage"
    assert window.statusBar().currentMessage() == "Logged in: Aoife Stylist"


def test_cancel_at_the_lock_asks_before_closing_the_app(s, qtbot, monkeypatch):
    window = window_for(s, qtbot, s.desk, "Dara Desk", "front_desk")
    answers = iter([False, True])  # cancel the login, then log in
    monkeypatch.setattr(main_window.LoginDialog, "exec", lambda dialog: next(answers))
    asked = []
    monkeypatch.setattr(window, "_confirm_quit", lambda: asked.append(1) or False)

    window.lock()

    assert asked == [1] and window.isVisible() and window.pages.isVisible()


def test_after_the_lock_the_next_stylist_sees_their_own_day(s, qtbot, monkeypatch):
    window = window_for(s, qtbot, s.stylist, "Aoife Stylist", "stylist")
    my_day = window.pages.currentWidget()
    assert my_day.stylist_id == s.stylist and my_day.chooser.isHidden()

    def someone_else(staff_id, name, role):
        def log_in(dialog):
            window.session.staff_id, window.session.staff_name = staff_id, name
            window.session.role = role
            return True
        monkeypatch.setattr(main_window.LoginDialog, "exec", log_in)
        window.lock()

    someone_else(s.stylist2, "Łukasz Stylist", "stylist")
    assert window.pages.currentWidget() is my_day and my_day.stylist_id == s.stylist2
    assert "Łukasz Stylist" in my_day.title.text()
    someone_else(s.desk, "Dara Desk", "front_desk")
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert my_day.chooser.isVisible()  # the desk looks at any stylist's day


def test_the_app_names_itself_with_its_version_and_icon(s, qtbot):
    app = QApplication.instance()
    style = app.styleSheet()
    try:
        make_application()
        window = MainWindow(Session(s.salon, TaskRunner(s.salon.database), s.desk,
                                    "Dara Desk", "front_desk"))
        qtbot.addWidget(window)

        assert (app.applicationName(), app.applicationVersion()) == ("Salon POS", __version__)
        assert window.windowTitle() == f"Salon Zoë — Salon POS {__version__}"
        sizes = {size.width() for size in app.windowIcon().availableSizes()}
        assert {16, 32, 256} <= sizes  # the task bar's, the title bar's, the about box's
        assert not window.windowIcon().isNull()  # what QMessageBox.about shows
    finally:
        app.setStyleSheet(style)
