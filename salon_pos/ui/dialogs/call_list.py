"""Reminders to phone: the day's reminders that email cannot carry (clients with no email
address), listed for the front desk to call or text, and printed as a sheet to tick."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from salon_pos.documents.report_table import render_report_table
from salon_pos.domain.errors import DomainError
from salon_pos.services.views.messages import CallList, call_list
from salon_pos.services.views.receipts import salon_header
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine


class CallListDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.listed: CallList | None = None
        self.setWindowTitle("Reminders to phone")
        self.resize(980, 520)
        hint = QLabel("Clients with no email address, whose reminder falls on this day: "
                      "call or text them. Clients who asked for no messages are left out.",
                      objectName="hint")
        hint.setWordWrap(True)
        self.day = QDateEdit(calendarPopup=True)
        self.day.setAccessibleName("Day")
        self.day.setDisplayFormat("ddd dd MMM yyyy")
        today = session.salon.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(self.refresh)
        self.model = RowsModel(("Appointment", "Client", "Phone", "Services", "Stylist",
                                "Deposit held"), right_aligned=(5,), parent=self)
        self.view = list_table(self.model, "Reminders to phone", stretch=3)
        self.message = MessageLine()
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print")
        self.print_button.clicked.connect(self.print_list)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel("Day"))
        top.addWidget(self.day)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        self.listed = call_list(self.session.salon, self.day.date().toPython())
        money = self.session.salon.settings().money
        self.model.set_rows([(*row[:5], money(row[5])) for row in self.listed.rows])
        count = len(self.listed.rows)
        self.message.working("Nobody to call on this day." if not count else
                             f"{count} {'client' if count == 1 else 'clients'} to call.")

    def print_list(self) -> None:
        salon = self.session.salon
        settings = salon.settings()
        table = self.listed.table()
        name = f"reminders-to-phone-{self.listed.day:%Y-%m-%d}.pdf"
        try:  # a page or two of rows: milliseconds, like a receipt
            path = save_file(salon, "reports", name, render_report_table(
                salon_header(settings), table, settings.money))
        except DomainError as error:
            self.message.refuse(error.message)
            return
        PdfPreviewDialog(path, table.title, settings.receipt_printer, self).open()
