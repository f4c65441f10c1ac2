"""Cold start and memory: a fresh process that opens the salon and paints the day book,
next to a fresh process that shows a bare PySide6 window of the same size.

The parent times each child from its launch to the line it prints once the window has
painted; the child adds its resident memory (VmRSS) at that moment. The app's children
go as the app does (`ui.app.open_session`): the salon opened, the file's quick check
started — before the login, or, the file being as a session that had checked it left it
at its close (the every-day start, prepared once by the "prepare" child), once the day
book is up. "login" paints the login window; "app" logs in at once — a PIN typed in no
time — so the day book waits for whatever the login waits for; "app-changed" is "app" on
a file written since its last clean close (its data folder holds no mark), whose login
waits for the whole file's check.

    python -m benchmarks.budgets.cold_start app DB DAY    # one child run (as the runner does)
    python -m benchmarks.budgets.cold_start login DB DAY
    python -m benchmarks.budgets.cold_start bare
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import salon_pos
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
    # An installed app starts from compiled bytecode (pip and the bundle compile it), which
    # a checkout run with PYTHONDONTWRITEBYTECODE would compile again in every child.
    compileall.compile_dir(Path(salon_pos.__file__).parent, quiet=1)
    launch("prepare", database, day)
    found: dict[str, list[float]] = {}
    for _ in range(runs):  # interleaved, so a busy moment hits all alike
        for child in ("app", "login", "app-changed", "bare"):
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


def prepare(database: str) -> None:
    """What a session that checked the whole file leaves at its clean close."""
    from salon_pos.services.opening import check_at_start, remember_clean_close

    location = _location(database)
    check_at_start(location)
    remember_clean_close(location)
    print("painted 0", flush=True)


def _location(database: str, data_dir: Path | None = None):
    from salon_pos.services.opening import SalonLocation

    return SalonLocation(database, data_dir or Path(database).parent)


def run_app(database: str, day: str, login_only: bool, data_dir: Path | None = None) -> None:
    from datetime import UTC, date, datetime
    from datetime import time as clock_time
    from functools import partial

    from salon_pos.domain.clock import FixedClock
    from salon_pos.domain.localtime import local_to_utc
    from salon_pos.domain.settings import settings_from_rows
    from salon_pos.services.kernel.context import DEFAULT_PIN_COST
    from salon_pos.services.opening import check_at_start
    from salon_pos.store.models import Setting, Staff
    from salon_pos.ui.app import make_application, open_session

    app = make_application()
    clock = FixedClock(datetime.now(UTC))
    location = _location(database, data_dir)
    session = open_session(location, clock, DEFAULT_PIN_COST, partial(check_at_start, location))
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
    session.startup_check.wait()  # the login lets no one in before its check has passed
    session.staff_id, session.staff_name, session.role = manager.id, manager.name, "manager"
    window = MainWindow(session)
    window.resize(*WINDOW)
    _report_after_first_paint(window.day_book.table.viewport())
    window.show()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    elif sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    elif sys.argv[1] == "app-changed":
        with tempfile.TemporaryDirectory() as no_mark:
            run_app(sys.argv[2], sys.argv[3], login_only=False, data_dir=Path(no_mark))
    else:
        run_app(sys.argv[2], sys.argv[3], login_only=sys.argv[1] == "login")
