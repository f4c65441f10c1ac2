"""Counting what a person does at the counter: each click, key press or typed word is one
step (the issue's measure). A flow test acts only through a `Steps`, so the count is what
the flow costs a person; `assert steps.count <= target` fails when the flow grows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QWidget


class Steps:
    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.done: list[str] = []  # what was done, one line a step, for a failing test's message

    @property
    def count(self) -> int:
        return len(self.done)

    def __str__(self) -> str:
        return f"{self.count} steps: " + "; ".join(self.done)

    def click(self, widget: QWidget, pos: QPoint | None = None, what: str = "") -> None:
        self.done.append(f"click {what or _name(widget)}")
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or QPoint())

    def double_click(self, widget: QWidget, pos: QPoint | None = None, what: str = "") -> None:
        """As a mouse sends it: a click, then the second press (an item view acts on a
        double click only where the first press landed)."""
        self.done.append(f"double-click {what or _name(widget)}")
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or QPoint())
        self.qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos or QPoint())

    def type(self, widget: QWidget, text: str) -> None:
        """Typing counts a step a word ("Aoife Ní" is two), as a person types it."""
        self.done.extend(f"type {word!r}" for word in text.split() or [text])
        for ch in text:
            if ch.isascii():
                self.qtbot.keyClicks(widget, ch)
            else:  # QTest knows ASCII keys only: "Ł" or "王" comes as a keyboard layout sends it
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(
                        kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))

    def key(self, widget: QWidget, key: Qt.Key, what: str = "") -> None:
        self.done.append(f"press {what or Qt.Key(key).name}")
        self.qtbot.keyClick(widget, key)

    def choose(self, combo: QComboBox, text: str) -> None:
        """Open a drop-down and pick an entry: two steps."""
        index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
        assert index >= 0, f"{text!r} is not offered in {_name(combo)}"
        self.done.extend([f"open {_name(combo)}", f"pick {text!r}"])
        combo.setCurrentIndex(index)
        combo.activated.emit(index)

    def in_next_modal(self, act: Callable[[QWidget], None]) -> None:
        """Run `act` on the next modal window once it is up (a dialog run with exec()),
        so a flow can go on inside a question or a form that blocks the caller."""
        def when_shown():
            window = QApplication.activeModalWidget()
            if window is None or not window.isVisible():
                QTimer.singleShot(10, when_shown)
                return
            act(window)
        QTimer.singleShot(0, when_shown)


def button(parent: QWidget, label: str) -> QAbstractButton:
    """The visible button in `parent` whose text is, or begins with, `label` (without &)."""
    found = [b for b in parent.findChildren(QAbstractButton)
             if b.isVisible() and b.text().replace("&", "").startswith(label)]
    assert found, f"no visible button {label!r} in {_name(parent)}"
    return found[0]


def _name(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton) and widget.text():
        return repr(widget.text().replace("&", ""))
    return widget.accessibleName() or widget.objectName() or type(widget).__name__


def draw_signature(qtbot, pad: QWidget) -> None:
    """A stroke across the signature pad, as a mouse draws it (Qt turns a pen's or a
    finger's into the same events)."""
    points = [QPoint(30 + 40 * i, 40 + (25 if i % 2 else -15)) for i in range(8)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        QApplication.sendEvent(pad, QMouseEvent(
            QEvent.Type.MouseMove, QPointF(point), pad.mapToGlobal(QPointF(point)),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def sign_in_next_window(steps: Steps) -> None:
    """The client signs in the signature window about to open, and it is closed with
    "Signed": two steps (the signature, the button)."""
    def sign(window):
        steps.done.append("sign")
        draw_signature(steps.qtbot, window.box.pad)
        steps.click(window.signed)
    steps.in_next_modal(sign)
