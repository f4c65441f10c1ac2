"""A gift voucher sold is shown to print as its A5 card, or on the receipt roll at a press:
both PDFs live only while the window is open (the code is given this once)."""

from __future__ import annotations

from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QWidget

from salon_pos.ui.dialogs.voucher_print import show_voucher
from tests.services.test_vouchers import sell_voucher
from tests.ui.steps import Steps, button
from tests.ui.test_checkout_lines import desk_session


def test_the_card_or_the_roll_then_nothing_left_behind(s, qtbot):
    code = sell_voucher(s, 5000)
    parent = QWidget()
    qtbot.addWidget(parent)
    preview = show_voucher(desk_session(s), 1, code, parent)
    card = preview.path
    assert card.name == "gift-voucher-1-a5.pdf"
    assert preview.document.status() == QPdfDocument.Status.Ready
    steps = Steps(qtbot)
    steps.click(button(preview, "On the receipt roll"))
    assert preview.path.name == "gift-voucher-1-roll.pdf"
    roll_size = preview.document.pagePointSize(0)
    assert roll_size.width() < 250  # 80 mm paper, not A5
    assert button(preview, "As an A5 card").isChecked()
    preview.accept()
    qtbot.waitUntil(lambda: not card.parent.exists())
