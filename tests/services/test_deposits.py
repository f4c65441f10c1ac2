"""Deposits: the quote and its reasons, taking one, and every way one ends (cancelled in
time or late, no-show, waived, fee given back), each a journal entry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.balances import expected_cash
from salon_pos.services.operations import bookings, catalogue, clients, deposits, salon_setup
from salon_pos.services.views.day_report import (
    day_report,
    deposits_held_by_booking,
    deposits_held_total,
)
from salon_pos.store.models import Booking, Client
from tests.services.helpers import (
    TODAY,
    assert_books_balance,
    book,
    book_with_deposit,
    journal,
    kinds,
    refused,
    to_ready,
)


def quote(s, *services, client=None):
    return deposits.quote_deposit(s.salon, client or s.client, list(services))


def settings(s, **values):
    salon_setup.change_settings(s.salon, s.manager, **values)


def no_show(s, hour: int = 11, days: int = 0) -> int:
    booking = book(s, hour, days=days)
    s.clock.set(datetime(2026, 3, 20 + days, hour, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, booking, by=s.desk)
    return booking


def credit_of(client_id: int) -> int:
    return Client.get_by_id(client_id).credit_balance


# --- the quote says why -------------------------------------------------------------------


def test_quote_below_threshold_needs_no_deposit(s):
    decision = quote(s, s.cut)

    assert decision.amount == 0
    assert decision.explanation == "No deposit is needed for this booking."


def test_quote_at_or_over_threshold_says_so(s):
    decision = quote(s, s.colour)

    assert decision.amount == 3000  # 20 % of €150.00
    assert decision.explanation == (
        "Deposit due: the booking comes to €150.00, at or over the €60.00 threshold."
    )


def test_quote_is_at_least_the_minimum(s):
    settings(s, deposit_threshold=4000)

    assert quote(s, s.cut).amount == 1000  # 20 % would be €9.00


def test_quote_is_at_most_the_maximum(s):
    assert quote(s, s.colour, s.colour).amount == 5000  # 20 % would be €60.00


def test_quote_never_asks_more_than_the_booking_comes_to(s):
    settings(s, deposit_min=5000)
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager, deposit_rule="always")

    assert quote(s, s.blowdry).amount == 3000


def test_quote_for_a_service_that_always_takes_a_deposit(s):
    catalogue.edit_service(s.salon, s.cut, approved_by=s.manager, deposit_rule="always")

    decision = quote(s, s.cut)

    assert decision.amount == 1000
    assert decision.reasons == ("Cut and finish always takes a deposit",)


def test_quote_for_a_service_that_never_takes_one_ignores_the_threshold(s):
    settings(s, deposit_threshold=2000)

    assert quote(s, s.blowdry).amount == 0
    assert quote(s, s.cut).amount == 1000


def test_quote_threshold_counts_when_not_every_service_is_exempt(s):
    decision = quote(s, s.cut, s.blowdry)

    assert decision.amount == 1500
    assert "€75.00, at or over the €60.00 threshold" in decision.explanation


def test_quote_for_a_client_whose_rule_says_always(s):
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager, deposit_rule="always")

    decision = quote(s, s.cut)

    assert decision.amount == 1000
    assert decision.reasons == ("this client's record asks for a deposit on every booking",)


def test_quote_for_a_client_whose_rule_says_never(s):
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager, deposit_rule="never")

    assert quote(s, s.colour).amount == 0


def test_quote_for_a_client_with_a_no_show_in_the_last_year(s):
    no_show(s)

    decision = quote(s, s.blowdry)

    assert decision.amount == 1000
    assert decision.reasons == ("the client missed or cancelled late once in the last 12 months",)


def test_quote_counts_late_cancellations_too(s):
    no_show(s)
    late = book(s, 15)
    bookings.cancel(s.salon, late, by=s.desk)

    assert "missed or cancelled late 2 times" in quote(s, s.cut).explanation


def test_quote_forgets_misses_older_than_a_year(s):
    no_show(s)
    s.clock.advance(days=366)

    assert quote(s, s.cut).amount == 0


def test_quote_history_count_follows_the_setting(s):
    settings(s, deposit_history_count=2)
    no_show(s)

    assert quote(s, s.cut).amount == 0


def test_quote_with_a_fixed_deposit(s):
    settings(s, deposit_kind="fixed", deposit_fixed=2500)

    assert quote(s, s.colour).amount == 2500


def test_quote_with_no_salon_deposit_still_follows_the_client(s):
    settings(s, deposit_kind="none")
    assert quote(s, s.colour).amount == 0

    clients.set_client_terms(s.salon, s.client, approved_by=s.manager, deposit_rule="always")
    assert quote(s, s.cut).amount == 1000


def test_quote_refuses_an_unknown_client(s):
    with pytest.raises(NotFound, match="That client does not exist"):
        deposits.quote_deposit(s.salon, 999, [s.cut])


def test_booking_stores_the_quote(s):
    no_show(s)
    booking = book(s, 11, days=2)

    row = Booking.get_by_id(booking)
    assert row.deposit_due == 1000
    assert "missed or cancelled late once" in row.deposit_reason


# --- take ---------------------------------------------------------------------------------


def test_take_deposit_takes_what_is_due_by_card(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    result = deposits.take_deposit(s.salon, booking, by=s.desk, method="card",
                                   reference="TERM 0042")

    assert result["amount"] == 1500 and result["held"] == 1500
    (entry,) = journal()
    assert (entry.kind, entry.amount, entry.method, entry.reference) == (
        "deposit_taken", 1500, "card", "TERM 0042")
    assert (entry.booking, entry.client, entry.staff) == (booking, s.client, s.desk)
    assert balances.deposit_held(s.salon, booking) == 1500
    assert_books_balance(s)


def test_take_deposit_in_cash_goes_into_the_drawer(s):
    book_with_deposit(s, method="cash", reference="")

    assert expected_cash(s.salon, TODAY) == 1500
    assert_books_balance(s)


def test_take_deposit_in_parts(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    first = deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=500)
    result = deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1")

    assert result == {"seq": first["seq"] + 1, "amount": 1000, "held": 1500}
    assert_books_balance(s)


def test_take_deposit_by_client_credit(s):
    credit = book_with_deposit(s, 11, days=2)
    bookings.cancel(s.salon, credit, by=s.desk, deposit_to="credit")
    booking = book(s, 14, services=[s.cut, s.blowdry], days=3)

    deposits.take_deposit(s.salon, booking, by=s.desk, method="credit")

    assert credit_of(s.client) == 0
    assert balances.deposit_held(s.salon, booking) == 1500
    assert_books_balance(s)


def test_take_deposit_refused_by_credit_the_client_does_not_have(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    with refused(s, "The client does not have that much credit", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="credit")


def test_take_deposit_refused_once_taken(s):
    booking = book_with_deposit(s)

    with refused(s, "deposit has already been taken", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1")


def test_take_deposit_without_amount_refused_when_none_is_due(s):
    booking = book(s, 11)

    with refused(s, "This booking needs no deposit", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1")


def test_take_deposit_of_a_chosen_amount_when_none_is_due_says_why(s):
    booking = book(s, 11)
    with refused(s, "This booking needs no deposit: taking more than is due needs a reason",
                 InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1000)
    with refused(s, "Please write the reason for taking more than is due", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1000,
                              more_than_due="  ")

    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1000,
                          more_than_due="the client asked to leave one")

    assert balances.deposit_held(s.salon, booking) == 1000
    assert journal()[-1].memo == "more than due: the client asked to leave one"


def test_take_deposit_beyond_what_is_still_due_needs_a_reason(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])  # €15.00 due
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1000)

    with refused(s, "Only €5.00 of the deposit is still due: taking more than is due needs a "
                 "reason", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1500)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=500)
    with refused(s, r"This booking's deposit has already been taken \(€15.00 held\): taking "
                 "more than is due needs a reason", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1500)

    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1500,
                          more_than_due="the colour top-up is paid ahead")
    assert balances.deposit_held(s.salon, booking) == 3000
    assert [entry.memo for entry in journal()[-3:]] == [
        "", "", "more than due: the colour top-up is paid ahead"]


def test_take_deposit_refused_beyond_what_the_booking_comes_to(s):
    booking = book_with_deposit(s)

    with refused(s, r"That would hold €80.00, more than the booking comes to \(€75.00\)",
                 InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=6500,
                              more_than_due="the whole bill ahead")


def test_take_deposit_refuses_zero(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    with refused(s, "The deposit must be more than zero", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=0)


def test_take_deposit_refuses_a_house_account(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    with refused(s, "Payment must be by cash, card, client credit", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="house_account")


def test_a_card_deposit_needs_the_reference_unless_the_salon_says_otherwise(s):
    booking = book(s, services=[s.cut, s.blowdry])
    with refused(s, "Type the card terminal's reference", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="card")

    salon_setup.change_settings(s.salon, s.manager, terminal_reference_required=False)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card")

    assert balances.deposit_held(s.salon, booking) == 1500


def test_take_deposit_refuses_a_card_number_as_reference(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    with refused(s, "A card number cannot be kept in the terminal reference", InvalidInput):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="card",
                              reference="4111 1111 1111 1111")


def test_take_deposit_refused_for_a_cancelled_booking(s):
    booking = book(s, 11, services=[s.cut, s.blowdry], days=2)
    bookings.cancel(s.salon, booking, by=s.desk)

    with refused(s, "A deposit cannot be taken: the booking is cancelled", InvalidTransition):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1")


def test_take_deposit_refused_once_ready_for_checkout(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])
    to_ready(s, booking)

    with refused(s, "the booking is ready for checkout", InvalidTransition):
        deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1")


def test_take_deposit_refuses_an_unknown_booking(s):
    with refused(s, "That booking does not exist", NotFound):
        deposits.take_deposit(s.salon, 999, by=s.desk, method="card", reference="T-1")


def test_take_deposit_twice_with_the_same_key_takes_it_once(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    first = deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1",
                                  key="dep-1")
    second = deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1",
                                   key="dep-1")

    assert first == second
    assert kinds() == [("deposit_taken", 1500)]


def test_a_key_cannot_be_reused_for_another_action(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-1", key="k-1")

    with refused(s, "The request key “k-1” was already used for another action", InvalidInput):
        deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="x",
                           key="k-1")


# --- cancellation -------------------------------------------------------------------------


def test_a_key_used_for_one_booking_is_refused_for_another(s):
    first = book(s, 11, services=[s.cut, s.blowdry])
    second = book(s, 14, services=[s.cut, s.blowdry])
    deposits.take_deposit(s.salon, first, by=s.desk, method="cash", key="dbl")

    with refused(s, "already used for another action", InvalidInput):
        deposits.take_deposit(s.salon, second, by=s.desk, method="cash", key="dbl")


def test_cancel_in_time_refunds_deposit_by_the_same_method(s):
    booking = book_with_deposit(s, days=2, method="card", reference="T-1")

    assert bookings.cancel(s.salon, booking, by=s.desk, deposit_to="refund") == "in_time"

    assert kinds() == [("deposit_taken", 1500), ("deposit_refunded", 1500)]
    refund = journal(kind="deposit_refunded")[0]
    assert (refund.method, refund.memo, refund.booking) == ("card", "cancelled in time", booking)
    assert balances.deposit_held(s.salon, booking) == 0
    assert_books_balance(s)


def test_cancel_in_time_refunds_a_deposit_paid_two_ways_by_each_way(s):
    booking = book(s, 11, services=[s.cut, s.blowdry], days=2)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=500)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", amount=1000,
                          reference="T-9")

    bookings.cancel(s.salon, booking, by=s.desk)

    refunds = [(e.method, e.amount) for e in journal(kind="deposit_refunded")]
    assert refunds == [("card", 1000), ("cash", 500)]
    assert expected_cash(s.salon, TODAY) == 0
    assert_books_balance(s)


def test_a_refund_split_never_gives_back_more_by_a_way_than_was_paid_by_it(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=500)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", amount=1000,
                          reference="T-9")

    pools = balances.deposit_pools(s.salon, booking)
    assert pools.split("held", 1200) == [("card", 1000), ("cash", 200)]


def test_cancel_in_time_refunds_a_cash_deposit_from_the_drawer(s):
    booking = book_with_deposit(s, days=2, method="cash", reference="")

    bookings.cancel(s.salon, booking, by=s.desk)

    assert expected_cash(s.salon, TODAY) == 0
    assert_books_balance(s)


def test_cancel_in_time_moves_deposit_to_credit_when_the_client_chooses(s):
    booking = book_with_deposit(s, days=2)

    bookings.cancel(s.salon, booking, by=s.desk, deposit_to="credit")

    assert kinds() == [("deposit_taken", 1500), ("deposit_to_credit", 1500)]
    assert credit_of(s.client) == 1500
    assert_books_balance(s)


def test_cancel_exactly_at_the_window_is_still_in_time(s):
    booking = book_with_deposit(s, 9, days=1)  # 24 h from now

    assert bookings.cancel(s.salon, booking, by=s.desk) == "in_time"


def test_late_cancel_forfeits_deposit(s):
    booking = book_with_deposit(s, 9, days=1)
    s.clock.advance(seconds=1)

    assert bookings.cancel(s.salon, booking, by=s.desk, deposit_to="refund") == "late"

    assert kinds() == [("deposit_taken", 1500), ("deposit_forfeited", 1500)]
    fee = journal(kind="deposit_forfeited")[0]
    assert (fee.memo, fee.tax_amount, fee.tax_rate_bp) == ("late cancellation", 0, 0)
    assert Booking.get_by_id(booking).cancel_kind == "late"
    assert balances.fee_kept(s.salon, booking) == 1500
    assert credit_of(s.client) == 0
    assert_books_balance(s)


def test_late_cancel_keeps_deposit_as_credit_when_the_policy_says_so(s):
    settings(s, late_cancel_keeps="credit")
    booking = book_with_deposit(s, 11)

    assert bookings.cancel(s.salon, booking, by=s.desk) == "late"

    assert kinds() == [("deposit_taken", 1500), ("deposit_to_credit", 1500)]
    assert journal(kind="deposit_to_credit")[0].memo == "late cancellation"
    assert credit_of(s.client) == 1500
    assert_books_balance(s)


def test_cancellation_window_follows_the_setting(s):
    settings(s, cancellation_window_hours=2)
    booking = book_with_deposit(s, 11, minute=1)

    assert bookings.cancel(s.salon, booking, by=s.desk) == "in_time"


def test_late_cancel_without_a_deposit_writes_nothing_to_the_journal(s):
    booking = book(s, 11)

    assert bookings.cancel(s.salon, booking, by=s.desk) == "late"
    assert kinds() == []


# --- no-show ------------------------------------------------------------------------------


def test_no_show_forfeits_deposit_as_a_no_show_fee(s):
    booking = book_with_deposit(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 15, tzinfo=UTC))

    assert bookings.mark_no_show(s.salon, booking, by=s.desk) == 1500

    fee = journal(kind="deposit_forfeited")[0]
    assert (fee.amount, fee.memo, fee.staff) == (1500, "no-show", s.desk)
    assert balances.deposit_held(s.salon, booking) == 0
    assert_books_balance(s)


def test_no_show_refused_before_grace_keeps_the_deposit_held(s):
    booking = book_with_deposit(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 10, tzinfo=UTC))

    with refused(s, "Too early to call this a no-show", InvalidTransition):
        bookings.mark_no_show(s.salon, booking, by=s.desk)
    assert balances.deposit_held(s.salon, booking) == 1500


# --- kept deposit taxable -----------------------------------------------------------------


def test_kept_deposit_is_taxed_when_the_setting_says_so(s):
    settings(s, kept_deposit_taxable=True, kept_deposit_tax_rate_bp=2300)
    booking = book_with_deposit(s, 11)

    bookings.cancel(s.salon, booking, by=s.desk)

    fee = journal(kind="deposit_forfeited")[0]
    assert (fee.amount, fee.tax_rate_bp, fee.tax_amount) == (1500, 2300, 280)  # 1500 × 23/123
    assert_books_balance(s)


def test_no_show_fee_is_taxed_when_the_setting_says_so(s):
    settings(s, kept_deposit_taxable=True, kept_deposit_tax_rate_bp=2300)
    booking = book_with_deposit(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 30, tzinfo=UTC))

    bookings.mark_no_show(s.salon, booking, by=s.desk)

    assert journal(kind="deposit_forfeited")[0].tax_amount == 280


def test_a_waived_fee_takes_its_tax_back_out_of_the_day(s):
    settings(s, kept_deposit_taxable=True, kept_deposit_tax_rate_bp=2300)
    booking = book_with_deposit(s, 11)
    bookings.cancel(s.salon, booking, by=s.desk)

    deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="Flu")

    given_back = journal(kind="fee_refunded")[0]
    assert (given_back.amount, given_back.tax_rate_bp, given_back.tax_amount) == (1500, 2300, 280)
    report = day_report(s.salon, TODAY)
    assert report.tax_by_rate["23%"] == {"net": 0, "tax": 0, "gross": 0}


def test_kept_deposit_rate_alone_does_not_tax_it(s):
    settings(s, kept_deposit_tax_rate_bp=2300)
    booking = book_with_deposit(s, 11)

    bookings.cancel(s.salon, booking, by=s.desk)

    fee = journal(kind="deposit_forfeited")[0]
    assert (fee.tax_rate_bp, fee.tax_amount) == (0, 0)


# --- waive the deposit --------------------------------------------------------------------


def test_manager_waives_deposit_and_it_is_refunded_with_the_reason(s):
    booking = book_with_deposit(s, 11)

    amount = deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                                    reason="Regular for ten years")

    assert amount == 1500
    refund = journal(kind="deposit_refunded")[0]
    assert (refund.amount, refund.method, refund.approved_by, refund.memo) == (
        1500, "card", s.manager, "waived: Regular for ten years")
    row = Booking.get_by_id(booking)
    assert row.deposit_due == 0
    assert row.deposit_reason == "Deposit waived: Regular for ten years"
    assert_books_balance(s)


def test_waived_deposit_can_go_to_credit(s):
    booking = book_with_deposit(s, 11)

    deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                           reason="Goodwill", to="credit")

    assert credit_of(s.client) == 1500
    assert_books_balance(s)


def test_waiving_a_deposit_not_yet_taken_stops_asking_for_one(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])

    assert deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                                  reason="Goodwill") == 0
    assert Booking.get_by_id(booking).deposit_due == 0
    assert kinds() == []


@pytest.mark.parametrize("who", ["stylist", "desk"])
def test_waive_deposit_refused_without_a_manager(s, who):
    booking = book_with_deposit(s, 11)

    with refused(s, "A manager has to approve this", NotAllowed):
        deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=getattr(s, who),
                               reason="Goodwill")


def test_waive_deposit_refused_without_a_reason(s):
    booking = book_with_deposit(s, 11)

    with refused(s, "Please write the reason", InvalidInput):
        deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager, reason=" ")


def test_waive_deposit_refuses_an_unknown_destination(s):
    booking = book_with_deposit(s, 11)

    with refused(s, "refund or as credit", InvalidInput):
        deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                               reason="Goodwill", to="fee")


def test_waive_deposit_refused_for_a_cancelled_booking(s):
    booking = book_with_deposit(s, 11)
    bookings.cancel(s.salon, booking, by=s.desk)

    with refused(s, "Only the deposit of an upcoming booking can be waived", InvalidTransition):
        deposits.waive_deposit(s.salon, booking, by=s.desk, approved_by=s.manager,
                               reason="Goodwill")


# --- waive a fee --------------------------------------------------------------------------


def kept_fee(s) -> int:
    booking = book_with_deposit(s, 11)
    s.clock.set(datetime(2026, 3, 20, 11, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, booking, by=s.desk)
    return booking


def test_manager_waives_fee_and_it_goes_back_the_way_it_was_paid(s):
    booking = kept_fee(s)

    assert deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager,
                              reason="Hospital") == 1500

    back = journal(kind="fee_refunded")[0]
    assert (back.amount, back.method, back.approved_by, back.memo) == (
        1500, "card", s.manager, "fee waived: Hospital")
    assert balances.fee_kept(s.salon, booking) == 0
    assert_books_balance(s)


def test_waived_fee_can_go_to_credit(s):
    booking = kept_fee(s)

    deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="Hospital",
                       method="credit")

    assert credit_of(s.client) == 1500
    assert_books_balance(s)


@pytest.mark.parametrize("who", ["stylist", "desk"])
def test_waive_fee_refused_without_a_manager(s, who):
    booking = kept_fee(s)

    with refused(s, "A manager has to approve this", NotAllowed):
        deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=getattr(s, who),
                           reason="Hospital")


def test_waive_fee_refused_twice(s):
    booking = kept_fee(s)
    deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="Hospital")

    with refused(s, "No fee was kept for this booking", InvalidInput):
        deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="Again")


def test_waive_fee_refused_when_none_was_kept(s):
    booking = book_with_deposit(s, 11)

    with refused(s, "No fee was kept for this booking", InvalidInput):
        deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="Hmm")


def test_waive_fee_refused_without_a_reason(s):
    booking = kept_fee(s)

    with refused(s, "Please write the reason", InvalidInput):
        deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="")


def test_waive_fee_refuses_a_card_number_as_reference(s):
    booking = kept_fee(s)

    with refused(s, "A card number cannot be kept in the terminal reference", InvalidInput):
        deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager,
                           reason="Hospital", reference="4111-1111-1111-1111")


def test_waive_fee_twice_with_the_same_key_gives_back_once(s):
    booking = kept_fee(s)

    first = deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager,
                               reason="Hospital", key="fee-1")
    second = deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager,
                                reason="Hospital", key="fee-1")

    assert first == second == 1500
    assert len(journal(kind="fee_refunded")) == 1


# --- what is held -------------------------------------------------------------------------


def test_deposits_held_show_which_bookings_hold_them(s):
    held = book_with_deposit(s, 11)
    cancelled = book_with_deposit(s, 11, days=2)
    bookings.cancel(s.salon, cancelled, by=s.desk)

    rows = deposits_held_by_booking(s.salon)

    assert [(r["booking_id"], r["held"], r["client"]) for r in rows] == [
        (held, 1500, "Zoë Ní Bhriain")]
    assert deposits_held_total(s.salon) == 1500


def test_a_waived_fee_goes_back_by_each_way_the_deposit_was_paid(s):
    booking = book(s, 11, services=[s.cut, s.blowdry])
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1000)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", amount=500,
                          reference="T-9")
    s.clock.set(datetime(2026, 3, 20, 11, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, booking, by=s.desk)

    deposits.waive_fee(s.salon, booking, by=s.desk, approved_by=s.manager, reason="Flu")

    given_back = [(e.method, e.amount) for e in journal(kind="fee_refunded")]
    assert given_back == [("card", 500), ("cash", 1000)]
    assert expected_cash(s.salon, TODAY) == 0
    assert_books_balance(s)
