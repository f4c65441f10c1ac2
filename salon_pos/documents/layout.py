"""Page formats and the building blocks every document shares: styles, a two-column
amount table, and the build step for an 80 mm roll (page as long as its content) or a
sheet (A4 / US Letter, paginated, "page N of M" in the footer)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from salon_pos.documents.fonts import BOLD, REGULAR, markup, register_fonts

ROLL_WIDTH = 80 * mm
FORMATS = ("roll", "a4", "letter")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    bold: ParagraphStyle
    right: ParagraphStyle
    right_bold: ParagraphStyle
    title: ParagraphStyle
    centre: ParagraphStyle
    heading: ParagraphStyle


def styles_for(page_format: str) -> Styles:
    register_fonts()
    size = 8 if page_format == "roll" else 10
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=size, leading=size * 1.25)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=size - 1.5,
                             leading=(size - 1.5) * 1.25, textColor=colors.HexColor("#444444")),
        bold=ParagraphStyle("bold", parent=body, fontName=BOLD),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        right_bold=ParagraphStyle("right_bold", parent=body, fontName=BOLD, alignment=TA_RIGHT),
        title=ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=size + 4,
                             leading=(size + 4) * 1.25, alignment=TA_CENTER),
        centre=ParagraphStyle("centre", parent=body, alignment=TA_CENTER),
        heading=ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=size + 1,
                               leading=(size + 1) * 1.3, spaceBefore=size * 0.6),
    )


class Grid(Table):
    """A table whose cells default to the embedded font. reportlab sets a cell's font
    before drawing it, even a cell holding a Paragraph, and that font is Helvetica unless
    told: a PDF would name a font it does not embed."""

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def amounts(rows: Sequence[tuple[str, str]], st: Styles, width: float,
            bold_last: bool = False) -> Table:
    """Label on the left, amount on the right, e.g. the totals block."""
    if not rows:
        return Spacer(1, 0)
    data = []
    for i, (label, value) in enumerate(rows):
        strong = bold_last and i == len(rows) - 1
        data.append([para(label, st.bold if strong else st.body),
                     para(value, st.right_bold if strong else st.right)])
    table = Grid(data, colWidths=[width * 0.62, width * 0.38], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def rule() -> Flowable:
    table = Grid([[""]], colWidths=["100%"], rowHeights=[2])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey)]))
    return table


_ROLL_MARGIN = 4 * mm
_SHEET_MARGIN = 18 * mm
_FRAME_PADDING = 6  # platypus frames keep 6 pt inside each edge


def frame_width(page_format: str) -> float:
    """The width a document's content may use."""
    page = ROLL_WIDTH - 2 * _ROLL_MARGIN if page_format == "roll" else (
        _sheet(page_format)[0] - 2 * _SHEET_MARGIN)
    return page - 2 * _FRAME_PADDING


def _sheet(page_format: str):
    return {"a4": A4, "letter": LETTER}[page_format]


def build(story: list[Flowable], page_format: str, title: str) -> bytes:
    """The PDF bytes of a story, on a roll or on sheets."""
    if page_format not in FORMATS:
        raise ValueError(f"unknown page format {page_format!r}")
    out = io.BytesIO()
    if page_format == "roll":
        story = _unkept(story)  # one page: nothing to keep together, and all measurable
        width = frame_width("roll")
        measure = Canvas(io.BytesIO())
        height = sum(f.wrapOn(measure, width, 10**6)[1] + f.getSpaceBefore()
                     + f.getSpaceAfter() for f in story)
        page = (ROLL_WIDTH, height + 2 * (_ROLL_MARGIN + _FRAME_PADDING) + 4 * mm)
        doc = SimpleDocTemplate(out, pagesize=page, leftMargin=_ROLL_MARGIN,
                                rightMargin=_ROLL_MARGIN, topMargin=_ROLL_MARGIN,
                                bottomMargin=_ROLL_MARGIN, title=title,
                                initialFontName=REGULAR)
        doc.build(story)
    else:
        doc = SimpleDocTemplate(out, pagesize=_sheet(page_format), leftMargin=_SHEET_MARGIN,
                                rightMargin=_SHEET_MARGIN, topMargin=_SHEET_MARGIN,
                                bottomMargin=_SHEET_MARGIN, title=title,
                                initialFontName=REGULAR)
        doc.build(story, canvasmaker=_numbered_canvas(title))
    return out.getvalue()


def picture(path: Path, max_width: float, max_height: float) -> Image | None:
    """An image upright (as the camera's orientation tag says) and scaled to fit the box,
    or None when the file is not on this station."""
    if not path.is_file():
        return None
    with PILImage.open(path) as original:
        upright = turned_upright(original)
        upright.thumbnail((1600, 1600))  # plenty for print; keeps the PDF small
        data = io.BytesIO()
        upright.convert("RGB").save(data, format="JPEG", quality=88)
    return _fitted(data, max_width, max_height)


def turned_upright(image: PILImage.Image) -> PILImage.Image:
    """Turned as the camera's orientation tag says; as it is when the tag is unreadable."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 — a mangled EXIF block raises whatever it trips on
        return image


# A signature is checked when it is kept; one changed since (verify names it) still must
# not take the printing down, nor its memory.
_SIGNATURE_PIXELS = 4_000_000


def signature_picture(png: bytes, max_width: float, max_height: float) -> Image | None:
    """A signature drawn on screen, scaled to fit the box; None when it cannot be read."""
    try:
        with PILImage.open(io.BytesIO(png), formats=["PNG"]) as original:
            if original.width * original.height > _SIGNATURE_PIXELS:
                return None
            on_white = PILImage.new("RGBA", original.size, "white")
            on_white.alpha_composite(original.convert("RGBA"))
            data = io.BytesIO()
            on_white.convert("RGB").save(data, format="PNG")
    except (OSError, SyntaxError, ValueError, EOFError, PILImage.DecompressionBombError):
        return None
    return _fitted(data, max_width, max_height)


def _fitted(data: io.BytesIO, max_width: float, max_height: float) -> Image:
    data.seek(0)
    image = Image(data)
    scale = min(1.0, max_width / image.imageWidth, max_height / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    image.hAlign = "LEFT"
    return image


def _unkept(story: list[Flowable]) -> list[Flowable]:
    flat: list[Flowable] = []
    for flowable in story:
        flat += _unkept(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return flat


def spacer(points: float = 4) -> Spacer:
    return Spacer(1, points)


def _numbered_canvas(label: str):
    """A canvas that writes "<label> · page N of M" at the foot of each sheet, once the
    page count is known (so page 2 of a receipt still says whose it is)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(REGULAR, 8)
                self.setFillColor(colors.grey)
                self.drawRightString(self._pagesize[0] - _SHEET_MARGIN, _SHEET_MARGIN / 2,
                                     f"{label} · page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas
