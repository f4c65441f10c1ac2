"""Hole 3 of the trust boundary: closed sales, bookings and closed days edited by hand in
the database file. `verify` rebuilds each closed sale from its journal entries and its
seal, each booking the journal names, and each closed day's Z figures; `--anchor` proves
the journal up to a printed seal; a receipt is reprinted only from vouched-for figures."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.journal import Kind, entry_hash
from salon_pos.services.kernel.ledger import journal_entries
from salon_pos.services.operations import day_close
from salon_pos.services.views.closed_sales import SaleNotVouched
from salon_pos.services.views.receipts import receipt_of_sale
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.models import JournalEntry
from salon_pos.store.schema import SQLITE_JOURNAL_GUARDS
from tests.services.test_tampering import checkout_with_deposit, seq_of

pytestmark = pytest.mark.sqlite_only(reason="edits the file by hand, through raw sqlite3")

GUARDS = ("journal_entry_no_update", "journal_entry_no_delete")


def by_hand(s, *statements: str) -> None:
    with closing(sqlite3.connect(s.salon.database.database)) as raw, raw:
        for statement in statements:
            raw.execute(statement)


def messages(s, **how) -> list[str]:
    return [message for _seq, message in verify(s.salon, **how).problems]


@pytest.mark.parametrize(("edit", "said"), [
    ("UPDATE sale_line SET unit_price = 8500, description = 'Balayage' "
     "WHERE category = 'service'", "was changed after it closed"),
    ("UPDATE sale_line SET discount_reason = 'staff friend'", "was changed after it closed"),
    ("UPDATE sale_tender SET amount = amount - 2000 WHERE method = 'cash'",
     "does not match its journal entries (payment)"),
    ("UPDATE sale_tender SET method = 'card' WHERE method = 'cash'",
     "does not match its journal entries (payment)"),
    ("UPDATE sale_tender SET reference = 'T-999' WHERE method = 'card'",
     "does not match its journal entries (payment)"),
    ("UPDATE sale SET change = change + 500", "does not match its journal entries"),
    ("UPDATE sale SET deposit_applied = 0", "does not match its journal entries"),
    ("UPDATE sale_tip SET amount = 2500", "does not match its journal entries"),
    ("UPDATE sale SET client_id = NULL", "does not match its journal entries"),
    ("UPDATE sale SET receipt_no = 77", "was changed after it closed"),
], ids=["line price and description", "reason", "tender amount", "tender method",
        "tender reference", "change", "deposit applied", "tips", "client", "receipt number"])
def test_every_field_of_a_closed_sale_edited_by_hand_is_named_and_not_reprinted(s, edit, said):
    sale = checkout_with_deposit(s)["sale_id"]
    receipt_of_sale(s.salon, sale)  # prints while it is as it was closed

    by_hand(s, edit)

    assert any(message.startswith(f"sale {sale} {said}") for message in messages(s))
    with pytest.raises(SaleNotVouched, match="do not match the journal"):
        receipt_of_sale(s.salon, sale)


def test_a_deleted_booking_that_held_a_deposit_is_named(s):
    from salon_pos.services.operations import bookings, deposits

    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=2), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1900)

    by_hand(s, f"DELETE FROM booked_service WHERE booking_id = {booking}",
            f"DELETE FROM booking WHERE id = {booking}")

    assert messages(s) == [f"booking {booking} is in the journal but was deleted outside "
                           "Salon POS"]


def test_a_booking_moved_to_another_client_by_hand_is_named(s):
    from salon_pos.services.operations import bookings, clients, deposits

    other = clients.add_client(s.salon, "Ciara Other", by=s.desk)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=2), service_ids=[s.colour],
                            by=s.desk)
    deposits.take_deposit(s.salon, booking, by=s.desk, method="cash", amount=1900)

    by_hand(s, f"UPDATE booking SET client_id = {other} WHERE id = {booking}")

    assert messages(s) == [f"booking {booking} is for client {other} but the journal says "
                           f"client {s.client}"]


def rehash_from(s, first_seq: int) -> None:
    """What an attacker holding the file can do: give every entry from `first_seq` on the
    hash it now should have, so the chain reads as unbroken."""
    entries = list(journal_entries(s.salon))
    prev = next(e.hash for e in entries if e.seq == first_seq - 1)
    statements = [f"DROP TRIGGER IF EXISTS {guard}" for guard in GUARDS]
    for entry in entries:
        if entry.seq < first_seq:
            continue
        entry.prev_hash = prev
        prev = entry_hash(prev, entry)
        statements.append(f"UPDATE journal_entry SET prev_hash = '{entry.prev_hash}', "
                          f"hash = '{prev}' WHERE seq = {entry.seq}")
    by_hand(s, *statements)


def close_the_day(s) -> tuple[int, str]:
    """Close the fixture's day; the anchor printed on its Z report."""
    checkout_with_deposit(s)
    day_close.close_day(s.salon, s.salon.today(), approved_by=s.manager)
    seal = day_close.seal_of(s.salon, s.salon.today())
    return seal.seq, seal.hash


def test_a_frozen_z_rewritten_with_its_seal_and_the_chain_is_caught_by_recomputing_it(s):
    anchor = close_the_day(s)
    first_cash = seq_of(Kind.PAYMENT, method="cash")
    # The cash taken lowered everywhere it is written, then the chain re-hashed after it.
    by_hand(s, *[f"DROP TRIGGER {guard}" for guard in GUARDS],
            f"UPDATE journal_entry SET amount = amount - 1000 WHERE seq = {first_cash}",
            "UPDATE sale_tender SET amount = amount - 1000 WHERE method = 'cash'",
            "UPDATE sale SET change = change - 1000")
    rehash_from(s, first_cash)

    said = messages(s)
    assert "the Z report of 2026-03-20 was changed after the close" not in said
    assert any(message.startswith("the Z report of 2026-03-20 does not match its journal "
                                  "entries (tenders") for message in said)
    seq, printed = anchor
    assert (seq, f"entry {seq} is not the one the anchor was printed from: the journal up "
                 "to it was rewritten") in verify(s.salon, anchor=anchor).problems


def test_an_old_entry_rewritten_and_the_chain_rehashed_passes_verify_but_not_the_anchor(s):
    anchor = close_the_day(s)
    by_hand(s, *[f"DROP TRIGGER {guard}" for guard in GUARDS],
            "UPDATE journal_entry SET reference = 'T-000' WHERE reference = 'T-100'")
    rehash_from(s, seq_of(Kind.DEPOSIT_TAKEN, method="card"))
    by_hand(s, *SQLITE_JOURNAL_GUARDS.values())  # as they were: nothing looks touched

    assert verify(s.salon).ok  # what the chain alone cannot tell: the whole chain was redone
    seq, _ = anchor
    assert verify(s.salon, anchor=anchor).problems == (
        (seq, f"entry {seq} is not the one the anchor was printed from: the journal up to it "
              "was rewritten"),)


def test_the_anchor_is_checked_from_the_command_line(s, capsys):
    seq, digest = close_the_day(s)
    database = s.salon.database.database
    close_database()

    assert main(["--db", database, "verify", "--anchor", f"{seq}:{digest}"]) == 0
    assert f"entry {seq} is the one printed" in capsys.readouterr().out
    assert main(["--db", database, "verify", "--anchor", f"{seq}:{'0' * 64}"]) == 1
    assert "not the one the anchor was printed from" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(["--db", database, "verify", "--anchor", "twelve"])
    assert refused.value.code == 2 and "SEQ:HASH" in capsys.readouterr().err


def test_an_untouched_salon_day_passes_every_check(s):
    anchor = close_the_day(s)

    assert verify(s.salon, anchor=anchor).ok
    assert JournalEntry.select().where(JournalEntry.kind == Kind.SALE_SEALED).count() == 1
