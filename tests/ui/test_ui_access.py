"""In the app, the front desk and a stylist reach a manager's screens and actions only with
a manager's PIN typed on the spot: the real approval dialog is answered (cancelled, a wrong
PIN, the right one) and the window and the database are checked each time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from salon_pos.services.operations import staff
from salon_pos.store.models import JournalEntry, Sale, SaleRefund, Staff
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.dialogs.refund import RefundDialog
from salon_pos.ui.pages.settings import SettingsPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.ui.test_main_window import window_for
from tests.ui.test_refund_flow import paid_shampoo

LEFT = Qt.MouseButton.LeftButton
WHO = {"front desk": ("desk", "Dara Desk", "front_desk"),
       "stylist": ("stylist", "Aoife Stylist", "stylist")}


@pytest.fixture
def s(s):
    """The test salon with a second manager, and a manager who has left."""
    staff.add_staff(s.salon, "Ciara Manager", "manager", "5678", approved_by=s.manager)
    old = staff.add_staff(s.salon, "Old Manager", "manager", "4444", approved_by=s.manager)
    staff.edit_staff(s.salon, old, active=False, approved_by=s.manager)
    return s


def session_args(s, who: str) -> tuple:
    """(staff id, name, role) of who is logged in."""
    attribute, name, role = WHO[who]
    return getattr(s, attribute), name, role


def session_of(s, who: str) -> Session:
    return Session(s.salon, TaskRunner(s.salon.database), *session_args(s, who))


def closed(dialog) -> bool:
    """Closed — and maybe already freed, as the app frees its dialogs once used."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def on_approval(qtbot, act: Callable[[ApprovalDialog], object]) -> list:
    """When the approval dialog comes up, note what `act(dialog)` returns, then make sure
    the dialog is closed (a test never stays stuck in its event loop)."""
    seen: list = []
    tries = iter(range(500))  # 5 s: then the dialog was never asked for

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ApprovalDialog):
            if next(tries, None) is not None:
                QTimer.singleShot(10, answer)
            return
        try:
            seen.append(act(dialog))
        finally:
            if not closed(dialog):
                dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def listed(dialog: ApprovalDialog) -> list[str]:
    return [dialog.manager.itemText(i) for i in range(dialog.manager.count())]


def type_pin(qtbot, manager: str, pin: str) -> Callable[[ApprovalDialog], str]:
    """Pick `manager`, type `pin`, press Approve: "approved", or the dialog's refusal."""

    def act(dialog: ApprovalDialog) -> str:
        dialog.manager.setCurrentIndex(dialog.manager.findText(manager))
        qtbot.keyClicks(dialog.pin, pin)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
        qtbot.waitUntil(lambda: closed(dialog) or dialog.buttons.isEnabled(), timeout=5000)
        return "approved" if closed(dialog) else dialog.message.text()

    return act


def except_staff(rows: list[str]) -> list[str]:
    """The dump without the staff table, whose rows count wrong PINs."""
    return [row for row in rows if not row.startswith('INSERT INTO "staff"')]


def failed_pins(s) -> int:
    return Staff.get_by_id(s.manager).failed_pins


@pytest.mark.parametrize("who", WHO)
def test_the_approval_lists_the_active_managers_only_and_cancel_keeps_the_area_shut(
        s, qtbot, who):
    window = window_for(s, qtbot, *session_args(s, who))
    home = window.pages.currentWidget()
    seen = on_approval(qtbot, lambda dialog: listed(dialog))

    qtbot.keyClick(window, Qt.Key.Key_F9)

    assert seen == [["Ciara Manager", "Maeve Manager"]]  # not the desk, stylists, or Old
    assert window.pages.currentWidget() is home
    assert "manager" not in window.built  # never even built


@pytest.mark.parametrize("who", WHO)
def test_a_wrong_pin_keeps_the_managers_area_shut(s, qtbot, who):
    window = window_for(s, qtbot, *session_args(s, who))
    home = window.pages.currentWidget()
    before = dump(s.salon)
    seen = on_approval(qtbot, type_pin(qtbot, "Maeve Manager", "0000"))

    qtbot.keyClick(window, Qt.Key.Key_F9)

    assert seen == ["That PIN is not right."]
    assert window.pages.currentWidget() is home and "manager" not in window.built
    assert except_staff(dump(s.salon)) == except_staff(before)
    assert failed_pins(s) == 1  # counted toward the lock-out


@pytest.mark.parametrize("who", WHO)
def test_a_managers_own_pin_is_not_enough_for_another_manager(s, qtbot, who):
    window = window_for(s, qtbot, *session_args(s, who))
    seen = on_approval(qtbot, type_pin(qtbot, "Ciara Manager", "1234"))  # Maeve's PIN

    qtbot.keyClick(window, Qt.Key.Key_F9)

    assert seen == ["That PIN is not right."]
    assert "manager" not in window.built


@pytest.mark.parametrize("who", WHO)
def test_a_managers_pin_opens_the_managers_area(s, qtbot, who):
    window = window_for(s, qtbot, *session_args(s, who))
    seen = on_approval(qtbot, type_pin(qtbot, "Maeve Manager", "1234"))

    qtbot.keyClick(window, Qt.Key.Key_F9)

    assert seen == ["approved"]
    assert window.pages.currentWidget() is window.page("manager")


def test_a_refund_at_the_front_desk_needs_a_managers_pin(s, qtbot):
    number = paid_shampoo(s)
    dialog = RefundDialog(session_of(s, "front desk"))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.number, str(number))
    dialog.find()
    qtbot.keyClicks(dialog.reason, "Allergic reaction")
    before = dump(s.salon)

    seen = on_approval(qtbot, type_pin(qtbot, "Maeve Manager", "0000"))
    qtbot.mouseClick(dialog.refund_button, LEFT)

    assert seen == ["That PIN is not right."]
    assert dialog.message.text() == "Not refunded: no manager approved it."
    assert except_staff(dump(s.salon)) == except_staff(before)
    assert Sale.get(Sale.receipt_no == number).status == "closed"

    seen = on_approval(qtbot, type_pin(qtbot, "Maeve Manager", "1234"))
    qtbot.mouseClick(dialog.refund_button, LEFT)

    assert seen == ["approved"]
    assert SaleRefund.get().approved_by_id == s.manager
    assert JournalEntry.get(JournalEntry.kind == "refund_paid").approved_by == s.manager
    dialog.preview.close()


@pytest.mark.parametrize("who", WHO)
def test_saving_settings_needs_a_managers_pin(s, qtbot, who):
    page = SettingsPage(session_of(s, who))
    qtbot.addWidget(page)
    field = page.policy.deposit_percent_bp
    field.selectAll()
    qtbot.keyClicks(field, "25")
    before = dump(s.salon)

    cancelled = on_approval(qtbot, lambda dialog: dialog.reject())
    qtbot.mouseClick(page.policy.save_button, LEFT)
    wrong = on_approval(qtbot, type_pin(qtbot, "Maeve Manager", "0000"))
    qtbot.mouseClick(page.policy.save_button, LEFT)

    assert cancelled == [None] and wrong == ["That PIN is not right."]
    assert page.policy.message.text() == "Not saved: no manager approved it."
    assert except_staff(dump(s.salon)) == except_staff(before)
    assert s.salon.settings().deposit_percent_bp == 2000

    seen = on_approval(qtbot, type_pin(qtbot, "Maeve Manager", "1234"))
    qtbot.mouseClick(page.policy.save_button, LEFT)

    assert seen == ["approved"] and page.policy.message.text() == "Saved."
    assert s.salon.settings().deposit_percent_bp == 2500
