"""A way to pay is one entry of the registry: one registered here, in the test, and known to
no other file, is offered at checkout, taken and paid with, counted in the Z report,
refunded the way its rules say, and booked in the accountant's beancount ledger — which
bean-check accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.ways_to_pay import WAYS_TO_PAY, Use, WayToPay, register_way_to_pay
from salon_pos.services.exchange import accounting
from salon_pos.services.operations import checkout, refunds
from salon_pos.services.views.day_report import live_day_report
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.services.views.verify import verify
from salon_pos.store.models import JournalEntry, Sale
from salon_pos.ui.dialogs.booking import DepositDialog
from tests.services.helpers import book_with_deposit, refused
from tests.ui.test_checkout_lines import desk_session, open_checkout

BEAN_CHECK = Path(sys.executable).with_name("bean-check")


@pytest.fixture
def paper_vouchers():
    """Paper gift vouchers sold by the shop next door: the voucher's number is typed as
    the reference; what one paid goes back as client credit, never as cash."""
    way = register_way_to_pay(WayToPay(
        "paper_voucher", "Paper voucher", "F11", frozenset({Use.SALE}),
        account="Assets:Vouchers-Received", needs_reference=True, refunded_as="credit"))
    yield way
    del WAYS_TO_PAY[way.code]


def test_a_way_registered_here_is_offered_taken_reported_and_booked(s, qtbot, tmp_path,
                                                                    paper_vouchers):
    dialog = open_checkout(s, qtbot)  # a cut, €45.00
    dialog.show()
    button = dialog.method_buttons["paper_voucher"]
    assert button.isVisible() and button.text() == "Paper voucher\nF11 · the rest, €45.00"
    assert button.accessibleName() == "Take by paper voucher"

    qtbot.keyClicks(dialog.amount, "30")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "terminal's reference" in dialog.message.text()  # its rule: a reference
    qtbot.keyClicks(dialog.reference, "V-0042")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.amount, "15")
    qtbot.mouseClick(dialog.method_buttons["cash"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    assert dialog.paid is not None

    payment = JournalEntry.get((JournalEntry.kind == "payment")
                               & (JournalEntry.method == "paper_voucher"))
    assert (payment.amount, payment.reference) == (3000, "V-0042")
    assert verify(s.salon).ok
    receipt = receipt_of_sale(s.salon, dialog.sale_id)
    assert ("Paper voucher", 3000, "V-0042") in [(p.label, p.amount, p.reference)
                                                 for p in receipt.payments]
    report = live_day_report(s.salon, s.salon.today())
    assert report.tenders == {"cash": 1500, "paper_voucher": 3000}
    assert ("tenders", "paper_voucher", 3000) in report.rows()

    # Its refund rule: what a voucher paid comes back as credit, never as cash.
    refunds.refund_sale(s.salon, dialog.sale_id, by=s.desk, approved_by=s.manager,
                        reason="Redo refused")
    back = {(e.method, e.amount) for e in JournalEntry.select().where(
        JournalEntry.kind == "refund_paid")}
    assert back == {("credit", 3000), ("cash", 1500)}

    ledger = tmp_path / "books.beancount"
    with ledger.open("w", encoding="utf-8") as out:
        accounting.export_beancount(s.salon, s.salon.today(), s.salon.today(), out,
                                    approved_by=s.manager)
    checked = subprocess.run([str(BEAN_CHECK), str(ledger)], capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = ledger.read_text(encoding="utf-8")
    assert "open Assets:Vouchers-Received EUR" in text
    assert "Assets:Vouchers-Received" in text.split("Sale ", 1)[1]


def test_it_is_offered_only_where_its_uses_say(s, qtbot, paper_vouchers):
    booking = book_with_deposit(s, 11)
    deposit = DepositDialog(desk_session(s), booking, 0)
    qtbot.addWidget(deposit)
    offered = [deposit.method.itemData(i) for i in range(deposit.method.count())]
    assert offered == ["cash", "card", "credit"]


def test_without_it_registered_its_code_is_refused(s, qtbot):
    dialog = open_checkout(s, qtbot)
    assert "paper_voucher" not in dialog.method_buttons
    with pytest.raises(InvalidInput, match="Payment must be by cash, card, client credit, "
                                           "house account"):
        checkout.take_tender(s.salon, dialog.sale_id, by=s.desk, method="paper_voucher",
                             amount=100, reference="V-1")
    assert Sale.get_by_id(dialog.sale_id).status == "open"


def test_what_a_voucher_paid_without_a_client_cannot_go_back_as_credit(s, paper_vouchers):
    sale = checkout.open_sale(s.salon, by=s.desk)  # a walk-in, no client chosen
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.take_tender(s.salon, sale, by=s.desk, method="paper_voucher", amount=1800,
                         reference="V-7")
    checkout.close_sale(s.salon, sale, by=s.desk)

    with refused(s, "This sale has no client to give credit to", InvalidInput):
        refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager, reason="Allergy")
