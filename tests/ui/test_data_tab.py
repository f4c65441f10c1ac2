"""The Data tab: a client list imported (refused whole with its bad rows listed, then its good
rows only), the client list and a stylist's calendar saved — every file read back, the
calendar by icalendar."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from salon_pos.store.models import Client
from salon_pos.ui.dialogs import client_import as import_dialog
from salon_pos.ui.pages import data_tab
from salon_pos.ui.pages.data_tab import DataPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.helpers import book

LEFT = Qt.MouseButton.LeftButton
LIST = ("Full Name;Mobile;E-mail;Allergies;Member since\n"
        "Anna Byrne;087 111 2222;anna@example.ie;latex;2020\n"
        "Bríd Nic Dhonncha;not a phone;brid@example;;2021\n"
        "Zoe again;+353 87 123 4567;;;2019\n"
        "Ciara Dunne;0861234567;;;2022\n")


@pytest.fixture
def page(s, qtbot, monkeypatch) -> DataPage:
    """At the desk: each manager's step is approved by Maeve, as her PIN would."""
    for module in (data_tab, import_dialog):
        monkeypatch.setattr(module, "manager_approval", lambda *args: s.manager)
    session = Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                      "front_desk")
    page = DataPage(session)
    qtbot.addWidget(page)
    return page


def choose_to_save(monkeypatch, path) -> None:
    monkeypatch.setattr(data_tab.QFileDialog, "getSaveFileName",
                        lambda *args: (str(path), ""))


def opened_import(page, qtbot, monkeypatch, tmp_path, text=LIST):
    file = tmp_path / "other-system.csv"
    file.write_text(text, encoding="utf-8")
    monkeypatch.setattr(data_tab.QFileDialog, "getOpenFileName", lambda *args: (str(file), ""))
    qtbot.mouseClick(page.import_button, LEFT)
    dialog = page.import_dialog
    qtbot.waitUntil(lambda: not dialog.loading, timeout=5000)
    return dialog


def imported(dialog, qtbot, button) -> None:
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: not dialog.importing, timeout=10_000)


def test_a_list_with_bad_rows_is_refused_whole_with_the_rows_named(s, page, qtbot, monkeypatch,
                                                                   tmp_path):
    dialog = opened_import(page, qtbot, monkeypatch, tmp_path)

    assert "UTF-8, columns separated by semicolons" in dialog.read_as.text()
    assert dialog.mapping() == {"Full Name": "name", "Mobile": "phone", "E-mail": "email",
                                "Allergies": "alerts", "Member since": "ignore"}
    # A bad row shows its cells as read, so it can be found in the file.
    assert [line[1] for line in dialog.rows.rows] == ["Anna Byrne", "Bríd Nic Dhonncha",
                                                      "Zoe again", "Ciara Dunne"]
    assert dialog.bad.stringList() == [
        "Row 3: “not a phone” does not look like a phone number; “brid@example” does not "
        "look like an email address."]
    assert dialog.duplicates.stringList() == [
        "Row 4 (Zoe again): same phone as existing client 1 (Zoë Ní Bhriain) — skipped"]
    assert dialog.good_only_button.isEnabled()

    imported(dialog, qtbot, dialog.import_button)

    assert Client.select().count() == 1
    assert dialog.message.text().startswith("Nothing was imported: 1 duplicate(s) skipped, "
                                            "1 bad row(s) to correct.")
    assert dialog.import_button.isEnabled()  # the good rows only are still to be had


def test_the_good_rows_only_are_added_and_counted(s, page, qtbot, monkeypatch, tmp_path):
    dialog = opened_import(page, qtbot, monkeypatch, tmp_path)

    imported(dialog, qtbot, dialog.good_only_button)

    names = [client.name for client in Client.select().order_by(Client.id)]
    assert names == ["Zoë Ní Bhriain", "Anna Byrne", "Ciara Dunne"]
    assert Client.get(Client.name == "Anna Byrne").alerts == "latex"
    said = "2 client(s) imported: 1 duplicate(s) skipped, 1 bad row(s) left out."
    assert dialog.summary.text() == said and page.status.text() == said
    assert not dialog.import_button.isEnabled() and not dialog.good_only_button.isEnabled()


def test_choosing_a_full_name_column_leaves_out_the_name_parts(s, page, qtbot, monkeypatch,
                                                               tmp_path):
    dialog = opened_import(page, qtbot, monkeypatch, tmp_path,
                           "Display;First name;Surname\nAnna B.;Anna;Byrne\n")
    assert dialog.mapping() == {"Display": "ignore", "First name": "first_name",
                                "Surname": "last_name"}
    assert dialog.rows.rows[0][1] == "Anna Byrne"

    dialog.set_field("Display", "name")
    qtbot.waitUntil(lambda: not dialog.loading, timeout=5000)

    assert dialog.mapping() == {"Display": "name", "First name": "ignore", "Surname": "ignore"}
    assert dialog.rows.rows[0][1] == "Anna B."


def test_the_client_list_is_saved_with_every_client(s, page, qtbot, monkeypatch, tmp_path):
    choose_to_save(monkeypatch, tmp_path / "clients")  # the .csv is added

    qtbot.mouseClick(page.export_button, LEFT)
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)

    saved = tmp_path / "clients.csv"
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["Name"], r["Phone"], r["Email"]) for r in rows] == [
        ("Zoë Ní Bhriain", "+353 87 123 4567", "zoe@example.ie")]
    assert page.status.text() == f"1 client saved as {saved}."
    assert list(tmp_path.glob("*.part")) == []


def test_without_a_managers_approval_no_list_is_saved(s, page, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(data_tab, "manager_approval", lambda *args: None)
    choose_to_save(monkeypatch, tmp_path / "clients.csv")

    qtbot.mouseClick(page.export_button, LEFT)

    assert not page.busy and not (tmp_path / "clients.csv").exists()


def test_a_stylists_calendar_is_saved_and_reads_back(s, page, qtbot, monkeypatch, tmp_path):
    book(s, 11)
    book(s, 14, days=3)
    book(s, 12, stylist=s.stylist2)  # someone else's
    choose_to_save(monkeypatch, tmp_path / "aoife.ics")
    assert page.stylist.currentText() == "Aoife Stylist"
    assert (page.calendar_dates.first(), page.calendar_dates.last()) == (
        date(2026, 3, 20), date(2026, 4, 16))

    qtbot.mouseClick(page.calendar_button, LEFT)
    assert not page.calendar_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)

    calendar = Calendar.from_ical((tmp_path / "aoife.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Zoë Ní Bhriain: Cut and finish"] * 2
    assert [e.decoded("DTSTART").date() for e in events] == [date(2026, 3, 20),
                                                             date(2026, 3, 23)]
    assert page.status.text().startswith("Aoife Stylist's calendar from Fri 20 Mar to "
                                         "Thu 16 Apr 2026 saved as")
    assert page.calendar_button.isEnabled() and page.progress.isHidden()


def test_a_range_that_ends_before_it_starts_saves_nothing(s, page, qtbot, monkeypatch,
                                                          tmp_path):
    choose_to_save(monkeypatch, tmp_path / "aoife.ics")
    page.calendar_dates.set_range(date(2026, 3, 20), date(2026, 3, 1))

    qtbot.mouseClick(page.calendar_button, LEFT)
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)

    assert page.message.text() == ("Nothing was saved: The last day comes before the first: "
                                   "nothing to export.")
    assert list(tmp_path.glob("aoife.ics*")) == []


def test_the_books_are_saved_as_a_beancount_ledger(s, page, qtbot, monkeypatch, tmp_path):
    from beancount import loader

    from tests.services.helpers import pay_by_card, ready_sale

    _booking, sale = ready_sale(s)
    pay_by_card(s, sale, 4500)
    choose_to_save(monkeypatch, tmp_path / "books.beancount")
    page.books_dates.set_range(date(2026, 3, 20), date(2026, 3, 20))

    qtbot.mouseClick(page.books_button, LEFT)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)

    _entries, errors, _options = loader.load_file(str(tmp_path / "books.beancount"))
    assert errors == []
    assert "transactions" in page.status.text() and page.message.text() == ""
