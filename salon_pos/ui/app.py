"""The desktop app's composition root: one QApplication, one salon, one session."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from salon_pos import __version__
from salon_pos.domain.errors import DomainError
from salon_pos.resources import resource
from salon_pos.services import salon_setup
from salon_pos.services.context import Salon
from salon_pos.ui.dialogs.first_start import FirstStartDialog
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.main_window import MainWindow
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Salon POS")
    app.setApplicationVersion(__version__)
    style = resource("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def run_app(open_salon: Callable[[], Salon]) -> int:
    """Open the salon, first start or log in, then the main window; returns the exit
    code (1 when the salon cannot be opened: the reason is shown, nothing is changed)."""
    app = make_application()
    try:
        salon = open_salon()
    except DomainError as refusal:
        show_start_refusal(refusal.message)
        return 1
    session = Session(salon, TaskRunner(salon.database))
    accepted = QDialog.DialogCode.Accepted
    if not salon_setup.is_set_up() and FirstStartDialog(session).exec() != accepted:
        return 0
    if LoginDialog(session).exec() != accepted:
        return 0
    window = MainWindow(session)
    window.resize(1366, 768)
    window.show()
    return app.exec()


def show_start_refusal(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "Salon POS cannot start", message,
                      QMessageBox.StandardButton.Close)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy it
    # Wide enough for a file path and the restore command on one line each.
    box.findChild(QLabel, "qt_msgbox_label").setMinimumWidth(720)
    box.exec()
