"""The manager's page: the drawer through the day, then closing the day — the database and
the saved Z report are checked."""

from __future__ import annotations

from salon_pos.services.cash_drawer import expected_cash
from salon_pos.store.models import BusinessDay
from salon_pos.ui.pages import manager as manager_page
from salon_pos.ui.pages.manager import ManagerPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.helpers import TODAY


def test_drawer_then_day_close_with_the_z_report_saved(s, qtbot, monkeypatch):
    session = Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")
    page = ManagerPage(session)
    qtbot.addWidget(page)

    page.amount.setText("150")
    page.open_drawer()
    page.amount.setText("5")
    page.reason.setText("Change from the bank")
    page.paid_in()
    page.amount.setText("150.00")
    page.count()
    assert page.message.text() == ("Counted €150.00; expected €155.00; difference -€5.00.")
    assert expected_cash(TODAY) == 15_500

    monkeypatch.setattr(manager_page, "manager_approval", lambda *args: s.manager)
    page.close_today()
    qtbot.waitUntil(lambda: page.last_z_report is not None, timeout=5000)

    assert BusinessDay.get_by_id(TODAY).closed_by_id == s.manager
    assert page.last_z_report.read_bytes().startswith(b"%PDF")
    assert "Z report saved" in page.message.text()
    backups = list((s.salon.data_dir / "backups").glob("salon-*-day-close.db"))
    assert len(backups) == 1 and str(backups[0]) in page.message.text()
