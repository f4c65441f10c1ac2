"""A sale's receipt again, from what was frozen when it was paid: filed as a PDF in the
data folder and shown, ready to print or save."""

from __future__ import annotations

from salon_pos.documents.receipt import render_receipt
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.saved_files import save_file
from salon_pos.ui.session import Session


def show_receipt(session: Session, sale_id: int, parent=None) -> PdfPreviewDialog:
    """Raises DomainError (the sale is not paid, its figures do not match the journal, the
    disk said no) before anything is shown."""
    salon = session.salon
    settings = salon.settings()
    receipt = receipt_of_sale(salon, sale_id)
    pdf = render_receipt(receipt, settings.receipt_format)
    path = save_file(salon, "receipts", f"receipt-{receipt.number}.pdf", pdf)
    preview = PdfPreviewDialog(path, f"Receipt {receipt.number}", settings.receipt_printer,
                               parent)
    preview.open()
    return preview
