"""`verify` reads a long journal in parts, in worker processes of their own: each part's
hashes, links, balances, days and sales, joined after. Whatever was done to the file, the
parts must say exactly what one pass over the whole says — the same problems at the same
entries; here the parts are forced small on a salon of a few days."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest

from salon_pos.domain.journal import Entry, Kind, entry_hash
from salon_pos.services.kernel.ledger import RawReader
from salon_pos.services.operations import cash_drawer, checkout, day_close
from salon_pos.services.views import verify as verifying
from salon_pos.store.models import JournalEntry, Sale
from salon_pos.store.schema import SQLITE_JOURNAL_GUARDS
from tests.services.helpers import book_with_deposit, close, tender, to_ready
from tests.services.test_day_close import TODAY, a_full_day, at_time

GUARDS = ("journal_entry_no_update", "journal_entry_no_delete")


def a_second_day(s) -> None:
    """The next day: the drawer, three paid bookings with deposits, tips and change, the
    count and the close; then a sale on the third day, not yet closed."""
    day = TODAY + timedelta(days=1)
    at_time(s, 9, day=day)
    cash_drawer.open_drawer(s.salon, 5000, by=s.desk)
    for hour in (10, 12, 15):
        booking = book_with_deposit(s, hour, days=1, method="cash" if hour == 12 else "card")
        at_time(s, hour, day=day)
        to_ready(s, booking)
        sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
        checkout.set_tip(s.salon, sale, s.stylist, 500, by=s.desk)
        tender(s, sale, "card", 4000, reference=f"AUTH-{hour}")
        tender(s, sale, "cash", 3000)
        close(s, sale)
    at_time(s, 17, day=day)
    cash_drawer.count_drawer(s.salon, 14000, by=s.desk)
    day_close.close_day(s.salon, day, approved_by=s.manager)
    at_time(s, 10, day=day + timedelta(days=1))
    booking = book_with_deposit(s, 11, days=2)
    at_time(s, 11, day=day + timedelta(days=1))
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    tender(s, sale, "card", 6000, reference="AUTH-3")
    close(s, sale)


@pytest.fixture
def days(s):
    """Three days of a salon, two of them closed, and the journal they wrote."""
    a_full_day(s)
    at_time(s, 18)
    day_close.close_day(s.salon, TODAY, approved_by=s.manager)
    a_second_day(s)
    return s


def in_parts(monkeypatch, per_process: int, *, processes: bool = False) -> None:
    """Every journal read in parts: two workers with `per_process` parts each — real
    processes, or (the default, quicker) the parts read one after the other here."""
    monkeypatch.setattr(verifying, "PARTS_FROM", 1)
    monkeypatch.setattr(verifying, "_processes", lambda: 2)
    monkeypatch.setattr(verifying, "PARTS_PER_PROCESS", per_process)
    if not processes:
        monkeypatch.setattr(verifying, "database_spec", lambda database: None)


def whole_and_in_parts(s, monkeypatch, per_process: int, **how) -> tuple:
    whole = verifying.verify(s.salon, **how)
    with monkeypatch.context() as patch:
        in_parts(patch, per_process)
        parts = verifying.verify(s.salon, **how)
    return whole, parts


def by_hand(s, *statements: str) -> None:
    """The journal's guards dropped, the statements run, the guards put back."""
    with closing(sqlite3.connect(s.salon.database.database)) as raw, raw:
        for statement in [*(f"DROP TRIGGER IF EXISTS {guard}" for guard in GUARDS),
                          *statements, *SQLITE_JOURNAL_GUARDS.values()]:
            raw.execute(statement)


def last_seq() -> int:
    return JournalEntry.select().order_by(JournalEntry.seq.desc()).first().seq


def second_part_starts(s, monkeypatch, per_process: int) -> int:
    """The first entry of the second half's first part, as verify splits this journal."""
    with monkeypatch.context() as patch:
        in_parts(patch, per_process)
        parts = verifying._parts(s.salon)
    return parts[len(parts) // 2][0]


def entry(seq: int) -> Entry:
    (row,) = RawReader(verifying.db.obj).journal(seq, seq)
    return Entry(*row)


def relinked(seq: int, prev_hash: str) -> str:
    """The entry made to link to `prev_hash`, its own hash made to match."""
    forged = entry(seq)
    forged.prev_hash = prev_hash
    return (f"UPDATE journal_entry SET prev_hash = '{prev_hash}', "
            f"hash = '{entry_hash(prev_hash, forged)}' WHERE seq = {seq}")


def first_sale() -> int:
    return Sale.select(Sale.id).where(Sale.receipt_no.is_null(False)).order_by(Sale.id).first().id


def copied_sale() -> str:
    """A closed sale made by hand, with no entry in the journal."""
    columns = [field.column_name for field in Sale._meta.sorted_fields
               if field.name not in ("id", "receipt_no")]
    return (f"INSERT INTO sale ({', '.join(columns)}) SELECT {', '.join(columns)} FROM sale "
            f"WHERE id = {first_sale()}")


TAMPERINGS = {
    "nothing": lambda s: [],
    "an amount, late on": lambda s: [
        f"UPDATE journal_entry SET amount = amount + 1 WHERE seq = {last_seq() - 3}"],
    "an entry deleted": lambda s: [f"DELETE FROM journal_entry WHERE seq = {last_seq() // 2}"],
    "two entries swapped": lambda s: [
        f"UPDATE journal_entry SET seq = -1 WHERE seq = {last_seq() // 3}",
        f"UPDATE journal_entry SET seq = {last_seq() // 3} WHERE seq = {last_seq() // 3 + 1}",
        f"UPDATE journal_entry SET seq = {last_seq() // 3 + 1} WHERE seq = -1"],
    "a link": lambda s: [relinked(last_seq() // 2 + 1, "0" * 64)],
    "a deposit applied grown": lambda s: [
        "UPDATE journal_entry SET amount = amount + 5000 WHERE seq = (SELECT MAX(seq) FROM "
        f"journal_entry WHERE kind = '{Kind.DEPOSIT_APPLIED}')"],
    "an entry put on a closed day": lambda s: [
        f"UPDATE journal_entry SET business_day = '{TODAY}' WHERE seq = {last_seq()}"],
    "a tender": lambda s: [f"UPDATE sale_tender SET amount = amount - 100 WHERE sale_id = "
                           f"{first_sale()} AND method = 'cash'"],
    "a line": lambda s: ["UPDATE sale_line SET description = 'Balayage'"],
    "a sale's total": lambda s: [f"UPDATE sale SET total = total + 1 WHERE id = {first_sale()}"],
    "a sale deleted": lambda s: [
        *(f"DELETE FROM {table} WHERE sale_id = {first_sale()}"
          for table in ("sale_tip", "sale_tender", "sale_line")),
        f"DELETE FROM sale WHERE id = {first_sale()}"],
    "a sale closed that never was": lambda s: [copied_sale()],
    "a client's credit": lambda s: [f"UPDATE client SET credit_balance = 1 WHERE id = "
                                    f"{s.client}"],
    "a Z report's figure, and its seal": lambda s: [
        "UPDATE business_day SET z_report = replace(z_report, '\"change_given\": 500', "
        "'\"change_given\": 400')"],
    "a booking's client": lambda s: [f"UPDATE booking SET client_id = {s.client} + 1000"],
}


@pytest.mark.sqlite_only(reason="tampers through raw sqlite3 on the file")
@pytest.mark.parametrize("per_process", [1, 3, 9])
@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_the_journal_in_parts_says_what_it_says_whole(days, monkeypatch, tampering,
                                                      per_process):
    by_hand(days, *TAMPERINGS[tampering](days))
    whole, parts = whole_and_in_parts(days, monkeypatch, per_process)

    assert parts == whole
    assert whole.ok == (tampering == "nothing"), whole.problems


@pytest.mark.sqlite_only(reason="tampers through raw sqlite3 on the file")
def test_the_anchor_is_checked_in_parts(days, monkeypatch):
    seal = JournalEntry.select().where(JournalEntry.kind == Kind.DAY_CLOSED).order_by(
        JournalEntry.seq).first()
    for anchor in [(seal.seq, seal.hash), (seal.seq, "0" * 64), (10**9, seal.hash)]:
        whole, parts = whole_and_in_parts(days, monkeypatch, 4, anchor=anchor)
        assert parts == whole


@pytest.mark.sqlite_only(reason="tampers through raw sqlite3 on the file")
def test_an_entry_altered_in_the_second_half_is_found_by_its_worker_with_its_seq(
        days, monkeypatch):
    seq = last_seq() - 5
    by_hand(days, f"UPDATE journal_entry SET memo = 'hush' WHERE seq = {seq}")
    in_parts(monkeypatch, 2, processes=True)

    result = verifying.verify(days.salon)

    assert (seq, f"entry {seq} was altered after it was written") in result.problems
    assert result.entries == last_seq()


@pytest.mark.sqlite_only(reason="tampers through raw sqlite3 on the file")
def test_a_link_broken_between_two_workers_ranges_is_found(days, monkeypatch):
    """The last entry of the first worker's range rewritten, its own hash made to match:
    the second worker's first entry no longer links to it."""
    seq = second_part_starts(days, monkeypatch, 1)  # two parts: one per worker
    forged = entry(seq - 1)
    forged.amount += 1000
    by_hand(days, f"UPDATE journal_entry SET amount = {forged.amount}, hash = "
                  f"'{entry_hash(forged.prev_hash, forged)}' WHERE seq = {seq - 1}")
    in_parts(monkeypatch, 1, processes=True)

    problems = verifying.verify(days.salon).problems
    assert problems[0] == (seq, f"entry {seq} does not link to the entry before")
    assert [seq for seq, _message in problems if seq] == [seq]


def test_worker_processes_read_the_journal_as_this_one_does(days, monkeypatch):
    """On SQLite and PostgreSQL alike: each worker opens the database for itself."""
    whole = verifying.verify(days.salon)
    in_parts(monkeypatch, 3, processes=True)

    assert verifying.verify(days.salon) == whole
    assert whole.ok and whole.entries == last_seq()
