"""The manager's page: the drawer through the day, then closing the day — the database and
the saved Z report are checked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from salon_pos.services.exchange.backups import check_backup
from salon_pos.services.kernel.balances import expected_cash
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
    assert page.message.tone == "done"  # the count in green, not an error's red
    assert expected_cash(s.salon, TODAY) == 15_500

    monkeypatch.setattr(manager_page, "manager_approval", lambda *args: s.manager)
    page.close_today()
    qtbot.waitUntil(lambda: page.last_z_report is not None, timeout=5000)

    assert BusinessDay.get_by_id(TODAY).closed_by_id == s.manager
    assert page.last_z_report.read_bytes().startswith(b"%PDF")
    assert "Z report saved" in page.message.text()
    backups = list((s.salon.data_dir / "backups").glob("salon-*-day-close.db"))
    assert len(backups) == 1 and str(backups[0]) in page.message.text()


def test_back_up_now_writes_a_checked_copy_off_the_ui_thread(s, qtbot):
    page = ManagerPage(Session(s.salon, TaskRunner(s.salon.database), s.manager,
                               "Maeve Manager", "manager"))
    qtbot.addWidget(page)

    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_button.isEnabled(), timeout=5000)

    written = list((s.salon.data_dir / "backups").glob("salon-*-by-hand.db"))
    assert len(written) == 1 and str(written[0]) in page.message.text()
    summary = check_backup(written[0])  # whole, and a Salon POS database
    assert (summary.salon_name, summary.clients) == (s.salon.settings().salon_name, 1)
