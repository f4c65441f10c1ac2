"""A large on-screen keypad for amounts at the counter: digits, 00, the salon's decimal
mark, backspace, clear and "Exact" (the amount still to pay). Typing on a keyboard works
too: the display is an ordinary line edit, and what is typed is parsed as money later."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

KEY_HEIGHT = 56  # px: a fingertip on a touch screen, an easy target for a mouse


class BigButton(QPushButton):
    """A push button at least KEY_HEIGHT high. The style sheet's `min-height` wins over
    setMinimumHeight when the widget is polished, so the height is set again after it."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self.setAutoDefault(False)  # Enter in the amount must never press a button

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            self.setMinimumHeight(KEY_HEIGHT)
        return handled


class Keypad(QWidget):
    """`display` holds the amount as typed; `edited` fires on every change the person makes
    (keys or keyboard), not when the program clears it."""

    edited = Signal()

    def __init__(self, decimal_mark: str = ".", minor_digits: int = 2, parent=None):
        super().__init__(parent)
        self.decimal_mark = decimal_mark
        self.minor_digits = minor_digits
        self.exact_amount = 0
        self.display = QLineEdit()
        self.display.setObjectName("keypadDisplay")
        self.display.setAccessibleName("Amount")
        self.display.setMinimumHeight(KEY_HEIGHT)
        self.display.textEdited.connect(self.edited)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.display, 0, 0, 1, 4)
        self.keys: dict[str, BigButton] = {}
        rows = (("7", "8", "9"), ("4", "5", "6"), ("1", "2", "3"), ("00", "0", decimal_mark))
        for row, labels in enumerate(rows, start=1):
            for column, label in enumerate(labels):
                self._key(label, f"Key {label}", grid, row, column,
                          lambda _=False, t=label: self.type_text(t))
        self.keys[decimal_mark].setAccessibleName("Decimal mark")
        self.keys[decimal_mark].setEnabled(minor_digits > 0)
        self._key("⌫", "Backspace", grid, 1, 3, self.backspace)
        self._key("Clear", "Clear amount", grid, 2, 3, self.clear_entry)
        self._key("Exact", "Exact amount", grid, 3, 3, self.exact, row_span=2)
        self.keys["Exact"].setSizePolicy(QSizePolicy.Policy.Preferred,
                                         QSizePolicy.Policy.Expanding)  # fills its two rows

    def _key(self, label, name, grid, row, column, action, row_span=1) -> None:
        key = BigButton(label)
        key.setObjectName("keypadKey")
        key.setAccessibleName(name)
        key.clicked.connect(action)
        grid.addWidget(key, row, column, row_span, 1)
        self.keys[label] = key

    def text(self) -> str:
        return self.display.text().strip()

    def type_text(self, text: str) -> None:
        """A key press: digits append; a second decimal mark, or more decimals than the
        currency has, are ignored rather than refused later."""
        current = self.display.text()
        if text == self.decimal_mark:
            if self.decimal_mark in current or not self.minor_digits:
                return
            text = self.decimal_mark if current else "0" + self.decimal_mark
        elif self.decimal_mark in current:
            decimals = len(current.split(self.decimal_mark, 1)[1])
            text = text[: max(0, self.minor_digits - decimals)]
        if text:
            self._set(current + text)

    def backspace(self) -> None:
        self._set(self.display.text()[:-1])

    def clear_entry(self) -> None:
        self._set("")

    def exact(self) -> None:
        """The amount still to pay, written the way the salon writes numbers."""
        self._set(self.plain_amount(self.exact_amount))

    def plain_amount(self, minor: int) -> str:
        if not self.minor_digits:
            return str(minor)
        whole, part = divmod(minor, 10**self.minor_digits)
        return f"{whole}{self.decimal_mark}{part:0{self.minor_digits}d}"

    def clear(self) -> None:
        """Empty the display without counting it as the person's edit."""
        self.display.clear()

    def _set(self, text: str) -> None:
        self.display.setText(text)
        self.display.setFocus()
        self.edited.emit()
