"""The sale receipt (and the refund receipt, the same record with negative meaning), on an
80 mm roll or on A4 / US Letter."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, TableStyle

from salon_pos.documents.layout import (
    Grid,
    Styles,
    amounts,
    build,
    frame_width,
    para,
    picture,
    rule,
    spacer,
    styles_for,
)
from salon_pos.documents.records import Receipt, SalonHeader


def render_receipt(receipt: Receipt, page_format: str = "roll") -> bytes:
    st = styles_for(page_format)
    width = frame_width(page_format)
    story: list[Flowable] = header_block(receipt.header, st)
    story += [spacer(6), para(receipt.title, st.title),
              para(f"No. {receipt.number} · {receipt.issued_at}", st.centre)]
    if receipt.client:
        story.append(para(f"Client: {receipt.client}", st.centre))
    if receipt.stylists:
        story.append(para(f"Stylist: {', '.join(receipt.stylists)}", st.centre))
    story += [spacer(6), _lines_table(receipt, st, width), rule(), spacer(2)]
    story += _totals(receipt, st, width)
    story += [spacer(6), KeepTogether([rule(), para("Tax", st.bold),
                                       _tax_table(receipt, st, width, page_format)])]
    for note in receipt.notes:
        story += [spacer(4), para(note, st.body)]
    story += footer_block(receipt.header, st)
    return build(story, page_format, f"{receipt.title} {receipt.number}")


def header_block(header: SalonHeader, st: Styles) -> list[Flowable]:
    blocks: list[Flowable] = []
    logo = picture(Path(header.logo), 40 * mm, 20 * mm) if header.logo else None
    if logo is not None:
        logo.hAlign = "CENTER"
        blocks += [logo, spacer(4)]
    blocks.append(para(header.name, st.title))
    for line in (header.address, header.phone, header.email):
        if line:
            blocks.append(para(line, st.centre))
    if header.tax_number:
        blocks.append(para(f"Tax number {header.tax_number}", st.centre))
    return blocks


def footer_block(header: SalonHeader, st: Styles) -> list[Flowable]:
    blocks: list[Flowable] = [spacer(8), rule(), spacer(2)]
    if header.policy:
        blocks.append(para(header.policy, st.small))
    if header.footer:
        blocks += [spacer(4), para(header.footer, st.centre)]
    return blocks


def _lines_table(receipt: Receipt, st: Styles, width: float) -> Grid:
    money = receipt.money
    data = [[para("Item", st.bold), para("Qty", st.right_bold), para("Amount", st.right_bold)]]
    for line in receipt.lines:
        detail = [line.description]
        if line.quantity > 1:
            detail.append(f"{line.quantity} × {money(line.unit_price)}")
        if line.stylist and len(receipt.stylists) > 1:
            detail.append(line.stylist)
        cell = [para(detail[0], st.body)] + [para(d, st.small) for d in detail[1:]]
        if line.price_note:
            cell.append(para(f"Price adjusted: {line.price_note}", st.small))
        if line.discount:
            reason = f" ({line.discount_reason})" if line.discount_reason else ""
            cell.append(para(f"Discount {money(-line.discount)}{reason}", st.small))
        data.append([cell, para(str(line.quantity), st.right), para(money(line.amount), st.right)])
    table = Grid(data, colWidths=[width * 0.54, width * 0.12, width * 0.34], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-2, -1), 4),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _totals(receipt: Receipt, st: Styles, width: float) -> list[Flowable]:
    money = receipt.money
    if receipt.refund:
        refunded = [(p.label + (f" ({p.reference})" if p.reference else ""), money(p.amount))
                    for p in receipt.payments]
        return [amounts([("Refunded in all", money(receipt.total)), *refunded], st, width)]
    if receipt.prices_include_tax:
        rows = [("Total (tax included)", money(receipt.total))]
    else:
        rows = [("Subtotal", money(receipt.total - receipt.tax)), ("Tax", money(receipt.tax)),
                ("Total", money(receipt.total))]
    rows += [(f"Tip for {name}", money(amount)) for name, amount in receipt.tips]
    if receipt.cash_rounding:
        rows.append(("Cash rounding", money(receipt.cash_rounding)))
    due = receipt.total + receipt.tip_total + receipt.cash_rounding
    rows.append(("To pay", money(due)))
    blocks: list[Flowable] = [amounts(rows, st, width, bold_last=True), spacer(4)]
    paid = [(p.label + (f" ({p.reference})" if p.reference else ""), money(p.amount))
            for p in receipt.payments]
    if receipt.change:
        paid.append(("Change", money(-receipt.change)))
    blocks.append(amounts(paid, st, width) if paid else para("Nothing to pay.", st.body))
    if receipt.house_balance_after is not None:
        blocks += [spacer(4), amounts([("Owed on your house account after this sale",
                                        money(receipt.house_balance_after))], st, width)]
    return [KeepTogether(blocks)]


def _tax_table(receipt: Receipt, st: Styles, width: float, page_format: str) -> Grid:
    """Tax per rate; the narrow roll leaves out the net column (gross − tax)."""
    money = receipt.money
    columns = ["Rate", "Tax", "Gross"] if page_format == "roll" else ["Rate", "Net", "Tax",
                                                                      "Gross"]
    data = [[para(columns[0], st.bold)] + [para(c, st.right_bold) for c in columns[1:]]]
    for row in receipt.taxes:
        values = {"Net": row.net, "Tax": row.tax, "Gross": row.gross}
        data.append([para(row.label, st.body)]
                    + [para(money(values[c]), st.right) for c in columns[1:]])
    share = (1 - 0.19) / (len(columns) - 1)
    table = Grid(data, colWidths=[width * 0.19] + [width * share] * (len(columns) - 1),
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-2, -1), 4),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table
