"""The journal's hash chain (tampering shows, naming the entry) and the balances each
kind of entry moves, plus the invariants replayed from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.invariants import replay
from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    DEPOSITS_HELD,
    DRAWER,
    GENESIS_HASH,
    HOUSE_OWED,
    Entry,
    Kind,
    balance_effects,
    canonical,
    entry_hash,
    verify_chain,
)

DAY = date(2026, 3, 20)
T0 = datetime(2026, 3, 20, 9, 0)


def chain(specs: list[dict]) -> list[Entry]:
    """Entries numbered from 1 and properly hash-linked."""
    entries, prev = [], GENESIS_HASH
    for i, spec in enumerate(specs, start=1):
        fields = {"kind": Kind.PAYMENT, "amount": 100, **spec}
        entry = Entry(seq=i, at=T0 + timedelta(minutes=i), business_day=DAY, prev_hash=prev,
                      **fields)
        entry = replace(entry, hash=entry_hash(prev, entry))
        entries.append(entry)
        prev = entry.hash
    return entries


# A checkout: €45 cut with a €9 deposit, €40 cash, €4 change; a tip of €5 by card.
CHECKOUT = [
    {"kind": Kind.DEPOSIT_TAKEN, "amount": 900, "method": "card", "booking_id": 1,
     "client_id": 1},
    {"kind": Kind.SALE_INCOME, "amount": 4500, "sale_id": 1, "client_id": 1,
     "category": "service", "tax_rate_bp": 1350, "tax_amount": 535},
    {"kind": Kind.TIP, "amount": 500, "sale_id": 1, "stylist_id": 3},
    {"kind": Kind.DEPOSIT_APPLIED, "amount": 900, "sale_id": 1, "booking_id": 1,
     "client_id": 1},
    {"kind": Kind.PAYMENT, "amount": 4000, "method": "cash", "sale_id": 1, "client_id": 1},
    {"kind": Kind.PAYMENT, "amount": 500, "method": "card", "sale_id": 1, "client_id": 1,
     "reference": "T-1|x\\y"},
    {"kind": Kind.CHANGE_GIVEN, "amount": 400, "method": "cash", "sale_id": 1},
]


def problems(entries):
    return list(verify_chain(entries))


# --- the chain ----------------------------------------------------------------------------


def test_intact_chain_has_no_problems():
    entries = chain(CHECKOUT)
    assert problems(entries) == []
    assert problems([]) == []
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(len(e.hash) == 64 for e in entries)


@pytest.mark.parametrize("index", range(len(CHECKOUT)))
def test_altered_amount_is_named(index):
    entries = chain(CHECKOUT)
    entries[index] = replace(entries[index], amount=entries[index].amount + 1)
    found = problems(entries)
    assert found, "a changed amount must show"
    assert found[0].seq == index + 1
    assert f"entry {index + 1} was altered" in found[0].message
    # Only that entry is wrong: the ones after still link to its stored hash.
    assert {p.seq for p in found} == {index + 1}


@pytest.mark.parametrize(
    "field",
    ["kind", "method", "memo", "reference", "category", "client_id", "booking_id",
     "tax_amount", "at", "business_day", "staff_id"],
)
def test_altering_any_field_shows(field):
    entries = chain(CHECKOUT)
    target = entries[3]
    new_value = {
        "kind": Kind.DEPOSIT_REFUNDED, "method": "cash", "memo": "hush", "reference": "X",
        "category": "retail", "client_id": 2, "booking_id": 2, "tax_amount": 1,
        "at": target.at + timedelta(seconds=1), "business_day": DAY + timedelta(days=1),
        "staff_id": 9,
    }[field]
    entries[3] = replace(target, **{field: new_value})
    assert [p.seq for p in problems(entries)] == [4]


def test_recomputed_hash_breaks_the_next_link():
    """A forger who fixes the altered entry's own hash still breaks the link after it."""
    entries = chain(CHECKOUT)
    forged = replace(entries[2], amount=1)
    entries[2] = replace(forged, hash=entry_hash(forged.prev_hash, forged))
    found = problems(entries)
    assert found[0].seq == 4
    assert "does not link" in found[0].message


@pytest.mark.parametrize("index", range(len(CHECKOUT)))
def test_removed_entry_is_named(index):
    entries = chain(CHECKOUT)
    del entries[index]
    found = problems(entries)
    if index == len(CHECKOUT) - 1:
        # Removing the newest entry leaves a valid shorter chain: only a count can tell.
        assert found == []
        return
    assert found[0].seq == index + 2
    assert found[0].message == f"entry {index + 1} is missing (found {index + 2})"
    assert any("does not link" in p.message for p in found)


def test_reordered_entries_are_named():
    entries = chain(CHECKOUT)
    entries[2], entries[3] = entries[3], entries[2]
    found = problems(entries)
    assert found[0].seq == 4
    assert "entry 3 is missing" in found[0].message
    assert any(p.seq == 3 for p in found)


def test_renumbered_chain_is_caught():
    entries = chain(CHECKOUT)
    entries = [replace(e, seq=e.seq + 1) for e in entries]
    found = problems(entries)
    assert found[0].seq == 2 and "entry 1 is missing" in found[0].message


def test_entry_hash_depends_on_previous_hash():
    entry = chain(CHECKOUT[:1])[0]
    assert entry_hash(GENESIS_HASH, entry) != entry_hash("1" * 64, entry)


text = st.text(alphabet=st.sampled_from("ab|\\é€\n "), max_size=6)


@given(text, text, text, text)
def test_canonical_text_fields_cannot_be_confused(ref1, memo1, ref2, memo2):
    """Escaping keeps `reference="a|", memo="b"` apart from `reference="a", memo="|b"`."""
    base = chain(CHECKOUT[:1])[0]
    one = replace(base, reference=ref1, memo=memo1)
    two = replace(base, reference=ref2, memo=memo2)
    assert (canonical(one) == canonical(two)) == ((ref1, memo1) == (ref2, memo2))


def test_canonical_is_fixed():
    entry = chain(CHECKOUT[:1])[0]
    assert canonical(entry) == (
        b"1|2026-03-20T09:01:00|2026-03-20|deposit_taken|900|card|1||1|||||0|0||"
    )


def canonical_as_first_written(entry: Entry) -> bytes:
    """The canonical form as it was first written (strftime, join of each field), kept to
    prove the faster one hashes every entry the same: stored hashes must still match."""
    def escaped(value: str) -> str:
        return value.replace("\\", "\\\\").replace("|", "\\|")

    def optional(value) -> str:
        return "" if value is None else str(value)

    return "|".join((
        str(entry.seq), entry.at.strftime("%Y-%m-%dT%H:%M:%S"), entry.business_day.isoformat(),
        entry.kind, str(entry.amount), escaped(entry.method), optional(entry.booking_id),
        optional(entry.sale_id), optional(entry.client_id), optional(entry.stylist_id),
        optional(entry.staff_id), optional(entry.approved_by_id), escaped(entry.category),
        str(entry.tax_rate_bp), str(entry.tax_amount), escaped(entry.reference),
        escaped(entry.memo))).encode("utf-8")


ids = st.none() | st.integers(min_value=1, max_value=2**63 - 1)


@given(st.builds(
    Entry, seq=st.integers(1, 2**63 - 1),
    at=st.datetimes(min_value=datetime(1000, 1, 1)), business_day=st.dates(),
    kind=st.sampled_from(list(Kind)), amount=st.integers(-(2**63), 2**63 - 1),
    method=text, booking_id=ids, sale_id=ids, client_id=ids, stylist_id=ids, staff_id=ids,
    approved_by_id=ids, category=text, tax_rate_bp=st.integers(0, 10_000),
    tax_amount=st.integers(-(2**40), 2**40), reference=text, memo=st.text()))
def test_canonical_is_the_form_first_written_also_from_sqlites_text(entry):
    assert canonical(entry) == canonical_as_first_written(entry)
    # verify hashes SQLite's stored text, as peewee writes it, without parsing it
    stored = replace(entry, at=str(entry.at), business_day=entry.business_day.isoformat())
    assert canonical(stored) == canonical(entry)


# --- balances -----------------------------------------------------------------------------


def effects(kind, amount=100, method="", **fields):
    entry = Entry(seq=1, at=T0, business_day=DAY, kind=kind, amount=amount, method=method,
                  booking_id=fields.pop("booking_id", 7), client_id=fields.pop("client_id", 5),
                  **fields)
    return balance_effects(entry)


@pytest.mark.parametrize(
    ("kind", "method", "expected"),
    [
        (Kind.DEPOSIT_TAKEN, "cash", [(DEPOSITS_HELD, 7, 100), (DRAWER, DAY, 100)]),
        (Kind.DEPOSIT_TAKEN, "card", [(DEPOSITS_HELD, 7, 100)]),
        (Kind.DEPOSIT_TAKEN, "credit", [(DEPOSITS_HELD, 7, 100), (CLIENT_CREDIT, 5, -100)]),
        (Kind.DEPOSIT_APPLIED, "", [(DEPOSITS_HELD, 7, -100)]),
        (Kind.DEPOSIT_REFUNDED, "cash", [(DEPOSITS_HELD, 7, -100), (DRAWER, DAY, -100)]),
        (Kind.DEPOSIT_REFUNDED, "credit", [(DEPOSITS_HELD, 7, -100), (CLIENT_CREDIT, 5, 100)]),
        (Kind.DEPOSIT_FORFEITED, "", [(DEPOSITS_HELD, 7, -100)]),
        (Kind.DEPOSIT_TO_CREDIT, "", [(DEPOSITS_HELD, 7, -100), (CLIENT_CREDIT, 5, 100)]),
        (Kind.FEE_REFUNDED, "cash", [(DRAWER, DAY, -100)]),
        (Kind.PAYMENT, "cash", [(DRAWER, DAY, 100)]),
        (Kind.PAYMENT, "card", []),
        (Kind.PAYMENT, "credit", [(CLIENT_CREDIT, 5, -100)]),
        (Kind.PAYMENT, "house_account", [(HOUSE_OWED, 5, 100)]),
        (Kind.CHANGE_GIVEN, "cash", [(DRAWER, DAY, -100)]),
        (Kind.REFUND_PAID, "cash", [(DRAWER, DAY, -100)]),
        (Kind.REFUND_PAID, "credit", [(CLIENT_CREDIT, 5, 100)]),
        (Kind.REFUND_PAID, "house_account", [(HOUSE_OWED, 5, -100)]),
        (Kind.HOUSE_PAYMENT, "cash", [(HOUSE_OWED, 5, -100), (DRAWER, DAY, 100)]),
        (Kind.HOUSE_PAYMENT, "card", [(HOUSE_OWED, 5, -100)]),
        (Kind.DRAWER_FLOAT, "cash", [(DRAWER, DAY, 100)]),
        (Kind.PAID_IN, "cash", [(DRAWER, DAY, 100)]),
        (Kind.PAID_OUT, "cash", [(DRAWER, DAY, -100)]),
        (Kind.SALE_INCOME, "", []),
        (Kind.TIP, "", []),
        (Kind.CASH_ROUNDING, "cash", []),
        (Kind.DRAWER_COUNT, "cash", []),
        (Kind.DAY_CLOSED, "", []),
    ],
)
def test_balance_effects(kind, method, expected):
    assert effects(kind, method=method) == expected


def test_every_kind_is_known_to_balance_effects():
    for kind in Kind:
        effects(kind, method="cash")  # no KeyError, whatever the kind


# --- invariants replayed ------------------------------------------------------------------


def test_replay_of_a_clean_checkout():
    ledger = replay(chain(CHECKOUT))
    assert ledger.finish() == []
    assert ledger.balance(DEPOSITS_HELD, 1) == 0
    assert ledger.balance(DRAWER, DAY) == 4000 - 400


def test_replay_names_an_unbalanced_sale():
    specs = [dict(s) for s in CHECKOUT]
    specs[4]["amount"] = 3900  # cash short by 1
    found = replay(chain(specs)).finish()
    assert len(found) == 1
    seq, message = found[0]
    assert seq == 7  # the sale's last closing entry
    assert "sale 1 was paid" in message


def test_replay_names_a_negative_deposit():
    specs = [{"kind": Kind.DEPOSIT_TAKEN, "amount": 900, "booking_id": 1, "method": "card"},
             {"kind": Kind.DEPOSIT_REFUNDED, "amount": 900, "booking_id": 1, "method": "card"},
             {"kind": Kind.DEPOSIT_FORFEITED, "amount": 900, "booking_id": 1}]
    assert replay(chain(specs)).finish() == [(3, "booking 1 would hold a negative deposit")]


def test_replay_names_negative_credit_and_house_balance():
    specs = [{"kind": Kind.PAYMENT, "amount": 100, "method": "credit", "client_id": 4},
             {"kind": Kind.HOUSE_PAYMENT, "amount": 50, "method": "card", "client_id": 4}]
    found = replay(chain(specs)).finish()
    assert found == [(1, "client 4 would have negative credit"),
                     (2, "client 4 would owe a negative amount on their house account")]


def test_refunds_do_not_count_against_the_sale_balance():
    specs = [dict(s) for s in CHECKOUT] + [
        {"kind": Kind.REFUND_INCOME, "amount": 4500, "sale_id": 1, "category": "service"},
        {"kind": Kind.REFUND_PAID, "amount": 4500, "method": "card", "sale_id": 1},
    ]
    assert replay(chain(specs)).finish() == []


@given(st.lists(st.tuples(st.sampled_from([Kind.DEPOSIT_TAKEN, Kind.DEPOSIT_APPLIED,
                                           Kind.DEPOSIT_REFUNDED, Kind.DEPOSIT_FORFEITED,
                                           Kind.DEPOSIT_TO_CREDIT]),
                          st.integers(min_value=1, max_value=5000)), max_size=12))
def test_deposit_replay_matches_a_running_sum(moves):
    specs = [{"kind": kind, "amount": amount, "booking_id": 1, "client_id": 2, "method": "card"}
             for kind, amount in moves]
    ledger = replay(chain(specs))
    held, negative_at = 0, []
    for seq, (kind, amount) in enumerate(moves, start=1):
        held += amount if kind == Kind.DEPOSIT_TAKEN else -amount
        if held < 0:
            negative_at.append(seq)
    assert ledger.balance(DEPOSITS_HELD, 1) == held
    assert [seq for seq, _ in ledger.finish()] == negative_at
