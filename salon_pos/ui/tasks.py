"""Slow work off the UI thread: `run_in_background(work, done)` runs `work()` on Qt's
thread pool (with its own database connection) and calls `done(result)` — or shows the
refusal — back on the UI thread (a full disk or a busy database is a refusal too, said in
plain words by `storage_failure`). A bug in the work goes to the app's one handler of
unexpected errors (`sys.excepthook`, see crash.py), and the page hears the action failed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from salon_pos.domain.errors import DomainError
from salon_pos.services.kernel.failures import storage_failure

MIN_WORKERS = 4


class UnexpectedError(DomainError):
    """Background work failed on a bug: the crash handler has already told the person."""


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], database, relay: _Relay):
        super().__init__()
        self.work, self.database, self.relay = work, database, relay

    def run(self) -> None:
        try:
            if self.database is None:  # work on the database's files, not through it
                result = self.work()
            else:
                # sqlite3 connections belong to their thread: this worker opens its own.
                with self.database.connection_context():
                    result = self.work()
        except DomainError as error:
            self.relay.failed.emit(error)
        except Exception as error:
            failure = storage_failure(error)  # the disk or the database said no: not a bug
            if failure is not None:
                self.relay.failed.emit(failure)
                return
            # A bug: the crash handler says so and keeps the details.
            error.add_note(f"in background work ({getattr(self.work, '__qualname__', '?')})")
            sys.excepthook(type(error), error, error.__traceback__)
            self.relay.failed.emit(UnexpectedError(
                "Something went wrong; the action was not completed."))
        else:
            self.relay.finished.emit(result)


class TaskRunner(QObject):
    """Keeps the relays alive until their job reports back."""

    def __init__(self, database, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.pool = QThreadPool.globalInstance()
        # Not one thread per core: a report over years must not hold up a PIN check.
        self.pool.setMaxThreadCount(max(self.pool.maxThreadCount(), MIN_WORKERS))
        self._running: set[_Relay] = set()

    def run_in_background(self, work: Callable[[], Any], done: Callable[[Any], None],
                          failed: Callable[[DomainError], None], *,
                          connected: bool = True) -> None:
        """`connected=False` runs `work` with no connection of its own (a restore, which
        replaces the database's files)."""
        relay = _Relay()
        self._running.add(relay)

        def finish(result):
            self._running.discard(relay)
            done(result)

        def fail(error):
            self._running.discard(relay)
            failed(error)

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        self.pool.start(_Job(work, self.database if connected else None, relay))


class NewestOnly:
    """Background loads where only the newest request counts: a page reloaded while an
    older load is still running shows the newer answer, and the older one is dropped."""

    def __init__(self, tasks: TaskRunner):
        self.tasks = tasks
        self.asked = 0

    def run(self, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[DomainError], None]) -> None:
        self.asked += 1
        asked = self.asked

        def newest(report: Callable) -> Callable:
            return lambda answer: report(answer) if asked == self.asked else None

        self.tasks.run_in_background(work, newest(done), newest(failed))
