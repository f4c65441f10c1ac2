"""The app's tests keep the station's own settings (the main window's place) in a folder
of their own, never in the person's who runs them; and no test leaves a window open for
the next (a receipt shown after Pay is window-modal: left open, it would keep the next
test's day book from refreshing, as the day book waits while a modal window is up)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog


@pytest.fixture(autouse=True, scope="session")
def station_settings_folder(tmp_path_factory):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("station-settings")))


@pytest.fixture(autouse=True)
def no_window_left_open(qapp):
    yield
    for window in QApplication.topLevelWidgets():
        if isinstance(window, QDialog) and window.isVisible():
            window.close()
