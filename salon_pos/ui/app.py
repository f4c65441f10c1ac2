"""The desktop app's composition root: one QApplication, one salon, one session."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QProgressDialog

from salon_pos import __version__
from salon_pos.domain.clock import Clock
from salon_pos.domain.errors import DomainError
from salon_pos.resources import icon_files, resource
from salon_pos.services import opening
from salon_pos.services.kernel.context import DATABASE_ERRORS, DEFAULT_PIN_COST
from salon_pos.services.opening import SalonLocation
from salon_pos.services.operations import salon_setup
from salon_pos.ui import x11_libraries
from salon_pos.ui.crash import CrashHandler
from salon_pos.ui.dialogs.login import LoginDialog
from salon_pos.ui.session import Session
from salon_pos.ui.startup_check import StartupCheck
from salon_pos.ui.tasks import TaskRunner
from salon_pos.ui.window_placement import show_in_place

if TYPE_CHECKING:
    from salon_pos.services.exchange.backups import RestoreRequest

# The file's check, when the login did not wait for it, starts once the day book has been
# up this long: the first screens are drawn without it reading the disk beside them.
CHECK_IN_USE_AFTER_MS = 2_000


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Salon POS")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("salon-pos")  # task bars match it to the salon-pos.desktop entry
    app.setWindowIcon(app_icon())  # every window's, the task bar's and the about box's
    add_shipped_fonts()
    style = resource("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    if os.environ.get("SALON_POS_SMOKE_TEST"):  # a built bundle's check: see ui/smoke.py
        from salon_pos.ui.smoke import quit_after_first_window

        quit_after_first_window(app)
    return app


def add_shipped_fonts() -> None:
    """The fonts the PDFs are drawn in, for Qt to fall back on: what a receipt prints, the
    screen shows, even on a machine with no Chinese or Korean font (names are checked
    against these fonts: domain/validation.py)."""
    for font_file in sorted(resource("fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font_file))


def app_icon() -> QIcon:
    icon = QIcon()
    for size, path in icon_files():
        icon.addFile(str(path), QSize(size, size))
    return icon


def run_app(location: SalonLocation, *, clock: Clock | None = None,
            pin_cost: int = DEFAULT_PIN_COST,
            check_at_start: Callable[[], None] | None = None) -> int:
    """Open the salon, first start or log in, then the main window; returns the exit
    code (1 when the salon cannot be opened: the reason is shown, nothing is changed).
    The file's quick check (`check_at_start`, by default opening's) runs while the
    login is on screen, and the login waits for it — unless the file is exactly as a
    session that had checked it left it at its close: then the check runs once the day
    book is up, and damage found closes the app with the way back. A session that checked
    the file and closed cleanly remembers so for the next start. A restore asked for on
    the manager's page closes the window, puts the backup in place and starts over on it,
    at the login.
    Whatever nobody expected goes to the crash handler (crash.py) while the app runs.
    A system without the libraries Qt needs to draw is told which, before Qt aborts."""
    if x11_libraries.uses_xcb() and (missing := x11_libraries.missing_libraries()):
        print(x11_libraries.missing_libraries_message(missing), file=sys.stderr)
        return 1
    app = make_application()
    crashes = CrashHandler(location.data_dir, app)
    crashes.install(app)
    try:
        return _run_sessions(app, location, clock, pin_cost,
                             check_at_start or partial(opening.check_at_start, location))
    finally:
        crashes.uninstall(app)


def _run_sessions(app: QApplication, location: SalonLocation, clock: Clock | None,
                  pin_cost: int, check_at_start: Callable[[], None] | None) -> int:
    restored: tuple[RestoreRequest, Path | None] | None = None
    while True:
        try:
            session = open_session(location, clock, pin_cost, check_at_start)
        except DomainError as refusal:
            show_start_refusal(refusal.message)
            return 1
        check_in_use = session.check_in_use
        try:
            if restored is not None:
                _say_restored(*restored)
            code = run_session(app, session)
        except DATABASE_ERRORS:
            # Read before the check had finished, or had even begun: it says what is wrong.
            if not session.startup_check.ran and check_in_use:
                session.startup_check = StartupCheck(session.tasks, check_in_use)
            session.startup_check.wait()
            if not session.startup_check.refusal:
                raise
        if session.startup_check.refusal:
            show_start_refusal(session.startup_check.refusal)
            return 1
        if session.restore_request is None:
            _close_cleanly(session, location)
            return code
        restored = restore_with_progress(session)
        check_at_start = None  # the backup was checked before it was put in place


def open_session(location: SalonLocation, clock: Clock | None, pin_cost: int,
                 check: Callable[[], None] | None) -> Session:
    """The salon opened (refusals raised) and the file's `check` started: while the login
    is on screen, or — the file as a session that had checked it left it at its close —
    once the day book is up (`check_in_use`)."""
    trusted = check is not None and opening.checked_at_its_last_close(location)
    salon = opening.open_salon(location, clock, check=False, pin_cost=pin_cost)
    session = Session(salon, TaskRunner(salon.database), check_in_use=check if trusted else None)
    session.startup_check = StartupCheck(session.tasks, None if trusted else check)
    return session


def _close_cleanly(session: Session, location: SalonLocation) -> None:
    """No work left on the database and its connection closed (its log moved into the
    file); when this session checked the whole file, the next start may trust it until
    the day book is up."""
    session.startup_check.wait()  # closed within a second of starting: its verdict counts
    QThreadPool.globalInstance().waitForDone()
    session.salon.database.close()
    if session.startup_check.passed:
        opening.remember_clean_close(location)


def _check_while_in_use(app: QApplication, session: Session) -> None:
    """The file's check, when it did not stand before the login: on a worker, with the
    day book in use; damage found ends the session (the app then shows the way back)."""
    check = session.startup_check = StartupCheck(session.tasks, session.check_in_use)

    def checked() -> None:
        if check.refusal:
            app.exit(1)  # every event loop, an open dialog's too

    check.finished.connect(checked)


def run_session(app: QApplication, session: Session) -> int:
    """First start (whoever sets the salon up is logged in as its manager), else the
    login; then the main window, maximised the first time, later as it was left."""
    if not salon_setup.is_set_up(session.salon):
        from salon_pos.ui.dialogs.first_start import FirstStartDialog  # once in a salon's life

        FirstStartDialog(session).exec()
        if not salon_setup.is_set_up(session.salon):
            return 0
    if session.staff_id is None and LoginDialog(session).exec() != QDialog.DialogCode.Accepted:
        return 0
    from salon_pos.ui.mail_worker import MailWorker
    from salon_pos.ui.main_window import MainWindow  # after the login: it comes up first

    window = MainWindow(session)
    session.mail = MailWorker(session, window)  # stops with the window
    session.mail.start()
    show_in_place(window)
    if session.check_in_use:
        QTimer.singleShot(CHECK_IN_USE_AFTER_MS, partial(_check_while_in_use, app, session))
    code = app.exec()
    # Gone before the database is swapped: its pages' timers must not reach for it.
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


def restore_with_progress(session: Session) -> tuple[RestoreRequest, Path | None] | None:
    """Put the requested backup in place off the UI thread, with a window saying so;
    None (and the reason shown) when it could not be, the database left as it was."""
    from salon_pos.services.exchange import backups

    request = session.restore_request
    QThreadPool.globalInstance().waitForDone()  # no worker still using the database
    session.salon.database.close()  # this thread's connection: its files are about to move
    waiting = QProgressDialog("Restoring the backup…", "", 0, 0)
    waiting.setWindowTitle("Salon POS")
    waiting.setCancelButton(None)
    waiting.setMinimumDuration(0)
    loop = QEventLoop()
    outcome: list = []

    def finished(result) -> None:
        outcome.append(result)
        loop.quit()

    session.tasks.run_in_background(lambda: backups.restore_over(session.salon, request),
                                    finished, finished, connected=False)
    waiting.show()
    loop.exec()
    waiting.close()
    (result,) = outcome
    if isinstance(result, DomainError):
        show_start_refusal(f"The backup was not restored: {result.message}\n\n"
                           "The database is as it was.")
        return None
    return request, result


def _say_restored(request: RestoreRequest, kept: Path | None) -> None:
    kept_text = (f"The database as it was before is kept as {kept}." if kept else "")
    box = QMessageBox(QMessageBox.Icon.Information, "Backup restored",
                      f"Restored {request.backup_file.name}: {request.summary.describe()}"
                      f"\n\n{kept_text}\n\nPlease log in again.",
                      QMessageBox.StandardButton.Ok)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def show_start_refusal(message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "Salon POS cannot start", message,
                      QMessageBox.StandardButton.Close)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy it
    # Wide enough for a file path and the restore command on one line each.
    box.findChild(QLabel, "qt_msgbox_label").setMinimumWidth(720)
    box.exec()
