"""Where the main window sits on this station's screen: maximised the first time (the
status bar stays on a small screen, under a title bar), then as it was last left. Kept in
the station's own settings (Qt's per-user file), not in the salon's database: each station
has its own screen."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

GEOMETRY = "main_window/geometry"


def station_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "salon-pos",
                     "station")


def show_in_place(window: QMainWindow) -> None:
    saved = station_settings().value(GEOMETRY)
    if saved is not None and window.restoreGeometry(saved):
        window.show()
    else:
        window.showMaximized()


def remember_place(window: QMainWindow) -> None:
    settings = station_settings()
    settings.setValue(GEOMETRY, window.saveGeometry())
    settings.sync()
