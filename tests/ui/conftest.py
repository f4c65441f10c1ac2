"""The app's tests keep the station's own settings (the main window's place) in a folder
of their own, never in the person's who runs them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True, scope="session")
def station_settings_folder(tmp_path_factory):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("station-settings")))
