"""Refunds of a closed sale, whole or some lines (a manager approves): new negative journal
entries with their own record, never an edit of the sale."""

from __future__ import annotations

import pytest

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.operations import checkout, clients, house_accounts, refunds
from salon_pos.services.views.sale import active_lines
from salon_pos.store.models import Client, Sale, SaleLine, SaleRefund, SaleRefundLine
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    journal,
    kinds,
    pay_by_card,
    ready_sale,
    refused,
    tender,
    walk_in,
)


def cut_and_shampoos(s, *, method: str = "card", tip: int = 0, **tender_options) -> int:
    """A paid sale: the booked cut (€45.00, 13.5 %) and three shampoos (€54.00, 23 %)."""
    _booking, sale = ready_sale(s)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=3)
    if tip:
        checkout.set_tip(s.salon, sale, s.stylist, tip, by=s.desk)
    if method == "card":
        tender_options.setdefault("reference", "T-1")
    checkout.take_tender(s.salon, sale, by=s.desk, method=method, amount=9900 + tip,
                         **tender_options)
    checkout.close_sale(s.salon, sale, by=s.desk)
    return sale


def line_ids(sale: int) -> tuple[int, int]:
    cut, shampoo = (line.id for line in SaleLine.select().where(SaleLine.sale == sale)
                    .order_by(SaleLine.id))
    return cut, shampoo


def refund(s, sale: int, *, method: str = "card", lines=None, approved_by=None, **options):
    return refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=approved_by or s.manager,
                               reason=options.pop("reason", "Allergic reaction"),
                               method=method, lines=lines, **options)


def test_refund_the_whole_sale(s):
    sale = cut_and_shampoos(s)

    result = refund(s, sale, reference="RFD-1")

    assert result["amount"] == 9900
    entries = [(e.kind, e.amount, e.category, e.tax_rate_bp, e.tax_amount, e.method)
               for e in journal(sale=sale) if e.kind.startswith("refund")]
    assert entries == [
        ("refund_income", 5400, "retail", 2300, 1010, ""),
        ("refund_income", 4500, "service", 1350, 535, ""),
        ("refund_paid", 9900, "", 0, 0, "card"),
    ]
    paid = journal(kind="refund_paid")[0]
    assert (paid.reference, paid.approved_by, paid.staff, paid.memo) == (
        "RFD-1", s.manager, s.desk, "Allergic reaction")
    assert Sale.get_by_id(sale).status == "refunded"
    record = SaleRefund.get_by_id(result["refund_id"])
    assert (record.amount, record.parts, record.by_id, record.approved_by_id) == (
        9900, "card:9900", s.desk, s.manager)
    assert sorted((r.quantity, r.amount, r.tax) for r in SaleRefundLine.select()) == [
        (1, 4500, 535), (3, 5400, 1010)]
    assert_books_balance(s)


def test_refund_leaves_the_sale_as_it_was_closed(s):
    sale = cut_and_shampoos(s)
    frozen = Sale.get_by_id(sale)

    refund(s, sale)

    after = Sale.get_by_id(sale)
    assert (after.total, after.tax, after.receipt_no, after.closed_at) == (
        frozen.total, frozen.tax, frozen.receipt_no, frozen.closed_at)


def test_refund_part_of_the_quantity(s):
    sale = cut_and_shampoos(s)
    _cut, shampoo = line_ids(sale)

    first = refund(s, sale, lines={shampoo: 1})
    second = refund(s, sale, lines={shampoo: 2})

    assert (first["amount"], second["amount"]) == (1800, 3600)
    taxes = [e.tax_amount for e in journal(kind="refund_income")]
    assert taxes == [336, 674] and sum(taxes) == 1010  # the line's tax, exactly
    assert SaleLine.get_by_id(shampoo).refunded_quantity == 3
    assert Sale.get_by_id(sale).status == "refunded_part"
    assert_books_balance(s)


def test_refund_what_is_left_completes_the_refund(s):
    sale = cut_and_shampoos(s)
    _cut, shampoo = line_ids(sale)
    refund(s, sale, lines={shampoo: 3})

    assert refund(s, sale)["amount"] == 4500
    assert Sale.get_by_id(sale).status == "refunded"


def test_refund_refuses_more_than_is_left_on_a_line(s):
    sale = cut_and_shampoos(s)
    _cut, shampoo = line_ids(sale)
    refund(s, sale, lines={shampoo: 1})

    with refused(s, "Only 2 of “Repair shampoo” can still be refunded", InvalidInput):
        refund(s, sale, lines={shampoo: 3})


@pytest.mark.parametrize("quantity", [-1, 1.5, True])
def test_refund_refuses_a_quantity_that_is_not_a_whole_number(s, quantity):
    sale = cut_and_shampoos(s)
    _cut, shampoo = line_ids(sale)

    with refused(s, "A refund quantity is a whole number", InvalidInput):
        refund(s, sale, lines={shampoo: quantity})


def test_refund_refuses_nothing_at_all(s):
    sale = cut_and_shampoos(s)
    cut, shampoo = line_ids(sale)

    with refused(s, "There is nothing to refund on those lines", InvalidInput):
        refund(s, sale, lines={cut: 0, shampoo: 0})


def test_refund_refuses_a_line_of_another_sale(s):
    sale = cut_and_shampoos(s)
    other = walk_in(s)
    other_line = SaleLine.get(SaleLine.sale == other).id

    with refused(s, "That line is not on this sale", InvalidInput):
        refund(s, sale, lines={other_line: 1})


@pytest.mark.parametrize("who", ["stylist", "desk"])
def test_refund_refused_without_a_manager(s, who):
    sale = cut_and_shampoos(s)

    with refused(s, "A manager has to approve this", NotAllowed):
        refund(s, sale, approved_by=getattr(s, who))


def test_refund_refused_without_a_reason(s):
    sale = cut_and_shampoos(s)

    with refused(s, "Please write the reason for the refund", InvalidInput):
        refund(s, sale, reason="")


def test_refund_refused_for_an_open_sale(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Only a paid sale can be refunded, and only what is left",
                 InvalidTransition):
        refund(s, sale)


def test_refund_refused_once_everything_is_refunded(s):
    sale = cut_and_shampoos(s)
    refund(s, sale)

    with refused(s, "Only a paid sale can be refunded", InvalidTransition):
        refund(s, sale)


def test_refund_refuses_an_unknown_sale(s):
    with refused(s, "That sale does not exist", NotFound):
        refund(s, 999)


def test_refund_refuses_a_card_number_as_reference(s):
    sale = cut_and_shampoos(s)

    with refused(s, "A card number cannot be kept in the terminal reference", InvalidInput):
        refund(s, sale, reference="5555 5555 5555 4444")


def test_refund_in_cash_comes_out_of_the_drawer(s):
    sale = cut_and_shampoos(s, method="cash")
    _cut, shampoo = line_ids(sale)

    refund(s, sale, method="cash", lines={shampoo: 1})

    assert expected_cash(s.salon, TODAY) == 9900 - 1800
    assert_books_balance(s)


def test_refund_to_client_credit(s):
    sale = cut_and_shampoos(s)

    refund(s, sale, method="credit")

    assert Client.get_by_id(s.client).credit_balance == 9900
    assert_books_balance(s)


def test_refund_to_credit_refused_without_a_client(s):
    sale = walk_in(s)
    pay_by_card(s, sale, 1800)

    with refused(s, "This sale has no client to give credit to", InvalidInput):
        refund(s, sale, method="credit")


def test_refund_keeps_the_tips_with_the_stylist(s):
    sale = cut_and_shampoos(s, tip=500)

    assert refund(s, sale)["amount"] == 9900
    assert kinds(kind="refund_tip") == []
    assert_books_balance(s)


def house_sale(s) -> int:
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=20000)
    return cut_and_shampoos(s, method="house_account")


def test_refund_to_the_house_account_lowers_what_is_owed(s):
    sale = house_sale(s)
    _cut, shampoo = line_ids(sale)

    refund(s, sale, method="house_account", lines={shampoo: 2})

    assert Client.get_by_id(s.client).house_balance == 9900 - 3600
    assert_books_balance(s)


def test_house_account_refund_limited_to_what_is_owed(s):
    sale = house_sale(s)
    house_accounts.take_house_payment(s.salon, s.client, 9000, by=s.desk, method="card",
                                      reference="T-1")

    with refused(s, "at most €9.00 by house account, €90.00 by client credit", InvalidInput):
        refund(s, sale, method="house_account")


def test_refund_twice_with_the_same_key_refunds_once(s):
    sale = cut_and_shampoos(s)
    _cut, shampoo = line_ids(sale)

    first = refund(s, sale, lines={shampoo: 1}, key="rf-1")
    second = refund(s, sale, lines={shampoo: 1}, key="rf-1")

    assert first == second
    assert SaleLine.get_by_id(shampoo).refunded_quantity == 1
    assert len(journal(kind="refund_paid")) == 1


def test_a_refund_goes_back_the_ways_the_sale_was_paid(s):
    _booking, sale = ready_sale(s)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    tender(s, sale, "card", 4000)
    tender(s, sale, "cash", 2500)  # €23.00 in cash, €2.00 change
    checkout.close_sale(s.salon, sale, by=s.desk)

    with refused(s, "at most €23.00 by cash, €40.00 by card", InvalidInput):
        refund(s, sale, method="cash")
    refund(s, sale, method=None)

    paid_back = [(e.method, e.amount) for e in journal(kind="refund_paid")]
    assert paid_back == [("cash", 2300), ("card", 4000)]
    assert_books_balance(s)


def test_house_account_charges_are_refunded_to_the_house_account(s):
    sale = house_sale(s)

    with refused(s, "A refund goes back the way the sale was paid", InvalidInput):
        refund(s, sale, method="cash")


def test_a_sale_rounded_down_in_cash_refunds_its_lines_whole(s):
    from salon_pos.services.operations import salon_setup

    salon_setup.change_settings(s.salon, s.manager, cash_rounding_increment=5)
    sale = walk_in(s)
    checkout.change_line(s.salon, sale, active_lines(s.salon, sale)[0].id, by=s.desk,
                         reason="Travel size", unit_price=1797, approved_by=s.manager)
    tender(s, sale, "cash", 1795)
    assert checkout.close_sale(s.salon, sale, by=s.desk)["rounding"] == -2

    refund(s, sale, method=None)

    assert [(e.method, e.amount) for e in journal(kind="refund_paid")] == [("cash", 1797)]
    assert_books_balance(s)


def test_a_house_account_already_settled_is_refunded_as_credit(s):
    sale = house_sale(s)
    house_accounts.take_house_payment(s.salon, s.client, 9900, by=s.desk, method="card",
                                      reference="T-2")

    refund(s, sale, method=None)

    assert [(e.method, e.amount) for e in journal(kind="refund_paid")] == [("credit", 9900)]
    assert Client.get_by_id(s.client).credit_balance == 9900
    assert_books_balance(s)
