"""The booking confirmation slip: the booking, the deposit and what happens to it, the
expectation notes with the client's agreement, and a line to sign."""

from __future__ import annotations

from salon_pos.documents.booking_blocks import (
    booking_block,
    deposit_block,
    note_block,
    signature_lines,
)
from salon_pos.documents.layout import build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import header_block
from salon_pos.documents.records import BookingRecord


def render_slip(record: BookingRecord, page_format: str = "roll") -> bytes:
    st = styles_for(page_format)
    width = frame_width(page_format)
    story = header_block(record.header, st)
    story += [spacer(6), para("Booking confirmation", st.title)]
    story += booking_block(record, st, width)
    story += [para(course, st.body) for course in record.courses]
    story += deposit_block(record, st, width)
    for note in record.notes:
        story += note_block(note, record.money, st, width, after_service=False)
    story += [spacer(8), para("I have read what to expect and agree to it, and to the deposit "
                              "policy above.", st.body),
              signature_lines(st, width, (record.client,))]
    if record.header.footer:
        story += [spacer(6), para(record.header.footer, st.centre)]
    return build(story, page_format, f"Booking {record.number}")
