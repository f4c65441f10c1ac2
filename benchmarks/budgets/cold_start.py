"""Cold start and memory: a fresh process that opens the salon and paints the day book,
next to a fresh process that shows a bare PySide6 window of the same size.

The parent times each child from its launch to the line it prints once the window has
painted; the child adds its resident memory (VmRSS) at that moment. The app's children
go as the app does: the salon opened, the file's quick check started beside it. "login"
paints the login window (the check still running); "app" logs in at once — a PIN typed
in no time — so the day book (the busiest day) waits for the check, as the login does.

    python -m benchmarks.budgets.cold_start app DB DAY    # one child run (as the runner does)
    python -m benchmarks.budgets.cold_start login DB DAY
    python -m benchmarks.budgets.cold_start bare
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.budgets.timing import Samples

WINDOW = (1366, 768)


def launch(*args: str) -> tuple[float, float]:
    """Seconds from launch to painted, and the child's RSS in MB then."""
    environment = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM",
                                                                   "offscreen")}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "benchmarks.budgets.cold_start", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=environment,
                             cwd=Path(__file__).resolve().parents[2])
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    _, errors = child.communicate(timeout=60)  # Qt's chatter on stderr is not shown
    if not line.startswith("painted"):
        raise RuntimeError(f"the {args[0]} child did not paint (exit {child.returncode}):\n"
                           f"{errors}")
    return elapsed, int(line.split()[1]) / 1024


def cold_starts(database: str, day: str, runs: int) -> dict[str, Samples]:
    """Milliseconds to painted ("app", "login", "bare") and MB resident ("…_rss")."""
    found: dict[str, list[float]] = {}
    for _ in range(runs):  # interleaved, so a busy moment hits all alike
        for child in ("app", "login", "bare"):
            seconds, rss = launch(child, database, day) if child != "bare" else launch(child)
            found.setdefault(child, []).append(seconds * 1000)
            found.setdefault(f"{child}_rss", []).append(rss)
    return {name: Samples(tuple(values)) for name, values in found.items()}


def _report_after_first_paint(widget) -> None:
    """Print 'painted <VmRSS kB>' once `widget` has painted, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        rss = next(line.split()[1] for line in Path("/proc/self/status").read_text()
                   .splitlines() if line.startswith("VmRSS"))
        print(f"painted {rss}", flush=True)
        QApplication.instance().quit()

    watcher = FirstPaint(widget)
    widget.installEventFilter(watcher)


def run_bare() -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    label = QLabel("Salon POS")
    window.setCentralWidget(label)
    window.resize(*WINDOW)
    _report_after_first_paint(label)
    window.show()
    app.exec()


def run_app(database: str, day: str, login_only: bool) -> None:
    from datetime import UTC, date, datetime
    from datetime import time as clock_time

    from salon_pos.domain.clock import FixedClock
    from salon_pos.domain.localtime import local_to_utc
    from salon_pos.domain.settings import settings_from_rows
    from salon_pos.services.opening import SalonLocation, check_at_start, open_salon
    from salon_pos.store.models import Setting, Staff
    from salon_pos.ui.app import make_application
    from salon_pos.ui.session import Session
    from salon_pos.ui.startup_check import StartupCheck
    from salon_pos.ui.tasks import TaskRunner

    app = make_application()
    clock = FixedClock(datetime.now(UTC))
    location = SalonLocation(database, Path(database).parent)
    salon = open_salon(location, clock, check=False)
    session = Session(salon, TaskRunner(salon.database))
    startup = StartupCheck(session.tasks, lambda: check_at_start(location))
    session.startup_check = startup
    if login_only:
        from salon_pos.ui.dialogs.login import LoginDialog

        window = LoginDialog(session)
        _report_after_first_paint(window)
        window.show()
        app.exec()
        return
    from salon_pos.ui.main_window import MainWindow

    tz = settings_from_rows({row.key: row.value for row in Setting.select()}).tz
    clock.set(local_to_utc(date.fromisoformat(day), clock_time(12), tz))
    manager = Staff.select().where(Staff.active & (Staff.role == "manager")).first()
    session.staff_id, session.staff_name, session.role = manager.id, manager.name, "manager"
    window = MainWindow(session)
    window.resize(*WINDOW)
    _report_after_first_paint(window.day_book.table.viewport())
    startup.wait()  # the login lets no one in before the file has passed its check
    window.show()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_app(sys.argv[2], sys.argv[3], login_only=sys.argv[1] == "login")
