"""The preview shows the PDF the app saved, prints every page, and saves a copy."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from reportlab.pdfgen import canvas

from salon_pos.ui.dialogs import pdf_preview
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog, print_pdf


def two_page_pdf(path):
    pdf = canvas.Canvas(str(path))
    for text in ("Receipt 1", "Page two"):
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return path


def test_it_shows_and_prints_every_page(tmp_path, qtbot):
    dialog = PdfPreviewDialog(two_page_pdf(tmp_path / "r.pdf"), "Receipt")
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 2
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))

    print_pdf(dialog.document, printer)

    printed = PdfReader(io.BytesIO((tmp_path / "printed.pdf").read_bytes()))
    assert len(printed.pages) == 2


def test_save_a_copy_writes_the_same_bytes(tmp_path, qtbot, monkeypatch):
    source = two_page_pdf(tmp_path / "r.pdf")
    dialog = PdfPreviewDialog(source, "Receipt")
    qtbot.addWidget(dialog)
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName",
                        lambda *args: (str(target), "PDF (*.pdf)"))

    dialog.save_copy()

    assert target.read_bytes() == source.read_bytes()
    assert str(target) in dialog.message.text()


def test_an_unknown_printer_name_falls_back_to_the_default(tmp_path, qtbot):
    dialog = PdfPreviewDialog(two_page_pdf(tmp_path / "r.pdf"), "Receipt",
                              printer_name="No such printer")
    qtbot.addWidget(dialog)
    assert dialog.printer().printerName() == QPrinterInfo.defaultPrinterName()
    assert dialog.printer().resolution() == pdf_preview.PRINT_DPI


def test_save_a_copy_never_writes_through_a_planted_link(tmp_path, qtbot, monkeypatch):
    dialog = PdfPreviewDialog(two_page_pdf(tmp_path / "r.pdf"), "Receipt")
    qtbot.addWidget(dialog)
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    (tmp_path / "copy.pdf").symlink_to(victim)
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName",
                        lambda *args: (str(tmp_path / "copy.pdf"), "PDF (*.pdf)"))

    dialog.save_copy()

    assert victim.read_text() == "someone else's file"
    assert dialog.message.text().startswith("Not saved:") and "is a link" in dialog.message.text()


def test_a_saved_copy_is_readable_by_its_owner_only(tmp_path, qtbot, monkeypatch):
    dialog = PdfPreviewDialog(two_page_pdf(tmp_path / "r.pdf"), "Receipt")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName",
                        lambda *args: (str(tmp_path / "copy.pdf"), "PDF (*.pdf)"))

    dialog.save_copy()

    assert (tmp_path / "copy.pdf").stat().st_mode & 0o777 == 0o600
