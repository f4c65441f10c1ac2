"""The sale receipt as a PDF: the right figures, readable by any viewer, on a roll or A4."""

from __future__ import annotations

from datetime import timedelta

import pytest

from salon_pos.documents.receipt import render_receipt
from salon_pos.services.operations import bookings, checkout, clients, deposits, notes, salon_setup
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.services.views.sale import active_lines, sale_view
from tests.documents.conftest import assert_qpdf_clean, pdf_pages, pdf_text


def paid_sale(s) -> int:
    """Colour correction (€150, 23 %) and a cut (€45, 13.5 %) with a €39 deposit (20 %), a
    €5 discount on the cut, a travel-size shampoo at €17.97, a €10 tip: €217.97 to pay.
    €100 by card, the €78.97 left paid in cash, rounded to €78.95: €100 given, €21.05 back."""
    salon_setup.change_settings(s.salon, s.manager, cash_rounding_increment=5)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(minutes=30),
                            service_ids=[s.colour, s.cut], by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="DEP-7")
    note = notes.write_note(s.salon, booking, by=s.stylist, expected_result="Copper",
                            price_min=15000, price_max=20000)
    notes.acknowledge_note(s.salon, note, by=s.desk)
    for step in (bookings.check_in, bookings.start_service, bookings.finish_service):
        step(s.salon, booking, by=s.stylist)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    cut = active_lines(s.salon, sale)[1].id
    checkout.discount_line(s.salon, sale, cut, by=s.desk, reason="loyalty", amount=500)
    shampoo = checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.change_line(s.salon, sale, shampoo, by=s.desk, reason="travel size",
                         unit_price=1797, approved_by=s.manager)
    checkout.set_tip(s.salon, sale, s.stylist, 1000, by=s.desk)
    checkout.record_signoff(s.salon, sale, by=s.desk, matches=True)
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=10_000, reference="T-55")
    checkout.take_tender(s.salon, sale, by=s.desk, method="cash", amount=10_000)
    checkout.close_sale(s.salon, sale, by=s.desk)
    return sale


@pytest.mark.parametrize("paper", ["roll", "a4", "letter"])
def test_the_receipt_holds_every_figure_of_a_split_tender_sale(s, tmp_path, paper):
    pdf = render_receipt(receipt_of_sale(s.salon, paid_sale(s)), paper)

    text = " ".join(pdf_text(pdf).split())
    for figure in ("No. 000001", "Salon Zoë", "Client: Zoë Ní Bhriain",
                   "Colour correction 1 €150.00",
                   "Cut and finish Discount -€5.00 (loyalty) 1 €40.00",
                   "Repair shampoo Price adjusted: travel size 1 €17.97",
                   "Total (tax included) €207.97", "Tip for Aoife Stylist €10.00",
                   "Cash rounding -€0.02", "To pay €217.95", "Deposit applied €39.00",
                   "Card (T-55) €100.00", "Cash €100.00", "Change -€21.05"):
        assert figure in text, figure
    # Tax per rate: the roll leaves out the net column for room.
    taxes = (["13.5% €4.76 €40.00", "23% €31.41 €167.97"] if paper == "roll" else
             ["13.5% €35.24 €4.76 €40.00", "23% €136.56 €31.41 €167.97"])
    for row in taxes:
        assert row in text, row
    assert_qpdf_clean(pdf, tmp_path)
    assert len(pdf_pages(pdf)) == 1


def walk_in_sale(s, client: int, lines: int = 1) -> int:
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=client)
    for _ in range(lines):
        checkout.add_service_line(s.salon, sale, s.blowdry, by=s.desk, stylist_id=s.stylist2)
    view = sale_view(s.salon, sale)
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=view.remaining,
                         reference="T-1")
    checkout.close_sale(s.salon, sale, by=s.desk)
    return sale


@pytest.mark.parametrize(("currency", "sign"), [("INR", "₹"), ("GBP", "£"), ("EUR", "€")])
def test_unicode_names_and_currency_signs_survive_to_the_text(s, tmp_path, currency, sign):
    salon_setup.change_settings(s.salon, s.manager, currency_code=currency)
    client = clients.add_client(s.salon, "李娜 Nguyễn Thị Ngọc", by=s.desk)
    sale = walk_in_sale(s, client)

    text = pdf_text(render_receipt(receipt_of_sale(s.salon, sale), "roll"))

    assert "李娜 Nguyễn Thị Ngọc" in text
    assert "Łukasz Stylist" in text
    assert f"{sign}30.00" in text


def test_a_60_line_sale_paginates_on_a4_and_grows_on_the_roll(s, tmp_path):
    sale = walk_in_sale(s, s.client, lines=60)
    receipt = receipt_of_sale(s.salon, sale)

    sheet = render_receipt(receipt, "a4")
    roll = render_receipt(receipt, "roll")

    assert len(pdf_pages(sheet)) > 1
    assert "page 1 of" in pdf_text(sheet)
    pages = pdf_pages(roll)
    assert len(pages) == 1 and float(pages[0].mediabox.height) > 842  # longer than A4
    for pdf in (sheet, roll):
        text = pdf_text(pdf)
        assert text.count("Blow-dry") == 60  # every line is there, none clipped
        assert "€1,800.00" in text and "Thank you for visiting!" in text
        assert_qpdf_clean(pdf, tmp_path)


def test_the_salons_logo_prints_at_the_top_when_set(s, tmp_path):
    from tests.documents.test_booking_documents import tiny_png

    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png(200, 80))
    sale = paid_sale(s)
    with_logo = render_receipt(receipt_of_sale(s.salon, sale), "roll")
    salon_setup.change_settings(s.salon, s.manager, logo_file=str(logo))

    pdf = render_receipt(receipt_of_sale(s.salon, sale), "roll")

    page = pdf_pages(pdf)[0]
    assert list(page.images)  # the logo is embedded
    assert not list(pdf_pages(with_logo)[0].images)
    assert_qpdf_clean(pdf, tmp_path)


def test_a_free_sale_prints_with_nothing_to_pay(s, tmp_path):
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    line = checkout.add_service_line(s.salon, sale, s.blowdry, by=s.desk, stylist_id=s.stylist)
    checkout.discount_line(s.salon, sale, line, by=s.desk, reason="redo", percent_bp=10_000,
                           approved_by=s.manager)
    checkout.close_sale(s.salon, sale, by=s.desk)

    pdf = render_receipt(receipt_of_sale(s.salon, sale), "roll")

    assert "Nothing to pay." in pdf_text(pdf)
    assert_qpdf_clean(pdf, tmp_path)


def test_tax_added_on_top_shows_subtotal_tax_and_total_and_reprints_the_same(s):
    salon_setup.change_settings(s.salon, s.manager, prices_include_tax=False)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=2)  # 2 × €18.00 + 23 %
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=4428, reference="T-3")
    checkout.close_sale(s.salon, sale, by=s.desk)
    first = " ".join(pdf_text(render_receipt(receipt_of_sale(s.salon, sale), "a4")).split())

    salon_setup.change_settings(s.salon, s.manager, prices_include_tax=True)
    reprint = " ".join(pdf_text(render_receipt(receipt_of_sale(s.salon, sale), "a4")).split())

    for words in ("2 × €18.00", "2 €36.00", "Subtotal €36.00", "Tax €8.28", "Total €44.28",
                  "Card (T-3) €44.28"):
        assert words in first, words
    assert reprint == first


def test_the_house_account_balance_after_the_sale_is_printed(s):
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=20_000)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.take_tender(s.salon, sale, by=s.desk, method="house_account", amount=1800)
    checkout.close_sale(s.salon, sale, by=s.desk)

    text = " ".join(pdf_text(render_receipt(receipt_of_sale(s.salon, sale), "roll")).split())

    assert "House account €18.00" in text
    assert "Owed on your house account after this sale €18.00" in text


def test_every_character_of_korean_chinese_vietnamese_and_polish_names_has_a_font():
    from salon_pos.documents.fonts import font_for, uncovered

    names = "김민지 李娜 Nguyễn Thị Ngọc Łukasz Wiśniewska Zoë ₹ £ € ₩ ₫"
    assert uncovered(names) == ""
    assert {font_for(ch) for ch in "김李Ł"} == {"SalonHangul", "SalonCJK", "SalonSans"}
    assert uncovered("प्रिया") != ""  # scripts needing shaping are known not to print
