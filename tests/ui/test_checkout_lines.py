"""Checkout, the lines: change a price with its reason, a discount beyond the threshold asks
a manager's PIN (a wrong one changes nothing), remove a line, add a product and a service —
through the real dialogs, with the database checked each time."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from salon_pos.services.operations import cash_drawer, checkout, day_close
from salon_pos.store.models import Booking, Sale, SaleLine
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.services.helpers import book, book_with_deposit, to_ready


def desk_session(s) -> Session:
    return Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk", "front_desk")


def open_checkout(s, qtbot, services=None) -> CheckoutDialog:
    """A booking (a cut unless told) walked to ready, its checkout open at the desk (the
    drawer opened with its float this morning)."""
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    booking = book(s, 11, services=services or [s.cut])
    to_ready(s, booking)
    dialog = CheckoutDialog(desk_session(s), booking)
    qtbot.addWidget(dialog)
    return dialog


def lines_of(dialog: CheckoutDialog) -> list[SaleLine]:
    return list(SaleLine.select().where(SaleLine.sale == dialog.sale_id).order_by(SaleLine.id))


def choose_line(qtbot, dialog: CheckoutDialog, row: int) -> None:
    rect = dialog.table.visualRect(dialog.lines.index(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_approval(qtbot, pin: str) -> list[str]:
    """When the manager's approval dialog comes up, type `pin` and approve; if the PIN is
    refused, note the refusal and cancel. Returns the refusals seen."""
    refusals = []

    def answer():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, ApprovalDialog) and w.isVisible()), None)
        if dialog is None:  # not up yet
            QTimer.singleShot(10, answer)
            return
        qtbot.keyClicks(dialog.pin, pin)
        dialog.check()
        qtbot.waitUntil(lambda: dialog.approved_by is not None or bool(dialog.message.text()))
        if dialog.approved_by is None:
            refusals.append(dialog.message.text())
            dialog.reject()

    QTimer.singleShot(0, answer)
    return refusals


def except_staff(rows: list[str]) -> list[str]:
    return [row for row in rows if not row.startswith('INSERT INTO "staff"')]


def test_a_price_change_needs_a_reason_then_is_recorded_with_it(s, qtbot):
    dialog = open_checkout(s, qtbot)
    choose_line(qtbot, dialog, 0)
    click(qtbot, dialog.line_buttons[0])  # Change…
    editor = dialog.editor
    editor.price.setText("")
    qtbot.keyClicks(editor.price, "42")
    before = dump(s.salon)

    click(qtbot, editor.ok_button)
    assert "reason" in editor.message.text() and editor.isVisible()
    assert dump(s.salon) == before

    qtbot.keyClicks(editor.reason, "Shorter cut than booked")
    click(qtbot, editor.ok_button)

    line = lines_of(dialog)[0]
    assert (line.unit_price, line.change_reason, line.approved_by_id) == (
        4200, "Shorter cut than booked", None)
    assert not editor.isVisible()
    assert dialog.lines.rows[0][3] == "€42.00"
    assert "left €42.00" in dialog.summary.text()


def test_a_big_discount_asks_a_manager_a_wrong_pin_changes_nothing(s, qtbot):
    dialog = open_checkout(s, qtbot)
    choose_line(qtbot, dialog, 0)
    click(qtbot, dialog.line_buttons[1])  # Discount…
    editor = dialog.editor
    editor.percent.set_basis_points(2000)  # 20 %: beyond the 10 % a desk gives alone
    qtbot.keyClicks(editor.reason, "Loyal client")
    before = dump(s.salon)

    refusals = answer_approval(qtbot, "0000")
    click(qtbot, editor.ok_button)

    assert refusals == ["That PIN is not right."]
    assert "needs a manager's approval" in editor.message.text()
    assert lines_of(dialog)[0].discount == 0
    assert except_staff(dump(s.salon)) == except_staff(before)  # the wrong try is counted

    refusals = answer_approval(qtbot, "1234")
    click(qtbot, editor.ok_button)

    line = lines_of(dialog)[0]
    assert refusals == []
    assert (line.discount, line.discount_reason, line.approved_by_id) == (900, "Loyal client",
                                                                          s.manager)
    assert dialog.totals.figures["Discounts"].text() == "-€9.00"


def test_a_discount_within_the_threshold_asks_no_one(s, qtbot):
    dialog = open_checkout(s, qtbot)
    choose_line(qtbot, dialog, 0)
    click(qtbot, dialog.line_buttons[1])
    editor = dialog.editor
    editor.by_amount.setChecked(True)
    qtbot.keyClicks(editor.amount, "4.50")
    qtbot.keyClicks(editor.reason, "Birthday")

    click(qtbot, editor.ok_button)  # no approval dialog: nothing would answer it

    line = lines_of(dialog)[0]
    assert (line.discount, line.approved_by_id) == (450, None)


def test_amounts_taken_off_have_the_salons_one_minus_sign_and_amounts_paid_none(s, qtbot):
    booking = book_with_deposit(s)  # cut and blow-dry, €75.00; €15.00 deposit
    to_ready(s, booking)
    dialog = CheckoutDialog(desk_session(s), booking)
    qtbot.addWidget(dialog)
    line = lines_of(dialog)[0]
    checkout.discount_line(s.salon, dialog.sale_id, line.id, by=s.desk, reason="Birthday",
                           amount=450)
    checkout.take_tender(s.salon, dialog.sale_id, by=s.desk, method="cash", amount=2000)
    dialog.refresh()

    money = s.salon.settings().money
    assert dialog.lines.rows[0][4] == f"{money(-450)} (Birthday)"
    assert [dialog.totals.figures[name].text() for name in
            ("Discounts", "Deposit applied", "Taken")] == [
        money(-450), money(1500), money(2000)]


def test_remove_a_line_with_its_reason(s, qtbot):
    dialog = open_checkout(s, qtbot, services=[s.cut, s.blowdry])
    choose_line(qtbot, dialog, 1)
    click(qtbot, dialog.line_buttons[2])  # Remove
    qtbot.keyClicks(dialog.editor.reason, "Not performed")
    click(qtbot, dialog.editor.ok_button)

    removed = lines_of(dialog)[1]
    assert (removed.removed, removed.change_reason) == (True, "Not performed")
    assert [row[0] for row in dialog.lines.rows] == ["Cut and finish"]


def test_add_a_product_found_by_searching(s, qtbot):
    dialog = open_checkout(s, qtbot)
    click(qtbot, dialog.line_buttons[4])  # Add product…
    picker = dialog.editor
    qtbot.keyClicks(picker.search, "sh-1")  # by SKU, whatever the case
    picker.quantity.setValue(2)
    click(qtbot, picker.ok_button)

    product = lines_of(dialog)[1]
    assert (product.product_id, product.quantity, product.unit_price) == (s.shampoo, 2, 1800)
    assert "To pay €81.00" in dialog.summary.text()  # €45 cut + 2 × €18


def test_add_a_service_done_by_another_stylist(s, qtbot):
    dialog = open_checkout(s, qtbot)
    click(qtbot, dialog.line_buttons[5])  # Add service…
    picker = dialog.editor
    qtbot.keyClicks(picker.search, "blow")
    picker.stylist.setCurrentIndex(picker.stylist.findData(s.stylist2))
    click(qtbot, picker.ok_button)

    added = lines_of(dialog)[1]
    assert (added.service_id, added.stylist_id) == (s.blowdry, s.stylist2)
    assert list(dialog.tips.fields) == [s.stylist, s.stylist2]  # a tip field each


def test_a_line_action_without_a_chosen_line_says_so(s, qtbot):
    dialog = open_checkout(s, qtbot)
    click(qtbot, dialog.line_buttons[0])

    assert dialog.editor is None
    assert dialog.message.text() == "Choose a line in the table first."


def test_a_whole_sale_discount_takes_the_percentage_off_every_line(s, qtbot):
    dialog = open_checkout(s, qtbot, services=[s.cut, s.blowdry])
    click(qtbot, dialog.line_buttons[3])  # Discount sale…
    editor = dialog.editor
    assert editor.reason.text() == ""
    editor.percent.set_basis_points(1000)
    qtbot.keyClicks(editor.reason, "Loyalty card")
    click(qtbot, editor.ok_button)

    assert [(line.discount, line.discount_reason) for line in lines_of(dialog)] == [
        (450, "Loyalty card"), (300, "Loyalty card")]


def test_a_ticket_the_client_leaves_unpaid_is_voided_and_the_day_can_close(s, qtbot):
    dialog = open_checkout(s, qtbot)
    dialog.show()
    click(qtbot, dialog.void_button)
    editor = dialog.editor
    click(qtbot, editor.ok_button)  # no reason yet
    assert "reason" in editor.message.text().lower()
    assert Sale.get_by_id(dialog.sale_id).status == "open"

    qtbot.keyClicks(editor.reason, "Will pay tomorrow")
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        click(qtbot, editor.ok_button)

    sale = Sale.get_by_id(dialog.sale_id)
    assert (sale.status, sale.signoff_action) == ("void", "voided: Will pay tomorrow")
    assert Booking.get_by_id(sale.booking_id).status == "ready"  # waits for its checkout
    day_close.close_day(s.salon, s.salon.today(), approved_by=s.manager)


def test_a_ticket_with_a_payment_on_it_cannot_be_voided(s, qtbot):
    dialog = open_checkout(s, qtbot)
    checkout.take_tender(s.salon, dialog.sale_id, by=s.desk, method="card", amount=1000,
                         reference="T-1")
    dialog.refresh()
    assert not dialog.void_button.isEnabled()
