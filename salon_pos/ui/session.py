"""Who is at the counter and with which salon: built once by `app.py`, passed to pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salon_pos.services.kernel.context import Salon
from salon_pos.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from salon_pos.services.exchange.backups import RestoreRequest
    from salon_pos.ui.mail_worker import MailWorker
    from salon_pos.ui.startup_check import StartupCheck


@dataclass
class Session:
    salon: Salon
    tasks: TaskRunner
    staff_id: int | None = None
    staff_name: str = ""
    role: str = ""
    # Set by the manager's page; the app then closes the window, restores, and opens the
    # salon again at the login.
    restore_request: RestoreRequest | None = None
    # The database file's check at start; the login waits for it (None: nothing to wait).
    startup_check: StartupCheck | None = None
    # The file's check when it did not stand before the login: run once the day book is
    # up, when it replaces `startup_check` (ui/app.py).
    check_in_use: Callable[[], None] | None = None
    # Sends the outbox while the app runs (None in tests that build windows themselves).
    mail: MailWorker | None = None
