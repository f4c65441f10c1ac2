"""See a PDF the app made (receipt, slip, report) before it goes out: Print (QPrinter),
Save a copy, or Close. The file is already filed in the data folder; this only shows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.files import write_bytes
from salon_pos.ui.dialogs.messages import run_modal

PRINT_DPI = 300  # sharp enough for text on any receipt or office printer


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Each page drawn at the printer's resolution, scaled to fit its printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(int(points.width() * PRINT_DPI / 72),
                         int(points.height() * PRINT_DPI / 72))
            image = document.render(page, size)
            scaled = image.scaled(area.size(), aspectMode=Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QPointF(0, 0), scaled)
    finally:
        painter.end()


def printer_named(name: str) -> QPrinter:
    """The printer called `name` when this computer has it, else the system's default."""
    info = QPrinterInfo.printerInfo(name) if name else None
    printer = QPrinter(info) if info and not info.isNull() else QPrinter()
    printer.setResolution(PRINT_DPI)
    return printer


def print_file(path: Path, printer_name: str) -> None:
    """Send a PDF the app made straight to the printer, with no question (OSError when it
    cannot be printed)."""
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise OSError("the PDF could not be read")
    print_pdf(document, printer_named(printer_name))


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, title: str, printer_name: str = "", parent=None):
        super().__init__(parent)
        self.path = path
        self.printer_name = printer_name
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # opened, read, closed: gone
        self.setWindowTitle(title)
        self.resize(760, 700)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView()
        self.view.setAccessibleName(title)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.message = QLabel(f"Saved as {path}", objectName="hint")
        self.message.setWordWrap(True)
        self.print_button = QPushButton("Print")
        self.print_button.setAccessibleName("Print")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        save = QPushButton("Save a copy…")
        save.setAccessibleName("Save a copy")
        save.clicked.connect(self.save_copy)
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.accept)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.message, 1)
        for button in (self.print_button, save, close):
            self.buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)

    def add_button(self, button: QPushButton) -> None:
        """A button of the document's own, before Print."""
        self.buttons.insertWidget(1, button)

    def show_file(self, path: Path) -> None:
        """Show (and print or save) another PDF in its place."""
        self.path = path
        self.document.load(str(path))

    def printer(self) -> QPrinter:
        """The salon's chosen printer when it exists, else the system's default."""
        return printer_named(self.printer_name)

    def print_document(self) -> None:
        printer = self.printer()
        if run_modal(QPrintDialog(printer, self)) != QDialog.DialogCode.Accepted:
            return
        try:
            print_pdf(self.document, printer)
        except OSError as error:
            self.message.setText(f"Not printed: {error}. The PDF is saved as {self.path}.")
        else:
            self.message.setText("Sent to the printer.")

    def save_copy(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "Save a copy", self.path.name,
                                                "PDF (*.pdf)")
        if not target:
            return
        try:
            write_bytes(Path(target), self.path.read_bytes())
        except OSError as error:  # reading the PDF the app made
            self.message.setText(f"Not saved: {error.strerror}.")
        except DomainError as error:
            self.message.setText(f"Not saved: {error.message}")
        else:
            self.message.setText(f"Copy saved as {target}.")
