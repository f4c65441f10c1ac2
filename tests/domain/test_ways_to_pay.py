"""The registries of ways to pay and of money held for clients: each entry's rules, and
the checks a new entry must pass before it is offered anywhere."""

from __future__ import annotations

import pytest

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Entry, Kind, balance_effects
from salon_pos.domain.money_held import CLIENT_CREDIT, DEPOSITS_HELD, HOUSE_ACCOUNTS, MONEY_HELD
from salon_pos.domain.settings import SalonSettings
from salon_pos.domain.ways_to_pay import (
    CARD,
    CASH,
    CREDIT,
    HOUSE,
    VOUCHER,
    WAYS_TO_PAY,
    Use,
    WayToPay,
    check_reference,
    check_way_back,
    label_of,
    refund_way_of,
    register_way_to_pay,
    way_for,
    ways_to_pay,
)


def a_way(**changes) -> WayToPay:
    fields = {"code": "paper_voucher", "label": "Paper voucher", "key": "F11",
              "uses": frozenset({Use.SALE}), "account": "Assets:Vouchers"} | changes
    return WayToPay(**fields)


@pytest.fixture
def registry():
    """The registry as it was, after the test has added to it."""
    before = dict(WAYS_TO_PAY)
    yield WAYS_TO_PAY
    WAYS_TO_PAY.clear()
    WAYS_TO_PAY.update(before)


def test_each_use_offers_its_ways_in_the_keypads_order():
    assert ways_to_pay(Use.SALE) == [CASH, CARD, CREDIT, HOUSE, VOUCHER]
    assert ways_to_pay(Use.DEPOSIT) == [CASH, CARD, CREDIT]
    assert ways_to_pay(Use.HOUSE_PAYMENT) == [CASH, CARD]
    assert ways_to_pay(Use.REFUND) == [CASH, CARD, CREDIT, HOUSE]


def test_a_way_not_offered_for_a_use_is_refused_naming_those_that_are():
    assert way_for("credit", Use.DEPOSIT) is CREDIT
    with pytest.raises(InvalidInput, match="Payment must be by cash, card.$"):
        way_for("credit", Use.HOUSE_PAYMENT)
    with pytest.raises(InvalidInput, match="Payment must be by cash, card, client credit."):
        way_for("cheque", Use.DEPOSIT)


def test_a_way_that_draws_on_money_held_books_it_there():
    assert CREDIT.books_account == CLIENT_CREDIT.account == "Liabilities:Client-Credit"
    assert HOUSE.books_account == HOUSE_ACCOUNTS.account
    assert CASH.books_account == "Assets:Cash:Drawer"


def test_a_registered_way_moves_the_balances_its_rules_say(registry):
    register_way_to_pay(a_way(code="gift_balance", key="Ctrl+2", draws_on=CLIENT_CREDIT))
    paid = Entry(seq=1, at=None, business_day=None, kind=Kind.PAYMENT, amount=500,
                 method="gift_balance", client_id=7)
    assert balance_effects(paid) == [(CLIENT_CREDIT.code, 7, -500)]
    register_way_to_pay(a_way(code="till_two", key="Ctrl+1", counts_as_cash=True,
                              account="Assets:Cash:Drawer"))
    assert balance_effects(Entry(seq=2, at=None, business_day="d", kind=Kind.PAYMENT,
                                 amount=500, method="till_two")) == [("drawer", "d", 500)]


@pytest.mark.parametrize(("changes", "refusal"), [
    ({"code": "cash"}, "already a way to pay called 'cash'"),
    ({"code": "Paper Voucher"}, "short lower-case name"),
    ({"key": "F5"}, "The key F5 is already taken"),
    ({"key": "F12"}, "The key F12 is already taken"),  # Pay
    ({"draws_on": DEPOSITS_HELD}, "money kept per booking, not a client's or a voucher's"),
    ({"account": "Income:Vouchers"}, "not an Assets or Liabilities account"),
    ({"account": "Assets:vouchers"}, "not an Assets or Liabilities account"),
    ({"refunded_as": "cheque"}, "refunded as 'cheque', which is not a way refunds are"),
    ({"counts_as_cash": True}, "Cash goes into the drawer"),
])
def test_a_new_way_is_checked_before_it_is_offered(registry, changes, refusal):
    before = dict(registry)
    with pytest.raises(ValueError, match=refusal):
        register_way_to_pay(a_way(**changes))
    assert registry == before


def test_how_money_paid_each_way_goes_back(registry):
    register_way_to_pay(a_way(refunded_as="credit"))
    assert [refund_way_of(code) for code in ("cash", "card", "paper_voucher", "gone")] == [
        "cash", "card", "credit", "gone"]


def test_a_way_no_longer_registered_is_still_shown_by_its_code():
    assert label_of("house_account") == "House account"
    assert label_of("paper_voucher") == "Paper voucher"  # stored by a way since removed


def test_a_reference_is_required_only_where_the_way_needs_one():
    settings = SalonSettings()
    with pytest.raises(InvalidInput, match="Type the card terminal's reference"):
        check_reference(CARD, " ", settings)
    assert check_way_back("card", Use.REFUND, "") == ""  # a refund: not every terminal
    assert check_reference(CASH, "", settings) == ""
    with pytest.raises(InvalidInput, match="A card number cannot be kept"):
        check_reference(CASH, "4111 1111 1111 1111", settings)


def test_a_salon_whose_terminal_keeps_its_own_record_may_leave_the_reference_out():
    settings = SalonSettings(terminal_reference_required=False)
    assert check_reference(CARD, "", settings) == ""
    assert check_reference(CARD, " T-9 ", settings) == "T-9"
    with pytest.raises(InvalidInput, match="A card number cannot be kept"):
        check_reference(CARD, "4111 1111 1111 1111", settings)


def test_every_kind_of_money_held_says_what_going_below_zero_means():
    for held in MONEY_HELD.values():
        assert "{key}" in held.overdrawn and held.account.startswith(("Assets:", "Liabilities:"))
    assert [held.owed_by_salon for held in MONEY_HELD.values()] == [True, True, False, True,
                                                                    True]
