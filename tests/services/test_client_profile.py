"""The client profile read model: details, no-show record, balances and history, read from
what the operations wrote — and in the same few queries for 3 bookings or 300."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from salon_pos.domain.deposit_outcome import DepositFate
from salon_pos.domain.errors import NotFound
from salon_pos.services.operations import bookings, checkout, clients, house_accounts, notes
from salon_pos.services.views.client_profile import client_profile
from salon_pos.services.views.clients import missed_in_last_year
from tests.services.helpers import (
    agree_note,
    at,
    book,
    book_with_deposit,
    close,
    pay_by_card,
    ready_sale,
    tender,
    to_ready,
)


def no_show(s, hour: int = 10) -> int:
    """A cut with its deposit taken; the client never comes."""
    booking = book_with_deposit(s, hour)
    s.clock.set(at(s, hour, 30))
    bookings.mark_no_show(s.salon, booking, by=s.desk)
    return booking


def test_details_and_an_empty_history(s):
    clients.edit_client(s.salon, s.client, by=s.desk, alerts="Patch test 1 Mar: PPD ok")

    profile = client_profile(s.salon, s.client)

    assert (profile.name, profile.phone, profile.email) == (
        "Zoë Ní Bhriain", "+353 87 123 4567", "zoe@example.ie")
    assert profile.alerts == "Patch test 1 Mar: PPD ok"
    assert profile.deposit_rule == "policy"
    assert (profile.credit_balance, profile.house_balance) == (0, 0)
    assert profile.bookings == profile.notes == profile.sales == ()
    assert not profile.has_house_account


def test_an_unknown_client_is_refused(s):
    with pytest.raises(NotFound):
        client_profile(s.salon, 9999)


def test_a_no_show_keeps_the_deposit_and_counts(s):
    booking = no_show(s)

    profile = client_profile(s.salon, s.client)

    (entry,) = profile.bookings
    assert entry.booking_id == booking
    assert entry.status_label == "a no-show"
    assert entry.deposit.parts == ((DepositFate.KEPT, 1500),)
    assert entry.services == "Cut and finish, Blow-dry"
    assert entry.stylist == "Aoife Stylist"
    assert f"{entry.start:%d %b %H:%M}" == "20 Mar 10:00"  # local time
    assert (profile.no_shows, profile.late_cancels, profile.missed_last_year) == (1, 0, 1)


def test_old_misses_count_all_time_but_not_in_the_last_twelve_months(s):
    s.clock.set(datetime(2024, 6, 3, 9, 0, tzinfo=UTC))
    old = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                        start=datetime(2024, 6, 4, 10, 0, tzinfo=UTC), service_ids=[s.cut],
                        by=s.desk)
    bookings.cancel(s.salon, old, by=s.desk)  # in time: not a miss
    late = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                         start=datetime(2024, 6, 3, 15, 0, tzinfo=UTC), service_ids=[s.cut],
                         by=s.desk)
    bookings.cancel(s.salon, late, by=s.desk)  # late
    s.clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    no_show(s)

    profile = client_profile(s.salon, s.client)

    assert (profile.no_shows, profile.late_cancels, profile.missed_all_time) == (1, 1, 2)
    assert profile.missed_last_year == 1 == missed_in_last_year(s.salon, s.client)
    assert [b.status_label for b in profile.bookings] == [
        "a no-show", "cancelled", "cancelled late"]  # newest first: 4 June, then 3 June


def test_notes_show_what_was_agreed_and_the_outcome(s):
    booking = book(s, 11, services=[s.colour])
    note = agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)
    notes.complete_note(s.salon, note, by=s.stylist, outcome="Copper, even; one more visit")
    unagreed = book(s, 15, services=[s.colour], days=7)
    notes.write_note(s.salon, unagreed, by=s.stylist, expected_result="Ash blonde",
                     price_min=15000, price_max=20000)

    profile = client_profile(s.salon, s.client)

    later, first = profile.notes
    assert (later.expected_result, later.acknowledged_at, later.outcome) == (
        "Ash blonde", None, "")
    assert first.expected_result == "Even copper, two shades lighter"
    assert first.acknowledged_at is not None
    assert first.outcome == "Copper, even; one more visit"
    assert (first.price_min, first.price_max, first.written_by) == (12000, 18000,
                                                                    "Aoife Stylist")


def test_sales_list_receipt_total_and_tenders(s):
    booking = book_with_deposit(s, 10)  # €75.00, €15.00 deposit
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    tender(s, sale, "cash", 2000)
    receipt = pay_by_card(s, sale, 4000)["receipt_no"]
    open_ticket = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    void = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.void_sale(s.salon, void, by=s.desk, reason="Opened by mistake")

    profile = client_profile(s.salon, s.client)

    assert [x.sale_id for x in profile.sales] == [open_ticket, sale]  # void left out
    paid = profile.sales[1]
    assert (paid.receipt_no, paid.status, paid.total, paid.deposit_applied) == (
        receipt, "closed", 7500, 1500)
    assert paid.tenders == (("cash", 2000), ("card", 4000))
    assert f"{paid.when:%d %b}" == "20 Mar"
    (done,) = profile.bookings
    assert (done.status_label, done.deposit.parts) == (
        "paid and closed", ((DepositFate.APPLIED, 1500),))


def test_house_and_credit_movements_with_running_balances(s):
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=10000)
    _booking, sale = ready_sale(s)
    tender(s, sale, "house_account", 4500)
    receipt = close(s, sale)["receipt_no"]
    house_accounts.take_house_payment(s.salon, s.client, 2000, by=s.desk, method="card",
                                      reference="AUTH-1")
    cancelled = book_with_deposit(s, 11, days=3)
    bookings.cancel(s.salon, cancelled, by=s.desk, deposit_to="credit")

    profile = client_profile(s.salon, s.client)

    payment, charge = profile.house_movements
    assert (charge.kind, charge.change, charge.balance, charge.receipt_no) == (
        "payment", 4500, 4500, receipt)
    assert (payment.kind, payment.change, payment.balance, payment.method, payment.reference) \
        == ("house_payment", -2000, 2500, "card", "AUTH-1")
    assert profile.house_balance == 2500 and profile.has_house_account
    (credit,) = profile.credit_movements
    assert (credit.kind, credit.change, credit.balance) == ("deposit_to_credit", 1500, 1500)
    assert profile.credit_balance == 1500


def queries_to_load(s, monkeypatch) -> tuple[int, int]:
    database, count = s.salon.database, [0]
    original = database.execute_sql

    def counting(*args, **kwargs):
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", counting)
    profile = client_profile(s.salon, s.client)
    monkeypatch.setattr(database, "execute_sql", original)
    return count[0], len(profile.bookings)


def test_a_long_history_loads_in_the_same_few_queries(s, monkeypatch):
    book_with_deposit(s, 10)
    few, _ = queries_to_load(s, monkeypatch)
    with s.salon.batch():
        for day in range(1, 300):
            book(s, 10 + day % 8, days=day)

    many, loaded = queries_to_load(s, monkeypatch)

    assert loaded == 300
    assert many == few <= 12
