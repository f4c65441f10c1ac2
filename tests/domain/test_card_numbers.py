"""The one card-number detector: every 13–19-digit number that passes Luhn is found however
it is written and wherever it is in the text; a number that fails Luhn, and the phones,
dates and amounts a salon writes, are not taken for one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.card_numbers import has_card_number, passes_luhn, refuse_card_number
from salon_pos.domain.errors import InvalidInput

# Text around a card number: words, spaces, line breaks and punctuation, but no digit (it
# would be read with the card's) and no "+" (a number after "+" may be a phone number).
AROUND = st.text(st.characters(codec="utf-8", exclude_categories=("Nd", "Cs"),
                               exclude_characters="+"), max_size=30)
# What splits the groups of a written card number: nothing, one character that is not a
# letter or digit (a dot, dash, slash, …), or spaces.
ONE_SEPARATOR = st.characters(codec="utf-8", exclude_categories=("L", "N", "Cs", "Zl", "Zp"),
                              exclude_characters="\n\r\v\f\x1c\x1d\x1e\x85")
SEPARATOR = st.one_of(st.just(""), ONE_SEPARATOR, st.sampled_from([" ", "  ", "\u00a0", "\t"]))
GROUP_SIZES = st.integers(1, 8)


def luhn_digit(body: str) -> str:
    """The last digit that makes `body` + it pass Luhn."""
    return next(d for d in "0123456789" if passes_luhn(body + d))


@st.composite
def card_numbers(draw, lengths=(13, 19)) -> str:
    """A number a card could carry: 13–19 digits, not starting with 0, passing Luhn."""
    length = draw(st.integers(*lengths))
    body = draw(st.sampled_from("123456789")) + draw(
        st.text("0123456789", min_size=length - 2, max_size=length - 2))
    return body + luhn_digit(body)


@st.composite
def one_digit_wrong(draw, lengths=(13, 19)) -> str:
    """A card number with one digit mistyped: Luhn catches every such mistake."""
    card = draw(card_numbers(lengths))
    at = draw(st.integers(1, len(card) - 1))
    wrong = draw(st.sampled_from([d for d in "0123456789" if d != card[at]]))
    return card[:at] + wrong + card[at + 1:]


@st.composite
def written(draw, digits: str, group_sizes=GROUP_SIZES) -> str:
    """`digits` split into groups, each gap its own separator."""
    groups, rest = [], digits
    while rest:
        size = draw(group_sizes)
        groups.append(rest[:size])
        rest = rest[size:]
    text = groups[0]
    for group in groups[1:]:
        text += draw(SEPARATOR) + group
    return text


def in_text(draw, number: str) -> str:
    """`number` somewhere in a text: at its start, its end, or between words."""
    before, after = draw(AROUND), draw(AROUND)
    return (before + " " if before else "") + number + (" " + after if after else "")


@given(st.data())
def test_a_card_number_is_found_however_and_wherever_it_is_written(data):
    card = data.draw(card_numbers())
    text = in_text(data.draw, data.draw(written(card)))
    assert has_card_number(text), text


@given(st.data())
def test_a_card_number_is_found_with_other_numbers_written_around_it(data):
    """An expiry date and a security code after it, a reference before it."""
    card = data.draw(card_numbers())
    before = data.draw(st.sampled_from(["", "20 ", "7/", "123-", "2026.03.20 "]))
    after = data.draw(st.sampled_from(["", " 12/27", " 12/27 123", "-99", " 0"]))
    text = in_text(data.draw, before + data.draw(written(card, st.just(4))) + after)
    assert has_card_number(text), text


@given(st.data())
def test_a_number_that_fails_luhn_is_not_a_card_number(data):
    unseparated = data.draw(one_digit_wrong())
    assert not has_card_number(in_text(data.draw, unseparated))
    # In groups of four, the usual way: only the whole number is long enough to try.
    grouped = data.draw(written(data.draw(one_digit_wrong((13, 16))), st.just(4)))
    assert not has_card_number(in_text(data.draw, grouped)), grouped


@given(st.lists(st.text("0123456789", min_size=1, max_size=12), max_size=6),
       st.lists(AROUND.filter(lambda word: any(ch.isalpha() for ch in word)), min_size=6,
                max_size=6))
def test_numbers_shorter_than_13_digits_are_not_card_numbers(numbers, words):
    """Prices, times, dates, short phone numbers: each a run of at most 12 digits."""
    text = "".join(f"{number} {word} " for number, word in zip(numbers, words, strict=False))
    assert not has_card_number(text)


@pytest.mark.parametrize("text", [
    "4111 1111 1111 1111", "ref 4111 1111 1111 1111", "4111.1111.1111.1111",
    "4111-1111-1111-1111", "4111/1111/1111/1111", "4111111111111111", "card:4111111111111111.",
    "4111 1111 1111 1111 exp 12/27", "Amex 3782 822463 10005", "+4111 1111 1111 1111",
    "４１１１ １１１１ １１１１ １１１１",  # full-width digits are digits
    "4111 1111 1111 1111 12/27 123",
])
def test_card_numbers_as_people_write_them(text):
    assert has_card_number(text)


@pytest.mark.parametrize("text", [
    "+49 1512 3456789",  # 13 digits after "+": a phone number, Luhn or not
    "+353 87 123 4567", "0044 20 7946 0958", "087 123 4567",
    "Patch test 12/03/2026 - 19/03/2026, 10:30", "€45.00 - €60.00", "7/1 + 8/3 20vol 1:1.5",
    "2026-12-02 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "4111\n1111 1111 1111",  # a line break ends a number
    "4111 1111 1111 1112",  # fails Luhn
    "0411 1111 1111 1111 1",  # no card number starts with 0
])
def test_what_is_not_taken_for_a_card_number(text):
    assert not has_card_number(text)


def test_the_refusal_names_where_the_number_was_to_be_kept():
    assert refuse_card_number("Nut allergy", "the client's alerts") == "Nut allergy"
    with pytest.raises(InvalidInput, match="^A card number cannot be kept in the client's "
                                           "alerts: please remove it.$"):
        refuse_card_number("pays by 4111 1111 1111 1111", "the client's alerts")
