"""The Reports page: a report chosen and loaded off the UI thread, quick date ranges, the
totals line, and the report saved as PDF and CSV — figures checked against the database."""

from __future__ import annotations

import csv
import threading
from datetime import date

from PySide6.QtCore import Qt

from salon_pos.store.models import Sale
from salon_pos.ui.pages import reports as reports_page
from salon_pos.ui.pages.reports import ReportsPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.documents.conftest import pdf_text
from tests.services.test_reports import friday_and_saturday, missed_on_friday

LEFT = Qt.MouseButton.LeftButton


def manager_page(s, qtbot) -> ReportsPage:
    session = Session(s.salon, TaskRunner(s.salon.database), s.manager, "Maeve Manager",
                      "manager")
    page = ReportsPage(session)
    qtbot.addWidget(page)
    return page


def loaded(page: ReportsPage, qtbot) -> list[tuple[str, ...]]:
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    return page.model.rows


def totals(page: ReportsPage) -> tuple[str, ...]:
    return page.totals.model().rows[0]


def test_sales_by_stylist_for_today_then_this_week(s, qtbot):
    friday_and_saturday(s)  # the clock ends on Saturday 21 March
    page = manager_page(s, qtbot)

    page.refresh()
    assert page.status.text() == "Loading…"
    assert not page.pdf_button.isEnabled()
    assert loaded(page, qtbot) == [
        ("Aoife Stylist", "1", "€0.00", "€18.00", "€0.00", "€3.37", "€0.00", "€0.00", "€18.00"),
        ("Łukasz Stylist", "0", "€0.00", "€0.00", "€0.00", "€0.00", "€30.00", "€0.00",
         "-€30.00"),
    ]
    assert totals(page) == ("Total", "1", "€0.00", "€18.00", "€0.00", "€3.37", "€30.00",
                            "€0.00", "-€12.00")

    qtbot.mouseClick(page.dates.quick["This week"], LEFT)
    assert page.status.text() == "Loading…"
    loaded(page, qtbot)

    assert (page.dates.first(), page.dates.last()) == (date(2026, 3, 16), date(2026, 3, 21))
    week = Sale.select().where(Sale.business_day.between(date(2026, 3, 16), date(2026, 3, 21)))
    assert sum(sale.total for sale in week) == 7100 + 3600  # services + products below
    assert totals(page) == ("Total", "3", "€71.00", "€36.00", "€4.00", "€15.19", "€48.00",
                            "€8.00", "€59.00")
    assert page.pdf_button.isEnabled() and page.csv_button.isEnabled()


def test_quick_ranges(s, qtbot):
    page = manager_page(s, qtbot)  # today is Friday 20 March 2026

    for button, expected in (("Last month", (date(2026, 2, 1), date(2026, 2, 28))),
                             ("This month", (date(2026, 3, 1), date(2026, 3, 20))),
                             ("This week", (date(2026, 3, 16), date(2026, 3, 20))),
                             ("Today", (date(2026, 3, 20), date(2026, 3, 20)))):
        qtbot.mouseClick(page.dates.quick[button], LEFT)
        assert page.status.text() == "Loading…"
        loaded(page, qtbot)
        assert (page.dates.first(), page.dates.last()) == expected


def test_no_shows_report_then_deposits_held_whatever_the_dates(s, qtbot):
    missed_on_friday(s)
    page = manager_page(s, qtbot)
    page.dates.set_range(date(2026, 3, 20), date(2026, 3, 20))
    loaded(page, qtbot)

    page.chooser.setCurrentIndex(1)
    rows = loaded(page, qtbot)

    assert [row[1:] for row in rows] == [
        ("No-show", "Zoë Ní Bhriain", "Aoife Stylist", "Cut and finish, Blow-dry", "€15.00",
         "€15.00"),
        ("Late cancellation", "Zoë Ní Bhriain", "Aoife Stylist", "Blow-dry", "€0.00", ""),
        ("Late cancellation on Fri 20 Mar 2026", "Zoë Ní Bhriain", "Łukasz Stylist",
         "Cut and finish, Blow-dry", "€15.00", ""),
    ]
    assert totals(page) == ("Total", "1 no-show, 2 late cancellations", "", "", "", "€30.00",
                            "€15.00")

    page.chooser.setCurrentIndex(2)
    loaded(page, qtbot)
    assert page.model.rows == []  # every deposit of those bookings has ended
    assert not page.dates.isEnabled()
    assert "The dates do not apply" in page.status.text()
    assert totals(page) == ("Total (0 bookings)", "", "", "€0.00")


def test_save_as_pdf_and_as_csv(s, qtbot):
    friday_and_saturday(s)
    page = manager_page(s, qtbot)
    page.dates.set_range(date(2026, 3, 20), date(2026, 3, 21))
    loaded(page, qtbot)

    qtbot.mouseClick(page.pdf_button, LEFT)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=10_000)

    path = page.preview.path
    assert path == s.salon.data_dir / "reports" / "sales-by-stylist-2026-03-20-to-2026-03-21.pdf"
    text = pdf_text(path.read_bytes())
    for expected in ("Sales and tips by stylist", "Fri 20 Mar 2026 to Sat 21 Mar 2026",
                     "Aoife Stylist", "Łukasz Stylist", "No stylist (front desk)", "€59.00",
                     "€48.00"):
        assert expected in text
    assert f"PDF saved as {path}" in page.status.text()
    page.preview.close()

    qtbot.mouseClick(page.csv_button, LEFT)

    assert page.saved_csv.name == "sales-by-stylist-2026-03-20-to-2026-03-21.csv"
    with page.saved_csv.open(encoding="utf-8-sig", newline="") as saved:
        rows = list(csv.reader(saved))
    assert rows[0] == ["Stylist", "Sales", "Services (EUR)", "Products (EUR)",
                       "Discounts (EUR)", "Tax (EUR)", "Refunds (EUR)", "Tips (EUR)",
                       "Net sales (EUR)"]
    assert rows[1:] == [
        ["Aoife Stylist", "2", "41.00", "18.00", "4.00", "8.25", "0.00", "6.00", "59.00"],
        ["Łukasz Stylist", "1", "30.00", "0.00", "0.00", "3.57", "30.00", "2.00", "0.00"],
        ["No stylist (front desk)", "1", "0.00", "18.00", "0.00", "3.37", "18.00", "0.00",
         "0.00"],
        ["Total", "3", "71.00", "36.00", "4.00", "15.19", "48.00", "8.00", "59.00"],
    ]


def test_a_range_ending_before_it_starts_is_refused(s, qtbot):
    page = manager_page(s, qtbot)
    page.dates.set_range(date(2026, 3, 20), date(2026, 3, 1))
    loaded(page, qtbot)

    assert page.message.text() == "The first day of the report is after its last day."
    assert page.model.rows == []
    assert not page.pdf_button.isEnabled() and not page.csv_button.isEnabled()


def test_a_pdf_ready_after_the_report_failed_to_reload_still_opens(s, qtbot, monkeypatch):
    friday_and_saturday(s)
    page = manager_page(s, qtbot)
    page.refresh()
    loaded(page, qtbot)
    reload_failed = threading.Event()
    save_file = reports_page.save_file

    def save_after_the_reload(*args):
        reload_failed.wait(5)
        return save_file(*args)

    monkeypatch.setattr(reports_page, "save_file", save_after_the_reload)
    qtbot.mouseClick(page.pdf_button, LEFT)
    page.dates.set_range(date(2026, 3, 20), date(2026, 3, 1))  # refused: no report on screen
    loaded(page, qtbot)
    assert page.table is None
    reload_failed.set()

    qtbot.waitUntil(lambda: page.preview is not None, timeout=10_000)
    assert page.preview.windowTitle() == "Sales and tips by stylist"
    assert page.preview.path.exists()
    page.preview.close()
