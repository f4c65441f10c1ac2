"""A report table as PDF (every row readable, headers on every page) and as CSV (the same
figures back when read)."""

from __future__ import annotations

import csv
import io

from salon_pos.documents.records import SalonHeader
from salon_pos.documents.report_records import COUNT, MONEY, Column, ReportTable, report_csv
from salon_pos.documents.report_table import (
    render_report_table,
)
from salon_pos.domain.money import currency
from salon_pos.domain.settings import SalonSettings
from tests.documents.conftest import assert_qpdf_clean, pdf_pages, pdf_text

MONEY_OF = SalonSettings().money  # €, English style
HEADER = SalonHeader(name="Salon Zoë", address="1 Main Street, Galway")


def stylists(rows: int = 2) -> ReportTable:
    lines = (("Aoife Stylist", 3, 123456, 700), ("Łukasz Stylist", 1, 3000, 0),
             *((f"Stylist {i}", i, i * 100, i) for i in range(3, rows + 1)))
    return ReportTable(
        "Sales and tips by stylist", "Fri 20 Mar 2026 to Sat 21 Mar 2026",
        (Column("Stylist"), Column("Sales", COUNT), Column("Services", MONEY),
         Column("Tips", MONEY)),
        lines[:rows], ("Total", 4, 126456, 700))


def test_the_pdf_shows_every_row_and_the_totals(tmp_path):
    pdf = render_report_table(HEADER, stylists(), MONEY_OF)

    text = pdf_text(pdf)
    for expected in ("Salon Zoë", "Sales and tips by stylist",
                     "Fri 20 Mar 2026 to Sat 21 Mar 2026", "Stylist", "Services",
                     "Aoife Stylist", "€1,234.56", "€7.00", "Łukasz Stylist", "€30.00",
                     "Total", "€1,264.56"):
        assert expected in text
    assert_qpdf_clean(pdf, tmp_path)


def test_a_long_report_runs_on_with_the_headers_on_every_page():
    pdf = render_report_table(HEADER, stylists(rows=150), MONEY_OF, "letter")

    pages = pdf_pages(pdf)
    assert len(pages) > 2
    assert all("Services" in page.extract_text() for page in pages)
    assert "Stylist 150" in pages[-1].extract_text()
    assert f"page {len(pages)} of {len(pages)}" in pages[-1].extract_text()


def test_an_empty_report_says_so():
    empty = ReportTable("Deposits held", "Now", (Column("Client"), Column("Held", MONEY)), ())

    assert "Nothing in this period." in pdf_text(render_report_table(HEADER, empty, MONEY_OF))


def test_csv_gives_back_the_figures():
    text = report_csv(stylists(), currency("EUR"))

    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Stylist", "Sales", "Services (EUR)", "Tips (EUR)"],
        ["Aoife Stylist", "3", "1234.56", "7.00"],
        ["Łukasz Stylist", "1", "30.00", "0.00"],
        ["Total", "4", "1264.56", "7.00"],
    ]


def test_csv_of_a_currency_without_decimals_and_text_with_commas():
    table = ReportTable("No-shows", "Today", (Column("Services"), Column("Fee", MONEY)),
                        (('Cut, "colour"', 1500),))

    rows = list(csv.reader(io.StringIO(report_csv(table, currency("JPY")))))

    assert rows == [["Services", "Fee (JPY)"], ['Cut, "colour"', "1500"]]


def test_the_screen_shows_money_the_salons_way():
    assert stylists().text_rows(MONEY_OF)[0] == ["Aoife Stylist", "3", "€1,234.56", "€7.00"]
    assert stylists().right_aligned() == (1, 2, 3)
