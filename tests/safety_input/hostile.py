"""Hostile values shared by the bad-input tests, and the one check every call must pass:
refused with a message and nothing changed, or done and the database still consistent."""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from salon_pos.domain.errors import DomainError
from salon_pos.domain.money import MAX_AMOUNT
from salon_pos.services.views.verify import verify
from tests.conftest import dump

# How many hostile inputs ran, and how each ended: printed at the end under `pytest -s`.
TALLY: Counter[str] = Counter()

HOSTILE = settings(
    max_examples=int(os.environ.get("SALON_HYPOTHESIS_EXAMPLES", "35")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

NASTY_STRINGS = (
    "", " ", "\t\n\r", "\x00", "a\x00b", "\x1b[31mred", "\x7f", "\u0085", "\u200b", "\ufeff",
    "\u202eevil", "\ud800", "a\udfffb", "\U0010ffff", "\U000e0001", "\uffff", "😀" * 50,
    "Zoë Ní Bhriain", "'; DROP TABLE client; --", "Robert'); DROP TABLE staff;--",
    "1 OR 1=1", "%", "_", "\\", "\"", "NULL", "None", "null", "<script>alert(1)</script>",
    "${jndi:ldap://x}", "x" * 120, "x" * 121, "é" * 4000, "é" * 4001, "y" * 100_000,
    "\n" * 5000, "e\u0301" * 61, "ﬃ" * 100,
)
NASTY_NUMBERS = (
    "0", "-0", "00", "-1", "1e309", "NaN", "inf", "0x10", "1_000", "٣", "²", "①", "𝟗", "1.",
    ".5", "1,,2", "1..2", "12.345", "1,234.56", "1.234,56", "€12.50", "-€5", "€-5",
    "99999999999999999999", "10000000.01", "10000000.00", "+5", " 5 ",
)
ENORMOUS = (0, -1, 1, MAX_AMOUNT, MAX_AMOUNT + 1, -MAX_AMOUNT, 2**31, 2**63 - 1, 2**63,
            -(2**63), 2**64, 10**30, -(10**30))

# Every unicode plane, surrogates and unassigned code points included.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None,
                         exclude_categories=())
texts = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    st.text(any_char, max_size=40),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=20),
    st.builds(lambda piece, n: piece * n, st.sampled_from(["a", "é", "😀", "\x00", " ", "'"]),
              st.integers(0, 5000)),
    st.sampled_from(NASTY_NUMBERS),
)
amounts = st.one_of(
    st.sampled_from(ENORMOUS),
    st.integers(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(NASTY_NUMBERS),
)


def attempt(salon, operation):
    """Run `operation`: a refusal must carry a message and change nothing; a success must
    leave the journal and its invariants whole. Any other exception fails the test."""
    before = dump(salon)
    TALLY["inputs"] += 1
    try:
        result = operation()
    except DomainError as error:
        assert error.message.strip(), "a refusal without a message"
        assert dump(salon) == before, f"refused ({error.message}) yet the database changed"
        TALLY["refused"] += 1
        return Refused(error.message)
    TALLY["done"] += 1
    checked = verify(salon)
    assert checked.ok, checked.problems
    return result


def tally_since(before: Counter[str], what: str) -> str:
    ran = TALLY - before
    return (f"\n{what}: {ran['inputs']} hostile inputs ({ran['refused']} refused cleanly, "
            f"{ran['done']} accepted and checked)")


class Refused(str):
    """What `attempt` returns for a refusal: its message."""
