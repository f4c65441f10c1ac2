"""The day close (Z) report on A4 / US Letter: every figure of the day, page-numbered."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import CondPageBreak, Flowable

from salon_pos.documents.layout import amounts, build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import header_block
from salon_pos.documents.records import SalonHeader

SECTION_TITLES = {
    "sales": "Sales", "tips": "Tips by stylist", "tenders": "Payments by tender",
    "deposits": "Deposits", "house accounts": "House accounts", "refunds": "Refunds",
    "no-shows": "No-shows", "late cancellations": "Late cancellations",
    "cash drawer": "Cash drawer",
}


def render_z_report(header: SalonHeader, title: str, rows: list[tuple[str, str, int | None]],
                    money: Callable[[int], str], seal: str = "",
                    page_format: str = "a4") -> bytes:
    """`rows` are (section, item, amount) as `DayReport.rows()` gives them."""
    st = styles_for(page_format)
    width = frame_width(page_format)
    story: list[Flowable] = header_block(header, st)
    story += [spacer(8), para(title, st.title), spacer(6)]
    sections: dict[str, list[tuple[str, str]]] = {}
    for section, item, amount in rows:
        shown = "—" if amount is None else str(amount) if item == "count" else money(amount)
        label = item.replace("_", " ")
        sections.setdefault(section, []).append((label[:1].upper() + label[1:], shown))
    for section, items in sections.items():
        heading = SECTION_TITLES.get(section, section.capitalize().replace("Tax ", "Tax at "))
        story += [CondPageBreak(60), para(heading, st.heading), amounts(items, st, width * 0.7)]
    if seal:
        story += [spacer(12), para(seal, st.small)]
    return build(story, page_format, title)
