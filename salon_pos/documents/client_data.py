"""A client's data, readable: the profile, then a table a kind of record (bookings, notes,
consultations, patch tests, formulas, photos, sales, deposits, vouchers, courses, account
movements), each saying so when there is nothing — what the salon hands a client who asks
what it holds about them."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, TableStyle

from salon_pos.documents.layout import Grid, build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import header_block
from salon_pos.documents.records import ClientDataRecord


def render_client_data(record: ClientDataRecord, page_format: str = "a4") -> bytes:
    st = styles_for(page_format)
    width = frame_width(page_format)
    story = header_block(record.header, st)
    story += [spacer(6), para("Your data held by the salon", st.title),
              para(f"{record.client} — put together on {record.made}", st.centre),
              para("Everything the salon keeps about you, as it is kept. The same is in the "
                   "folder as JSON, with your photos and signatures as files. Amounts are in "
                   "the salon's currency.", st.small), spacer(4)]
    profile = Grid([[para(what, st.bold), para(value, st.body)]
                    for what, value in record.profile],
                   colWidths=[width * 0.3, width * 0.7])
    profile.setStyle(_lined())
    story += [para("Profile", st.heading), profile]
    for section in record.sections:
        title = para(section.title, st.heading)
        if not section.rows:
            story.append(KeepTogether([title, para("None.", st.small)]))
            continue
        share = width / len(section.columns)
        table = Grid([[para(column, st.bold) for column in section.columns]]
                     + [[para(cell, st.small) for cell in row] for row in section.rows],
                     colWidths=[share] * len(section.columns), repeatRows=1)
        table.setStyle(_lined())
        story.append(KeepTogether([title, table]))  # a title never ends a page alone
    return build(story, page_format, f"Data held about {record.client}")


def _lined() -> TableStyle:
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.lightgrey),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ])
