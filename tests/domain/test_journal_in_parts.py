"""The journal checked in parts, apart (as `verify`'s worker processes do): the hash chain
and the ledger's replay say of any split exactly what they say of the whole — every
altered, missing, reordered or unlinked entry, every balance below zero, at its seq."""

from __future__ import annotations

from dataclasses import astuple, replace
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from salon_pos.domain.invariants import LedgerReplay, join_replays
from salon_pos.domain.journal import (
    GENESIS_HASH,
    ChainCheck,
    Entry,
    Kind,
    _canonical_text,
    entry_hash,
    fields_text,
    join_parts,
    verify_chain,
)

DAY = date(2026, 3, 20)
T0 = datetime(2026, 3, 20, 9, 0)
KINDS = [Kind.DEPOSIT_TAKEN, Kind.DEPOSIT_APPLIED, Kind.DEPOSIT_REFUNDED,
         Kind.DEPOSIT_TO_CREDIT, Kind.PAYMENT, Kind.HOUSE_PAYMENT, Kind.CHANGE_GIVEN,
         Kind.SALE_INCOME, Kind.TIP, Kind.VOUCHER_SOLD]


def chain(specs: list[dict]) -> list[Entry]:
    entries, prev = [], GENESIS_HASH
    for seq, spec in enumerate(specs, start=1):
        entry = Entry(seq=seq, at=T0 + timedelta(minutes=seq), business_day=DAY,
                      prev_hash=prev, **{"kind": Kind.PAYMENT, "amount": 100, **spec})
        entry = replace(entry, hash=entry_hash(prev, entry))
        entries.append(entry)
        prev = entry.hash
    return entries


def in_parts(entries: list[Entry], cuts: list[int]) -> list[list[Entry]]:
    bounds = [0, *sorted(set(cuts)), len(entries)]
    return [entries[low:high] for low, high in zip(bounds, bounds[1:], strict=False)]


def chain_in_parts(parts: list[list[Entry]], *, rows: bool) -> list[tuple[int, str]]:
    checks = []
    for part in parts:
        check = ChainCheck(part=True)
        for entry in part:
            check.add_row(astuple(entry)) if rows else check.add(entry)
        checks.append(check)
    found = [p for check in checks for p in check.problems]
    found += join_parts((check.first, check.last) for check in checks)
    return sorted((p.seq, p.message) for p in found)


specs = st.lists(st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS),
    "amount": st.integers(min_value=1, max_value=900),
    "method": st.sampled_from(["cash", "card", "credit", "house"]),
    "booking_id": st.sampled_from([None, 1, 2]),
    "client_id": st.sampled_from([None, 1, 2]),
    "reference": st.sampled_from(["", "T-1|x\\y", "voucher:1", "voucher:2"]),
    "memo": st.sampled_from(["", "a|b", "c\\d"]),
}), min_size=1, max_size=14)

# Ways a file can be tampered with: (what, entry index) on the chain as written.
tamperings = st.lists(st.tuples(st.sampled_from(["amount", "delete", "swap", "rehash",
                                                 "relink"]),
                                st.integers(min_value=0, max_value=13)), max_size=3)


def tamper(entries: list[Entry], edits) -> list[Entry]:
    entries = list(entries)
    for what, index in edits:
        if index >= len(entries):
            continue
        if what == "amount":
            entries[index] = replace(entries[index], amount=entries[index].amount + 1)
        elif what == "delete":
            del entries[index]
        elif what == "swap" and index + 1 < len(entries):
            entries[index], entries[index + 1] = entries[index + 1], entries[index]
        elif what == "rehash":  # the altered entry's own hash made to match
            forged = replace(entries[index], amount=1)
            entries[index] = replace(forged, hash=entry_hash(forged.prev_hash, forged))
        elif what == "relink":
            entries[index] = replace(entries[index], prev_hash="f" * 64)
    return entries


@settings(max_examples=300, deadline=None)
@given(specs, tamperings, st.lists(st.integers(min_value=0, max_value=14), max_size=5))
def test_the_chain_in_parts_names_what_the_whole_does(written, edits, cuts):
    entries = tamper(chain(written), edits)
    whole = sorted((p.seq, p.message) for p in verify_chain(entries))
    parts = in_parts(entries, [cut for cut in cuts if cut <= len(entries)])
    assert chain_in_parts(parts, rows=False) == whole
    assert chain_in_parts(parts, rows=True) == whole


def test_a_link_broken_where_two_parts_meet_is_named_at_the_second():
    entries = chain([{}] * 6)
    entries[3] = replace(entries[3], prev_hash="0" * 64)  # 4 no longer follows 3
    assert chain_in_parts(in_parts(entries, [3]), rows=True) == [
        (4, "entry 4 does not link to the entry before"),
        (4, "entry 4 was altered after it was written")]


def test_an_entry_missing_where_two_parts_meet_is_named():
    entries = chain([{}] * 6)
    del entries[3]  # entry 4, the first of the second part
    found = chain_in_parts(in_parts(entries, [3]), rows=True)
    assert (5, "entry 4 is missing (found 5)") in found
    assert (5, "entry 5 does not link to the entry before") in found


def test_an_empty_part_is_passed_over():
    entries = chain([{}] * 6)
    assert chain_in_parts([entries[:2], [], entries[2:]], rows=True) == []


@given(st.lists(st.text(alphabet="ab|\\é ", max_size=6), min_size=4, max_size=4),
       st.sampled_from([T0, T0.replace(microsecond=5), "2026-03-20 09:00:00",
                        "2026-03-20 09:00:00.123456", "not a time"]),
       st.sampled_from([DAY, "2026-03-20"]))
def test_the_row_text_is_the_entrys_canonical_text(texts, at, day):
    method, category, reference, memo = texts
    entry = Entry(seq=7, at=at, business_day=day, kind=Kind.PAYMENT, amount=-5,
                  method=method, booking_id=3, sale_id=None, client_id=0, category=category,
                  reference=reference, memo=memo, prev_hash="a" * 64)
    assert fields_text(*astuple(entry)) == _canonical_text(entry)


def replayed(entries: list[Entry]) -> LedgerReplay:
    replay = LedgerReplay()
    for entry in entries:
        replay.add(entry)
    return replay


def balances(replay: LedgerReplay) -> dict:
    return {name: {key: value for key, value in held.items() if value}
            for name, held in replay.balances.items() if any(held.values())}


@settings(max_examples=300, deadline=None)
@given(specs, st.lists(st.integers(min_value=0, max_value=14), max_size=5))
def test_the_replay_in_parts_is_the_replay_whole(written, cuts):
    entries = chain(written)
    whole = replayed(entries)
    parts = []
    for part in in_parts(entries, [cut for cut in cuts if cut <= len(entries)]):
        replay = LedgerReplay(sales=False)
        for entry in part:
            replay.add(entry)
        parts.append(replay)
    joined = join_replays(parts)
    if joined is None:
        # Money held was below zero where a part that moves it began: only the whole can
        # name every entry after; nothing is lost, verify replays it whole then.
        assert any(value < 0 for _seq, _balance, _key, value in whole.below)
        return
    assert balances(joined) == balances(whole)
    assert joined.below_zero() == whole.below_zero()


def test_money_below_zero_in_a_later_part_is_named_at_its_entry():
    entries = chain([{"kind": Kind.DEPOSIT_TAKEN, "amount": 500, "booking_id": 1,
                      "method": "card"}, {}, {},
                     {"kind": Kind.DEPOSIT_APPLIED, "amount": 900, "booking_id": 1}])
    parts = []
    for part in in_parts(entries, [2]):
        replay = LedgerReplay(sales=False)
        for entry in part:
            replay.add(entry)
        parts.append(replay)
    assert join_replays(parts).below_zero() == [(4, "booking 1 would hold a negative "
                                                    "deposit")]


def test_a_part_beginning_below_zero_sends_the_replay_back_to_the_whole():
    entries = chain([{"kind": Kind.DEPOSIT_APPLIED, "amount": 900, "booking_id": 1},
                     {"kind": Kind.DEPOSIT_TAKEN, "amount": 300, "booking_id": 1,
                      "method": "card"}])
    parts = []
    for part in in_parts(entries, [1]):
        replay = LedgerReplay(sales=False)
        for entry in part:
            replay.add(entry)
        parts.append(replay)
    assert join_replays(parts) is None
