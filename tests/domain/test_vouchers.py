"""Voucher codes: random, readable, with a check character that tells a typing mistake
from a code that does not exist; how long a voucher is valid."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.vouchers import ALPHABET, code_hint, expiry_after, new_code, read_code

codes = st.builds(lambda _: new_code(), st.integers())


def test_codes_are_grouped_and_never_repeat():
    drawn = {new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(len(code) == 19 and code.count("-") == 3 for code in drawn)


@given(codes, st.integers(0, 15), st.sampled_from(ALPHABET))
def test_every_single_wrong_character_is_caught(code, position, other):
    plain = read_code(code)
    if plain[position] == other:
        return
    with pytest.raises(InvalidInput, match="typing mistake"):
        read_code(plain[:position] + other + plain[position + 1:])


@given(codes, st.integers(0, 14))
def test_neighbours_swapped_are_caught_but_zero_and_z(code, position):
    plain = read_code(code)
    pair = plain[position:position + 2]
    swapped = plain[:position] + pair[::-1] + plain[position + 2:]
    if swapped == plain or set(pair) == {"0", "Z"}:
        return
    with pytest.raises(InvalidInput, match="typing mistake"):
        read_code(swapped)


@given(codes)
def test_case_spaces_dashes_and_look_alikes_are_forgiven(code):
    plain = read_code(code)
    typed = " ".join(plain.lower()).replace("0", "o").replace("1", "l")
    assert read_code(typed) == plain
    assert code_hint(plain) == plain[-4:]


@pytest.mark.parametrize("typed, message", [
    ("", "Type or scan"), ("ABCD", "not a voucher code"), ("7KQ2-M9XD-40TB-H3P!", "not a "),
])
def test_what_is_not_a_code_says_so(typed, message):
    with pytest.raises(InvalidInput, match=message):
        read_code(typed)


def test_validity_runs_to_the_same_date_years_on():
    assert expiry_after(date(2026, 3, 20), 5) == date(2031, 3, 20)
    assert expiry_after(date(2028, 2, 29), 1) == date(2029, 2, 28)
