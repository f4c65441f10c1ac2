"""The consultation record: the questions as the client was asked them, the answers, the
expectation notes agreed beside them, and the client's signature with the seal that binds
it to the text — what the salon shows its insurer."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import TableStyle

from salon_pos.documents.booking_blocks import note_block, signed_block
from salon_pos.documents.layout import Grid, build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import header_block
from salon_pos.documents.records import ConsultationRecord


def render_consultation(record: ConsultationRecord, page_format: str = "a4") -> bytes:
    st = styles_for(page_format)
    width = frame_width(page_format)
    story = header_block(record.header, st)
    story += [spacer(6), para(f"Consultation — {record.category}", st.title),
              para(record.client, st.centre), spacer(4),
              para(f"Recorded {record.recorded}", st.body)]
    if record.booking:
        story.append(para(record.booking, st.body))
    answers = Grid([[para(question, st.bold), para(answer, st.body)]
                    for question, answer in record.answers],
                   colWidths=[width * 0.5, width * 0.5])
    answers.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.lightgrey),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story += [para("The client's answers", st.heading), answers]
    if record.signature:
        story += signed_block(record.signature, "The client's signature: the answers above "
                              "are true and complete to the best of their knowledge.", st, width)
    else:
        story.append(para("Not signed on screen.", st.bold))
    for note in record.notes:
        story += note_block(note, record.money, st, width, after_service=False)
    if record.intact:
        story += [spacer(6), para(f"Sealed in the salon's journal as {record.reference}, "
                                  f"digest {record.seal[:16]}…: a change to the answers or the "
                                  "signature after they were recorded shows when the journal "
                                  "is verified.", st.small)]
    else:
        story += [spacer(6), para("This record does not match its seal in the salon's "
                                  "journal: it was changed outside Salon POS after it was "
                                  "recorded. Run “salon-pos verify”.", st.bold)]
    return build(story, page_format, f"Consultation {record.client}")
