"""A report's table (documents/report_records.py) as a PDF on A4 / US Letter, headers
repeated on every page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle

from salon_pos.documents.fonts import BOLD, REGULAR
from salon_pos.documents.layout import Grid, build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import header_block
from salon_pos.documents.records import SalonHeader
from salon_pos.documents.report_records import Column, ReportTable


def render_report_table(header: SalonHeader, table: ReportTable, money: Callable[[int], str],
                        page_format: str = "a4") -> bytes:
    """The report on sheets, page-numbered; long tables run on with their header repeated."""
    st = styles_for(page_format)
    shown = table.text_rows(money)
    size, widths = _fit(table.columns, [[c.title for c in table.columns], *shown],
                        frame_width(page_format))
    plain = ParagraphStyle("cell", parent=st.body, fontSize=size, leading=size * 1.25)
    plain_right = ParagraphStyle("cell_right", parent=plain, alignment=TA_RIGHT)
    bold = ParagraphStyle("cell_bold", parent=plain, fontName=BOLD)
    bold_right = ParagraphStyle("cell_bold_right", parent=plain_right, fontName=BOLD)

    def cells(texts: list[str], strong: bool):
        return [para(text, (bold_right if strong else plain_right) if column.figures
                     else (bold if strong else plain))
                for column, text in zip(table.columns, texts, strict=True)]

    data = [cells([c.title for c in table.columns], True)]
    data += [cells(texts, False) for texts in shown[:len(table.rows)]]
    if table.totals is not None:
        data.append(cells(shown[-1], True))
    grid = Grid(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, len(table.rows)),
         [colors.white, colors.HexColor("#f2f2f2")]),
    ]
    if table.totals is not None:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    grid.setStyle(TableStyle(style))
    story: list[Flowable] = header_block(header, st)
    story += [spacer(8), para(table.title, st.title), para(table.period, st.centre),
              spacer(8), grid]
    if not table.rows:
        story += [spacer(6), para("Nothing in this period.", st.body)]
    return build(story, page_format, f"{table.title} — {table.period}")


_PADDING = 3
_SIZES = (8, 7.5, 7, 6.5, 6)  # points: smaller only when the figures need the room


def _fit(columns: Sequence[Column], lines: list[list[str]], width: float
         ) -> tuple[float, list[float]]:
    """A font size and column widths. Each figure column is as wide as its widest entry, so
    amounts never wrap. Text columns get the width of their text when all fit (the room
    over shared by weight); otherwise each keeps its longest word whole and the rest of
    the room goes in proportion to what each would still need."""
    figures = [i for i, column in enumerate(columns) if column.figures]
    texts = [i for i, column in enumerate(columns) if not column.figures]
    for size in _SIZES:
        widths = {i: _widest(lines, i, BOLD, size) for i in figures}
        if sum(widths.values()) <= width * 0.7 or size == _SIZES[-1]:
            break
    left = max(width - sum(widths.values()), 0)
    words = {i: max(_widest(lines[:1], i, BOLD, size, words=True),
                    _widest(lines[1:], i, REGULAR, size, words=True)) for i in texts}
    needs = {i: max(_widest(lines[1:], i, REGULAR, size), words[i]) for i in texts}
    if sum(needs.values()) <= left:
        spare, weights = left - sum(needs.values()), sum(columns[i].weight for i in texts)
        widths.update({i: needs[i] + spare * columns[i].weight / weights for i in texts})
    elif sum(words.values()) >= left:
        widths.update({i: words[i] * left / sum(words.values()) for i in texts})
    else:
        spare, still = left - sum(words.values()), sum(needs[i] - words[i] for i in texts)
        widths.update({i: words[i] + spare * (needs[i] - words[i]) / still for i in texts})
    return size, [widths[i] for i in range(len(columns))]


def _widest(lines: list[list[str]], column: int, font: str, size: float,
            words: bool = False) -> float:
    """The room the widest entry (or word) of a column needs, padding included."""
    pieces = (piece for line in lines
              for piece in (line[column].split() if words else [line[column]]))
    return max((stringWidth(piece, font, size) for piece in pieces), default=0) + 2 * _PADDING + 1
