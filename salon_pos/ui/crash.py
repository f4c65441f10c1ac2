"""The app never dies silently. One handler for what nobody expected — a Python exception
in a slot, in background work or in a thread, and Qt's fatal messages — writes a report
in the data folder (when, which version, the traceback, the last things done in the app)
and says so at the counter in a plain window with Copy details. What the disk or the
database refused (full, read-only, busy) is no bug: it is shown as a refusal in plain
words (`services.kernel.failures`), with no report.

A report carries no PIN and no client's details: the exception's own words are left out
where they quote a value, and the trail of last actions holds only the program's names
for windows and buttons (never one on the PIN pad, never one with a number on it), not
anything typed.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import threading
import traceback
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QEvent, QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from salon_pos import __version__
from salon_pos.services.kernel.failures import StorageFailure, storage_failure
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.widgets.keypad import Keypad

REPORTS_FOLDER = "crash-reports"
TRAIL_LENGTH = 25
# A bug that fires on every repaint must not fill the disk: past this many reports in one
# run, the rest are only counted in the last one's window.
MOST_REPORTS = 20
# Quoted text, a database's "(column)=(value)" and long numbers in an exception's message
# may be someone's name or PIN.
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”|\([^)]*\)=\([^)]*\)|\d{4,}")


class CrashHandler(QObject):
    """Installed once by the app (`install`); `report` is what every unexpected error
    comes to, from any thread."""

    reported = Signal(str, str)  # the report's text, and where it was saved ("" if nowhere)
    refused = Signal(str)  # the disk or the database said no (`storage_failure`'s words)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = Path(data_dir) / REPORTS_FOLDER
        self.trail: deque[str] = deque(maxlen=TRAIL_LENGTH)
        self.window: CrashWindow | None = None
        self.refusal: QMessageBox | None = None  # the last storage failure shown
        self.saved = 0  # reports written in this run
        self._lock = threading.Lock()
        self._reporting = threading.local()  # an error while reporting is not reported again
        # Shown on the UI thread, once the failing slot or worker has returned.
        self.reported.connect(self.tell, Qt.ConnectionType.QueuedConnection)
        self.refused.connect(self.tell_refusal, Qt.ConnectionType.QueuedConnection)

    def install(self, app: QApplication) -> None:
        self._before = sys.excepthook, threading.excepthook
        sys.excepthook = self.report
        threading.excepthook = self._thread_error
        self._qt_default = qInstallMessageHandler(self._qt_message)
        app.installEventFilter(self)

    def uninstall(self, app: QApplication) -> None:
        """Put back the hooks found by `install` (the app has ended)."""
        sys.excepthook, threading.excepthook = self._before
        qInstallMessageHandler(self._qt_default)
        app.removeEventFilter(self)

    # — what was done last —

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QDialog | QMainWindow):
            self.note(f"opened {type(watched).__name__}")  # its title may name a client
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Shortcut) and isinstance(
                watched, QAbstractButton):
            name = _button_name(watched)
            if name:
                self.note(f"pressed “{name}” in {type(watched.window()).__name__}")
        return False

    def note(self, what: str) -> None:
        with self._lock:
            self.trail.append(f"{datetime.now(UTC):%H:%M:%S} {what}")

    # — the report —

    def report(self, kind: type[BaseException], error: BaseException,
               trace: TracebackType | None, *, where: str = "") -> None:
        """Save what happened and tell the person at the counter (any thread)."""
        if issubclass(kind, KeyboardInterrupt) or getattr(self._reporting, "busy", False):
            sys.__excepthook__(kind, error, trace)  # to the terminal, if there is one
            return
        failure = storage_failure(error)
        if failure is not None:  # a full disk, a busy database: said plainly, not a bug
            self.refused.emit(failure.message)
            return
        self._reporting.busy = True
        try:
            # Notes are the program's own words (background work adds one).
            where = "; ".join(getattr(error, "__notes__", ())) or where or _this_thread()
            text = self.report_text(where, "".join(traceback.format_tb(trace)),
                                    f"{kind.__qualname__}: {_without_values(str(error))}")
            self.reported.emit(text, self._save(text))
        finally:
            self._reporting.busy = False

    def _thread_error(self, args: threading.ExceptHookArgs) -> None:
        if not issubclass(args.exc_type, SystemExit):  # a thread's way to end, as threading's
            self.report(args.exc_type, args.exc_value, args.exc_traceback,
                        where=f"the thread “{args.thread.name if args.thread else '?'}”")

    def report_text(self, where: str, frames: str, what: str) -> str:
        with self._lock:
            trail = list(self.trail)
        return "\n".join([
            "Salon POS crash report",
            f"When (UTC): {datetime.now(UTC):%Y-%m-%d %H:%M:%S}",
            f"Version: Salon POS {__version__}, Python {platform.python_version()}, "
            f"PySide6 {pyside_version}, {platform.platform()}",
            f"Where: {where}",
            "",
            "Traceback (most recent call last):",
            frames.rstrip("\n"),
            what,
            "",
            "Last actions (oldest first):",
            *(f"  {line}" for line in trail or ["(none yet)"]),
            "",
        ])

    def _save(self, text: str) -> str:
        """The report as a new file readable by its owner only; "" when the disk says no,
        or this run has saved enough of them."""
        with self._lock:
            if self.saved >= MOST_REPORTS:
                return ""
            self.saved += 1
            number = self.saved
        path = self.folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%SZ}-{os.getpid()}-{number}.txt"
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError:
            return ""
        return str(path)

    def _qt_message(self, kind: QtMsgType, context, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:  # Qt ends the process after this: save, no window
            self._save(self.report_text("a fatal message from Qt",
                                        "".join(traceback.format_stack()[:-1]),
                                        _without_values(message)))
        if self._qt_default is not None:
            self._qt_default(kind, context, message)
        else:
            print(message, file=sys.stderr)

    # — telling the counter —

    def tell(self, text: str, path: str) -> None:
        """One window at a time: errors that follow the first while it is open are saved,
        and not shown again."""
        if self.window is not None:
            return
        try:
            self.window = CrashWindow(text, path)
            self.window.destroyed.connect(self._window_closed)
            self.window.open()
        except Exception:  # the window itself failed: the report stands; never a loop
            traceback.print_exc()

    def tell_refusal(self, message: str) -> None:
        self.refusal = show_refusal(QApplication.activeWindow(), StorageFailure(message))

    def _window_closed(self) -> None:
        self.window = None


class CrashWindow(QDialog):
    def __init__(self, text: str, path: str, parent=None):
        super().__init__(parent)
        self.text = text
        self.setWindowTitle("Something went wrong")
        self.setAccessibleName("Something went wrong")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        saved = (f"The details are saved in {path}." if path else
                 "The details could not be saved on this computer: use Copy details.")
        self.said = QLabel("<b>Something went wrong.</b> Your data is safe: every action is "
                           "saved whole or not at all, and the one that went wrong was not "
                           f"saved. {saved} Please send them to whoever looks after Salon POS.")
        self.said.setWordWrap(True)
        self.said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details")
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleName("Copy details")
        self.copy_button.clicked.connect(self.copy)
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.said)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.copy_button.setText("Copied")


def _button_name(button: QAbstractButton) -> str:
    """What the trail may say of a button: its program-given name, unless it is on a
    keypad or carries a number (a PIN digit, an amount)."""
    parent = button.parentWidget()
    while parent is not None:
        if isinstance(parent, Keypad):
            return ""
        parent = parent.parentWidget()
    name = (button.accessibleName() or button.text()).replace("&", "").replace("\n", " ")
    return "" if any(ch.isdigit() for ch in name) else name[:60]


def _this_thread() -> str:
    thread = threading.current_thread()
    return ("the main thread (a window's slot)" if thread is threading.main_thread()
            else f"the thread “{thread.name}”")


def _without_values(message: str) -> str:
    return _VALUES.sub("…", message)
