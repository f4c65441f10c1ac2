"""The main window opens maximised on a station's first start (a window the size of the
screen under a title bar loses its status bar), then as it was last left there."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from salon_pos.ui.main_window import MainWindow
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from salon_pos.ui.window_placement import GEOMETRY, show_in_place, station_settings


def open_window(s, qtbot) -> MainWindow:
    window = MainWindow(Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                                "front_desk"))
    qtbot.addWidget(window)
    show_in_place(window)
    return window


def test_the_first_time_it_opens_maximised_then_as_it_was_left(s, qtbot):
    station_settings().remove(GEOMETRY)
    first = open_window(s, qtbot)
    assert first.windowState() & Qt.WindowState.WindowMaximized

    first.showNormal()
    first.setGeometry(QRect(40, 50, 1100, 650))
    first.close()
    assert station_settings().value(GEOMETRY) is not None  # this station's, not the salon's

    again = open_window(s, qtbot)
    assert not again.windowState() & Qt.WindowState.WindowMaximized
    assert again.height() == 650  # (its width is held to the test screen's)

    again.showMaximized()
    again.close()
    assert open_window(s, qtbot).windowState() & Qt.WindowState.WindowMaximized
