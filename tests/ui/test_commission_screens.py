"""Commission in the app, through the real widgets: a level added and changed and a stylist
put on it (a manager's PIN asked on the spot), a week's report with figures worked out by
hand, saved as CSV and PDF, a pay period closed (once), and a stylist's running figure on
My day — the database checked each time."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from salon_pos.domain.journal import Kind
from salon_pos.services.operations.day_close import close_day
from salon_pos.services.views import verify
from salon_pos.store.models import CommissionLevel, JournalEntry, PayPeriod, StylistLevel
from salon_pos.ui.pages import commission as commission_page
from salon_pos.ui.pages.commission import CommissionPage
from salon_pos.ui.pages.my_day import MyDayPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.services.test_commission import WEEK_ONE, week_one, weekly_with_senior
from tests.ui.steps import Steps, button

AOIFE_WEEK_ONE = ("Aoife Stylist", "Senior: services 30% up to €30.00, 35% above; retail 10%",
                  "€36.12", "€14.63", "€0.00", "€12.60", "€5.00", "€15.00", "€0.00")


def session(s, role: str) -> Session:
    staff = {"manager": s.manager, "front_desk": s.desk, "stylist": s.stylist,
             "stylist2": s.stylist2}[role]
    return Session(s.salon, TaskRunner(s.salon.database), staff, "", role.rstrip("2"))


def a_page(s, qtbot, role: str = "front_desk") -> CommissionPage:
    page = CommissionPage(session(s, role))
    qtbot.addWidget(page)
    page.resize(1366, 650)
    page.show()
    return loaded(page, qtbot)


def loaded(page: CommissionPage, qtbot) -> CommissionPage:
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    return page


def approve_on_the_spot(steps: Steps, pin: str = "1234") -> None:
    def approve(question) -> None:
        steps.type(question.pin, pin)
        steps.click(button(question, "Approve"))
    steps.in_next_modal(approve)


def choose_level(steps: Steps, page: CommissionPage, row: int) -> None:
    rect = page.levels_view.visualRect(page.levels_model.index(row, 0))
    steps.click(page.levels_view.viewport(), rect.center(), what=f"level {row}")


def test_a_level_added_changed_and_a_stylist_put_on_it(s, qtbot):
    page, steps = a_page(s, qtbot), Steps(qtbot)
    assert page.levels_model.rows == []
    assert page.no_level.text() == ("On no level (no commission): Aoife Stylist, "
                                    "Łukasz Stylist, Maeve Manager")

    steps.click(page.new_button)
    dialog = page.dialog
    steps.type(dialog.name, "Senior")
    steps.type(dialog.services, "30; 35 from thirty")
    steps.type(dialog.retail, "10")
    before = dump(s.salon)
    steps.click(dialog.ok_button)  # a typing mistake: said before anyone is called over
    assert dialog.message.text() == "“thirty” is not an amount of money."
    assert dump(s.salon) == before
    dialog.services.clear()
    steps.type(dialog.services, "30; 35 from 30")
    steps.in_next_modal(lambda question: question.reject())  # nobody approves
    steps.click(dialog.ok_button)
    assert dialog.message.text() == "Not saved: no manager approved it."
    assert dump(s.salon) == before
    approve_on_the_spot(steps)
    steps.click(dialog.ok_button)
    qtbot.waitUntil(lambda: CommissionLevel.select().count() == 1)
    level = CommissionLevel.get()
    assert (level.name, level.service_bands, level.retail_bands, level.deduct_back_bar) == (
        "Senior", "3000bp@0 3500bp@3000", "1000bp@0", False)
    assert page.levels_model.rows == [("Senior", "30% up to €30.00, 35% above", "10%", "", "—")]
    assert page.message.text() == "Level saved."

    choose_level(steps, page, 0)
    steps.click(page.assign_button)
    dialog = page.dialog
    assert dialog.level.currentText() == "Senior"  # the level chosen on the page
    steps.choose(dialog.stylist, "Aoife Stylist")
    approve_on_the_spot(steps)
    steps.click(dialog.ok_button)
    qtbot.waitUntil(lambda: StylistLevel.select().count() == 1)
    assert StylistLevel.get().stylist_id == s.stylist and StylistLevel.get().level_id == level.id
    assert page.levels_model.rows[0][-1] == "Aoife Stylist"
    assert page.no_level.text() == "On no level (no commission): Łukasz Stylist, Maeve Manager"

    choose_level(steps, page, 0)
    steps.click(page.change_button)
    dialog = page.dialog
    assert (dialog.name.text(), dialog.services.text(), dialog.retail.text()) == (
        "Senior", "30; 35 from €30.00", "10")
    dialog.services.clear()
    steps.type(dialog.services, "32")
    steps.click(dialog.deduct_back_bar)
    approve_on_the_spot(steps)
    steps.click(dialog.ok_button)
    qtbot.waitUntil(lambda: CommissionLevel.get().service_bands == "3200bp@0")
    assert CommissionLevel.get().deduct_back_bar
    assert page.levels_model.rows == [("Senior", "32%", "10%", "deducted", "Aoife Stylist")]
    # Each change chained into the journal as standing data, approved by Maeve.
    standing = (JournalEntry.select().where(JournalEntry.kind == Kind.STANDING_DATA)
                .order_by(JournalEntry.seq))
    assert [entry.approved_by for entry in standing][-3:] == [s.manager] * 3
    assert verify.verify(s.salon).ok


def test_a_weeks_report_by_hand_saved_as_csv_and_pdf(s, qtbot, monkeypatch, tmp_path):
    weekly_with_senior(s)
    week_one(s)
    page, steps = a_page(s, qtbot, "manager"), Steps(qtbot)
    assert page.period.text() == "<b>Mon 16 Mar – Sun 22 Mar 2026</b>"
    # Aoife: cut €45 less €4 discount, 13.5 % tax inside: €36.12; shampoo €18, 23 % inside:
    # €14.63. 30 % of €30.00 + 35 % of €6.12 = €11.14, and 10 % of €14.63 = €1.46.
    assert page.model.rows == [AOIFE_WEEK_ONE]
    rates = page.model.index(0, 1)  # cut short on a narrow screen: in full when pointed at
    assert rates.data(Qt.ItemDataRole.ToolTipRole) == AOIFE_WEEK_ONE[1]
    assert page.status.text() == ("Not over yet: the figures so far, with the rates as they "
                                  "are now. €12.60 commission for 1 stylist.")
    steps.click(page.lines_box)
    assert [row[1:4] for row in page.model.rows[1:]] == [
        ("20 Mar · 1 · Cut and finish", "€36.12", ""),
        ("20 Mar · 1 · Repair shampoo", "", "€14.63"),
        ("21 Mar · 2 · Cut and finish", "€0.00", "")]  # the free redo earns nothing

    csv_path, pdf_path = tmp_path / "week", tmp_path / "week.pdf"
    monkeypatch.setattr(commission_page.QFileDialog, "getSaveFileName",
                        lambda *args: (str(csv_path), ""))
    steps.click(page.csv_button)
    text = (tmp_path / "week.csv").read_text(encoding="utf-8-sig")
    assert "Aoife Stylist" in text and "12.60" in text and "Repair shampoo" in text
    assert page.message.text() == f"CSV saved as {tmp_path / 'week.csv'}."
    monkeypatch.setattr(commission_page.QFileDialog, "getSaveFileName",
                        lambda *args: (str(pdf_path), ""))
    steps.click(page.pdf_button)
    qtbot.waitUntil(lambda: page.message.text().startswith("PDF saved"), timeout=10_000)
    pdf = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "Commission by stylist" in pdf and "€12.60" in pdf and "Repair shampoo" in pdf

    steps.click(page.previous_button)
    loaded(page, qtbot)
    assert page.period.text() == "<b>Mon 09 Mar – Sun 15 Mar 2026</b>"
    assert page.model.rows == [("Aoife Stylist", AOIFE_WEEK_ONE[1], *["€0.00"] * 7)]
    steps.click(page.next_button)
    loaded(page, qtbot)
    assert page.period.text() == "<b>Mon 16 Mar – Sun 22 Mar 2026</b>"


def close_with_the_button(steps: Steps, page: CommissionPage) -> None:
    steps.in_next_modal(lambda box: steps.click(button(box, "Close the period")))
    steps.click(page.close_button)


def test_closing_a_pay_period_once(s, qtbot):
    weekly_with_senior(s)
    week_one(s)
    page, steps = a_page(s, qtbot, "manager"), Steps(qtbot)
    before = dump(s.salon)
    close_with_the_button(steps, page)
    assert page.message.text() == ("The pay period 16 Mar 2026 to 22 Mar 2026 is not over "
                                   "yet: it can be closed from 23 Mar 2026 on.")
    s.clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    close_with_the_button(steps, page)
    assert page.message.text() == "Close the business days of the period first (open: 20 Mar, " \
                                  "21 Mar)."
    assert dump(s.salon) == before

    close_day(s.salon, date(2026, 3, 20), approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 21), approved_by=s.manager)
    second_station = a_page(s, qtbot, "manager")
    second_station.show_period(WEEK_ONE[0])
    loaded(second_station, qtbot)
    close_with_the_button(steps, page)
    assert page.message.text() == ("Pay period closed: €12.60 commission owed to 1 stylist, "
                                   "in the journal. Paying it is payroll's.")
    accrued = JournalEntry.get(JournalEntry.kind == Kind.COMMISSION_ACCRUED)
    assert (accrued.amount, accrued.stylist, accrued.approved_by, accrued.reference) == (
        1260, s.stylist, s.manager, "2026-03-16")
    assert PayPeriod.get().first == WEEK_ONE[0]
    loaded(page, qtbot)
    assert page.status.text().startswith("Closed: these figures are frozen")
    assert not page.close_button.isEnabled()
    assert page.model.rows == [AOIFE_WEEK_ONE]

    # The other station still offers it: closing again is refused, nothing changed.
    before = dump(s.salon)
    close_with_the_button(Steps(qtbot), second_station)
    assert second_station.message.text() == ("The pay period 16 Mar 2026 to 22 Mar 2026 is "
                                             "already closed.")
    assert dump(s.salon) == before
    assert verify.verify(s.salon).ok


@pytest.mark.parametrize("who, shown", [("stylist", True), ("manager", True),
                                        ("front_desk", False), ("stylist2", False)])
def test_my_day_shows_the_stylists_own_running_figure(s, qtbot, who, shown):
    weekly_with_senior(s)
    week_one(s)
    page = MyDayPage(session(s, who))
    qtbot.addWidget(page)
    page.show()
    if who != "stylist2":  # Łukasz sees his own day: he is on no level
        page.chooser.setCurrentIndex(page.chooser.findData(s.stylist))
    assert page.commission.isVisible() == shown
    if shown:
        assert page.commission.text() == (
            "Pay period 16 Mar – 22 Mar: services €36.12 · retail €14.63 · <b>commission so "
            "far €12.60</b> · tips €5.00")
