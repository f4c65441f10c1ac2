"""House accounts (pay later, settle later) and the cash drawer (float, paid in, paid out,
count against what the journal says should be there)."""

from __future__ import annotations

from datetime import date

import pytest

from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.operations import cash_drawer, checkout, clients, house_accounts
from salon_pos.store.models import Client
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    book_with_deposit,
    close,
    journal,
    pay_by_card,
    ready_sale,
    refused,
    tender,
    walk_in,
)


def owing(s, amount: int = 4500) -> None:
    """The client leaves owing `amount` (a cut, €45.00, on the house account)."""
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=10000)
    _booking, sale = ready_sale(s)
    tender(s, sale, "house_account", amount)
    if amount < 4500:
        tender(s, sale, "card", 4500 - amount)
    close(s, sale)


def owed() -> int:
    return Client.get(Client.name == "Zoë Ní Bhriain").house_balance


# --- house accounts -----------------------------------------------------------------------


def test_house_account_charge_is_owed_by_the_client(s):
    owing(s)

    assert owed() == 4500
    charge = journal(kind="payment")[0]
    assert (charge.method, charge.client) == ("house_account", s.client)
    assert_books_balance(s)


def test_house_payment_in_cash_settles_part_of_what_is_owed(s):
    owing(s)

    result = house_accounts.take_house_payment(s.salon, s.client, 2000, by=s.desk,
                                               method="cash")

    assert result["balance"] == 2500
    assert owed() == 2500
    payment = journal(kind="house_payment")[0]
    assert (payment.amount, payment.method, payment.client, payment.staff) == (
        2000, "cash", s.client, s.desk)
    assert expected_cash(s.salon, TODAY) == 2000
    assert_books_balance(s)
    assert_books_balance(s)


def test_house_payment_by_card_settles_all(s):
    owing(s)

    house_accounts.take_house_payment(s.salon, s.client, 4500, by=s.desk, method="card",
                                      reference="AUTH-9")

    assert owed() == 0
    assert journal(kind="house_payment")[0].reference == "AUTH-9"
    assert_books_balance(s)


def test_house_payment_refused_beyond_what_is_owed(s):
    owing(s)

    with refused(s, "Zoë Ní Bhriain owes €45.00; the payment cannot be more than that",
                 InvalidInput):
        house_accounts.take_house_payment(s.salon, s.client, 4501, by=s.desk, method="cash")


def test_house_payment_refused_when_nothing_is_owed(s):
    with refused(s, "owes €0.00", InvalidInput):
        house_accounts.take_house_payment(s.salon, s.client, 100, by=s.desk, method="cash")


@pytest.mark.parametrize(("method", "amount", "message"), [
    ("credit", 1000, "Payment must be by cash, card"),
    ("house_account", 1000, "Payment must be by cash, card"),
    ("cash", 0, "The payment must be more than zero"),
])
def test_house_payment_refuses_what_cannot_settle_it(s, method, amount, message):
    owing(s)

    with refused(s, message, InvalidInput):
        house_accounts.take_house_payment(s.salon, s.client, amount, by=s.desk, method=method)


def test_house_payment_refuses_a_card_number_as_reference(s):
    owing(s)

    with refused(s, "A card number cannot be kept in the terminal reference", InvalidInput):
        house_accounts.take_house_payment(s.salon, s.client, 1000, by=s.desk, method="card",
                                          reference="4111111111111111")


def test_house_payment_refuses_an_unknown_client(s):
    with refused(s, "That client does not exist", NotFound):
        house_accounts.take_house_payment(s.salon, 999, 1000, by=s.desk, method="cash")


def test_house_payment_twice_with_the_same_key_is_taken_once(s):
    owing(s)

    first = house_accounts.take_house_payment(s.salon, s.client, 1000, by=s.desk,
                                              method="cash", key="hp-1")
    second = house_accounts.take_house_payment(s.salon, s.client, 1000, by=s.desk,
                                               method="cash", key="hp-1")

    assert first == second
    assert owed() == 3500


def test_house_account_limit_counts_what_is_already_owed(s):
    owing(s)  # owes €45.00 of a €100.00 limit
    sale = walk_in(s, client=s.client, product_quantity=4)  # €72.00

    with refused(s, "Going over the client's house account limit", NotAllowed):
        tender(s, sale, "house_account", 5501)
    tender(s, sale, "house_account", 5500)  # up to the limit exactly
    tender(s, sale, "card", 1700)
    close(s, sale)

    assert owed() == 10000
    assert_books_balance(s)


# --- the drawer ---------------------------------------------------------------------------


def test_open_the_drawer_with_a_float(s):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)

    entry = journal(kind="drawer_float")[0]
    assert (entry.amount, entry.method, entry.staff) == (10000, "cash", s.desk)
    assert expected_cash(s.salon, TODAY) == 10000
    assert_books_balance(s)


def test_open_the_drawer_refused_twice_a_day(s):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)

    with refused(s, "The drawer was already opened for Fri 20 Mar", InvalidInput):
        cash_drawer.open_drawer(s.salon, 5000, by=s.desk)


def test_open_the_drawer_again_the_next_day(s):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    s.clock.advance(days=1)

    cash_drawer.open_drawer(s.salon, 8000, by=s.desk)

    assert expected_cash(s.salon, date(2026, 3, 21)) == 8000


def test_open_the_drawer_refuses_a_negative_float(s):
    with refused(s, "The float cannot be negative", InvalidInput):
        cash_drawer.open_drawer(s.salon, -1, by=s.desk)


def test_paid_in_adds_to_the_drawer(s):
    cash_drawer.paid_in(s.salon, 2000, by=s.desk, reason="Coins from the bank")

    entry = journal(kind="paid_in")[0]
    assert (entry.amount, entry.memo) == (2000, "Coins from the bank")
    assert expected_cash(s.salon, TODAY) == 2000


def test_paid_in_refused_without_a_reason(s):
    with refused(s, "Please write the reason", InvalidInput):
        cash_drawer.paid_in(s.salon, 2000, by=s.desk, reason="")


def test_paid_in_refuses_zero(s):
    with refused(s, "The amount must be more than zero", InvalidInput):
        cash_drawer.paid_in(s.salon, 0, by=s.desk, reason="Nothing")


def test_paid_out_with_a_manager(s):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)

    cash_drawer.paid_out(s.salon, 1200, by=s.desk, reason="Milk", approved_by=s.manager)

    entry = journal(kind="paid_out")[0]
    assert (entry.amount, entry.staff, entry.approved_by, entry.memo) == (
        1200, s.desk, s.manager, "Milk")
    assert expected_cash(s.salon, TODAY) == 8800
    assert_books_balance(s)


@pytest.mark.parametrize("who", [None, "desk", "stylist"])
def test_paid_out_refused_without_a_manager(s, who):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)

    with refused(s, "A manager has to approve this", NotAllowed):
        cash_drawer.paid_out(s.salon, 1200, by=s.desk, reason="Milk",
                             approved_by=getattr(s, who) if who else None)


def test_paid_out_refused_beyond_the_cash_in_the_drawer(s):
    cash_drawer.open_drawer(s.salon, 1000, by=s.desk)

    with refused(s, "The drawer for Fri 20 Mar should hold only €10.00", InvalidInput):
        cash_drawer.paid_out(s.salon, 1001, by=s.desk, reason="Milk", approved_by=s.manager)


def test_paid_out_refused_without_a_reason(s):
    cash_drawer.open_drawer(s.salon, 1000, by=s.desk)

    with refused(s, "Please write the reason", InvalidInput):
        cash_drawer.paid_out(s.salon, 100, by=s.desk, reason=" ", approved_by=s.manager)


def test_count_the_drawer_against_the_expected_amount(s):
    cash_drawer.open_drawer(s.salon, 10000, by=s.desk)
    book_with_deposit(s, 15, method="cash", reference="")  # +15.00
    _booking, sale = ready_sale(s)
    tender(s, sale, "cash", 5000)
    close(s, sale)  # +50.00 −5.00 change
    pay_by_card(s, walk_in(s), 1800)  # card: not in the drawer
    cash_drawer.paid_in(s.salon, 2000, by=s.desk, reason="Coins")
    cash_drawer.paid_out(s.salon, 1200, by=s.desk, reason="Milk", approved_by=s.manager)

    result = cash_drawer.count_drawer(s.salon, 16750, by=s.desk)

    assert result == {"expected": 16800, "counted": 16750, "difference": -50}
    count = journal(kind="drawer_count")[0]
    assert (count.amount, count.memo, count.staff) == (16750, "expected 16800", s.desk)
    assert expected_cash(s.salon, TODAY) == 16800  # counting moves no money
    assert_books_balance(s)


def test_count_the_drawer_refuses_a_negative_count(s):
    with refused(s, "The amount counted cannot be negative", InvalidInput):
        cash_drawer.count_drawer(s.salon, -5, by=s.desk)


def test_drawer_operations_refuse_nobody_logged_in(s):
    with refused(s, "Please log in first", NotAllowed):
        cash_drawer.open_drawer(s.salon, 1000, by=None)
    with refused(s, "Please log in first", NotAllowed):
        cash_drawer.paid_in(s.salon, 1000, by=None, reason="Coins")
    with refused(s, "Please log in first", NotAllowed):
        cash_drawer.count_drawer(s.salon, 1000, by=None)


def test_a_sale_ticket_alone_moves_no_cash(s):
    _booking, sale = ready_sale(s)
    checkout.take_tender(s.salon, sale, by=s.desk, method="cash", amount=5000)

    assert expected_cash(s.salon, TODAY) == 0
