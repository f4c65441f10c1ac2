"""Every PDF we write carries the fonts it names: a font left out (reportlab's default
Helvetica, named by a table cell or the page's first text block) is drawn with whatever
the viewer or printer has instead."""

from __future__ import annotations

from salon_pos.documents.agreement import render_agreement
from salon_pos.documents.deposit_receipt import render_deposit_receipt
from salon_pos.documents.receipt import render_receipt
from salon_pos.documents.report_table import render_report_table
from salon_pos.documents.slip import render_slip
from salon_pos.documents.voucher import render_voucher
from salon_pos.documents.z_report import render_z_report
from salon_pos.services.operations import refunds
from salon_pos.services.views.booking_documents import (
    agreement_record,
    booking_record,
    deposit_receipt,
)
from salon_pos.services.views.day_report import day_report
from salon_pos.services.views.receipts import receipt_of_refund, receipt_of_sale, salon_header
from salon_pos.services.views.vouchers import voucher_to_print
from salon_pos.store.models import JournalEntry, Sale
from tests.documents.conftest import fonts_not_embedded
from tests.documents.test_receipt import paid_sale
from tests.documents.test_report_table import stylists
from tests.services.test_vouchers import sell_voucher


def every_document(s) -> dict[str, bytes]:
    """Each kind of document, from one paid sale (then refunded) and its booking."""
    sale = paid_sale(s)
    booking = Sale.get_by_id(sale).booking_id
    refund = refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager,
                                 reason="Allergic reaction")["refund_id"]
    deposit = JournalEntry.get(JournalEntry.kind == "deposit_taken").seq
    settings = s.salon.settings()
    report = day_report(s.salon, s.salon.today())
    code = sell_voucher(s, 5000)
    voucher = voucher_to_print(s.salon, 1, code)
    return {
        "receipt on a roll": render_receipt(receipt_of_sale(s.salon, sale), "roll"),
        "receipt on A4": render_receipt(receipt_of_sale(s.salon, sale), "a4"),
        "refund receipt": render_receipt(receipt_of_refund(s.salon, refund), "roll"),
        "booking slip": render_slip(booking_record(s.salon, booking), "roll"),
        "deposit receipt": render_deposit_receipt(deposit_receipt(s.salon, deposit), "roll"),
        "agreement record": render_agreement(agreement_record(s.salon, booking)),
        "Z report": render_z_report(salon_header(settings), "Z report", report.rows(),
                                    settings.money, "Sealed by entry 9"),
        "report": render_report_table(salon_header(settings), stylists(), settings.money),
        "gift voucher card": render_voucher(voucher, "a5"),
        "gift voucher on a roll": render_voucher(voucher, "roll"),
    }


def test_no_document_names_a_font_it_does_not_embed(s, tmp_path):
    for name, pdf in every_document(s).items():
        assert fonts_not_embedded(pdf, tmp_path) == [], name
