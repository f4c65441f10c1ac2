"""The expectation agreement record: everything agreed before the work, what was done, and
the client's word at checkout — what the salon hands its card processor in a dispute."""

from __future__ import annotations

from salon_pos.documents.booking_blocks import booking_block, deposit_block, note_block
from salon_pos.documents.layout import amounts, build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import header_block
from salon_pos.documents.records import AgreementRecord

# Booking statuses (as worded) in which payment is still to come.
OPEN_LABELS = ("booked", "arrived", "in service", "ready for checkout")


def render_agreement(record: AgreementRecord, page_format: str = "a4") -> bytes:
    st = styles_for(page_format)
    width = frame_width(page_format)
    booking = record.booking
    story = header_block(booking.header, st)
    story += [spacer(6), para("Expectation agreement record", st.title),
              para(f"Booking {booking.number} — {record.status}", st.centre)]
    story += booking_block(booking, st, width)
    for note in booking.notes:
        story += note_block(note, booking.money, st, width, after_service=True)
    story += deposit_block(booking, st, width)
    story.append(para("At checkout", st.heading))
    signoff = record.signoff
    if signoff is None:
        story.append(para("Not paid yet." if record.status in OPEN_LABELS else
                          f"No payment: the booking is {record.status}.", st.body))
    else:
        verdict = {True: "The client said the result matches what was agreed.",
                   False: "The client said the result differs from what was agreed.",
                   None: "No sign-off was recorded."}[signoff.matches]
        story += [amounts([(f"Receipt {signoff.receipt_number}", booking.money(signoff.paid))],
                          st, width), para(verdict, st.bold)]
        if signoff.differences:
            story.append(para(f"What differs: {signoff.differences}", st.body))
        if signoff.action:
            story.append(para(f"What was done about it: {signoff.action}", st.body))
        if signoff.recorded:
            story.append(para(signoff.recorded, st.small))
    return build(story, page_format, f"Agreement record {booking.number}")
