"""A gift voucher to hand over: an A5 card (landscape) to give as a present, or a slip on
the receipt roll. Both carry the code in large type and as a barcode a counter scanner
reads (Code 128 on the roll; a QR code on the card, which phones read too)."""

from __future__ import annotations

import io

from reportlab.graphics.barcode import code128, qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from salon_pos.documents.fonts import BOLD, REGULAR
from salon_pos.documents.layout import build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import footer_block, header_block
from salon_pos.documents.records import VoucherRecord

_ACCENT = colors.HexColor("#7b4b94")


def render_voucher(voucher: VoucherRecord, page_format: str = "a5") -> bytes:
    if page_format == "roll":
        return _roll(voucher)
    if page_format != "a5":
        raise ValueError(f"unknown voucher format {page_format!r}")
    return _card(voucher)


def _roll(voucher: VoucherRecord) -> bytes:
    st = styles_for("roll")
    width = frame_width("roll")
    story = header_block(voucher.header, st)
    large = ParagraphStyle("amount", parent=st.title, fontSize=20, leading=24)
    code = ParagraphStyle("code", parent=st.title, fontSize=11, leading=14)
    story += [spacer(8), para("GIFT VOUCHER", st.title), spacer(4),
              para(voucher.amount, large), spacer(8), para(voucher.code, code), spacer(4)]
    barcode = code128.Code128(voucher.code.replace("-", ""), barHeight=12 * mm,
                              barWidth=min(0.3 * mm, width / 200), humanReadable=False)
    barcode.hAlign = "CENTER"
    story += [barcode, spacer(6),
              para(f"Voucher {voucher.number} · issued {voucher.issued}", st.centre),
              para(f"Valid until {voucher.valid_until}", st.centre), spacer(4),
              para(voucher.terms, st.small)]
    story += footer_block(voucher.header, st)
    return build(story, "roll", f"Gift voucher {voucher.number}")


def _card(voucher: VoucherRecord) -> bytes:
    """A card drawn to its page: a coloured band with the salon's name, the value, the code
    and its QR code, and the terms in small type."""
    out = io.BytesIO()
    width, height = landscape(A5)
    styles_for("a4")  # registers the fonts
    canvas = Canvas(out, pagesize=(width, height), initialFontName=REGULAR)
    canvas.setTitle(f"Gift voucher {voucher.number}")
    canvas.setFillColor(_ACCENT)
    canvas.rect(0, height - 38 * mm, width, 38 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    _fit(canvas, voucher.header.name, BOLD, 26, width / 2, height - 20 * mm, width - 30 * mm)
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(width / 2, height - 31 * mm, "GIFT VOUCHER")
    canvas.setFillColor(colors.black)
    _fit(canvas, voucher.amount, BOLD, 40, 78 * mm, height - 66 * mm, 120 * mm)
    canvas.setFont(BOLD, 17)
    canvas.drawCentredString(78 * mm, height - 82 * mm, voucher.code)
    canvas.setFont(REGULAR, 10)
    canvas.drawCentredString(78 * mm, height - 91 * mm,
                             f"Voucher {voucher.number} · issued {voucher.issued} · "
                             f"valid until {voucher.valid_until}")
    _qr(canvas, voucher.code.replace("-", ""), width - 60 * mm, height - 94 * mm, 46 * mm)
    small = ParagraphStyle("terms", fontName=REGULAR, fontSize=8, leading=10,
                           textColor=colors.HexColor("#444444"))
    contact = " · ".join(part for part in (voucher.header.address, voucher.header.phone,
                                           voucher.header.email) if part)
    terms = [para(voucher.terms, small)] + ([para(contact, small)] if contact else [])
    Frame(14 * mm, 8 * mm, width - 28 * mm, 24 * mm, showBoundary=0).addFromList(terms, canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _qr(canvas: Canvas, text: str, left: float, bottom: float, size: float) -> None:
    """A QR code drawn module by module straight on the page (a reportlab Drawing would
    name Helvetica in the PDF, a font no document of ours embeds)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: the smallest size
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    box = size / (count + 4)  # a quiet zone of two modules each side
    canvas.setFillColor(colors.black)
    for row, modules in enumerate(code.modules):
        for column, dark in enumerate(modules):
            if dark:
                canvas.rect(left + (column + 2) * box, bottom + size - (row + 3) * box, box, box,
                            stroke=0, fill=1)


def _fit(canvas: Canvas, text: str, font: str, size: float, x: float, y: float,
         widest: float) -> None:
    """Centred text, smaller when a long salon name would not fit."""
    while size > 8 and canvas.stringWidth(text, font, size) > widest:
        size -= 1
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, text)
