"""Checkout, the money: a tip per stylist, tenders from the keypad (split cash and card with
change, client credit, house account), the client's sign-off, paying twice charging once,
and the receipt preview — the database checked after each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from salon_pos.services.operations import cash_drawer, checkout, salon_setup
from salon_pos.services.views import verify
from salon_pos.store.models import Booking, Client, JournalEntry, Sale, SaleTender, SaleTip
from salon_pos.ui.dialogs import receipt_preview
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.drawer_float import FloatDialog
from tests.conftest import dump
from tests.services.helpers import agree_note, book, to_ready
from tests.services.test_checkout import give_credit, open_house_account
from tests.ui.test_checkout_lines import click, desk_session, open_checkout
from tests.ui.test_keypad import app_style, press  # noqa: F401 (a fixture)


def take(qtbot, dialog, method: str, keys: str = "", reference: str = "") -> None:
    """Type the amount on the keypad (and a card reference), then press the method."""
    press(qtbot, dialog.keypad, *keys)
    if reference:
        qtbot.keyClicks(dialog.reference, reference)
    click(qtbot, dialog.method_buttons[method])


def tenders_of(dialog) -> list[tuple[str, int, str]]:
    return [(t.method, t.amount, t.reference)
            for t in SaleTender.select().where(SaleTender.sale == dialog.sale_id)]


def journal_of(dialog) -> list[tuple[str, int]]:
    return [(e.kind, e.amount) for e in JournalEntry.select()
            .where(JournalEntry.sale == dialog.sale_id).order_by(JournalEntry.seq)]


def figure(dialog, name: str) -> str:
    return dialog.totals.figures[name].text().replace("<b>", "").replace("</b>", "")


def test_a_tip_for_each_stylist_on_the_sale(s, qtbot):
    dialog = open_checkout(s, qtbot)
    checkout.add_service_line(s.salon, dialog.sale_id, s.blowdry, by=s.desk,
                              stylist_id=s.stylist2)
    dialog.refresh()
    qtbot.keyClicks(dialog.tips.fields[s.stylist], "5")
    qtbot.keyClicks(dialog.tips.fields[s.stylist2], "2.50")

    qtbot.waitUntil(lambda: figure(dialog, "Tips") == "€7.50")  # once the typing rests

    tips = {t.stylist_id: t.amount for t in SaleTip.select().where(SaleTip.sale == dialog.sale_id)}
    assert tips == {s.stylist: 500, s.stylist2: 250}
    assert "To pay €82.50" in dialog.summary.text()


def test_a_mistyped_tip_saves_no_tip(s, qtbot):
    dialog = open_checkout(s, qtbot)
    before = dump(s.salon)
    qtbot.keyClicks(dialog.tip, "five")

    qtbot.waitUntil(lambda: "not an amount" in dialog.message.text())
    assert dialog.message.tone == "refused"
    assert dump(s.salon) == before

    dialog.tip.clear()
    qtbot.keyClicks(dialog.tip, "5")  # put right: the refusal goes, the tip counts
    qtbot.waitUntil(lambda: figure(dialog, "Tips") == "€5.00")
    assert dialog.message.text() == ""


def test_split_card_and_cash_gives_the_change(s, qtbot):
    dialog = open_checkout(s, qtbot)  # a €45.00 cut
    take(qtbot, dialog, "card", "20", reference="T-9")
    take(qtbot, dialog, "cash", "50")

    assert tenders_of(dialog) == [("card", 2000, "T-9"), ("cash", 5000, "")]
    assert figure(dialog, "Change due") == "€25.00"
    click(qtbot, dialog.pay_button)

    sale = Sale.get_by_id(dialog.sale_id)
    assert (sale.status, sale.total, sale.change) == ("closed", 4500, 2500)
    assert ("change_given", 2500) in journal_of(dialog)
    assert dialog.summary.text() == "Paid. Change to give: €25.00"
    assert Booking.get_by_id(sale.booking_id).status == "closed"


def test_card_without_its_terminal_reference_is_refused(s, qtbot):
    dialog = open_checkout(s, qtbot)
    before = dump(s.salon)

    take(qtbot, dialog, "card", "20")

    assert "terminal's reference" in dialog.message.text()
    assert dump(s.salon) == before


def test_a_double_click_on_a_method_takes_the_payment_once_and_remove_takes_it_off(s, qtbot):
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "card", "20", reference="T-9")
    click(qtbot, dialog.method_buttons["card"])  # the second click of a double click

    assert tenders_of(dialog) == [("card", 2000, "T-9")]
    assert "already taken" in dialog.message.text()

    dialog.tender_table.selectRow(0)
    click(qtbot, dialog.remove_tender_button)
    assert tenders_of(dialog) == []
    assert dialog.tenders.rows == []


def test_client_credit_then_the_rest_in_cash(s, qtbot):
    give_credit(s)  # €15.00 of credit
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "credit", "15")
    take(qtbot, dialog, "cash")  # blank: exactly what is left

    click(qtbot, dialog.pay_button)

    assert tenders_of(dialog) == [("credit", 1500, ""), ("cash", 3000, "")]
    assert Sale.get_by_id(dialog.sale_id).status == "closed"
    assert Client.get_by_id(s.client).credit_balance == 0
    assert verify.verify(s.salon).ok


def test_the_house_account_takes_what_is_left(s, qtbot):
    open_house_account(s)
    dialog = open_checkout(s, qtbot)
    click(qtbot, dialog.keypad.keys["Exact"])
    assert dialog.amount.text() == "45.00"
    click(qtbot, dialog.method_buttons["house_account"])

    click(qtbot, dialog.pay_button)

    assert tenders_of(dialog) == [("house_account", 4500, "")]
    assert Client.get_by_id(s.client).house_balance == 4500
    assert dialog.summary.text() == "Paid. No change to give."


def test_the_agreement_must_be_signed_off_and_what_differs_is_recorded(s, qtbot):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    booking = book(s, 11, services=[s.colour])
    agree_note(s, booking)
    to_ready(s, booking)
    dialog = CheckoutDialog(desk_session(s), booking)
    qtbot.addWidget(dialog)
    assert "Even copper" in dialog.signoff.agreement.toPlainText()
    take(qtbot, dialog, "cash", "150")
    click(qtbot, dialog.pay_button)
    assert "record whether the result matches" in dialog.message.text()
    assert Sale.get_by_id(dialog.sale_id).status == "open"

    dialog.signoff.differs.setChecked(True)
    click(qtbot, dialog.signoff.record_button)
    assert "difference" in dialog.message.text()  # what differs is required
    qtbot.keyClicks(dialog.signoff.differences, "A shade darker than hoped")
    qtbot.keyClicks(dialog.signoff.action, "Toner next week, free")
    click(qtbot, dialog.signoff.record_button)
    click(qtbot, dialog.pay_button)

    sale = Sale.get_by_id(dialog.sale_id)
    assert (sale.status, sale.signoff_matches, sale.signoff_differences, sale.signoff_action) == (
        "closed", False, "A shade darker than hoped", "Toner next week, free")


def test_paying_twice_charges_once_and_the_receipt_preview_opens(s, qtbot):
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "cash", "50")

    click(qtbot, dialog.pay_button)
    entries = journal_of(dialog)
    dialog.pay()  # a second press (the button is gone; the key makes it harmless anyway)

    assert Sale.select().where(Sale.status == "closed").count() == 1
    assert journal_of(dialog) == entries
    assert [kind for kind, _ in entries].count("payment") == 1
    assert dialog.preview is not None and dialog.preview.isVisible()
    assert dialog.preview.path == dialog.receipt_path
    assert dialog.preview.document.pageCount() >= 1
    assert dialog.pay_button.isHidden() and not dialog.done_button.isHidden()


@pytest.mark.usefixtures("app_style")
def test_the_screen_fits_1366_by_740(s, qtbot):
    dialog = open_checkout(s, qtbot, services=[s.cut, s.blowdry])
    dialog.resize(1366, 740)
    dialog.show()
    qtbot.waitExposed(dialog)

    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 740
    assert dialog.size().width() <= 1366 and dialog.size().height() <= 740
    for button in (*dialog.line_buttons, *dialog.method_buttons.values(), dialog.pay_button):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner), button.text()


def test_a_tip_button_gives_each_stylist_that_share_of_their_own_work(s, qtbot):
    dialog = open_checkout(s, qtbot)  # a €45.00 cut by Aoife
    checkout.add_service_line(s.salon, dialog.sale_id, s.blowdry, by=s.desk,
                              stylist_id=s.stylist2)  # a €30.00 blow-dry by Łukasz
    dialog.refresh()
    ten = dialog.tips.percent_buttons[10]
    assert ten.text() == "10 % · €7.50"

    click(qtbot, ten)

    tips = {t.stylist_id: t.amount for t in SaleTip.select().where(SaleTip.sale == dialog.sale_id)}
    assert tips == {s.stylist: 450, s.stylist2: 300}
    assert figure(dialog, "Tips") == "€7.50"  # no other press needed
    assert figure(dialog, "Left to pay") == "€82.50"


def test_a_refusal_goes_once_its_cause_is_gone_and_a_note_is_not_in_red(s, qtbot):
    dialog = open_checkout(s, qtbot)  # a €45.00 cut
    take(qtbot, dialog, "card", "50", reference="T-1")
    assert "more than what is left to pay" in dialog.message.text()
    assert dialog.message.tone == "refused"

    press(qtbot, dialog.keypad, "⌫")  # the amount put right: the old refusal goes
    assert dialog.message.text() == ""

    take(qtbot, dialog, "card", "", reference="T-1")
    click(qtbot, dialog.method_buttons["card"])  # the second click of a double click
    assert "already taken" in dialog.message.text() and dialog.message.tone == "done"


def test_taken_and_the_deposit_applied_are_never_negative(s, qtbot):
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "cash", "20")

    assert figure(dialog, "Taken") == "€20.00"
    assert figure(dialog, "Deposit applied") == "€0.00"
    assert figure(dialog, "Left to pay") == "€25.00"


def test_with_the_drawer_not_opened_cash_waits_for_an_answer(s, qtbot):
    booking = book(s, 11)
    to_ready(s, booking)
    dialog = CheckoutDialog(desk_session(s), booking)
    qtbot.addWidget(dialog)
    before = dump(s.salon)

    answer_float_question(qtbot, lambda question: question.reject())  # Cancel
    take(qtbot, dialog, "cash")
    assert dump(s.salon) == before  # nothing taken, no drawer opened

    answer_float_question(qtbot, lambda question: click(qtbot, question.go_on_button))
    take(qtbot, dialog, "cash", "20")
    assert tenders_of(dialog) == [("cash", 2000, "")]
    assert not JournalEntry.select().where(JournalEntry.kind == "drawer_float").exists()

    take(qtbot, dialog, "cash", "5")  # asked once a ticket: no question this time
    assert tenders_of(dialog) == [("cash", 2000, ""), ("cash", 500, "")]


def answer_float_question(qtbot, answer) -> None:
    def when_shown():
        question = QApplication.activeModalWidget()
        if not isinstance(question, FloatDialog):
            QTimer.singleShot(10, when_shown)
            return
        answer(question)
    QTimer.singleShot(0, when_shown)


def test_after_pay_the_receipt_is_one_press_away_and_a_printer_that_fails_says_so(
        s, qtbot, monkeypatch):
    salon_setup.change_settings(s.salon, s.manager, print_receipt_on_pay=True)

    def no_printer(path, printer):
        raise OSError("the printer could not be opened")

    monkeypatch.setattr(receipt_preview, "print_file", no_printer)
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "cash")

    click(qtbot, dialog.pay_button)

    assert Sale.get_by_id(dialog.sale_id).status == "closed"
    assert dialog.preview is None  # printed (or tried), not shown
    assert "not printed (the printer could not be opened)" in dialog.message.text()
    click(qtbot, dialog.receipt_button)
    assert dialog.preview.isVisible() and dialog.preview.path == dialog.receipt_path
    dialog.preview.close()
