"""A gift voucher sold, shown to print as the A5 card or on the receipt roll: its code is
given this once, so the PDFs live only while they are on screen (temporary files, removed
when the window closes)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QPushButton, QWidget

from salon_pos.documents.voucher import render_voucher
from salon_pos.domain.errors import DomainError
from salon_pos.files import write_bytes
from salon_pos.services.views.vouchers import voucher_to_print
from salon_pos.ui.dialogs.messages import show_refusal
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.session import Session


def show_voucher(session: Session, number: int, code: str,
                 parent: QWidget) -> PdfPreviewDialog | None:
    """The voucher's card to print or save, or the same on the receipt roll (the window
    frees itself, and the files go, once it is closed); a refusal is shown instead when
    they cannot be made."""
    salon = session.salon
    folder = Path(tempfile.mkdtemp(prefix="salon-voucher-"))
    try:
        record = voucher_to_print(salon, number, code)
        paths = {}
        for layout in ("a5", "roll"):
            paths[layout] = folder / f"gift-voucher-{number}-{layout}.pdf"
            write_bytes(paths[layout], render_voucher(record, layout))
    except (DomainError, OSError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        show_refusal(parent, error if isinstance(error, DomainError) else DomainError(
            f"The voucher could not be made ready to print: {error}."))
        return None
    preview = PdfPreviewDialog(paths["a5"], f"Gift voucher {number}",
                               salon.settings().receipt_printer, parent)
    layout_button = QPushButton("On the receipt roll")
    layout_button.setCheckable(True)

    def switch(on_roll: bool) -> None:
        preview.show_file(paths["roll" if on_roll else "a5"])
        layout_button.setText("As an A5 card" if on_roll else "On the receipt roll")

    layout_button.toggled.connect(switch)
    preview.add_button(layout_button)
    preview.message.setText("Print it now, or save a copy: the salon keeps no copy of the "
                            "code.")
    preview.destroyed.connect(lambda: shutil.rmtree(folder, ignore_errors=True))
    preview.open()
    return preview
