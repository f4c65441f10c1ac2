"""The counter's keypad: keys and a keyboard fill the amount the way the salon writes
numbers, with no more decimals than the currency has, and every key is a big target."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_pos.domain.money import currency, number_style, parse_amount
from salon_pos.ui.app import make_application
from salon_pos.ui.widgets.keypad import KEY_HEIGHT, Keypad


@pytest.fixture
def app_style(qapp):
    """The app's style sheet for one test (it sets a smaller min-height on every button),
    taken off again so that other tests see Qt's defaults."""
    make_application()
    yield
    qapp.setStyleSheet("")


def press(qtbot, keypad: Keypad, *labels: str) -> None:
    for label in labels:
        qtbot.mouseClick(keypad.keys[label], Qt.MouseButton.LeftButton)


def test_keys_type_an_amount_with_at_most_the_currencys_decimals(qtbot):
    keypad = Keypad(".", 2)
    qtbot.addWidget(keypad)

    press(qtbot, keypad, "1", "2", ".", "5", ".", "0", "7")

    assert keypad.text() == "12.50"  # the second mark and a third decimal are ignored
    press(qtbot, keypad, "⌫", "⌫")
    assert keypad.text() == "12."
    press(qtbot, keypad, "Clear", "00", "0")
    assert keypad.text() == "000"


def test_a_comma_salon_gets_a_comma_key_and_exact_writes_its_way(qtbot):
    style = number_style("de_DE")
    keypad = Keypad(style.decimal, 2)
    qtbot.addWidget(keypad)
    keypad.exact_amount = 2550

    press(qtbot, keypad, ",", "5")
    assert keypad.text() == "0,5"
    press(qtbot, keypad, "Exact")

    assert keypad.text() == "25,50"
    assert parse_amount(keypad.text(), currency("EUR"), style=style) == 2550


def test_a_currency_without_decimals_has_no_decimal_key(qtbot):
    keypad = Keypad(".", 0)
    qtbot.addWidget(keypad)
    keypad.exact_amount = 1500

    assert not keypad.keys["."].isEnabled()
    press(qtbot, keypad, "Exact")
    assert keypad.text() == "1500"


def test_typing_on_the_keyboard_counts_as_an_edit_and_clearing_does_not(qtbot):
    keypad = Keypad(".", 2)
    qtbot.addWidget(keypad)
    edits = []
    keypad.edited.connect(lambda: edits.append(keypad.text()))

    qtbot.keyClicks(keypad.display, "12.5")
    assert keypad.text() == "12.5" and len(edits) == 4
    keypad.clear()

    assert keypad.text() == "" and len(edits) == 4


def test_every_key_is_at_least_56_pixels_high_under_the_apps_style(qtbot, app_style):
    keypad = Keypad(".", 2)
    qtbot.addWidget(keypad)
    keypad.show()
    qtbot.waitExposed(keypad)

    assert min(key.height() for key in keypad.keys.values()) >= KEY_HEIGHT
    assert all(key.accessibleName() for key in keypad.keys.values())
