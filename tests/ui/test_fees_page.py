"""The Fees kept page: the last 90 days of no-show and late-cancellation fees, and waiving
one through the dialog with a manager's PIN asked on the spot — the database checked after."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from salon_pos.domain.journal import Kind
from salon_pos.services.kernel import balances
from salon_pos.services.operations import bookings
from salon_pos.services.views import verify
from salon_pos.services.views.reports import no_shows_and_late_cancels
from salon_pos.store.models import Client, JournalEntry
from salon_pos.ui.dialogs import form_dialog
from salon_pos.ui.dialogs import waive_fee as waive_fee_dialog
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.pages import fees
from salon_pos.ui.pages.fees import FeesPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.services.helpers import book_with_deposit

LEFT = Qt.MouseButton.LeftButton


def session(s, role: str = "front_desk") -> Session:
    staff = s.manager if role == "manager" else s.desk
    return Session(s.salon, TaskRunner(s.salon.database), staff, "", role)


def no_show_with_card_deposit(s) -> int:
    """The client does not come to Friday's 11:00 cut and blow-dry: the €15.00 deposit
    (paid by card) is kept as a fee."""
    booking = book_with_deposit(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, booking, by=s.desk)
    return booking


def loaded(page: FeesPage, qtbot) -> FeesPage:
    qtbot.waitUntil(lambda: not page.loading, timeout=5000)
    return page


def open_waive_dialog(page: FeesPage, qtbot, reason: str = "") -> waive_fee_dialog.WaiveFeeDialog:
    page.view.selectRow(0)
    qtbot.mouseClick(page.waive_button, LEFT)
    dialog = page.dialog
    qtbot.keyClicks(dialog.reason, reason)
    return dialog


def answer_approval(qtbot, pins: list[str], seen: list[str]) -> None:
    """When the manager's approval is asked, type each PIN in turn (noting what the dialog
    said after each), as a manager at the counter would."""

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ApprovalDialog)
        for pin in pins:
            dialog.pin.clear()
            qtbot.keyClicks(dialog.pin, pin)
            dialog.check()
            qtbot.waitUntil(lambda: dialog.buttons.isEnabled() or not dialog.isVisible(),
                            timeout=5000)
            seen.append(dialog.message.text() if dialog.isVisible() else "approved")
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, answer)


def test_waive_a_fee_with_a_wrong_then_the_right_managers_pin(s, qtbot):
    booking = no_show_with_card_deposit(s)
    page = FeesPage(session(s))
    qtbot.addWidget(page)
    assert page.summary.text() == "Loading…" and not page.waive_button.isEnabled()
    loaded(page, qtbot)
    assert page.model.rows == [("Fri 20 Mar 2026", "Fri 20 Mar 11:00", "No-show",
                                "Zoë Ní Bhriain", "Aoife Stylist", "Cut and finish, Blow-dry",
                                "€15.00", "")]
    assert page.summary.text() == "1 fee in these days; €15.00 still kept."
    assert not page.waive_button.isEnabled()  # nothing chosen yet
    dialog = open_waive_dialog(page, qtbot, "Client was in hospital")
    seen: list[str] = []

    answer_approval(qtbot, ["0000", "1234"], seen)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, LEFT)

    assert seen == ["That PIN is not right.", "approved"]
    given = JournalEntry.get(JournalEntry.kind == Kind.FEE_REFUNDED)
    assert (given.booking, given.amount, given.method, given.staff, given.approved_by,
            given.memo) == (booking, 1500, "card", s.desk, s.manager,
                            "fee waived: Client was in hospital")
    assert balances.fee_kept(s.salon, booking) == 0
    assert verify.verify(s.salon).ok
    loaded(page, qtbot)
    assert page.model.rows[0][-2:] == ("€15.00", "€15.00")
    assert page.outcome.text() == "€15.00 given back to Zoë Ní Bhriain."
    assert page.summary.text() == "1 fee in these days; €0.00 still kept."
    page.view.selectRow(0)
    assert not page.waive_button.isEnabled()  # given back already


def test_waive_as_credit_for_the_client(s, qtbot):
    booking = no_show_with_card_deposit(s)
    page = FeesPage(session(s, "manager"))  # a manager logged in approves it themself
    qtbot.addWidget(page)
    loaded(page, qtbot)
    dialog = open_waive_dialog(page, qtbot, "Goodwill")

    qtbot.mouseClick(dialog.credit, LEFT)
    assert not dialog.reference.isEnabled()
    qtbot.mouseClick(dialog.ok_button, LEFT)

    assert dialog.result() == dialog.DialogCode.Accepted
    given = JournalEntry.get(JournalEntry.kind == Kind.FEE_REFUNDED)
    assert (given.booking, given.amount, given.method, given.approved_by) == (
        booking, 1500, "credit", s.manager)
    assert Client.get_by_id(s.client).credit_balance == 1500
    assert verify.verify(s.salon).ok


def test_a_refused_waive_changes_nothing(s, qtbot, monkeypatch):
    no_show_with_card_deposit(s)
    page = FeesPage(session(s))
    qtbot.addWidget(page)
    loaded(page, qtbot)
    before = dump(s.salon)

    def no_manager_needed(*_args):
        raise AssertionError("a manager was called over for an unfinished form")

    monkeypatch.setattr(form_dialog, "manager_approval", no_manager_needed)
    dialog = open_waive_dialog(page, qtbot, "   ")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.message.text() == "Please write the reason."

    monkeypatch.undo()
    qtbot.keyClicks(dialog.reason, "Goodwill")
    seen: list[str] = []
    answer_approval(qtbot, ["0000"], seen)  # a wrong PIN, then the manager cancels
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert seen == ["That PIN is not right."]
    assert dialog.message.text() == "Not waived: no manager approved it."

    qtbot.keyClicks(dialog.reference, "4111 1111 1111 1111")  # a card number: refused
    monkeypatch.setattr(form_dialog, "manager_approval", lambda *_args: s.manager)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert "A card number cannot be kept" in dialog.message.text()

    assert dialog.isVisible()
    assert not JournalEntry.select().where(JournalEntry.kind == Kind.FEE_REFUNDED).exists()
    # Only the wrong PIN is on record (tries are counted); nothing else changed.
    changed = [line for line in dump(s.salon) if line not in before]
    assert len(changed) == 1 and changed[0].startswith('INSERT INTO "staff"')


def test_the_last_90_days_unless_other_days_are_chosen(s, qtbot):
    s.clock.set(datetime(2025, 12, 1, 9, 0, tzinfo=UTC))
    old = book_with_deposit(s, 11, days=-109)
    s.clock.set(datetime(2025, 12, 1, 11, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, old, by=s.desk)
    s.clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    no_show_with_card_deposit(s)
    page = FeesPage(session(s))
    qtbot.addWidget(page)
    loaded(page, qtbot)

    assert (page.dates.first(), page.dates.last()) == (
        datetime(2025, 12, 21).date(), datetime(2026, 3, 20).date())
    assert [row[0] for row in page.model.rows] == ["Fri 20 Mar 2026"]

    page.dates.set_range(datetime(2025, 11, 1).date(), datetime(2026, 3, 20).date())
    loaded(page, qtbot)

    assert [row[0] for row in page.model.rows] == ["Fri 20 Mar 2026", "Mon 01 Dec 2025"]


def test_an_older_load_finishing_late_is_dropped(s, qtbot, monkeypatch):
    no_show_with_card_deposit(s)
    release_the_first = threading.Event()

    def slow_first(salon, first, last):
        # The page's first load (the last 90 days) is held back, whichever worker thread
        # happens to call in first.
        if first == date(2025, 12, 21):
            release_the_first.wait(5)
        return no_shows_and_late_cancels(salon, first, last)

    monkeypatch.setattr(fees, "no_shows_and_late_cancels", slow_first)
    qtbot.waitUntil(lambda: not QThreadPool.globalInstance().activeThreadCount())  # others'
    page = FeesPage(session(s))  # the first load: the last 90 days, held back
    qtbot.addWidget(page)
    page.dates.set_range(date(2026, 3, 21), date(2026, 3, 22))  # no fees on these days
    qtbot.waitUntil(lambda: page.summary.text().startswith("0 fees"), timeout=5000)

    release_the_first.set()
    qtbot.waitUntil(lambda: not QThreadPool.globalInstance().activeThreadCount(), timeout=5000)
    qtbot.wait(50)  # let the first load's result reach the page, to be dropped
    assert page.model.rows == [] and page.summary.text().startswith("0 fees")
