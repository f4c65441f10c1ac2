"""After the service: what was done and the formula or products used, written on each of the
booking's expectation notes (the outcome belongs to a note; a booking has none of its own)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.services.operations import notes
from salon_pos.services.views.my_day import MyBooking
from salon_pos.services.views.notes import NoteView
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.message_line import MessageLine

NO_NOTE = ("This booking has no expectation note, so there is no outcome to record here. "
           "The outcome (what was done, the formula and products) is written on the "
           "expectation note agreed before the service.")


class OutcomeNoteDialog(QDialog):
    def __init__(self, session: Session, booking: MyBooking, parent=None):
        super().__init__(parent)
        self.session = session
        self.booking = booking
        self.fields: list[tuple[NoteView, QPlainTextEdit, QPlainTextEdit]] = []
        self.setWindowTitle(f"Outcome — {booking.entry.client}")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{escape(booking.entry.client)}</b> · "
                         f"{escape(booking.entry.services)}")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        for note in booking.notes:
            layout.addWidget(self._note_box(note))
        if not booking.notes:
            explanation = QLabel(NO_NOTE)
            explanation.setWordWrap(True)
            layout.addWidget(explanation)
        self.message = MessageLine()
        layout.addWidget(self.message)
        layout.addWidget(self._buttons())

    def _note_box(self, note: NoteView) -> QGroupBox:
        about = note.service or "the whole booking"
        box = QGroupBox(f"Note for {about}")
        agreed = QLabel(f"Agreed: {note.expected_result}", objectName="hint")
        agreed.setWordWrap(True)
        outcome = self._text_box(note.outcome, "What was done", about)
        formula = self._text_box(note.formula, "Formula / products", about)
        form = QFormLayout(box)
        form.addRow(agreed)
        form.addRow("What was done", outcome)
        form.addRow("Formula / products", formula)
        self.fields.append((note, outcome, formula))
        return box

    @staticmethod
    def _text_box(text: str, label: str, about: str) -> QPlainTextEdit:
        box = QPlainTextEdit(text)
        box.setAccessibleName(f"{label} ({about})")
        box.setTabChangesFocus(True)  # Tab moves on, as in every other form
        box.setFixedHeight(72)
        return box

    def _buttons(self) -> QDialogButtonBox:
        if not self.fields:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(self.reject)
            return buttons
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save outcome")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    def save(self) -> None:
        """Complete each note whose outcome or formula was written or changed."""
        changed = [(note, outcome.toPlainText(), formula.toPlainText())
                   for note, outcome, formula in self.fields
                   if (outcome.toPlainText(), formula.toPlainText()) != (note.outcome,
                                                                         note.formula)]
        if not changed:
            self.message.refuse("Write what was done first.")
            return
        try:
            with self.session.salon.batch():  # all the notes, or (refused) none of them
                for note, outcome, formula in changed:
                    notes.complete_note(self.session.salon, note.note_id,
                                        by=self.session.staff_id, outcome=outcome,
                                        formula=formula)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.accept()
