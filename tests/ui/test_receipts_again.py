"""A receipt again, and a refund seen whole: double-click a paid sale in the client's Sales
tab (or Receipt…) and its receipt opens to print; the refund dialog shows the client, when
the sale was, how it was paid, and Cancel leaves everything as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_pos.services.operations import checkout
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.dialogs.refund import RefundDialog
from tests.conftest import dump
from tests.services.helpers import book_with_deposit, ready_sale, tender, to_ready
from tests.ui.steps import Steps
from tests.ui.test_clients_page import open_zoe, session_of
from tests.ui.test_clients_page import page as page  # noqa: F401 (a fixture)

LEFT = Qt.MouseButton.LeftButton


def paid_with_deposit_tip_and_split(s) -> int:
    """Cut and blow-dry, €15.00 deposit applied, €5.00 tip, card then cash: the receipt."""
    booking = book_with_deposit(s, 11)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
    tender(s, sale, "card", 4000)
    checkout.take_tender(s.salon, sale, by=s.desk, method="cash", amount=3000)
    return checkout.close_sale(s.salon, sale, by=s.desk)["receipt_no"]


def row_centre(table, row: int):
    return table.visualRect(table.model().index(row, 0)).center()


def test_a_double_click_on_a_paid_sale_opens_its_receipt_to_print(s, page, qtbot):
    receipt = paid_with_deposit_tip_and_split(s)
    ready_sale(s, 15)  # an open ticket: no receipt yet
    open_zoe(qtbot, page)
    page.tabs.setCurrentIndex(2)  # Sales
    assert [row[0] for row in page.sale_rows.rows] == ["—", f"No. {receipt}"]
    table = page.sale_table

    qtbot.mouseClick(table.viewport(), LEFT, pos=row_centre(table, 0))
    assert not page.receipt_button.isEnabled()  # an open sale: nothing to print yet
    Steps(qtbot).double_click(table.viewport(), row_centre(table, 1))

    preview = page.dialog
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    assert preview.windowTitle() == f"Receipt {receipt:06d}"
    assert preview.document.pageCount() >= 1 and preview.print_button.isVisible()
    assert preview.path.read_bytes().startswith(b"%PDF")
    preview.close()

    assert page.receipt_button.isEnabled()
    qtbot.mouseClick(page.receipt_button, LEFT)
    assert page.dialog.isVisible() and page.dialog.windowTitle() == f"Receipt {receipt:06d}"
    page.dialog.close()


@pytest.fixture
def refund_dialog(s, qtbot) -> RefundDialog:
    dialog = RefundDialog(session_of(s, "desk"))
    qtbot.addWidget(dialog)
    return dialog


def test_the_refund_dialog_shows_whose_sale_when_and_how_it_was_paid(s, qtbot,
                                                                      refund_dialog):
    receipt = paid_with_deposit_tip_and_split(s)

    qtbot.keyClicks(refund_dialog.number, str(receipt))
    qtbot.keyClick(refund_dialog.number, Qt.Key.Key_Return)  # Enter finds it

    shown = refund_dialog.sale.text().replace("\u00a0", " ")  # no name cut from its amount
    assert shown == ("Zoë Ní Bhriain · 20 Mar 2026 09:00 · with Aoife Stylist\n"
                     "Total €75.00, tips €5.00\n"
                     "Paid: Deposit applied €15.00, Card €40.00 (T-1), Cash €30.00, "
                     "change given €5.00")
    assert refund_dialog.lines.count() == 2
    assert refund_dialog.result() == 0 and refund_dialog.message.text() == ""


def test_cancel_closes_the_refund_dialog_and_changes_nothing(s, qtbot, refund_dialog):
    receipt = paid_with_deposit_tip_and_split(s)
    refund_dialog.show()
    qtbot.keyClicks(refund_dialog.number, str(receipt))
    qtbot.keyClick(refund_dialog.number, Qt.Key.Key_Return)
    qtbot.keyClicks(refund_dialog.reason, "Changed her mind")
    before = dump(s.salon)

    qtbot.mouseClick(refund_dialog.cancel_button, LEFT)

    assert not refund_dialog.isVisible()
    assert refund_dialog.result() == RefundDialog.DialogCode.Rejected
    assert dump(s.salon) == before


def test_an_unknown_receipt_number_says_so_and_shows_no_sale(s, qtbot, refund_dialog):
    qtbot.keyClicks(refund_dialog.number, "999")
    qtbot.keyClick(refund_dialog.number, Qt.Key.Key_Return)

    assert refund_dialog.message.text() == "There is no receipt number 999."
    assert refund_dialog.message.tone == "refused"
    assert refund_dialog.sale.text() == "" and refund_dialog.lines.count() == 0
