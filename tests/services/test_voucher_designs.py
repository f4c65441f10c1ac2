"""Voucher designs and single-purpose vouchers: a design sells a voucher of its value; one
naming a service is a single-purpose voucher, taxed as that service when it is sold (the
EU rule), paying for that service only, whole and once, and releasing its tax when it
does — so the tax is counted once, on the day the voucher was sold, in the Z report and in
the books; refunds and expiry take the tax it carries with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.domain.journal import Kind
from salon_pos.services.exchange import accounting
from salon_pos.services.operations import catalogue, checkout, refunds, vouchers
from salon_pos.services.views.day_report import live_day_report
from salon_pos.services.views.sale import sale_view
from salon_pos.services.views.vouchers import voucher_by_code, voucher_designs, vouchers_held
from salon_pos.store.models import JournalEntry, SaleLine, VoucherUse
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    close,
    pay_by_card,
    ready_sale,
    refused,
    tender,
    walk_in,
)
from tests.services.test_accounting_export import export, ledger_balances

CUT_TAX = 535  # of €45.00 at the reduced rate, 13.5%, tax included


def cut_voucher_design(s, amount: int = 4500) -> int:
    return vouchers.save_design(s.salon, "Cut voucher", amount=amount, service_id=s.cut,
                                approved_by=s.manager)


def sell_design(s, design: int) -> str:
    sale = checkout.open_sale(s.salon, by=s.desk)
    checkout.add_voucher_line(s.salon, sale, by=s.desk, design_id=design)
    tender(s, sale, "card", sale_view(s.salon, sale).remaining)
    return close(s, sale)["vouchers"][0]["code"]


def tax_on(s, day, rate: str = "13.5%") -> dict:
    """The day's Z report tax row at `rate`."""
    return live_day_report(s.salon, day).tax_by_rate.get(rate, {"gross": 0, "tax": 0})


def test_a_manager_keeps_the_designs_and_the_desk_sells_one(s):
    with refused(s, "manager", NotAllowed):
        vouchers.save_design(s.salon, "Fifty", amount=5000, approved_by=s.desk)
    fifty = vouchers.save_design(s.salon, "Fifty", amount=5000, approved_by=s.manager)
    cut = cut_voucher_design(s)
    with refused(s, "already a voucher design called"):
        vouchers.save_design(s.salon, "fifty", amount=2500, approved_by=s.manager)
    assert [(d.name, d.amount, d.service, d.single_purpose) for d in voucher_designs(s.salon)
            ] == [("Cut voucher", 4500, "Cut and finish", True), ("Fifty", 5000, "", False)]
    code = sell_design(s, fifty)
    voucher = voucher_by_code(s.salon, code)
    assert (voucher.amount, voucher.for_service) == (5000, "")
    assert SaleLine.get(SaleLine.category == "voucher").description == "Fifty"
    vouchers.save_design(s.salon, "Fifty", amount=5000, active=False, approved_by=s.manager,
                         design_id=fifty)
    sale = walk_in(s)
    with refused(s, "not sold"):
        checkout.add_voucher_line(s.salon, sale, by=s.desk, design_id=fifty)
    assert [d.id for d in voucher_designs(s.salon, sold_only=True)] == [cut]
    assert_books_balance(s)


def test_a_design_edited_by_hand_is_not_sold(s):
    fifty = vouchers.save_design(s.salon, "Fifty", amount=5000, approved_by=s.manager)
    s.salon.database.execute_sql("UPDATE voucher_design SET amount = 500")
    sale = walk_in(s)
    with refused(s, "changed outside Salon POS"):
        checkout.add_voucher_line(s.salon, sale, by=s.desk, design_id=fifty)


def test_a_single_purpose_voucher_is_taxed_when_sold_and_not_when_it_pays(s, clock):
    code = sell_design(s, cut_voucher_design(s))
    sold = JournalEntry.get(JournalEntry.kind == Kind.VOUCHER_SOLD)
    assert (sold.amount, sold.tax_rate_bp, sold.tax_amount) == (4500, 1350, CUT_TAX)
    report = live_day_report(s.salon, TODAY)
    assert report.sales_total == 0 and report.vouchers["sold"] == 4500
    assert tax_on(s, TODAY)["tax"] == CUT_TAX and tax_on(s, TODAY)["gross"] == 4500
    clock.advance(days=30)
    _booking, sale = ready_sale(s, days=30)
    paid = checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    assert (paid["amount"], paid["voucher_left"], paid["remaining"]) == (4500, 0, 0)
    close(s, sale)
    payment = JournalEntry.get((JournalEntry.kind == Kind.PAYMENT)
                               & (JournalEntry.method == "voucher"))
    assert (payment.tax_rate_bp, payment.tax_amount) == (1350, CUT_TAX)
    day = s.salon.today()
    assert tax_on(s, day) == {"gross": 0, "net": 0, "tax": 0}  # taxed once: when sold
    assert live_day_report(s.salon, day).vouchers["redeemed"] == 4500
    assert voucher_by_code(s.salon, code).balance == 0
    assert_books_balance(s)


def test_it_pays_its_service_at_the_value_bought_whatever_the_price_now(s, clock):
    code = sell_design(s, cut_voucher_design(s))
    catalogue.edit_service(s.salon, s.cut, price=5000, approved_by=s.manager)
    _booking, sale = ready_sale(s)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    view = sale_view(s.salon, sale)
    cut = next(line for line in view.lines if line.category == "service")
    assert (cut.gross, cut.tax, cut.change_reason) == (4500, CUT_TAX, "paid by gift voucher 1")
    assert view.remaining == 1800  # the shampoo is paid as usual
    pay_by_card(s, sale, 1800)
    assert_books_balance(s)


def test_taking_the_voucher_off_charges_the_line_again(s):
    code = sell_design(s, cut_voucher_design(s, amount=4000))
    _booking, sale = ready_sale(s)
    paid = checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    assert sale_view(s.salon, sale).lines[0].gross == 4000
    with refused(s, "take the gift voucher off first"):
        checkout.discount_line(s.salon, sale, sale_view(s.salon, sale).lines[0].id,
                               by=s.desk, reason="x", amount=100)
    checkout.remove_tender(s.salon, sale, paid["tender_id"], by=s.desk)
    line = sale_view(s.salon, sale).lines[0]
    assert (line.gross, line.tax_rate_bp, line.change_reason) == (4500, 1350, "")
    assert voucher_by_code(s.salon, code).balance == 4000


@pytest.mark.parametrize("how, message, error", [
    ("no cut", "pays for Cut and finish: put that service on the sale first", NotFound),
    ("part", "pays for that service whole", InvalidInput),
    ("discounted", "take the line's quantity back to 1 and its discount off", InvalidInput),
])
def test_it_pays_only_its_own_service_whole(s, how, message, error):
    code = sell_design(s, cut_voucher_design(s))
    if how == "no cut":
        sale = walk_in(s)
    else:
        _booking, sale = ready_sale(s)
    if how == "discounted":
        checkout.discount_line(s.salon, sale, sale_view(s.salon, sale).lines[0].id,
                               by=s.desk, reason="regular", amount=500,
                               approved_by=s.manager)
    with refused(s, message, error):
        checkout.pay_by_voucher(s.salon, sale, code, by=s.desk,
                                amount=1000 if how == "part" else None)


def test_it_is_not_used_on_two_sales_at_once(s):
    code = sell_design(s, cut_voucher_design(s))
    _booking, first = ready_sale(s, 11)
    _booking, second = ready_sale(s, 14)
    checkout.pay_by_voucher(s.salon, first, code, by=s.desk)
    with refused(s, "another sale not yet paid"):
        checkout.pay_by_voucher(s.salon, second, code, by=s.desk)


def test_refunding_the_service_it_paid_makes_it_whole_again_with_its_tax(s, clock):
    code = sell_design(s, cut_voucher_design(s))
    clock.advance(days=3)
    _booking, sale = ready_sale(s, days=3)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    sale_id = close(s, sale)["sale_id"]
    clock.advance(days=1)
    refunds.refund_sale(s.salon, sale_id, by=s.desk, approved_by=s.manager, reason="redo "
                        "refused")
    back = JournalEntry.get(JournalEntry.kind == Kind.REFUND_PAID)
    assert (back.method, back.amount, back.tax_amount) == ("voucher", 4500, CUT_TAX)
    assert tax_on(s, s.salon.today()) == {"gross": 0, "net": 0, "tax": 0}
    assert voucher_by_code(s.salon, code).balance == 4500
    _booking, again = ready_sale(s, 15, days=4)
    checkout.pay_by_voucher(s.salon, again, code, by=s.desk)
    close(s, again)
    assert_books_balance(s)


def test_a_sale_paid_partly_by_it_refunds_the_rest_the_way_it_was_paid(s):
    code = sell_design(s, cut_voucher_design(s))
    other = vouchers.save_design(s.salon, "Twenty", amount=2000, approved_by=s.manager)
    twenty = sell_design(s, other)
    _booking, sale = ready_sale(s)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    checkout.pay_by_voucher(s.salon, sale, twenty, by=s.desk)  # €18.00 of its €20.00
    sale_id = close(s, sale)["sale_id"]
    shampoo = SaleLine.get((SaleLine.sale == sale_id) & (SaleLine.category == "retail"))
    refunds.refund_sale(s.salon, sale_id, by=s.desk, approved_by=s.manager, reason="faulty",
                        lines={shampoo.id: 1})
    assert voucher_by_code(s.salon, twenty).balance == 2000  # not onto the cut voucher
    assert voucher_by_code(s.salon, code).balance == 0
    assert_books_balance(s)


def test_an_unused_one_refunded_gives_its_tax_back(s):
    code = sell_design(s, cut_voucher_design(s))
    refunds.refund_sale(s.salon, 1, by=s.desk, approved_by=s.manager, reason="changed mind")
    refunded = JournalEntry.get(JournalEntry.kind == Kind.VOUCHER_REFUNDED)
    assert (refunded.amount, refunded.tax_amount) == (4500, CUT_TAX)
    assert tax_on(s, TODAY) == {"gross": 0, "net": 0, "tax": 0}
    assert voucher_by_code(s.salon, code).balance == 0
    assert_books_balance(s)


def test_the_books_count_its_tax_once_and_bean_check_holds_them(s, clock, tmp_path):
    used = sell_design(s, cut_voucher_design(s))
    sell_design(s, cut_voucher_design_named(s, "Cut voucher (spring)"))  # left to expire
    clock.advance(days=10)
    _booking, sale = ready_sale(s, days=10)
    checkout.pay_by_voucher(s.salon, sale, used, by=s.desk)
    close(s, sale)
    clock.advance(days=366 * 5)
    assert vouchers_held(s.salon).expired_total == 4500
    vouchers.take_expired_into_income(s.salon, by=s.desk, approved_by=s.manager)
    expired = JournalEntry.get(JournalEntry.kind == Kind.VOUCHER_EXPIRED)
    assert (expired.amount, expired.tax_amount) == (4500, CUT_TAX)
    path = Path(tmp_path) / "books.beancount"
    export(s.salon, TODAY, s.salon.today(), path)
    balances = ledger_balances(path)
    assert balances[accounting.VOUCHERS] == 0
    assert balances.get(accounting.VOUCHER_TAX, 0) == 0
    assert balances[accounting.tax_account(1350)] == -2 * CUT_TAX  # two vouchers, once each
    assert balances[accounting.SERVICES] == -(4500 - CUT_TAX)
    assert balances[accounting.EXPIRED_VOUCHERS] == -(4500 - CUT_TAX)
    assert_books_balance(s)


def cut_voucher_design_named(s, name: str) -> int:
    return vouchers.save_design(s.salon, name, amount=4500, service_id=s.cut,
                                approved_by=s.manager)


def test_verify_finds_a_payment_whose_tax_was_edited_by_hand(s):
    code = sell_design(s, cut_voucher_design(s))
    _booking, sale = ready_sale(s)
    checkout.pay_by_voucher(s.salon, sale, code, by=s.desk)
    close(s, sale)
    s.salon.database.execute_sql(
        "UPDATE sale_line SET tax = 0 WHERE category = 'voucher'")
    from salon_pos.services.views import verify

    result = verify.verify(s.salon)
    assert not result.ok
    assert any("sale 1" in problem for _seq, problem in result.problems)


def test_a_design_for_a_withdrawn_service_can_still_be_withdrawn_itself(s):
    design = cut_voucher_design(s)
    catalogue.edit_service(s.salon, s.cut, active=False, approved_by=s.manager)
    with refused(s, "no longer offered"):
        cut_voucher_design_named(s, "Another cut voucher")
    vouchers.save_design(s.salon, "Cut voucher", amount=4500, service_id=s.cut, active=False,
                         approved_by=s.manager, design_id=design)
    assert voucher_designs(s.salon, sold_only=True) == []


def test_a_hand_made_voucher_use_does_not_turn_a_card_refund_into_a_voucher(s):
    """The attack: a used voucher's row pointed at another sale's cut, paid by card, so
    that refunding that cut would make the voucher whole again instead of refunding the
    card. The refund checks the journal and refuses; nothing changes."""
    code = sell_design(s, cut_voucher_design(s))
    _booking, first = ready_sale(s, 11)
    checkout.pay_by_voucher(s.salon, first, code, by=s.desk)
    close(s, first)
    _booking, second = ready_sale(s, 14)
    pay_by_card(s, second, 4500)
    cut = SaleLine.get((SaleLine.sale == second) & (SaleLine.category == "service"))
    VoucherUse.update(sale=second, sale_line=cut.id).execute()  # as a hand edit would
    with refused(s, "does not match the journal"):
        refunds.refund_sale(s.salon, second, by=s.desk, approved_by=s.manager, reason="x")
    assert voucher_by_code(s.salon, code).balance == 0
