"""The confirmation asked before a step that cannot be undone: only its `yes` button says
yes; Enter and Escape keep things as they are."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from salon_pos.ui.dialogs.booking import BookingDialog
from salon_pos.ui.dialogs.messages import confirm
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner


def answer_with(qtbot, press) -> list[str]:
    """Once the box is up: note its text and buttons, then `press(box)`."""
    seen = []

    def act():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        seen.extend(button.text() for button in box.buttons())
        press(box)

    QTimer.singleShot(0, act)
    return seen


def click_button(text):
    def press(box):
        button = next(b for b in box.buttons() if b.text() == text)
        button.click()
    return press


@pytest.mark.parametrize(("press", "answer"), [
    (click_button("Cancel booking"), True),
    (click_button("Keep booking"), False),
    (lambda box: box.defaultButton().click(), False),  # Enter
    (lambda box: box.escapeButton().click(), False),  # Escape
])
def test_only_the_yes_button_says_yes(qtbot, press, answer):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = answer_with(qtbot, press)

    said = confirm(parent, "Cancel booking", "Cancel Zoë's booking?", "Cancel booking",
                   "Keep booking")

    assert said is answer
    assert seen[0] == "Cancel Zoë's booking?"
    assert sorted(seen[1:]) == ["Cancel booking", "Keep booking"]


def test_escape_key_keeps(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    answer_with(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))

    assert confirm(parent, "No-show", "Mark as no-show?", "Mark as no-show", "Back") is False


def test_dialogs_are_freed_once_used_so_a_long_day_does_not_pile_them_up(s, qtbot,
                                                                         monkeypatch):
    page = DayBookPage(Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                               "front_desk"))
    qtbot.addWidget(page)
    monkeypatch.setattr(BookingDialog, "exec", lambda dialog: 0)  # opened, then cancelled
    for _ in range(3):
        page.new_booking()
    qtbot.wait(10)  # the deferred deletions run

    assert page.findChildren(BookingDialog) == []
