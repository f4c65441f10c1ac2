"""The one line under a form that answers the person: a refusal in red, a success in green,
work under way in grey — so "Saved." never looks like an error, and a message whose cause
is gone can be cleared by the form that showed it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


class MessageLine(QLabel):
    def __init__(self, parent=None):
        super().__init__("", parent, objectName="message")
        self.setWordWrap(True)
        self.setAccessibleName("Message")
        self.setProperty("tone", "")

    def refuse(self, text: str) -> None:
        self._say(text, "refused")

    def done(self, text: str) -> None:
        self._say(text, "done")

    def working(self, text: str) -> None:
        self._say(text, "working")

    def clear(self) -> None:
        self._say("", "")

    @property
    def tone(self) -> str:
        return self.property("tone")

    def _say(self, text: str, tone: str) -> None:
        self.setText(text)
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            self.style().unpolish(self)  # a dynamic property restyles only when re-polished
            self.style().polish(self)
