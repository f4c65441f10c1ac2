"""A refund at the front desk: found by receipt number, approved by a manager's PIN on the
spot (a wrong PIN refuses), money back the ways the sale was paid, refund receipt saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from salon_pos.services.operations import checkout
from salon_pos.services.views import verify
from salon_pos.store.models import JournalEntry, Sale
from salon_pos.ui.dialogs import refund as refund_dialog
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.dialogs.refund import RefundDialog
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump


def desk_session(s) -> Session:
    return Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")


def paid_shampoo(s) -> int:
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=1800, reference="T-1")
    return checkout.close_sale(s.salon, sale, by=s.desk)["receipt_no"]


def test_a_managers_pin_approves_and_a_wrong_one_refuses(s, qtbot):
    dialog = ApprovalDialog(desk_session(s), "A refund")
    qtbot.addWidget(dialog)

    qtbot.keyClicks(dialog.pin, "0000")
    dialog.check()
    qtbot.waitUntil(lambda: dialog.message.text() == "That PIN is not right.")
    assert dialog.approved_by is None

    qtbot.keyClicks(dialog.pin, "1234")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.check()
    assert dialog.approved_by == s.manager


def test_refund_without_approval_changes_nothing_then_with_it_refunds(s, qtbot, monkeypatch):
    number = paid_shampoo(s)
    dialog = RefundDialog(desk_session(s))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.number, str(number))
    dialog.find()
    qtbot.keyClicks(dialog.reason, "Allergic reaction")
    before = dump(s.salon)

    monkeypatch.setattr(refund_dialog, "manager_approval", lambda *args: None)
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    assert "no manager approved it" in dialog.message.text()
    assert dump(s.salon) == before

    monkeypatch.setattr(refund_dialog, "manager_approval", lambda *args: s.manager)
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)

    paid_back = JournalEntry.get(JournalEntry.kind == "refund_paid")
    assert (paid_back.method, paid_back.amount, paid_back.approved_by) == ("card", 1800,
                                                                           s.manager)
    assert Sale.get(Sale.receipt_no == number).status == "refunded"
    assert dialog.receipt_path.read_bytes().startswith(b"%PDF")
    assert dialog.preview.document.pageCount() >= 1  # shown to print or hand over
    dialog.preview.close()
    assert verify.verify(s.salon).ok
