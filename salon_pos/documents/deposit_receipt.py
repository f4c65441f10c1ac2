"""The receipt of one deposit movement: taken, refunded, or kept as a fee."""

from __future__ import annotations

from salon_pos.documents.layout import amounts, build, frame_width, para, spacer, styles_for
from salon_pos.documents.receipt import footer_block, header_block
from salon_pos.documents.records import DepositReceipt


def render_deposit_receipt(receipt: DepositReceipt, page_format: str = "roll") -> bytes:
    st = styles_for(page_format)
    width = frame_width(page_format)
    money = receipt.money
    story = header_block(receipt.header, st)
    story += [spacer(6), para(receipt.what, st.title),
              para(f"No. {receipt.number} · {receipt.issued_at}", st.centre),
              para(f"Client: {receipt.client}", st.centre), spacer(6),
              para(receipt.booking, st.body), spacer(4)]
    how = receipt.method + (f" ({receipt.reference})" if receipt.reference else "")
    rows = [(receipt.what + (f" — {how}" if how else ""), money(receipt.amount))]
    if receipt.tax:
        rows.append((f"of which tax at {receipt.tax_label}", money(receipt.tax)))
    rows.append(("Deposit held for this booking now", money(receipt.held_after)))
    story.append(amounts(rows, st, width))
    story += footer_block(receipt.header, st)
    return build(story, page_format, f"{receipt.what} {receipt.number}")
