"""Checkout, what is typed but not yet done: a tip typed without pressing Save tips still
counts when a payment is taken or Pay is pressed (a mistyped one stops both), a typed tip
survives the ticket being shown again, and a refused payment is not repeated for the old
amount once the bill has changed — the database checked each time."""

from __future__ import annotations

from salon_pos.services.operations import checkout
from salon_pos.store.models import Sale, SaleTip
from tests.conftest import dump
from tests.ui.test_checkout_lines import click, open_checkout
from tests.ui.test_checkout_payment import journal_of, take, tenders_of


def tips_of(dialog) -> dict[int, int]:
    return {t.stylist_id: t.amount for t in SaleTip.select().where(SaleTip.sale == dialog.sale_id)}


def test_a_typed_tip_counts_when_the_cash_is_taken_without_saving_it(s, qtbot):
    dialog = open_checkout(s, qtbot)  # a €45.00 cut
    qtbot.keyClicks(dialog.tip, "5")

    take(qtbot, dialog, "cash")  # blank: what is left, the tip included

    assert tips_of(dialog) == {s.stylist: 500}
    assert tenders_of(dialog) == [("cash", 5000, "")]
    click(qtbot, dialog.pay_button)
    sale = Sale.get_by_id(dialog.sale_id)
    assert (sale.status, sale.tips, sale.change) == ("closed", 500, 0)
    assert ("tip", 500) in journal_of(dialog)
    assert ("payment", 5000) in journal_of(dialog)


def test_a_typed_tip_counts_when_pay_is_pressed_without_saving_it(s, qtbot):
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "cash", "50")
    qtbot.keyClicks(dialog.tip, "5")  # the change is the tip

    click(qtbot, dialog.pay_button)

    sale = Sale.get_by_id(dialog.sale_id)
    assert (sale.status, sale.tips, sale.change) == ("closed", 500, 0)
    assert tips_of(dialog) == {s.stylist: 500}
    assert ("tip", 500) in journal_of(dialog)
    assert "change_given" not in [kind for kind, _ in journal_of(dialog)]
    assert dialog.summary.text() == "Paid. No change to give."


def test_a_mistyped_tip_stops_the_payment_and_pay(s, qtbot):
    dialog = open_checkout(s, qtbot)
    take(qtbot, dialog, "cash", "50")
    qtbot.keyClicks(dialog.tip, "five")
    before = dump(s.salon)

    take(qtbot, dialog, "card", "5", reference="T-9")
    assert "not an amount" in dialog.message.text()
    assert dump(s.salon) == before

    click(qtbot, dialog.pay_button)
    assert "not an amount" in dialog.message.text()
    assert dump(s.salon) == before
    assert dialog.tip.text() == "five"  # there to be put right


def test_a_typed_tip_stays_when_a_line_is_added(s, qtbot):
    dialog = open_checkout(s, qtbot)
    qtbot.keyClicks(dialog.tip, "5")
    checkout.add_service_line(s.salon, dialog.sale_id, s.blowdry, by=s.desk,
                              stylist_id=s.stylist2)  # a second stylist: a second tip field
    dialog.refresh()
    assert dialog.tips.fields[s.stylist].text() == "5"
    assert tips_of(dialog) == {}

    take(qtbot, dialog, "cash")

    assert tips_of(dialog) == {s.stylist: 500}
    assert tenders_of(dialog) == [("cash", 4500 + 3000 + 500, "")]
    assert dialog.tips.fields[s.stylist].text() == "€5.00"  # as stored now


def test_a_refused_payment_is_asked_again_for_what_is_left_after_a_line_change(s, qtbot):
    dialog = open_checkout(s, qtbot)  # a €45.00 cut
    take(qtbot, dialog, "card", "50", reference="T-1")
    assert "more than what is left" in dialog.message.text()
    assert tenders_of(dialog) == []

    click(qtbot, dialog.line_buttons[5])  # Add service…: a blow-dry, €30.00
    qtbot.keyClicks(dialog.editor.search, "blow")
    click(qtbot, dialog.editor.ok_button)
    assert "left €75.00" in dialog.summary.text()

    click(qtbot, dialog.method_buttons["card"])  # the same button, nothing typed

    assert tenders_of(dialog) == [("card", 7500, "T-1")]
    assert dialog.message.text() == ""
