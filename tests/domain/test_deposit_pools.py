"""A deposit's money by way of payment, replayed from its journal entries."""

from datetime import date, datetime

from salon_pos.domain.deposit_pools import deposit_pools
from salon_pos.domain.journal import Entry, Kind


def entry(kind: Kind, amount: int, method: str = "") -> Entry:
    return Entry(seq=0, at=datetime(2026, 3, 20, 9), business_day=date(2026, 3, 20),
                 kind=kind, amount=amount, method=method)


def test_what_goes_back_goes_back_the_latest_payment_first():
    pools = deposit_pools([entry(Kind.DEPOSIT_TAKEN, 500, "cash"),
                           entry(Kind.DEPOSIT_TAKEN, 1000, "card")])
    assert pools.split("held", 1200) == [("card", 1000), ("cash", 200)]


def test_money_moved_to_credit_is_no_longer_there_to_refund():
    pools = deposit_pools([
        entry(Kind.DEPOSIT_TAKEN, 1500, "cash"),
        entry(Kind.DEPOSIT_TO_CREDIT, 1500),
        entry(Kind.DEPOSIT_TAKEN, 1000, "card"),
        entry(Kind.DEPOSIT_TAKEN, 500, "cash"),
    ])
    assert pools.split("held", 1500) == [("cash", 500), ("card", 1000)]


def test_a_kept_fee_and_an_applied_deposit_remember_how_they_were_paid():
    fee = deposit_pools([entry(Kind.DEPOSIT_TAKEN, 1000, "cash"),
                         entry(Kind.DEPOSIT_TAKEN, 500, "card"),
                         entry(Kind.DEPOSIT_FORFEITED, 1500)])
    assert fee.held == [] and fee.split("fee", 1500) == [("card", 500), ("cash", 1000)]
    applied = deposit_pools([entry(Kind.DEPOSIT_TAKEN, 1000, "card"),
                             entry(Kind.DEPOSIT_APPLIED, 600)])
    assert applied.split("applied", 600) == [("card", 600)]
    assert applied.split("held", 400) == [("card", 400)]


def test_a_fee_given_back_by_one_way_leaves_the_rest():
    pools = deposit_pools([entry(Kind.DEPOSIT_TAKEN, 1000, "cash"),
                           entry(Kind.DEPOSIT_TAKEN, 500, "card"),
                           entry(Kind.DEPOSIT_FORFEITED, 1500),
                           entry(Kind.FEE_REFUNDED, 500, "card")])
    assert pools.split("fee", 1000) == [("cash", 1000)]
