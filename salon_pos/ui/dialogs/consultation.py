"""The consultation, done with the client before the work: the salon's questions for the
kinds of service booked on the left, the expectation note beside them on the right, and
the client's one signature under both — for the answers, and for the note when it is
ticked as agreed."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.consultations import NO, YES, Answered, Question
from salon_pos.domain.errors import DomainError
from salon_pos.services.operations import consultations
from salon_pos.services.views.consultations import booking_forms
from salon_pos.services.views.day_book import booking_details
from salon_pos.ui.dialogs.expectation_note import ExpectationNoteForm
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.signature_pad import SignatureBox

MEANING = ("By signing, the client confirms the answers are true and complete to the best "
           "of their knowledge, and agrees to the expectation note if it is ticked as agreed.")


class AnswerRow(QWidget):
    """One question's answer: Yes / No and the details, or words."""

    def __init__(self, question: Question):
        super().__init__()
        self.question = question
        self.details = QLineEdit()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.choice = QButtonGroup(self)
        if question.kind is Answered.YES_NO:
            for answer in (YES, NO):
                button = QRadioButton(answer.capitalize())
                button.setAccessibleName(f"{answer.capitalize()}: {question.text}")
                self.choice.addButton(button)
                layout.addWidget(button)
            self.details.setPlaceholderText("details (which, when)")
        self.details.setAccessibleName(f"Answer: {question.text}")
        layout.addWidget(self.details, 1)

    def reply(self) -> tuple[str, str]:
        if self.question.kind is Answered.TEXT:
            return self.details.text(), ""
        chosen = self.choice.checkedButton()
        return (chosen.text().lower() if chosen else ""), self.details.text()


class ConsultationDialog(QDialog):
    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        details = booking_details(session.salon, booking_id)
        self.client_id = details.client_id
        self.note_id = details.open_note.note_id if details.open_note else None
        self.setWindowTitle(f"Consultation — {details.client}")
        self.resize(1280, 700)
        self.answers: list[tuple[str, list[AnswerRow]]] = []
        questions = QWidget()
        column = QVBoxLayout(questions)
        for category, form in booking_forms(session.salon, booking_id):
            group = QGroupBox(f"{category} consultation")
            rows = QFormLayout(group)
            rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            answered = []
            for question in form:
                row = AnswerRow(question)
                label = QLabel(escape(question.text), wordWrap=True)
                label.setMinimumWidth(220)
                rows.addRow(label, row)
                answered.append(row)
            self.answers.append((category, answered))
            column.addWidget(group)
        column.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(questions)
        self.note = ExpectationNoteForm(session, signed_beside=True)
        if details.open_note:
            self.note.load(details.open_note)
        else:
            self.note.suggest_price(details.total)
        note_box = QGroupBox("Expectation note")
        QVBoxLayout(note_box).addWidget(self.note)
        agreed = [n for n in details.notes if n.acknowledged]
        if agreed:
            done = QLabel("Already agreed: " + "; ".join(escape(n.expected_result)
                                                         for n in agreed), objectName="hint")
            done.setWordWrap(True)
            note_box.layout().addWidget(done)
        sides = QHBoxLayout()
        sides.addWidget(scroll, 4)
        sides.addWidget(note_box, 3)
        self.signature = SignatureBox(MEANING)
        self.signature.setMinimumHeight(150)
        self.message = QLabel("", objectName="message", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save the signed consultation",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setEnabled(False)
        self.signature.pad.changed.connect(
            lambda: self.save_button.setEnabled(not self.signature.pad.is_empty()))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        heading = QLabel(f"<b>{escape(details.client)}</b> — "
                         f"{escape(', '.join(n for n, _m, _p in details.services))}",
                         wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(sides, 1)
        layout.addWidget(self.signature)
        layout.addWidget(self.message)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)

    def note_written(self) -> bool:
        return self.note_id is not None or bool(self.note.expected.toPlainText().strip())

    def save(self) -> None:
        salon, by = self.session.salon, self.session.staff_id
        png = self.signature.pad.png()
        try:
            with salon.batch():  # the answers, the note and the signature: all or none
                consultation = None
                for category, rows in self.answers:
                    consultation = consultations.record_consultation(
                        salon, self.client_id, category=category, by=by,
                        booking_id=self.booking_id, signature=png,
                        replies={row.question.text: row.reply() for row in rows})
                if self.note_written():
                    self.note.save(self.booking_id, self.note_id,
                                   consultation_id=consultation)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
