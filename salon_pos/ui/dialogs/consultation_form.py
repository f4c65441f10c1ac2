"""A manager words the salon's consultation form for a kind of service: the questions in
the order they are asked, each answered yes or no (with details) or in words."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from salon_pos.domain.consultations import Answered
from salon_pos.services.operations import consultations
from salon_pos.services.views.consultations import form
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session

ANSWERED_LABELS = {Answered.YES_NO: "Yes or no, with details", Answered.TEXT: "In words"}


class ConsultationFormDialog(FormDialog):
    def __init__(self, session: Session, category: str, parent=None):
        super().__init__(f"Consultation form — {category}", "Save the form", parent,
                         shortcut="Ctrl+S", session=session,
                         approval_for=f"Changing the {category} consultation form")
        self.category = category
        self.setMinimumSize(820, 480)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Questions")
        self.table.setHorizontalHeaderLabels(("Question", "Answered"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 220)  # "Yes or no, with details" whole
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for question in form(session.salon, category):
            self.add_question(question.text, question.kind)
        buttons = QHBoxLayout()
        for label, action in (("Add a question", lambda: self.add_question("", Answered.YES_NO,
                                                                          edit=True)),
                              ("Remove", self.remove), ("Move up", lambda: self.move(-1)),
                              ("Move down", lambda: self.move(1))):
            button = QPushButton(label)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch()
        self.form.addRow(QLabel("Consultations already recorded keep the questions as the "
                                "client was asked them. An empty form means no consultation "
                                "for this kind of service.", objectName="hint", wordWrap=True))
        self.form.addRow(self.table)
        self.form.addRow(buttons)

    def add_question(self, text: str, kind: Answered, *, edit: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))
        self.table.setCellWidget(row, 1, _answered_choice(kind))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove(self) -> None:
        if (row := self.table.currentRow()) >= 0:
            self.table.removeRow(row)

    def move(self, by: int) -> None:
        row = self.table.currentRow()
        if row < 0 or not 0 <= row + by < self.table.rowCount():
            return
        questions = self.questions()
        questions.insert(row + by, questions.pop(row))
        self.table.setRowCount(0)
        for text, kind in questions:
            self.add_question(text, Answered(kind))
        self.table.setCurrentCell(row + by, 0)

    def questions(self) -> list[tuple[str, str]]:
        return [(self.table.item(row, 0).text(), self.table.cellWidget(row, 1).currentData())
                for row in range(self.table.rowCount())
                if self.table.item(row, 0).text().strip()]

    def prepared(self) -> Operation:
        salon, category, questions = self.session.salon, self.category, self.questions()
        return lambda approved_by: consultations.save_form(salon, category, questions,
                                                           approved_by=approved_by)


def _answered_choice(kind: Answered) -> QComboBox:
    choice = QComboBox()
    for answered, label in ANSWERED_LABELS.items():
        choice.addItem(label, answered.value)
    choice.setCurrentIndex(list(ANSWERED_LABELS).index(kind))
    return choice
