"""A gift voucher sold, shown to print as the A5 card: its code is given this once, so the
PDF lives only while it is on screen (a temporary file, removed when the window closes)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QWidget

from salon_pos.documents.voucher import render_voucher
from salon_pos.domain.errors import DomainError
from salon_pos.files import write_bytes
from salon_pos.services.views.vouchers import voucher_to_print
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.session import Session


def show_voucher(session: Session, number: int, code: str,
                 parent: QWidget) -> PdfPreviewDialog | None:
    """The voucher's card to print or save (the window frees itself, and the file goes,
    once it is closed); a refusal is shown instead when it cannot be made."""
    salon = session.salon
    try:
        pdf = render_voucher(voucher_to_print(salon, number, code), "a5")
        folder = Path(tempfile.mkdtemp(prefix="salon-voucher-"))
        path = folder / f"gift-voucher-{number}.pdf"
        write_bytes(path, pdf)
    except (DomainError, OSError) as error:
        show_refusal(parent, error if isinstance(error, DomainError) else DomainError(
            f"The voucher could not be made ready to print: {error}."))
        return None
    preview = PdfPreviewDialog(path, f"Gift voucher {number}", salon.settings().receipt_printer,
                               parent)
    preview.message.setText("Print it now, or save a copy: the salon keeps no copy of the "
                            "code.")
    preview.destroyed.connect(lambda: shutil.rmtree(folder, ignore_errors=True))
    preview.open()
    return preview
