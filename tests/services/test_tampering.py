"""Tampering with the journal behind the program's back, through raw sqlite3 on the file:
the database refuses it while its triggers stand, and `verify(s.salon)` names what was done once
they have been dropped."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from salon_pos.domain.journal import Kind
from salon_pos.services.operations import bookings, checkout, deposits, notes
from salon_pos.services.views.verify import verify
from salon_pos.store.models import JournalEntry
from tests.conftest import dump

pytestmark = pytest.mark.sqlite_only(reason="tampers through raw sqlite3 on the file")


def checkout_with_deposit(s) -> dict:
    """Colour correction for the client: €30 deposit by card, agreed note, a tip, paid by
    card and cash; the €10 left over from a cancelled booking's deposit is kept as credit."""
    salon = s.salon
    spare = bookings.book(salon, client_id=s.client, stylist_id=s.stylist2,
                          start=s.clock.now() + timedelta(days=3), service_ids=[s.colour],
                          by=s.desk)
    deposits.take_deposit(salon, spare, by=s.desk, method="cash", amount=1000)
    bookings.cancel(salon, spare, by=s.desk, deposit_to="credit")

    booking = bookings.book(salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(minutes=30), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(salon, booking, by=s.desk, method="card", reference="T-100")
    bookings.check_in(salon, booking, by=s.desk)
    note = notes.write_note(salon, booking, by=s.stylist, expected_result="Even copper",
                            limits_and_risks="Ends may stay lighter", price_min=14_000,
                            price_max=16_000)
    notes.acknowledge_note(salon, note, by=s.desk)
    bookings.start_service(salon, booking, by=s.stylist)
    s.clock.advance(hours=2)
    bookings.finish_service(salon, booking, by=s.stylist)
    sale = checkout.open_sale(salon, by=s.desk, booking_id=booking)
    checkout.add_product_line(salon, sale, s.shampoo, by=s.desk)
    checkout.set_tip(salon, sale, s.stylist, 500, by=s.desk)
    checkout.record_signoff(salon, sale, by=s.desk, matches=True)
    checkout.take_tender(salon, sale, by=s.desk, method="card", amount=10_000, reference="T-101")
    checkout.take_tender(salon, sale, by=s.desk, method="cash", amount=6_000)
    result = checkout.close_sale(salon, sale, by=s.desk)
    assert verify(s.salon).ok, verify(s.salon).problems
    return result


def raw(s) -> sqlite3.Connection:
    """A connection of our own to the salon's database file, as a tamperer would open it."""
    return sqlite3.connect(s.salon.database.database)


def seq_of(kind: Kind, **where) -> int:
    query = JournalEntry.select().where(JournalEntry.kind == kind)
    for name, value in where.items():
        query = query.where(getattr(JournalEntry, name) == value)
    return query.order_by(JournalEntry.seq).first().seq


def run_sql(s, *statements: str) -> None:
    with closing(raw(s)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()


# --- (a) the triggers refuse ---------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal_entry SET amount = amount + 100 WHERE seq = 3",
        "UPDATE journal_entry SET memo = 'nothing to see' WHERE seq = 1",
        "UPDATE journal_entry SET amount = 0",
        "DELETE FROM journal_entry WHERE seq = 3",
        "DELETE FROM journal_entry",
    ],
)
def test_database_refuses_to_change_the_journal(s, statement):
    checkout_with_deposit(s)
    before = dump(s.salon)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        run_sql(s, statement)
    assert dump(s.salon) == before
    assert verify(s.salon).ok


def test_database_refuses_through_the_programs_own_connection(s):
    checkout_with_deposit(s)
    connection = s.salon.database.connection()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("UPDATE journal_entry SET amount = 1 WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("DELETE FROM journal_entry WHERE seq = 2")
    assert verify(s.salon).ok


def test_peewee_cannot_change_the_journal_either(s):
    checkout_with_deposit(s)
    with pytest.raises(Exception, match="append-only"), s.salon.writing():
        JournalEntry.update(amount=1).where(JournalEntry.seq == 2).execute()
    assert verify(s.salon).ok


# --- (b) an altered amount is named --------------------------------------------------------


def test_altered_amount_is_named_by_seq(s):
    checkout_with_deposit(s)
    card = seq_of(Kind.PAYMENT, method="card")
    run_sql(
        s,
        "DROP TRIGGER journal_entry_no_update",
        f"UPDATE journal_entry SET amount = amount - 5000 WHERE seq = {card}",
    )
    result = verify(s.salon)
    assert not result.ok
    first_seq, message = result.problems[0]
    assert first_seq == card
    assert message == f"entry {card} was altered after it was written"
    # The sale no longer balances either, and that is reported too.
    assert any("does not match its journal" in m or "was paid" in m
               for _, m in result.problems)


def test_altered_cash_entry_is_named_by_seq(s):
    checkout_with_deposit(s)
    change = seq_of(Kind.CHANGE_GIVEN)
    run_sql(
        s,
        "DROP TRIGGER journal_entry_no_update",
        f"UPDATE journal_entry SET amount = 0 WHERE seq = {change}",
    )
    result = verify(s.salon)
    assert result.problems[0] == (change, f"entry {change} was altered after it was written")


def test_forged_hash_is_still_caught_at_the_next_link(s):
    """Re-hashing the altered entry itself only moves the break to the entry after."""
    checkout_with_deposit(s)
    tip = seq_of(Kind.TIP)
    run_sql(
        s,
        "DROP TRIGGER journal_entry_no_update",
        f"UPDATE journal_entry SET amount = 5, hash = '{'f' * 64}' WHERE seq = {tip}",
    )
    problems = verify(s.salon).problems
    assert problems[0] == (tip, f"entry {tip} was altered after it was written")
    assert (tip + 1, f"entry {tip + 1} does not link to the entry before") in problems


# --- (c) a removed entry is named ----------------------------------------------------------


def test_deleted_middle_entry_is_named_as_a_gap(s):
    checkout_with_deposit(s)
    income = seq_of(Kind.SALE_INCOME)
    last = JournalEntry.select().order_by(JournalEntry.seq.desc()).first().seq
    assert 1 < income < last
    run_sql(
        s,
        "DROP TRIGGER journal_entry_no_delete",
        f"DELETE FROM journal_entry WHERE seq = {income}",
    )
    result = verify(s.salon)
    assert not result.ok
    assert result.entries == last - 1
    assert result.problems[0] == (income + 1, f"entry {income} is missing (found {income + 1})")
    assert (income + 1, f"entry {income + 1} does not link to the entry before") in (
        result.problems
    )


def test_deleted_first_entry_is_named(s):
    checkout_with_deposit(s)
    run_sql(s, "DROP TRIGGER journal_entry_no_delete", "DELETE FROM journal_entry WHERE seq = 1")
    problems = verify(s.salon).problems
    assert (2, "entry 1 is missing (found 2)") in problems


# --- (d) cached balances -------------------------------------------------------------------


def test_changed_credit_balance_is_reported(s):
    checkout_with_deposit(s)
    assert verify(s.salon).ok
    run_sql(s, f"UPDATE client SET credit_balance = credit_balance + 5000 WHERE id = {s.client}")
    result = verify(s.salon)
    assert not result.ok
    assert (0, f"client {s.client}'s credit does not match the journal") in result.problems
    # Only the cache was touched: the chain itself is intact.
    assert all("altered" not in m and "missing" not in m for _, m in result.problems)


def test_changed_house_balance_is_reported(s):
    checkout_with_deposit(s)
    run_sql(s, f"UPDATE client SET house_balance = 2500 WHERE id = {s.client}")
    assert (0, f"client {s.client}'s house account does not match the journal") in (
        verify(s.salon).problems
    )


def test_changed_sale_total_is_reported(s):
    result = checkout_with_deposit(s)
    run_sql(s, f"UPDATE sale SET total = total - 1000 WHERE id = {result['sale_id']}")
    problems = verify(s.salon).problems
    assert any(f"sale {result['sale_id']} does not match its journal entries" == m
               for _, m in problems)


def test_a_removed_guard_is_reported_even_before_anything_is_changed(s):
    checkout_with_deposit(s)
    with closing(raw(s)) as connection, connection:
        connection.execute("DROP TRIGGER journal_entry_no_delete")

    result = verify(s.salon)

    assert result.problems == (
        (0, "the database: it lacks the trigger “journal_entry_no_delete” on journal_entry"),)


def test_a_z_report_changed_after_the_close_is_named_by_its_seal(s):
    from salon_pos.services.operations import day_close as days

    checkout_with_deposit(s)
    days.close_day(s.salon, s.salon.today(), approved_by=s.manager)
    seal = seq_of(Kind.DAY_CLOSED)
    with closing(raw(s)) as connection, connection:
        connection.execute("UPDATE business_day SET z_report = replace(z_report, "
                           "'\"sales_count\": 1', '\"sales_count\": 0')")

    result = verify(s.salon)

    assert result.problems == (
        (seal, "the Z report of 2026-03-20 was changed after the close"),
        (0, "the Z report of 2026-03-20 does not match its journal entries (sales count)"))


def test_reopening_a_closed_day_behind_the_programs_back_is_named_by_its_seal(s):
    from salon_pos.services.operations import day_close as days

    checkout_with_deposit(s)
    days.close_day(s.salon, s.salon.today(), approved_by=s.manager)
    seal = seq_of(Kind.DAY_CLOSED)
    with closing(raw(s)) as connection, connection:
        connection.execute("DELETE FROM business_day")
    # The day is open again to the program: a new deposit lands on it.
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist2,
                            start=s.clock.now() + timedelta(days=2), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash")
    late = JournalEntry.select().order_by(JournalEntry.seq.desc()).first().seq

    result = verify(s.salon)

    assert result.problems == (
        (seal, "the day 2026-03-20 was sealed but is no longer marked closed"),
        (late, f"entry {late} was added to 2026-03-20 after that day was closed"),
    )


def test_a_booking_marked_done_while_still_holding_its_deposit_is_named(s):
    """The deposits-held screen reads only open bookings: verify makes sure no other one
    holds anything."""
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=2), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="card", reference="T-7")
    assert verify(s.salon).ok

    run_sql(s, f"UPDATE booking SET status = 'closed' WHERE id = {booking}")

    problem = f"booking {booking} is paid and closed but still holds a deposit"
    assert (0, problem) in verify(s.salon).problems
