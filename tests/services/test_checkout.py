"""Checkout: the ticket opened from a finished booking (or a walk-in), its lines, prices,
discounts, tips and tenders, the client's sign-off, and closing it as one transaction."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.operations import (
    bookings,
    catalogue,
    checkout,
    clients,
    deposits,
    salon_setup,
)
from salon_pos.services.views.sale import active_lines, sale_view
from salon_pos.store.models import Booking, Client, JournalEntry, Sale, SaleLine, SaleTip
from salon_pos.store.models import SaleTender as TenderRow
from tests.conftest import dump
from tests.services.helpers import (
    TODAY,
    agree_note,
    assert_books_balance,
    book,
    book_with_deposit,
    close,
    journal,
    kinds,
    pay_by_card,
    ready_sale,
    refused,
    tender,
    to_ready,
    walk_in,
)


def lines_of(sale: int) -> list[SaleLine]:
    return list(SaleLine.select().where(SaleLine.sale == sale).order_by(SaleLine.id))


def first_line(sale: int) -> int:
    return lines_of(sale)[0].id


def give_credit(s, days: int = 2) -> None:
    """The client gets €15.00 of credit: a deposit moved to credit on an in-time cancel."""
    booking = book_with_deposit(s, 11, days=days, method="cash", reference="")
    bookings.cancel(s.salon, booking, by=s.desk, deposit_to="credit")


def open_house_account(s, limit: int = 10000) -> None:
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=limit)


def settings(s, **values):
    salon_setup.change_settings(s.salon, s.manager, **values)


# --- opening the ticket -------------------------------------------------------------------


def test_open_sale_from_a_booking_ready_for_checkout_lists_its_services(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])
    to_ready(s, booking)

    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)

    row = Sale.get_by_id(sale)
    assert (row.status, row.booking_id, row.client_id, row.opened_by_id) == (
        "open", booking, s.client, s.desk)
    assert [(line.description, line.unit_price, line.quoted_price, line.tax_rate_bp,
             line.tax_name, line.stylist_id, line.category) for line in lines_of(sale)] == [
        ("Cut and finish", 4500, 4500, 1350, "Reduced", s.stylist, "service"),
        ("Blow-dry", 3000, 3000, 1350, "Reduced", s.stylist, "service"),
    ]
    view = sale_view(s.salon, sale)
    assert (view.totals.total, view.totals.tax, view.remaining) == (7500, 892, 7500)


def test_open_sale_twice_returns_the_same_ticket(s):
    booking, sale = ready_sale(s)

    assert checkout.open_sale(s.salon, by=s.desk, booking_id=booking) == sale
    assert Sale.select().count() == 1


def test_open_sale_refused_before_the_service_is_finished(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)

    with refused(s, "Checkout opens once the service is finished; this booking is in service",
                 InvalidTransition):
        checkout.open_sale(s.salon, by=s.desk, booking_id=booking)


def test_open_sale_refused_once_the_booking_is_paid(s):
    booking, sale = ready_sale(s)
    pay_by_card(s, sale, 4500)

    with refused(s, "this booking is paid and closed", InvalidTransition):
        checkout.open_sale(s.salon, by=s.desk, booking_id=booking)


def test_open_sale_refuses_an_unknown_booking(s):
    with refused(s, "That booking does not exist", NotFound):
        checkout.open_sale(s.salon, by=s.desk, booking_id=999)


def test_open_a_walk_in_sale_with_or_without_a_client(s):
    anonymous = checkout.open_sale(s.salon, by=s.desk)
    known = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)

    assert Sale.get_by_id(anonymous).client_id is None
    assert Sale.get_by_id(known).client_id == s.client
    assert Sale.get_by_id(known).booking_id is None


def test_open_walk_in_refuses_an_unknown_client(s):
    with refused(s, "That client does not exist", NotFound):
        checkout.open_sale(s.salon, by=s.desk, client_id=999)


# --- lines --------------------------------------------------------------------------------


def test_add_a_service_and_products_to_the_ticket(s):
    _booking, sale = ready_sale(s)

    checkout.add_service_line(s.salon, sale, s.blowdry, by=s.desk, stylist_id=s.stylist2)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=2)

    added = lines_of(sale)[1:]
    assert [(line.description, line.category, line.stylist_id, line.quantity, line.unit_price)
            for line in added] == [("Blow-dry", "service", s.stylist2, 1, 3000),
                                   ("Repair shampoo", "retail", None, 2, 1800)]
    assert sale_view(s.salon, sale).totals.total == 4500 + 3000 + 3600


def test_add_product_refused_when_no_longer_sold(s):
    catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager, active=False)
    sale = checkout.open_sale(s.salon, by=s.desk)

    with refused(s, "Repair shampoo is no longer sold", InvalidInput):
        checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)


@pytest.mark.parametrize("quantity", [0, 1000, True, 1.5])
def test_add_product_refuses_a_silly_quantity(s, quantity):
    sale = checkout.open_sale(s.salon, by=s.desk)

    with refused(s, "The quantity is a whole number from 1 to 999", InvalidInput):
        checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=quantity)


def test_add_lines_refuse_unknown_items(s):
    sale = checkout.open_sale(s.salon, by=s.desk)

    with refused(s, "That product does not exist", NotFound):
        checkout.add_product_line(s.salon, sale, 999, by=s.desk)
    with refused(s, "That service does not exist", NotFound):
        checkout.add_service_line(s.salon, sale, 999, by=s.desk)
    with refused(s, "That staff member does not exist", NotFound):
        checkout.add_service_line(s.salon, sale, s.cut, by=s.desk, stylist_id=999)
    with refused(s, "That sale does not exist", NotFound):
        checkout.add_service_line(s.salon, 999, s.cut, by=s.desk)


def test_remove_a_line_not_performed_keeps_it_on_record(s):
    _booking, sale = ready_sale(s, services=[s.cut, s.blowdry])
    cut = first_line(sale)

    checkout.remove_line(s.salon, sale, cut, by=s.stylist, reason="Client only wanted a blow-dry")

    row = SaleLine.get_by_id(cut)
    assert (row.removed, row.change_reason) == (True, "Client only wanted a blow-dry")
    assert sale_view(s.salon, sale).totals.total == 3000


def test_remove_line_refused_without_a_reason(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Please write the reason for removing the line", InvalidInput):
        checkout.remove_line(s.salon, sale, first_line(sale), by=s.stylist, reason="")


def test_remove_line_refuses_a_line_of_another_sale(s):
    _booking, sale = ready_sale(s)
    other = walk_in(s)

    with refused(s, "That line is not on this sale", NotFound):
        checkout.remove_line(s.salon, sale, first_line(other), by=s.stylist, reason="Oops")


# --- changing the price -------------------------------------------------------------------


def test_change_line_price_within_the_agreed_range_with_a_reason(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)

    checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Fringe only",
                         unit_price=4050)

    row = SaleLine.get_by_id(line)
    assert (row.unit_price, row.quoted_price, row.change_reason, row.approved_by_id) == (
        4050, 4500, "Fringe only", None)


def test_change_line_refused_without_a_reason(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Please write the reason for the change", InvalidInput):
        checkout.change_line(s.salon, sale, first_line(sale), by=s.stylist, reason=" ",
                             unit_price=4000)


@pytest.mark.parametrize("price", [4501, 4049])
def test_change_line_price_beyond_the_range_refused_without_a_manager(s, price):
    _booking, sale = ready_sale(s)

    with refused(s, "A price outside the agreed range needs a manager's approval", NotAllowed):
        checkout.change_line(s.salon, sale, first_line(sale), by=s.stylist, reason="Extra long",
                             unit_price=price)


def test_change_line_price_beyond_the_range_refused_with_a_stylists_approval(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Aoife Stylist is not a manager", NotAllowed):
        checkout.change_line(s.salon, sale, first_line(sale), by=s.stylist, reason="Extra long",
                             unit_price=5500, approved_by=s.stylist)


def test_change_line_price_beyond_the_range_with_a_manager(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)

    checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Extra long hair",
                         unit_price=5500, approved_by=s.manager)

    row = SaleLine.get_by_id(line)
    assert (row.unit_price, row.approved_by_id) == (5500, s.manager)


def test_change_line_price_up_to_the_notes_range_needs_no_manager(s):
    booking = book(s, 11, services=[s.colour])
    agree_note(s, booking, price_min=12000, price_max=18000)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    line = first_line(sale)

    checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Third toner", unit_price=18000)
    assert SaleLine.get_by_id(line).unit_price == 18000
    checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Quicker", unit_price=10800)
    assert SaleLine.get_by_id(line).unit_price == 10800

    with refused(s, "outside the agreed range", NotAllowed):
        checkout.change_line(s.salon, sale, line, by=s.stylist, reason="More", unit_price=18001)


def test_a_booking_wide_notes_range_covers_all_of_its_services_together(s):
    booking = book(s, 11, services=[s.colour, s.cut])
    agree_note(s, booking, price_min=18000, price_max=20000)  # for colour and cut together
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    colour, cut = (line.id for line in active_lines(s.salon, sale))

    # €150 + €45 = €195; the cut at €50 brings the booking to €200, the top of the range.
    checkout.change_line(s.salon, sale, cut, by=s.stylist, reason="Longer hair", unit_price=5000)
    with refused(s, "outside the agreed range", NotAllowed):
        checkout.change_line(s.salon, sale, colour, by=s.stylist, reason="Extra toner",
                             unit_price=15100)


def test_a_services_own_note_wins_over_a_booking_wide_one(s):
    booking = book(s, 11, services=[s.colour])
    colour_booked = Booking.get_by_id(booking).services[0].id
    agree_note(s, booking, price_min=10000, price_max=30000)
    agree_note(s, booking, price_min=14000, price_max=16000, booked_service_id=colour_booked)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)

    with refused(s, "outside the agreed range", NotAllowed):
        checkout.change_line(s.salon, sale, first_line(sale), by=s.stylist, reason="More",
                             unit_price=20000)


def test_change_line_quantity(s):
    sale = walk_in(s)
    line = first_line(sale)

    checkout.change_line(s.salon, sale, line, by=s.desk, reason="Two more bottles", quantity=3)

    assert SaleLine.get_by_id(line).quantity == 3
    assert sale_view(s.salon, sale).totals.total == 5400


def test_change_line_refuses_a_price_below_its_discount(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)
    checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Birthday", amount=1000,
                           approved_by=s.manager)

    with refused(s, "The line's discount would be more than its new price", InvalidInput):
        checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Trim", unit_price=500,
                             approved_by=s.manager)


def test_change_line_refuses_a_negative_price(s):
    _booking, sale = ready_sale(s)

    with refused(s, "The price cannot be negative", InvalidInput):
        checkout.change_line(s.salon, sale, first_line(sale), by=s.stylist, reason="x",
                             unit_price=-100)


# --- discounts ----------------------------------------------------------------------------


def test_discount_up_to_the_threshold_needs_no_manager(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)

    assert checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Loyalty",
                                  percent_bp=1000) == 450

    row = SaleLine.get_by_id(line)
    assert (row.discount, row.discount_reason, row.approved_by_id) == (450, "Loyalty", None)
    assert sale_view(s.salon, sale).totals.total == 4050


def test_discount_beyond_the_threshold_refused_without_a_manager(s):
    _booking, sale = ready_sale(s)

    with refused(s, "A discount this large needs a manager's approval", NotAllowed):
        checkout.discount_line(s.salon, sale, first_line(sale), by=s.desk, reason="Friend",
                               amount=451)


def test_discount_beyond_the_threshold_refused_with_a_front_desk_approval(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Dara Desk is not a manager", NotAllowed):
        checkout.discount_line(s.salon, sale, first_line(sale), by=s.desk, reason="Friend",
                               percent_bp=5000, approved_by=s.desk)


def test_discount_beyond_the_threshold_with_a_manager(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)

    checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Staff", percent_bp=5000,
                           approved_by=s.manager)

    row = SaleLine.get_by_id(line)
    assert (row.discount, row.approved_by_id) == (2250, s.manager)


def test_discount_of_zero_removes_it(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)
    checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Loyalty", amount=300)

    checkout.discount_line(s.salon, sale, line, by=s.desk, reason="Not a member", amount=0)

    row = SaleLine.get_by_id(line)
    assert (row.discount, row.discount_reason) == (0, "")


@pytest.mark.parametrize(("amount", "percent", "message"), [
    (100, 1000, "Give the discount as an amount or as a percentage"),
    (None, None, "Give the discount as an amount or as a percentage"),
    (4501, None, "The discount is more than the line's price"),
    (None, 10001, "A discount is between 0 % and 100 %"),
    (-1, None, "The discount cannot be negative"),
])
def test_discount_refuses_what_does_not_add_up(s, amount, percent, message):
    _booking, sale = ready_sale(s)

    with refused(s, message, InvalidInput):
        checkout.discount_line(s.salon, sale, first_line(sale), by=s.desk, reason="x",
                               amount=amount, percent_bp=percent, approved_by=s.manager)


def test_discount_refused_without_a_reason(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Please write the reason for the discount", InvalidInput):
        checkout.discount_line(s.salon, sale, first_line(sale), by=s.desk, reason="", amount=1)


def test_satisfaction_discount_on_the_whole_sale(s):
    _booking, sale = ready_sale(s)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)

    checkout.discount_sale(s.salon, sale, by=s.desk, reason="satisfaction", percent_bp=1000)

    assert [(line.discount, line.discount_reason) for line in lines_of(sale)] == [
        (450, "satisfaction"), (180, "satisfaction")]


def test_discount_sale_beyond_the_threshold_refused_without_a_manager(s):
    _booking, sale = ready_sale(s)

    with refused(s, "A discount this large needs a manager's approval", NotAllowed):
        checkout.discount_sale(s.salon, sale, by=s.desk, reason="satisfaction", percent_bp=2000)


def test_discount_sale_refused_on_an_empty_sale(s):
    sale = checkout.open_sale(s.salon, by=s.desk)

    with refused(s, "There is nothing on the sale to discount", InvalidInput):
        checkout.discount_sale(s.salon, sale, by=s.desk, reason="satisfaction", percent_bp=500)


# --- tips ---------------------------------------------------------------------------------


def test_tips_per_stylist(s):
    _booking, sale = ready_sale(s)

    checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
    checkout.set_tip(s.salon, sale, s.stylist2, 300, by=s.desk)
    checkout.set_tip(s.salon, sale, s.stylist, 700, by=s.desk)  # replaces the first

    view = sale_view(s.salon, sale)
    assert [(stylist, amount) for stylist, _name, amount in view.tips] == [
        (s.stylist2, 300), (s.stylist, 700)]
    assert view.due == 4500 + 1000


def test_tip_of_zero_removes_it(s):
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)

    checkout.set_tip(s.salon, sale, s.stylist, 0, by=s.desk)

    assert SaleTip.select().count() == 0


def test_tips_are_journalled_per_stylist_at_close(s):
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
    checkout.set_tip(s.salon, sale, s.stylist2, 300, by=s.desk)

    pay_by_card(s, sale, 5300)

    assert [(e.stylist, e.amount) for e in journal(kind="tip")] == [
        (s.stylist, 500), (s.stylist2, 300)]
    assert_books_balance(s)


def test_tip_refuses_a_negative_amount(s):
    _booking, sale = ready_sale(s)

    with refused(s, "The tip cannot be negative", InvalidInput):
        checkout.set_tip(s.salon, sale, s.stylist, -5, by=s.desk)


def test_tip_refuses_an_unknown_stylist(s):
    _booking, sale = ready_sale(s)

    with refused(s, "That staff member does not exist", NotFound):
        checkout.set_tip(s.salon, sale, 999, 500, by=s.desk)


# --- tenders ------------------------------------------------------------------------------


def test_pay_in_cash_gives_change(s):
    _booking, sale = ready_sale(s)

    assert tender(s, sale, "cash", 5000)["remaining"] == 0
    result = close(s, sale)

    assert result["change"] == 500
    assert kinds(sale=sale) == [("sale_income", 4500), ("payment", 5000), ("change_given", 500)]
    assert expected_cash(s.salon, TODAY) == 4500
    assert Sale.get_by_id(sale).change == 500
    assert_books_balance(s)


def test_card_payment_needs_the_terminal_reference(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Type the card terminal's reference", InvalidInput):
        checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=4500, reference=" ")


def test_a_salon_whose_terminal_keeps_its_own_record_takes_a_card_without_one(s):
    salon_setup.change_settings(s.salon, s.manager, terminal_reference_required=False)
    _booking, sale = ready_sale(s)

    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=4500)

    payment = TenderRow.get(TenderRow.sale == sale)
    assert (payment.method, payment.amount, payment.reference) == ("card", 4500, "")
    with refused(s, "A card number cannot be kept", InvalidInput):  # still never a number
        checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=100,
                             reference="4111 1111 1111 1111")


def test_pay_by_card_keeps_the_terminal_reference(s):
    _booking, sale = ready_sale(s)

    pay_by_card(s, sale, 4500, reference="AUTH 123456")

    payment = journal(kind="payment")[0]
    assert (payment.method, payment.amount, payment.reference) == ("card", 4500, "AUTH 123456")
    assert_books_balance(s)


@pytest.mark.parametrize("number", ["4111111111111111", "4111 1111 1111 1111",
                                    "4222222222222", "378282246310005", "4000000000000000006"])
def test_card_reference_that_is_a_card_number_is_refused(s, number):
    _booking, sale = ready_sale(s)

    with refused(s, "A card number cannot be kept in the terminal reference: type the reference",
                 InvalidInput):
        tender(s, sale, "card", 4500, reference=number)


@pytest.mark.parametrize("reference", ["4111111111111112", "123456789012", "AUTH 4111"])
def test_card_reference_that_is_not_a_card_number_is_kept(s, reference):
    _booking, sale = ready_sale(s)

    tender(s, sale, "card", 4500, reference=reference)

    assert TenderRow.get().reference == reference


def test_card_reference_refused_when_too_long(s):
    _booking, sale = ready_sale(s)

    with refused(s, "The terminal reference is too long", InvalidInput):
        tender(s, sale, "card", 4500, reference="R" * 61)


def test_no_payment_is_taken_on_a_sale_with_nothing_left_to_pay(s):
    sale = walk_in(s)  # €18.00
    tender(s, sale, "cash", 1800)

    for method, amount in (("cash", 1800), ("cash", 1), ("card", 1)):
        with refused(s, "Nothing is left to pay on this sale: it can be closed", InvalidInput):
            tender(s, sale, method, amount, reference="T-2")

    checkout.close_sale(s.salon, sale, by=s.desk)
    assert (Sale.get_by_id(sale).total, Sale.get_by_id(sale).change) == (1800, 0)


def test_card_payment_more_than_is_left_is_refused(s):
    _booking, sale = ready_sale(s)

    with refused(s, r"That is more than what is left to pay \(€45.00\)", InvalidInput):
        tender(s, sale, "card", 4501)


@pytest.mark.parametrize(("method", "amount", "message"), [
    ("cheque", 4500, "Payment must be by cash, card, client credit, house account"),
    ("cash", 0, "The payment must be more than zero"),
    ("cash", -100, "The payment cannot be negative"),
])
def test_tender_refuses_what_cannot_be_taken(s, method, amount, message):
    _booking, sale = ready_sale(s)

    with refused(s, message, InvalidInput):
        tender(s, sale, method, amount)


def test_pay_with_client_credit(s):
    give_credit(s)
    _booking, sale = ready_sale(s)

    tender(s, sale, "credit", 1500)
    tender(s, sale, "card", 3000)
    close(s, sale)

    assert Client.get_by_id(s.client).credit_balance == 0
    assert_books_balance(s)


def test_pay_with_credit_the_client_does_not_have_is_refused(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Zoë Ní Bhriain has €0.00 of credit left", InvalidInput):
        tender(s, sale, "credit", 1000)


def test_pay_with_more_credit_than_is_left_after_this_ticket_is_refused(s):
    give_credit(s)
    _booking, sale = ready_sale(s)
    tender(s, sale, "credit", 1000)

    with refused(s, "Zoë Ní Bhriain has €5.00 of credit left", InvalidInput):
        tender(s, sale, "credit", 1000)


def test_credit_on_a_sale_without_a_client_is_refused(s):
    sale = walk_in(s)

    with refused(s, "Choose the client first", InvalidInput):
        tender(s, sale, "credit", 1800)


def test_pay_on_the_house_account_within_the_limit(s):
    open_house_account(s, limit=10000)
    _booking, sale = ready_sale(s)

    tender(s, sale, "house_account", 4500)
    close(s, sale)

    assert Client.get_by_id(s.client).house_balance == 4500
    payment = journal(kind="payment")[0]
    assert (payment.method, payment.amount, payment.approved_by) == ("house_account", 4500, None)
    assert_books_balance(s)


def test_house_account_refused_for_a_client_without_one(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Zoë Ní Bhriain has no house account", InvalidInput):
        tender(s, sale, "house_account", 4500)


def test_house_account_over_the_limit_refused_without_a_manager(s):
    open_house_account(s, limit=4000)
    _booking, sale = ready_sale(s)

    with refused(s, "Going over the client's house account limit needs a manager's approval",
                 NotAllowed):
        tender(s, sale, "house_account", 4500)
    with refused(s, "Aoife Stylist is not a manager", NotAllowed):
        tender(s, sale, "house_account", 4500, approved_by=s.stylist)


def test_house_account_over_the_limit_with_a_manager(s):
    open_house_account(s, limit=4000)
    _booking, sale = ready_sale(s)

    tender(s, sale, "house_account", 4500, approved_by=s.manager)
    close(s, sale)

    assert journal(kind="payment")[0].approved_by == s.manager
    assert Client.get_by_id(s.client).house_balance == 4500
    assert_books_balance(s)


def test_house_account_limit_lowered_before_closing_refuses_the_close(s):
    open_house_account(s, limit=10000)
    _booking, sale = ready_sale(s)
    tender(s, sale, "house_account", 4500)
    open_house_account(s, limit=1000)

    with refused(s, "The house account cannot take this charge any more", InvalidInput):
        close(s, sale)


def test_credit_spent_at_another_station_refuses_the_close(s):
    give_credit(s)
    _booking, sale = ready_sale(s)
    tender(s, sale, "credit", 1500)
    tender(s, sale, "card", 3000)
    elsewhere = walk_in(s, client=s.client)
    tender(s, elsewhere, "credit", 1500)
    tender(s, elsewhere, "card", 300)
    close(s, elsewhere)

    with refused(s, "The client's credit no longer covers the credit payment", InvalidInput):
        close(s, sale)


def test_take_tender_twice_with_the_same_key_takes_it_once(s):
    _booking, sale = ready_sale(s)

    first = tender(s, sale, "card", 2000, key="tap-1")
    second = tender(s, sale, "card", 2000, key="tap-1")

    assert first == second
    assert TenderRow.select().count() == 1


def test_remove_a_declined_card_payment(s):
    _booking, sale = ready_sale(s)
    declined = tender(s, sale, "card", 4500)["tender_id"]

    checkout.remove_tender(s.salon, sale, declined, by=s.desk)

    assert sale_view(s.salon, sale).remaining == 4500


def test_remove_tender_refuses_a_payment_not_on_the_sale(s):
    _booking, sale = ready_sale(s)

    with refused(s, "That payment is not on this sale", NotFound):
        checkout.remove_tender(s.salon, sale, 999, by=s.desk)


# --- deposit at checkout ------------------------------------------------------------------


def test_deposit_is_applied_automatically(s):
    booking = book_with_deposit(s, 11)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)

    assert sale_view(s.salon, sale).remaining == 6000
    result = pay_by_card(s, sale, 6000)

    assert (result["deposit_applied"], result["deposit_excess"]) == (1500, 0)
    applied = journal(kind="deposit_applied")[0]
    assert (applied.amount, applied.booking, applied.sale) == (1500, booking, sale)
    assert balances.deposit_held(s.salon, booking) == 0
    assert Sale.get_by_id(sale).deposit_applied == 1500
    assert_books_balance(s)


def deposit_bigger_than_bill(s, method: str = "card") -> tuple[int, int]:
    """€50.00 deposit on cut and blow-dry; only the €30.00 blow-dry was done."""
    booking = book(s, 11, services=[s.cut, s.blowdry])
    deposits.take_deposit(s.salon, booking, by=s.desk, method=method, amount=5000,
                          reference="DEP-9" if method == "card" else "",
                          more_than_due="paying most of it ahead")
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    checkout.remove_line(s.salon, sale, first_line(sale), by=s.stylist, reason="No time for cut")
    return booking, sale


def test_deposit_larger_than_the_bill_refunds_the_excess(s):
    booking, sale = deposit_bigger_than_bill(s)

    result = close(s, sale)

    assert (result["deposit_applied"], result["deposit_excess"]) == (3000, 2000)
    refund = journal(kind="deposit_refunded")[0]
    assert (refund.amount, refund.method, refund.memo) == (
        2000, "card", "deposit larger than the bill")
    assert balances.deposit_held(s.salon, booking) == 0
    assert Booking.get_by_id(booking).status == "closed"
    assert_books_balance(s)


def test_deposit_larger_than_the_bill_in_cash_comes_back_from_the_drawer(s):
    _booking, sale = deposit_bigger_than_bill(s, method="cash")

    close(s, sale)

    assert expected_cash(s.salon, TODAY) == 3000
    assert_books_balance(s)


def test_deposit_larger_than_the_bill_goes_to_credit_when_the_client_chooses(s):
    booking, sale = deposit_bigger_than_bill(s)

    close(s, sale, deposit_excess="credit")

    assert kinds(booking=booking)[-1] == ("deposit_to_credit", 2000)
    assert Client.get_by_id(s.client).credit_balance == 2000
    assert_books_balance(s)


def test_close_refuses_an_unknown_choice_for_the_excess(s):
    _booking, sale = deposit_bigger_than_bill(s)

    with refused(s, "The rest of the deposit goes back as a refund or as credit", InvalidInput):
        close(s, sale, deposit_excess="tip")


# --- cash rounding ------------------------------------------------------------------------


def test_cash_rounding_down_is_its_own_journal_entry(s):
    settings(s, cash_rounding_increment=5)
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 2, by=s.desk)  # due €45.02

    tender(s, sale, "cash", 5000)
    result = close(s, sale)

    assert (result["rounding"], result["change"]) == (-2, 500)
    rounding = journal(kind="cash_rounding")[0]
    assert (rounding.amount, rounding.method, rounding.sale) == (-2, "cash", sale)
    assert Sale.get_by_id(sale).rounding == -2
    assert expected_cash(s.salon, TODAY) == 4500
    assert_books_balance(s)


def test_cash_rounding_up(s):
    settings(s, cash_rounding_increment=5)
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 3, by=s.desk)  # due €45.03 → €45.05

    tender(s, sale, "cash", 4505)
    result = close(s, sale)

    assert (result["rounding"], result["change"]) == (2, 0)
    assert kinds(kind="cash_rounding") == [("cash_rounding", 2)]
    assert_books_balance(s)


def test_cash_rounding_applies_to_the_cash_part_of_a_split_payment(s):
    settings(s, cash_rounding_increment=5)
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 2, by=s.desk)

    tender(s, sale, "card", 2001)
    tender(s, sale, "cash", 2500)  # €25.01 left, rounded to €25.00
    result = close(s, sale)

    assert (result["rounding"], result["change"]) == (-1, 0)
    assert_books_balance(s)


def test_no_cash_rounding_when_paid_by_card(s):
    settings(s, cash_rounding_increment=5)
    _booking, sale = ready_sale(s)
    checkout.set_tip(s.salon, sale, s.stylist, 2, by=s.desk)

    result = pay_by_card(s, sale, 4502)

    assert result["rounding"] == 0
    assert kinds(kind="cash_rounding") == []


# --- sign-off -----------------------------------------------------------------------------


def agreed_colour_sale(s) -> tuple[int, int]:
    booking = book(s, 11, services=[s.colour])
    agree_note(s, booking)
    to_ready(s, booking)
    return booking, checkout.open_sale(s.salon, by=s.desk, booking_id=booking)


def test_close_refused_before_the_client_signs_off_an_agreed_note(s):
    booking, sale = agreed_colour_sale(s)
    tender(s, sale, "card", 15000)

    with refused(s, "Show the client the agreed expectations again and record whether the "
                    "result matches before taking payment", InvalidInput):
        close(s, sale)
    assert Booking.get_by_id(booking).status == "ready"


def test_close_after_the_client_signs_off(s):
    booking, sale = agreed_colour_sale(s)
    tender(s, sale, "card", 15000)

    checkout.record_signoff(s.salon, sale, by=s.desk, matches=True)
    close(s, sale)

    row = Sale.get_by_id(sale)
    assert (row.signoff_matches, row.signoff_by_id, row.status) == (True, s.desk, "closed")
    assert row.signoff_at == datetime(2026, 3, 20, 9, 0)
    assert Booking.get_by_id(booking).status == "closed"


def test_signoff_that_differs_records_what_and_the_adjustment(s):
    _booking, sale = agreed_colour_sale(s)

    checkout.record_signoff(s.salon, sale, by=s.desk, matches=False,
                            differences="A shade darker than agreed", action="10 % off")
    checkout.discount_sale(s.salon, sale, by=s.desk, reason="satisfaction", percent_bp=1000)
    pay_by_card(s, sale, 13500)

    row = Sale.get_by_id(sale)
    assert (row.signoff_matches, row.signoff_differences, row.signoff_action) == (
        False, "A shade darker than agreed", "10 % off")
    assert row.total == 13500


def test_signoff_that_differs_refused_without_saying_how(s):
    _booking, sale = agreed_colour_sale(s)

    with refused(s, "Please write the difference from the agreement", InvalidInput):
        checkout.record_signoff(s.salon, sale, by=s.desk, matches=False)


def test_no_signoff_needed_without_an_agreed_note(s):
    _booking, sale = ready_sale(s)

    assert sale_view(s.salon, sale).needs_signoff is False
    pay_by_card(s, sale, 4500)


# --- closing ------------------------------------------------------------------------------


def test_close_sale_freezes_the_ticket_and_numbers_the_receipt(s):
    booking, sale = ready_sale(s)
    s.clock.advance(minutes=50)

    result = pay_by_card(s, sale, 4500)

    assert result["receipt_no"] == 1
    row = Sale.get_by_id(sale)
    assert (row.status, row.total, row.tax, row.tips, row.closed_by_id) == (
        "closed", 4500, 535, 0, s.desk)
    assert (row.business_day, row.closed_at) == (TODAY, datetime(2026, 3, 20, 9, 50))
    assert [(line.gross, line.tax) for line in lines_of(sale)] == [(4500, 535)]
    assert Booking.get_by_id(booking).status == "closed"
    assert pay_by_card(s, walk_in(s), 1800)["receipt_no"] == 2


def test_pay_twice_with_same_key_charges_once(s):
    _booking, sale = ready_sale(s)
    tender(s, sale, "card", 4500)

    first = close(s, sale, key="pay-7")
    before = dump(s.salon)
    second = close(s, sale, key="pay-7")

    assert second == first
    assert dump(s.salon) == before
    assert JournalEntry.select().where(JournalEntry.kind == "payment").count() == 1
    assert_books_balance(s)


def test_pay_twice_without_a_key_is_refused_the_second_time(s):
    _booking, sale = ready_sale(s)
    pay_by_card(s, sale, 4500)

    with refused(s, "This sale is closed; a closed sale is never changed", InvalidTransition):
        close(s, sale)


def test_close_refused_when_the_tenders_do_not_cover_the_bill(s):
    _booking, sale = ready_sale(s)
    tender(s, sale, "card", 2000)
    tender(s, sale, "cash", 2000)

    with refused(s, "The tenders do not cover the bill yet", InvalidInput):
        close(s, sale)


def test_close_refused_when_card_is_more_than_the_bill_after_a_change(s):
    _booking, sale = ready_sale(s, services=[s.cut, s.blowdry])
    tender(s, sale, "card", 7500)
    checkout.remove_line(s.salon, sale, first_line(sale), by=s.stylist, reason="Not done")

    with refused(s, "The card, client credit, house account and gift voucher amounts are "
                 "more than what is left", InvalidInput):
        close(s, sale)


def test_close_refused_for_an_empty_sale(s):
    sale = checkout.open_sale(s.salon, by=s.desk)

    with refused(s, "There is nothing on this sale to pay for", InvalidInput):
        close(s, sale)


def test_close_refuses_an_unknown_sale(s):
    with refused(s, "That sale does not exist", NotFound):
        close(s, 999)


def test_free_redo_sale_closes_at_zero(s):
    booking, sale = ready_sale(s)
    pay_by_card(s, sale, 4500)
    redo = book(s, 14, redo_of=booking)
    to_ready(s, redo)
    redo_sale = checkout.open_sale(s.salon, by=s.desk, booking_id=redo)

    result = close(s, redo_sale)

    assert result["receipt_no"] == 2
    assert Sale.get_by_id(redo_sale).total == 0
    assert_books_balance(s)


CHANGES_TO_A_CLOSED_SALE = {
    "add service": lambda s, sale, line, paid: checkout.add_service_line(
        s.salon, sale, s.cut, by=s.desk),
    "add product": lambda s, sale, line, paid: checkout.add_product_line(
        s.salon, sale, s.shampoo, by=s.desk),
    "change price": lambda s, sale, line, paid: checkout.change_line(
        s.salon, sale, line, by=s.desk, reason="x", unit_price=4400),
    "remove line": lambda s, sale, line, paid: checkout.remove_line(
        s.salon, sale, line, by=s.desk, reason="x"),
    "discount line": lambda s, sale, line, paid: checkout.discount_line(
        s.salon, sale, line, by=s.desk, reason="x", amount=100),
    "discount sale": lambda s, sale, line, paid: checkout.discount_sale(
        s.salon, sale, by=s.desk, reason="x", percent_bp=500),
    "tip": lambda s, sale, line, paid: checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk),
    "tender": lambda s, sale, line, paid: checkout.take_tender(
        s.salon, sale, by=s.desk, method="cash", amount=500),
    "remove tender": lambda s, sale, line, paid: checkout.remove_tender(
        s.salon, sale, paid, by=s.desk),
    "sign-off": lambda s, sale, line, paid: checkout.record_signoff(
        s.salon, sale, by=s.desk, matches=True),
    "void": lambda s, sale, line, paid: checkout.void_sale(s.salon, sale, by=s.desk, reason="x"),
}


@pytest.mark.parametrize("change", list(CHANGES_TO_A_CLOSED_SALE))
def test_a_closed_sale_cannot_be_changed(s, change):
    _booking, sale = ready_sale(s)
    paid = tender(s, sale, "card", 4500)["tender_id"]
    close(s, sale)

    with refused(s, "This sale is closed; a closed sale is never changed", InvalidTransition):
        CHANGES_TO_A_CLOSED_SALE[change](s, sale, first_line(sale), paid)


# --- void ---------------------------------------------------------------------------------


def test_void_an_open_ticket_and_open_it_again(s):
    booking, sale = ready_sale(s)

    checkout.void_sale(s.salon, sale, by=s.desk, reason="Opened by mistake")

    row = Sale.get_by_id(sale)
    assert (row.status, row.signoff_action) == ("void", "voided: Opened by mistake")
    assert Booking.get_by_id(booking).status == "ready"
    assert checkout.open_sale(s.salon, by=s.desk, booking_id=booking) != sale


def test_void_refused_while_payments_are_on_the_ticket(s):
    _booking, sale = ready_sale(s)
    tender(s, sale, "card", 4500)

    with refused(s, "Take the payments off first", InvalidInput):
        checkout.void_sale(s.salon, sale, by=s.desk, reason="Wrong client")


def test_void_refused_without_a_reason(s):
    _booking, sale = ready_sale(s)

    with refused(s, "Please write the reason", InvalidInput):
        checkout.void_sale(s.salon, sale, by=s.desk, reason="")


# --- the whole checkout in the journal ----------------------------------------------------


def test_full_checkout_with_split_tenders_writes_the_expected_journal(s):
    give_credit(s)  # €15.00 of credit from an earlier cancelled booking
    booking = book(s, 11, services=[s.colour, s.cut])
    assert Booking.get_by_id(booking).deposit_due == 3900  # 20 % of €195.00
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="DEP-1")
    agree_note(s, booking)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    checkout.set_tip(s.salon, sale, s.stylist, 1000, by=s.desk)
    checkout.set_tip(s.salon, sale, s.stylist2, 500, by=s.desk)
    checkout.record_signoff(s.salon, sale, by=s.desk, matches=True)
    assert sale_view(s.salon, sale).remaining == 22800 - 3900
    tender(s, sale, "credit", 1500)
    tender(s, sale, "card", 10000, reference="AUTH-77")
    tender(s, sale, "cash", 8000)
    first_seq = JournalEntry.select().count() + 1

    result = close(s, sale)

    assert result == {"sale_id": sale, "receipt_no": 1, "change": 600, "rounding": 0,
                      "deposit_applied": 3900, "deposit_excess": 0, "vouchers": []}
    entries = [(e.kind, e.amount, e.method, e.category, e.tax_rate_bp, e.tax_amount, e.stylist)
               for e in journal(sale=sale)]
    assert entries == [
        ("sale_income", 1800, "", "retail", 2300, 337, None),
        ("sale_income", 4500, "", "service", 1350, 535, None),
        ("sale_income", 15000, "", "service", 2300, 2805, None),
        ("tip", 1000, "", "", 0, 0, s.stylist),
        ("tip", 500, "", "", 0, 0, s.stylist2),
        ("deposit_applied", 3900, "", "", 0, 0, None),
        ("payment", 1500, "credit", "", 0, 0, None),
        ("payment", 10000, "card", "", 0, 0, None),
        ("payment", 8000, "cash", "", 0, 0, None),
        ("change_given", 600, "cash", "", 0, 0, None),
    ]
    assert [e.seq for e in journal(sale=sale)] == list(range(first_seq, first_seq + 10))
    assert {(e.client, e.staff) for e in journal(sale=sale)} == {(s.client, s.desk)}
    assert journal(kind="payment", method="card")[0].reference == "AUTH-77"
    row = Sale.get_by_id(sale)
    assert (row.total, row.tax, row.tips, row.change, row.deposit_applied) == (
        21300, 3677, 1500, 600, 3900)
    assert Client.get_by_id(s.client).credit_balance == 0
    assert balances.deposit_held(s.salon, booking) == 0
    # The credit's cash deposit:
    assert expected_cash(s.salon, date(2026, 3, 20)) == 1500 + 8000 - 600
    assert_books_balance(s)


def test_the_cash_asked_for_is_the_rounded_amount_that_closes_the_sale(s):
    salon_setup.change_settings(s.salon, s.manager, cash_rounding_increment=5)
    sale = walk_in(s)
    checkout.change_line(s.salon, sale, first_line(sale), by=s.desk, reason="Sample size",
                         unit_price=1698, approved_by=s.manager)

    view = sale_view(s.salon, sale)
    assert (view.remaining, view.cash_to_pay) == (1698, 1700)
    tender(s, sale, "cash", 1698)
    with refused(s, "€0.02 still to pay in cash \\(rounded\\)", InvalidInput):
        close(s, sale)
    tender(s, sale, "cash", 2)

    assert close(s, sale)["rounding"] == 2
    assert_books_balance(s)


def test_a_price_cut_and_a_discount_together_cannot_pass_the_threshold_unapproved(s):
    _booking, sale = ready_sale(s)  # a €45.00 cut; the stylist may take off 10 % alone
    line = first_line(sale)
    checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Fringe only", unit_price=4050)

    with refused(s, "A discount this large needs a manager's approval", NotAllowed):
        checkout.discount_line(s.salon, sale, line, by=s.stylist, reason="Loyalty", percent_bp=1000)
    checkout.discount_line(s.salon, sale, line, by=s.stylist, reason="Loyalty", percent_bp=1000,
                           approved_by=s.manager)

    assert SaleLine.get_by_id(line).approved_by_id == s.manager


def test_lowering_a_price_a_manager_raised_needs_no_new_approval(s):
    _booking, sale = ready_sale(s)
    line = first_line(sale)
    checkout.change_line(s.salon, sale, line, by=s.stylist, reason="Very long hair",
                         unit_price=6000, approved_by=s.manager)

    checkout.discount_line(s.salon, sale, line, by=s.stylist, reason="Regular", amount=500)

    assert SaleLine.get_by_id(line).discount == 500
