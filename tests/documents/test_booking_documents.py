"""The booking slip, the agreement record, deposit and refund receipts and the Z report:
the figures a client or an accountant will look for, in PDFs any viewer opens."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

import pytest

from salon_pos.documents.agreement import render_agreement
from salon_pos.documents.deposit_receipt import render_deposit_receipt
from salon_pos.documents.receipt import render_receipt
from salon_pos.documents.slip import render_slip
from salon_pos.documents.z_report import render_z_report
from salon_pos.services.operations import bookings, deposits, notes, refunds
from salon_pos.services.views.booking_documents import (
    agreement_record,
    booking_record,
    deposit_receipt,
)
from salon_pos.services.views.day_report import day_report
from salon_pos.services.views.receipts import receipt_of_refund, salon_header
from salon_pos.store.models import JournalEntry, Sale, SaleLine
from tests.documents.conftest import assert_qpdf_clean, pdf_pages, pdf_text
from tests.documents.test_receipt import paid_sale


def tiny_png(width: int = 60, height: int = 40) -> bytes:
    rows = b"".join(b"\x00" + bytes([200, 120, 80]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def upcoming_colour(s, tmp_path) -> int:
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=3), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-9")
    note = notes.write_note(s.salon, booking, by=s.stylist,
                            expected_result="Even copper, two shades lighter",
                            limits_and_risks="Old box dye may grab unevenly",
                            sessions_expected=2, price_min=15000, price_max=19000)
    photo = tmp_path / "copper.png"
    photo.write_bytes(tiny_png())
    notes.add_photo(s.salon, note, photo, by=s.stylist, caption="The copper she likes")
    notes.acknowledge_note(s.salon, note, by=s.desk)
    return booking


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("paper", ["roll", "a4"])
def test_the_slip_tells_the_booking_the_deposit_the_policy_and_what_to_expect(
        s, tmp_path, paper):
    pdf = render_slip(booking_record(s.salon, upcoming_colour(s, tmp_path)), paper)

    text = flat(pdf)
    for words in ("Booking confirmation", "Zoë Ní Bhriain with Aoife Stylist",
                  "Mon 23 Mar 2026, 09:00", "Colour correction (120 min) €150.00",
                  "Deposit taken (card) €30.00", "Held for this booking now €30.00",
                  "Cancel at least 24 hours ahead", "kept as a no-show fee",
                  "Even copper, two shades lighter", "Old box dye may grab unevenly",
                  "€150.00 – €190.00", "recorded by Dara Desk", "The copper she likes",
                  "I have read what to expect and agree to it"):
        assert words in text, words
    assert_qpdf_clean(pdf, tmp_path)


def test_the_agreement_record_holds_the_note_the_deposit_and_the_signoff(s, tmp_path):
    sale = paid_sale(s)
    booking = Sale.get_by_id(sale).booking_id

    pdf = render_agreement(agreement_record(s.salon, booking))

    text = flat(pdf)
    for words in ("Expectation agreement record", "paid and closed", "Copper",
                  "Deposit applied to the bill €39.00", "Receipt 000001 €217.95",
                  "The client said the result matches what was agreed."):
        assert words in text, words
    assert_qpdf_clean(pdf, tmp_path)


def test_deposit_receipts_for_taking_and_refunding(s, tmp_path):
    booking = upcoming_colour(s, tmp_path)
    bookings.cancel(s.salon, booking, by=s.desk)
    taken, refunded = (e.seq for e in JournalEntry.select().where(
        JournalEntry.kind.in_(["deposit_taken", "deposit_refunded"])).order_by(JournalEntry.seq))

    first = flat(render_deposit_receipt(deposit_receipt(s.salon, taken)))
    second = flat(render_deposit_receipt(deposit_receipt(s.salon, refunded)))

    assert "Deposit taken — Card (T-9) €30.00" in first
    assert "Deposit held for this booking now €30.00" in first
    assert "Deposit refunded — Card €30.00" in second
    assert "Deposit held for this booking now €0.00" in second


def test_the_refund_receipt_names_the_sale_the_lines_and_how_money_went_back(s, tmp_path):
    sale = paid_sale(s)
    shampoo = SaleLine.get((SaleLine.sale == sale) & (SaleLine.category == "retail")).id
    result = refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager,
                                 reason="Allergic reaction", lines={shampoo: 1})

    pdf = render_receipt(receipt_of_refund(s.salon, result["refund_id"]), "roll")

    text = flat(pdf)
    for words in ("Refund receipt", "No. R000001", "Repair shampoo 1 €17.97",
                  "Refunded in all €17.97", "Refund of receipt 000001: Allergic reaction",
                  "Approved by Maeve Manager"):
        assert words in text, words
    assert_qpdf_clean(pdf, tmp_path)


def test_the_z_report_prints_every_section_with_page_numbers(s, tmp_path):
    paid_sale(s)
    report = day_report(s.salon, s.salon.today())

    pdf = render_z_report(salon_header(s.salon.settings()), "Z report — Friday 20 March 2026",
                          report.rows(), s.salon.settings().money, "Sealed by entry 9")

    text = flat(pdf)
    for words in ("Z report — Friday 20 March 2026", "Sales", "Total €207.97",
                  "Tax at 23%", "Tips by stylist", "Aoife Stylist €10.00",
                  "Payments by tender", "Deposits", "Cash drawer", "Sealed by entry 9"):
        assert words in text, words
    assert "page 1 of" in text
    assert len(pdf_pages(pdf)) >= 1
    assert_qpdf_clean(pdf, tmp_path)


def test_a_missing_photo_is_said_not_silently_left_out(s, tmp_path):
    booking = upcoming_colour(s, tmp_path)
    for photo in s.salon.photos_dir.iterdir():
        photo.unlink()

    text = flat(render_slip(booking_record(s.salon, booking), "a4"))

    assert "Reference photo “The copper she likes”: the file is not on this station." in text


def test_the_slip_says_how_much_deposit_is_still_to_pay(s):
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=3), service_ids=[s.colour],
                            by=s.desk)

    text = flat(render_slip(booking_record(s.salon, booking), "roll"))

    assert "Deposit: €30.00 — €30.00 still to pay." in text


def test_the_agreement_of_a_cancelled_booking_says_why_nothing_was_paid(s, tmp_path):
    booking = upcoming_colour(s, tmp_path)
    bookings.cancel(s.salon, booking, by=s.desk)

    text = flat(render_agreement(agreement_record(s.salon, booking)))

    assert "No payment: the booking is cancelled." in text


def test_the_policy_printed_is_the_one_the_client_accepted(s, tmp_path):
    from salon_pos.services.operations import salon_setup

    booking = upcoming_colour(s, tmp_path)
    salon_setup.change_settings(s.salon, s.manager, cancellation_window_hours=48)

    text = flat(render_agreement(agreement_record(s.salon, booking)))

    assert "Cancel at least 24 hours ahead" in text


def test_deposit_receipts_pass_qpdf(s, tmp_path):
    upcoming_colour(s, tmp_path)
    taken = JournalEntry.get(JournalEntry.kind == "deposit_taken").seq

    for paper in ("roll", "a4"):
        assert_qpdf_clean(render_deposit_receipt(deposit_receipt(s.salon, taken), paper),
                          tmp_path)


def test_a_kept_fee_shows_its_tax_where_kept_deposits_are_taxed(s, tmp_path):
    from salon_pos.services.operations import salon_setup

    salon_setup.change_settings(s.salon, s.manager, kept_deposit_taxable=True,
                                kept_deposit_tax_rate_bp=2300)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(hours=2), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash")
    bookings.cancel(s.salon, booking, by=s.desk)
    kept = JournalEntry.get(JournalEntry.kind == "deposit_forfeited").seq

    text = flat(render_deposit_receipt(deposit_receipt(s.salon, kept)))

    assert "Kept as a late-cancellation fee €30.00" in text
    assert "of which tax at 23% €5.61" in text
