"""The client signs for what the staff member has just read out with them: a window with
what is being signed, the pad, and "Signed" once there is ink."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from salon_pos.ui.widgets.signature_pad import SignatureBox


class SignatureDialog(QDialog):
    def __init__(self, title: str, summary: str, meaning: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(560, 320)
        said = QLabel(summary, wordWrap=True)
        self.box = SignatureBox(meaning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.signed = buttons.addButton("Signed", QDialogButtonBox.ButtonRole.AcceptRole)
        self.signed.setAccessibleName("Signed")
        self.signed.setEnabled(False)
        self.box.pad.changed.connect(
            lambda: self.signed.setEnabled(not self.box.pad.is_empty()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addWidget(self.box, 1)
        layout.addWidget(buttons)

    def png(self) -> bytes:
        return self.box.pad.png()


def ask_note_signature(parent, expected: str, limits: str, sessions: int,
                       price: str) -> bytes | None:
    """The client signs for an expectation note, shown whole: what they agree to."""
    summary = (f"<b>Expected result:</b> {escape(expected)}<br>"
               f"<b>Limits and risks:</b> {escape(limits) or '—'}<br>"
               f"<b>Sessions:</b> {sessions} · <b>Price range:</b> {price}")
    return ask_signature(parent, "The client agrees to the expectation note", summary,
                         "By signing, the client agrees to this expectation note: the "
                         "result, its limits and risks, and the price range.")


def ask_signature(parent, title: str, summary: str, meaning: str) -> bytes | None:
    """The client's signature, or None when the window was closed without one."""
    dialog = SignatureDialog(title, summary, meaning, parent)
    return dialog.png() if dialog.exec() == QDialog.DialogCode.Accepted else None
