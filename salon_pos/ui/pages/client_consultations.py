"""The client page's Consultations tab: each consultation (when, the kind of service, who
took it, signed or not), the chosen one's answers as the client gave them, and its record
to print."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from salon_pos.documents.consultation import render_consultation
from salon_pos.domain.errors import DomainError
from salon_pos.domain.localtime import local_of
from salon_pos.services.views.consultations import (
    ConsultationView,
    client_consultations,
    consultation_record,
)
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine

HEADERS = ("Recorded", "Kind of service", "With", "Signed")


class ConsultationsTab(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.consultations: list[ConsultationView] = []
        self.preview: PdfPreviewDialog | None = None
        self.none_yet = QLabel("No consultation on record. One is done from the day book "
                               "(Consultation…) for a service whose kind has a form.",
                               objectName="hint", wordWrap=True)
        self.rows = RowsModel(HEADERS, parent=self)
        self.table = list_table(self.rows, "Consultations", 1)
        self.table.selectionModel().selectionChanged.connect(self._follow)
        self.answers = QLabel(wordWrap=True)
        self.answers.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.answers.setContentsMargins(8, 6, 8, 6)
        self.answers.setAccessibleName("Answers")
        answers = QScrollArea(widgetResizable=True)
        answers.setWidget(self.answers)
        self.message = MessageLine()
        self.print_button = QPushButton("Print the record…")
        self.print_button.setAccessibleName("Print the consultation record")
        self.print_button.setToolTip("The answers, the note agreed beside them and the "
                                     "client's signature, as a PDF to print")
        self.print_button.clicked.connect(self.print_record)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.print_button)
        sides = QHBoxLayout()
        sides.addWidget(self.table, 1)
        sides.addWidget(answers, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_yet)
        layout.addLayout(sides, 1)
        layout.addLayout(buttons)

    def show_client(self, client_id: int) -> None:
        tz = self.session.salon.settings().tz
        self.consultations = client_consultations(self.session.salon, client_id)
        self.none_yet.setVisible(not self.consultations)
        self.rows.set_rows([(f"{local_of(c.recorded_at, tz):%a %d %b %Y %H:%M}", c.category,
                             c.recorded_by, "✓" if c.signed else "not signed")
                            for c in self.consultations])
        if self.consultations:
            self.table.selectRow(0)
        self._follow()

    def _chosen(self) -> ConsultationView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.consultations[rows[0].row()] if rows else None

    def _follow(self) -> None:
        chosen = self._chosen()
        self.print_button.setEnabled(chosen is not None)
        self.answers.setText("" if chosen is None else "<br>".join(
            f"<b>{escape(a.question)}</b><br>{escape(a.shown)}" for a in chosen.answers))

    def print_record(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        salon = self.session.salon
        settings = salon.settings()
        try:
            pdf = render_consultation(consultation_record(salon, chosen.consultation_id))
            path = save_file(salon, "care-records",
                             f"consultation-{chosen.consultation_id}.pdf", pdf)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        self.preview = PdfPreviewDialog(path, f"Consultation — {chosen.category}",
                                        settings.receipt_printer, self)
        self.preview.open()
