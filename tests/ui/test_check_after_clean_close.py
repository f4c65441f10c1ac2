"""The file's check at start stands before the login unless the file is exactly as a
session that had checked it left it at its close: then the login comes at once and the
check runs with the day book up (store/clean_close.py, ui/app.py). Damage is still found,
before anyone works on it or moments after."""

from __future__ import annotations

import io
import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from salon_pos.cli.main import main
from salon_pos.services import opening
from salon_pos.services.opening import SalonLocation
from salon_pos.store import clean_close
from salon_pos.ui import app as app_module
from salon_pos.ui.dialogs.login import LoginDialog
from tests.cli.test_startup_cli import new_salon
from tests.store.test_startup_safety import damage_the_middle


@pytest.fixture
def starts(monkeypatch, qapp):
    """Start the app (`main`) on a salon; each start's login is recorded — whether the
    check ran before it and had finished — and then closed, or passed as the manager,
    whose main window stays until the file's check has finished."""
    monkeypatch.setattr(app_module, "CHECK_IN_USE_AFTER_MS", 0)
    refusals: list[str] = []
    monkeypatch.setattr(app_module, "show_start_refusal", refusals.append)
    logins: list[dict] = []
    log_in = []
    polls: list[QTimer] = []

    def at_the_login(dialog: LoginDialog):
        check = dialog.session.startup_check
        logins.append({"checked_before": check.ran})
        if not log_in:
            check.wait()
            return QDialog.DialogCode.Rejected
        session = dialog.session
        session.staff_id, session.staff_name, session.role = 1, "Maeve", "manager"

        def close_once_checked():
            if session.startup_check.ran and session.startup_check.done:
                QApplication.exit(0)

        poll = QTimer()
        poll.timeout.connect(close_once_checked)
        poll.start(20)
        polls.append(poll)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LoginDialog, "exec", at_the_login)

    def start(path, *, logging_in: bool = False) -> int:
        log_in[:] = [True] if logging_in else []
        try:
            return main(["--db", str(path)])
        finally:
            for poll in polls:
                poll.stop()

    start.logins, start.refusals = logins, refusals
    return start


def trusted(path) -> bool:
    return opening.checked_at_its_last_close(SalonLocation(str(path), path.parent))


def test_after_a_clean_close_the_login_does_not_wait_for_the_check(tmp_path, starts):
    path = new_salon(tmp_path)

    assert starts(path) == 0
    assert starts.logins[-1] == {"checked_before": True}  # first start: the whole file
    assert trusted(path)

    assert starts(path) == 0
    assert starts.logins[-1] == {"checked_before": False}

    assert starts(path, logging_in=True) == 0  # the check runs with the day book up
    assert starts.logins[-1] == {"checked_before": False}
    assert starts.refusals == [] and trusted(path)


def test_a_file_written_since_its_clean_close_is_checked_before_the_login(tmp_path, starts,
                                                                         monkeypatch):
    path = new_salon(tmp_path)
    assert starts(path) == 0 and trusted(path)

    # The command line, another station or an editor: any write moves its change time.
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))  # Maeve's PIN
    assert main(["--db", str(path), "settings", "set", "salon_name", "Studio Two",
                 "--manager", "Maeve", "--pin-stdin"]) == 0
    assert not trusted(path)
    assert starts(path) == 0
    assert starts.logins[-1] == {"checked_before": True}


def test_damage_after_a_clean_close_is_refused_before_the_login(tmp_path, starts):
    path = new_salon(tmp_path)
    assert starts(path) == 0 and trusted(path)

    damage_the_middle(path)

    assert starts(path) == 1
    assert starts.logins[-1] == {"checked_before": True}  # and closed when it failed
    [refusal] = starts.refusals
    assert f"The database file {path} is damaged" in refusal


def test_damage_behind_a_forged_mark_is_found_with_the_day_book_up(tmp_path, starts):
    """Someone damages the file and writes the mark to match it: the login comes at once,
    and the check, moments later, ends the session with the way back."""
    path = new_salon(tmp_path)
    damage_the_middle(path)
    clean_close.remember_clean_close(path, tmp_path)
    assert trusted(path)

    assert starts(path, logging_in=True) == 1

    assert starts.logins == [{"checked_before": False}]
    [refusal] = starts.refusals
    assert f"The database file {path} is damaged" in refusal
    assert "no good backup" in refusal


def test_a_session_that_was_killed_leaves_its_log_and_the_next_start_checks(tmp_path,
                                                                          starts):
    path = new_salon(tmp_path)
    assert starts(path) == 0 and trusted(path)
    log = tmp_path / "salon.db-wal"
    log.write_bytes(b"\0" * 32)  # what a killed session leaves: writes not yet in the file

    assert not trusted(path)


def test_an_unwritable_folder_leaves_no_mark_and_the_next_start_checks(tmp_path, starts,
                                                                       monkeypatch):
    path = new_salon(tmp_path)
    monkeypatch.setattr("salon_pos.files.written_aside", _refused)

    assert starts(path) == 0
    assert not (tmp_path / clean_close.MARK_NAME).exists() and not trusted(path)


def test_a_mark_that_is_not_json_is_no_mark(tmp_path, starts):
    path = new_salon(tmp_path)
    (tmp_path / clean_close.MARK_NAME).write_text("{not json")
    assert not trusted(path)
    assert starts(path) == 0 and trusted(path)
    assert str(path) in json.loads((tmp_path / clean_close.MARK_NAME).read_text())


def _refused(target):
    from salon_pos.domain.errors import DomainError

    raise DomainError(f"The folder {target.parent} cannot be written to.")
