"""The receipt of a paid sale, wherever the desk asks for it — after Pay, from the client's
sales, from a paid booking: made from the figures the journal vouches for, filed in the
data folder (`receipts/`), then shown to print or save, or sent straight to the printer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from salon_pos.documents.receipt import render_receipt
from salon_pos.domain.errors import DomainError
from salon_pos.services.operations import outbox
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog, print_file
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session


@dataclass(frozen=True)
class FiledReceipt:
    path: Path
    title: str  # "Receipt 000042"
    sale_id: int


def receipt_file(session: Session, sale_id: int) -> FiledReceipt:
    """The receipt made and filed (rendered in a few milliseconds, see
    benchmarks/receipt.py: fine on the UI thread). DomainError: not paid, or a sale whose
    rows no longer match the journal, or the file could not be written."""
    salon = session.salon
    receipt = receipt_of_sale(salon, sale_id)
    pdf = render_receipt(receipt, salon.settings().receipt_format)
    path = save_file(salon, "receipts", f"receipt-{receipt.number}.pdf", pdf)
    return FiledReceipt(path, f"Receipt {receipt.number}", sale_id)


def show_receipt(session: Session, sale_id: int, parent: QWidget) -> PdfPreviewDialog | None:
    """Show the receipt of sale `sale_id` (Print, Save a copy, Close), without blocking the
    window behind; a refusal is shown instead when it cannot be made."""
    try:
        receipt = receipt_file(session, sale_id)
    except DomainError as error:
        show_refusal(parent, error)
        return None
    return preview_receipt(session, receipt, parent)


def preview_receipt(session: Session, receipt: FiledReceipt,
                    parent: QWidget) -> PdfPreviewDialog:
    """A filed receipt shown to print or save (it frees itself once closed)."""
    preview = PdfPreviewDialog(receipt.path, receipt.title,
                               session.salon.settings().receipt_printer, parent)
    email = QPushButton("&Email it")
    email.setAccessibleName("Email it")
    email.setToolTip("Send the receipt to the address on the client's record")
    email.clicked.connect(lambda: _email(session, receipt, preview, email))
    preview.add_button(email)
    preview.open()
    return preview


def _email(session: Session, receipt: FiledReceipt, preview: PdfPreviewDialog,
           button: QPushButton) -> None:
    try:
        outbox.email_receipt(session.salon, receipt.sale_id, by=session.staff_id)
    except DomainError as error:
        preview.message.setText(error.message)
        return
    button.setEnabled(False)  # once is what was asked
    preview.message.setText("The receipt goes by email with the next send.")
    if session.mail is not None:
        session.mail.send_now()


def print_receipt(session: Session, receipt: FiledReceipt) -> None:
    """Send a filed receipt to the salon's receipt printer, with no question (OSError when
    it cannot be printed: say so, the preview is one press away)."""
    print_file(receipt.path, session.salon.settings().receipt_printer)
