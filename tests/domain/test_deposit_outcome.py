"""What became of a booking's deposit, from its journal entries: the desk sees "applied",
"kept", "refunded" or "credited" once it has ended, and "due" only while it is still due."""

from __future__ import annotations

from salon_pos.domain.deposit_outcome import DepositFate, deposit_outcome

TAKEN = ("deposit_taken", "card", 1500)


def test_nothing_asked_nothing_taken_says_nothing():
    assert deposit_outcome("booked", 0, []).parts == ()


def test_a_deposit_is_due_only_while_the_booking_waits_for_the_client():
    assert deposit_outcome("booked", 1500, []).parts == ((DepositFate.DUE, 1500),)
    for status in ("arrived", "closed", "no_show"):
        assert deposit_outcome(status, 1500, []).parts == ()


def test_part_taken_is_held_and_the_rest_still_due():
    outcome = deposit_outcome("booked", 1500, [("deposit_taken", "cash", 1000)])
    assert outcome.parts == ((DepositFate.DUE, 500), (DepositFate.HELD, 1000))
    assert (outcome.due, outcome.held) == (500, 1000)


def test_applied_at_checkout_is_no_longer_due_nor_held():
    outcome = deposit_outcome("closed", 1500, [TAKEN, ("deposit_applied", "", 1500),
                                               ("payment", "card", 6000)])
    assert outcome.parts == ((DepositFate.APPLIED, 1500),)


def test_larger_than_the_bill_part_applied_the_rest_refunded():
    outcome = deposit_outcome("closed", 1500, [TAKEN, ("deposit_applied", "", 1000),
                                               ("deposit_refunded", "card", 500)])
    assert outcome.parts == ((DepositFate.APPLIED, 1000), (DepositFate.REFUNDED, 500))


def test_kept_as_a_fee_then_given_back_as_credit():
    kept = [TAKEN, ("deposit_forfeited", "", 1500)]
    assert deposit_outcome("no_show", 1500, kept).parts == ((DepositFate.KEPT, 1500),)

    waived = deposit_outcome("no_show", 1500, [*kept, ("fee_refunded", "credit", 1500)])
    assert waived.parts == ((DepositFate.CREDITED, 1500),)


def test_moved_to_credit_or_refunded_on_cancelling():
    assert deposit_outcome("cancelled", 1500, [TAKEN, ("deposit_to_credit", "", 1500)]).parts \
        == ((DepositFate.CREDITED, 1500),)
    assert deposit_outcome("cancelled", 1500, [TAKEN, ("deposit_refunded", "card", 1500)]).parts \
        == ((DepositFate.REFUNDED, 1500),)
