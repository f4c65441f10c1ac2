"""Checkout, the money: a tip per stylist, tenders from the keypad (split cash and card with
change, client credit, house account), the client's sign-off, paying twice charging once,
and the receipt preview — the database checked after each."""

from __future__ import annotations

import pytest

from salon_pos.services.operations import checkout
from salon_pos.services.views import verify
from salon_pos.store.models import Booking, Client, JournalEntry, Sale, SaleTender, SaleTip
from salon_pos.ui.dialogs.checkout import CheckoutDialog
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

    click(qtbot, dialog.tips.save_button)

    tips = {t.stylist_id: t.amount for t in SaleTip.select().where(SaleTip.sale == dialog.sale_id)}
    assert tips == {s.stylist: 500, s.stylist2: 250}
    assert figure(dialog, "Tips") == "€7.50"
    assert "To pay €82.50" in dialog.summary.text()


def test_a_mistyped_tip_saves_no_tip(s, qtbot):
    dialog = open_checkout(s, qtbot)
    qtbot.keyClicks(dialog.tip, "five")
    before = dump(s.salon)

    click(qtbot, dialog.tips.save_button)

    assert "not an amount" in dialog.message.text()
    assert dump(s.salon) == before


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
