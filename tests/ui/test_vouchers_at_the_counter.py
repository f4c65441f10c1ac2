"""Gift vouchers at the counter, as the desk does it: a sale without a booking (New sale),
one of the salon's voucher designs added in one click and paid by card, its card shown to
print; then another client's product paid with that voucher's code, typed as a scanner
types it. A single-purpose voucher (a blow-dry's) pays its service's line whole, its code
typed after F10; a manager adds the designs in the catalogue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_pos.domain.journal import Kind
from salon_pos.services.operations import checkout, salon_setup, vouchers
from salon_pos.services.views import verify
from salon_pos.services.views.sale import sale_view
from salon_pos.services.views.vouchers import voucher_by_code, voucher_designs
from salon_pos.store.models import JournalEntry, Sale, SaleLine
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.dialogs.voucher_lookup import VoucherLookupDialog
from salon_pos.ui.pages import held_page
from salon_pos.ui.pages.vouchers import VouchersPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.helpers import book, pay_by_card, to_ready
from tests.services.test_vouchers import sell_voucher
from tests.ui.steps import Steps, button
from tests.ui.test_checkout_lines import desk_session
from tests.ui.test_day_book import open_page
from tests.ui.test_settings_page import page_for
from tests.ui.test_steps_checkout import closing_on_failure

SELL_TARGET = 6  # New sale, Gift voucher…, the €50 design, Card, Pay, Done
DESIGN_TARGET = 8  # Voucher designs, Add voucher design…, the name (3 words), the value, Save


@pytest.fixture
def counter(s):
    """The counter takes cards without the terminal's reference, and sells a €50 voucher
    and a blow-dry's."""
    salon_setup.change_settings(s.salon, s.manager, terminal_reference_required=False)
    return {"€50": vouchers.save_design(s.salon, "Gift voucher €50", amount=5000,
                                        approved_by=s.manager),
            "blow-dry": vouchers.save_design(s.salon, "Blow-dry voucher", amount=3000,
                                             service_id=s.blowdry, approved_by=s.manager)}


def new_sale(steps: Steps, page, act) -> None:
    def in_sale(dialog):
        assert isinstance(dialog, CheckoutDialog) and dialog.windowTitle() == "New sale"
        act(dialog)

    steps.in_next_modal(closing_on_failure(in_sale))
    steps.click(button(page, "New sale"))


@pytest.mark.usefixtures("counter")
def test_a_voucher_sold_at_the_counter_then_spent_by_its_code(s, qtbot):
    page = open_page(desk_session(s), qtbot)
    steps = Steps(qtbot)
    seen = {}

    def sell(dialog: CheckoutDialog) -> None:
        steps.click(button(dialog, "Gift voucher"))
        steps.click(button(dialog.editor, "Gift voucher €50\n€50.00"))
        seen["line"] = dialog.lines.rows[0][0]
        seen["to pay"] = dialog.totals.figures["To pay"].text()
        steps.click(dialog.method_buttons["card"])
        steps.click(dialog.pay_button)
        seen["code"] = dialog.paid["vouchers"][0]["code"]
        seen["card shown"] = [type(p) for p in dialog.voucher_previews
                              if p is not None and p.isVisible()]
        steps.click(dialog.done_button)

    new_sale(steps, page, sell)

    assert steps.count <= SELL_TARGET, str(steps)
    assert seen["to pay"] == "<b>€50.00</b>"
    assert seen["line"] == "Gift voucher €50"
    assert seen["card shown"] == [PdfPreviewDialog]
    assert [(e.kind, e.amount) for e in JournalEntry.select().where(
        JournalEntry.kind.in_([Kind.VOUCHER_SOLD, Kind.SALE_INCOME]))] == [
        (Kind.VOUCHER_SOLD, 5000)]

    spend = Steps(qtbot)

    def pay_with_it(dialog: CheckoutDialog) -> None:
        spend.click(button(dialog, "Add product"))
        spend.key(dialog.editor.search, Qt.Key.Key_Return)  # the first product, €18.00
        spend.click(dialog.method_buttons["voucher"])
        spend.type(dialog.editor.code, seen["code"])
        spend.key(dialog.editor.code, Qt.Key.Key_Return)
        seen["message"] = dialog.message.text()
        seen["payment"] = dialog.tenders.rows[0]
        spend.click(dialog.pay_button)
        spend.click(dialog.done_button)

    new_sale(spend, page, pay_with_it)

    assert seen["message"] == "€18.00 taken from gift voucher 1; €32.00 left on it."
    assert tuple(seen["payment"]) == ("Gift voucher", "voucher 1", "€18.00")
    assert voucher_by_code(s.salon, seen["code"]).balance == 3200
    assert Sale.select().where(Sale.status == "closed").count() == 2
    assert verify.verify(s.salon).ok


def test_with_no_designs_the_desk_types_the_value(s, qtbot):
    salon_setup.change_settings(s.salon, s.manager, terminal_reference_required=False)
    page = open_page(desk_session(s), qtbot)
    steps = Steps(qtbot)
    seen = {}

    def sell(dialog: CheckoutDialog) -> None:
        steps.click(button(dialog, "Gift voucher"))
        seen["asked"] = dialog.editor.form.labelForField(dialog.editor.amount).text()
        steps.type(dialog.editor.amount, "20")
        steps.key(dialog.editor.amount, Qt.Key.Key_Return)
        seen["line"] = dialog.lines.rows[0][0]
        dialog.reject()

    new_sale(steps, page, sell)

    assert seen["asked"] == "Value"
    assert seen["line"] == "Gift voucher"
    assert [(line.unit_price, line.tax_rate_bp) for line in SaleLine.select()] == [(2000, 0)]


def test_a_single_purpose_voucher_pays_its_service_whole_by_its_code(s, qtbot, counter):
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_voucher_line(s.salon, sale, by=s.desk, design_id=counter["blow-dry"])
    code = pay_by_card(s, sale, sale_view(s.salon, sale).remaining)["vouchers"][0]["code"]
    booking = book(s, 14, services=[s.cut, s.blowdry])
    to_ready(s, booking)
    dialog = CheckoutDialog(desk_session(s), booking)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(dialog.isActiveWindow)
    steps = Steps(qtbot)
    steps.key(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: dialog.editor is not None)  # a button's shortcut clicks it soon
    steps.type(dialog.editor.code, code)
    steps.key(dialog.editor.code, Qt.Key.Key_Return)
    assert steps.count <= 3, str(steps)
    assert dialog.message.text() == "Gift voucher 1 pays for Blow-dry (€30.00)."
    assert "paid by gift voucher 1" in dialog.lines.rows[1][0]
    assert dialog.view.remaining == 4500  # the cut: the voucher pays for the blow-dry only
    steps.click(dialog.method_buttons["card"])
    steps.click(dialog.pay_button)
    assert Sale.get_by_id(dialog.sale_id).status == "closed"
    assert voucher_by_code(s.salon, code).balance == 0
    assert verify.verify(s.salon).ok


def test_a_manager_adds_a_voucher_design_in_the_catalogue(s, qtbot):
    page = page_for(s, qtbot)
    page.show()
    page.tabs.setCurrentWidget(page.catalogue)
    steps = Steps(qtbot)
    lists = page.catalogue.lists
    designs_tab = lists.tabBar().tabRect(lists.indexOf(page.catalogue.designs)).center()
    steps.click(lists.tabBar(), designs_tab, "the Voucher designs tab")
    steps.click(button(page.catalogue.designs, "Add voucher design"))
    dialog = page.catalogue.dialog
    steps.type(dialog.name, "Blow-dry voucher")
    steps.type(dialog.amount, "30")
    steps.choose(dialog.pays_for, "Blow-dry — single-purpose")
    steps.click(dialog.ok_button)
    assert steps.count <= DESIGN_TARGET, str(steps)
    [design] = voucher_designs(s.salon)
    assert (design.name, design.amount, design.service_id, design.active) == (
        "Blow-dry voucher", 3000, s.blowdry, True)
    assert page.catalogue.designs.model.rows == [
        ("Blow-dry voucher", "€30.00", "Blow-dry", "Yes")]

    page.catalogue.add_design()
    again = page.catalogue.dialog
    qtbot.keyClicks(again.name, "blow-dry voucher")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert again.isVisible() and again.message.text() != ""  # no value typed
    qtbot.keyClicks(again.amount, "25")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert again.message.text() == "There is already a voucher design called “blow-dry " \
        "voucher”."
    assert len(voucher_designs(s.salon)) == 1


@pytest.mark.usefixtures("counter")
def test_a_wrong_code_is_refused_in_the_window_and_nothing_is_taken(s, qtbot):
    page = open_page(desk_session(s), qtbot)
    steps = Steps(qtbot)
    seen = {}

    def try_a_wrong_code(dialog: CheckoutDialog) -> None:
        steps.click(button(dialog, "Add product"))
        steps.key(dialog.editor.search, Qt.Key.Key_Return)
        steps.click(dialog.method_buttons["voucher"])
        steps.type(dialog.editor.code, "7KQ2-M9XD-40TB-H3PA")
        steps.key(dialog.editor.code, Qt.Key.Key_Return)
        seen["refusal"] = dialog.editor.message.text()
        seen["tenders"] = dialog.view.tenders
        dialog.editor.reject()
        dialog.reject()  # the client leaves: the sale is set aside

    new_sale(steps, page, try_a_wrong_code)

    assert "typing mistake" in seen["refusal"] or "No voucher" in seen["refusal"]
    assert seen["tenders"] == ()
    assert Sale.get().status == "void"


def test_anyone_at_the_desk_sees_what_a_voucher_holds(s, qtbot):
    code = sell_voucher(s, 5000)
    dialog = VoucherLookupDialog(desk_session(s))
    qtbot.addWidget(dialog)
    dialog.show()
    steps = Steps(qtbot)
    steps.type(dialog.code, "not a code")
    steps.key(dialog.code, Qt.Key.Key_Return)
    assert "not a voucher code" in dialog.message.text()
    dialog.code.clear()
    steps.type(dialog.code, code.lower())
    steps.key(dialog.code, Qt.Key.Key_Return)
    assert dialog.message.text() == ""
    assert dialog.balance.text().startswith("Voucher 1 (…") and "€50.00 left, valid until" \
        in dialog.balance.text()
    assert [dialog.history.data(dialog.history.index(0, column)) for column in (1, 2)] == [
        "Sold", "€50.00"]


def test_the_manager_takes_what_expired_vouchers_hold_into_income(s, qtbot, monkeypatch):
    sell_voucher(s, 5000)
    sell_voucher(s, 2000)
    s.clock.advance(days=366 * 5 + 1)
    page = VouchersPage(Session(s.salon, TaskRunner(s.salon.database), s.manager,
                                "Maeve Manager", "manager"))
    qtbot.addWidget(page)
    page.show()
    assert page.summary.text() == "€70.00 held on 2 vouchers; €70.00 of it on expired ones."
    monkeypatch.setattr(held_page, "confirm", lambda *args: True)
    Steps(qtbot).click(page.expire_button)
    assert page.message.text() == "€70.00 from 2 expired vouchers taken into income."
    assert page.summary.text() == "€0.00 held on 0 vouchers; €0.00 of it on expired ones."
    assert not page.expire_button.isEnabled()
    assert verify.verify(s.salon).ok
