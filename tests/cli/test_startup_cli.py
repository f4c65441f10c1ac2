"""Starting on a damaged database: the command line and the app refuse it, say which file
and how to get back to the newest good backup; following that advice works."""

from __future__ import annotations

import io

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from salon_pos.cli.main import main
from tests.store.test_startup_safety import damage_the_middle


def new_salon(tmp_path):
    path = tmp_path / "salon.db"
    assert main(["--db", str(path), "init", "--salon-name", "Studio", "--manager-name",
                 "Maeve", "--manager-pin", "1234"]) == 0
    return path


def test_a_healthy_database_passes_the_start_up_check(tmp_path, capsys):
    path = new_salon(tmp_path)
    assert main(["--db", str(path), "verify"]) == 0
    assert "OK:" in capsys.readouterr().out


def test_the_command_line_refuses_a_damaged_database_and_shows_the_way_back(tmp_path, capsys,
                                                                            monkeypatch):
    path = new_salon(tmp_path)
    backup = tmp_path / "backups" / "before.db"
    backup.parent.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))  # Maeve's PIN
    assert main(["--db", str(path), "backup", str(backup), "--manager", "Maeve",
                 "--pin-stdin"]) == 0
    damage_the_middle(path)
    capsys.readouterr()

    assert main(["--db", str(path), "verify"]) == 1

    said = capsys.readouterr().err
    assert f"salon-pos: The database file {path} is damaged (" in said
    assert f"The newest good backup is {backup}\n“Studio”" in said
    command = said.split("run:\n")[1].split()
    assert command == ["salon-pos", "--db", str(path), "restore", str(backup)]

    assert main(command[1:]) == 0  # the advice, followed
    assert main(["--db", str(path), "verify"]) == 0
    assert list(tmp_path.glob("salon.db.before-restore-*Z"))  # the damaged file, kept


def start_refused(path) -> tuple[str, str]:
    """Start the app on `path`, which must refuse to start: the box's title and text."""
    shown = []

    def read_and_close_the_box():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close_the_box)
            return
        shown.append((box.windowTitle(), box.text()))
        box.close()

    QTimer.singleShot(0, read_and_close_the_box)
    assert main(["--db", str(path)]) == 1
    [(title, text)] = shown
    return title, text


def test_the_app_shows_the_refusal_in_a_window_and_exits(tmp_path, qapp):
    path = new_salon(tmp_path)
    damage_the_middle(path)

    title, text = start_refused(path)

    assert title == "Salon POS cannot start"
    assert f"The database file {path} is damaged" in text
    assert f"There is no good backup in {tmp_path / 'backups'}" in text
