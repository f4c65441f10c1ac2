"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and the
process aborts (docs/traps.md). The pin in pyproject.toml avoids it; this proves it."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(20_000):
        label.setText(str(n))
    drift = before - sys.getrefcount(None)
    # Other code may take or drop a handful of references meanwhile; the bug drops 20,000.
    assert abs(drift) < 1_000
