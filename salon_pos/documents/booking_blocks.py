"""Blocks the booking slip, the agreement record and the consultation record share: the
booking, its deposit and what happens to it, each expectation note, and the client's
signature drawn on screen."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, TableStyle

from salon_pos.documents.layout import (
    Grid,
    Styles,
    amounts,
    para,
    picture,
    signature_picture,
    spacer,
)
from salon_pos.documents.records import BookingRecord, NoteRecord


def booking_block(record: BookingRecord, st: Styles, width: float) -> list[Flowable]:
    money = record.money
    blocks: list[Flowable] = [
        para(f"Booking {record.number}", st.heading),
        para(f"{record.client} with {record.stylist}", st.body),
        para(record.when, st.bold),
        spacer(3),
    ]
    rows = [(f"{name} ({minutes} min)", money(price)) for name, minutes, price in record.services]
    rows.append(("Quoted in all", money(record.total)))
    blocks.append(amounts(rows, st, width, bold_last=True))
    return blocks


def deposit_block(record: BookingRecord, st: Styles, width: float) -> list[Flowable]:
    money = record.money
    blocks: list[Flowable] = [para("Deposit", st.heading)]
    blocks.append(para(record.deposit_reason or "No deposit is needed for this booking.",
                       st.body))
    if record.deposit_due:
        still = record.deposit_due - record.deposit_taken
        state = f"{money(still)} still to pay" if still > 0 else "paid"
        blocks.append(para(f"Deposit: {money(record.deposit_due)} — {state}.", st.bold))
    if record.deposit_movements:
        rows = [(f"{when} · {what}", money(amount))
                for when, what, amount in record.deposit_movements]
        rows.append(("Held for this booking now", money(record.deposit_held)))
        blocks += [spacer(3), amounts(rows, st, width, bold_last=True)]
    if record.policy:
        blocks += [spacer(3), para(record.policy, st.small)]
    return blocks


def note_block(note: NoteRecord, money, st: Styles, width: float, *,
               after_service: bool) -> list[Flowable]:
    rows = [
        ("Expected result", note.expected_result),
        ("Limits and risks", note.limits_and_risks or "—"),
        ("Sessions expected", str(note.sessions_expected)),
        ("Price range", f"{money(note.price_min)} – {money(note.price_max)}"),
        ("Agreed by the client", note.acknowledged or "not yet"),
    ]
    if after_service:
        rows += [("What was done", note.outcome or "—"),
                 ("Formula / products", note.formula or "—")]
    table = Grid([[para(label, st.bold), para(text, st.body)] for label, text in rows],
                  colWidths=[width * 0.3, width * 0.7])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    blocks: list[Flowable] = [para(f"What to expect — {note.service}", st.heading), table]
    if note.signature:
        blocks += signed_block(note.signature, "The client's signature, agreeing to this note",
                               st, width)
    for path, caption in note.photos:
        photo = picture(Path(path), width * 0.6, width * 0.72)
        if photo is None:
            blocks.append(para(f"Reference photo “{caption or Path(path).name}”: the file is "
                               "not on this station.", st.small))
        else:  # one table cell: the photo never parts from its caption
            captioned = Grid([[[photo, para(caption or "Reference photo", st.small)]]],
                              colWidths=[width], hAlign="LEFT")
            captioned.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            blocks += [spacer(4), captioned]
    return blocks


def signed_block(png: bytes, caption: str, st: Styles, width: float) -> list[Flowable]:
    """The client's signature as they drew it on screen, above what it means."""
    picture = signature_picture(png, width * 0.45, 64)
    if picture is None:
        return [spacer(4), para("The client's signature cannot be read: it was changed "
                                "outside Salon POS. Run “salon-pos verify”.", st.bold)]
    signed = Grid([[[picture, para(caption, st.small)]]], colWidths=[width], hAlign="LEFT")
    signed.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [spacer(4), signed]


def signature_lines(st: Styles, width: float, who: tuple[str, ...]) -> Flowable:
    cells = [[para(f"\n\n______________________\n{name}", st.body) for name in who]]
    return Grid(cells, colWidths=[width / len(who)] * len(who))
