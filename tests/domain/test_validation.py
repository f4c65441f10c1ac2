"""Checks on what people type: names, free text, phones, emails, PINs, search keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.validation import (
    MAX_NAME,
    MAX_TEXT,
    clean_email,
    clean_name,
    clean_phone,
    clean_pin,
    clean_text,
    phone_digits,
    search_key,
)

# --- names --------------------------------------------------------------------------------


def test_clean_name_tidies_spaces_and_normalises():
    assert clean_name("  Zoë   Ní  Bhriain ") == "Zoë Ní Bhriain"
    assert clean_name("Zoe\u0308") == "Zoë"  # NFD in, NFC out
    assert clean_name("Ann\nMarie\tO'Neill") == "Ann Marie O'Neill"
    assert clean_name("Łukasz") == "Łukasz"


@pytest.mark.parametrize("bad", ["", "   ", None, "\n\t"])
def test_clean_name_refuses_empty(bad):
    with pytest.raises(InvalidInput, match="Please type a"):
        clean_name(bad, "client's name")


def test_clean_name_length():
    assert clean_name("a" * MAX_NAME) == "a" * MAX_NAME
    with pytest.raises(InvalidInput, match="too long"):
        clean_name("a" * (MAX_NAME + 1))


@pytest.mark.parametrize("bad", ["Bob\x00", "Bob\x07", "A\x1b[31mB", "Eve\ud800", "X\ue000"])
def test_clean_name_refuses_unprintable(bad):
    with pytest.raises(InvalidInput, match="cannot be printed"):
        clean_name(bad)


@given(st.text(max_size=40))  # NFC may triple a character's length: stay well under the limit
def test_clean_name_output_is_clean_or_refused(value):
    try:
        cleaned = clean_name(value)
    except InvalidInput:
        return
    assert cleaned
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert "\n" not in cleaned and "\t" not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_name(cleaned) == cleaned  # idempotent


# --- free text ----------------------------------------------------------------------------


def test_clean_text_keeps_lines():
    typed = "  Allergic to PPD\nPatch test 12/03  "
    assert clean_text(typed) == "Allergic to PPD\nPatch test 12/03"
    assert clean_text(None) == ""
    assert clean_text("a\tb") == "a\tb"


def test_clean_text_required_and_length():
    with pytest.raises(InvalidInput, match="Please write the reason"):
        clean_text("  ", "reason", required=True)
    assert len(clean_text("x" * MAX_TEXT)) == MAX_TEXT
    with pytest.raises(InvalidInput, match="too long"):
        clean_text("x" * (MAX_TEXT + 1))


def test_clean_text_refuses_control_characters():
    with pytest.raises(InvalidInput, match="cannot be printed"):
        clean_text("before\x00after")


@given(st.text(max_size=300))
def test_clean_text_is_idempotent(value):
    try:
        cleaned = clean_text(value)
    except InvalidInput:
        return
    assert clean_text(cleaned) == cleaned
    assert len(cleaned) <= MAX_TEXT


# --- phones and emails --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept", "digits"),
    [
        ("+353 87 123 4567", "+353 87 123 4567", "353871234567"),
        ("  (01) 555-1234 ", "(01) 555-1234", "015551234"),
        ("087/1234567", "087/1234567", "0871234567"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_clean_phone_accepts(typed, kept, digits):
    assert clean_phone(typed) == kept
    assert phone_digits(kept) == digits


@pytest.mark.parametrize("bad", ["12", "call me", "+353 87 abc", "1234", "++353871234567",
                                 "1" * 31])
def test_clean_phone_refuses(bad):
    with pytest.raises(InvalidInput, match="phone number"):
        clean_phone(bad)


@pytest.mark.parametrize("good", ["zoe@example.ie", "a.b+c@sub.example.co.uk", "  x@y.io "])
def test_clean_email_accepts(good):
    assert clean_email(good) == good.strip()


@pytest.mark.parametrize("bad", ["zoe", "zoe@", "@example.ie", "zoe@example", "a b@c.de",
                                 "a@b@c.de", "x@" + "a" * 250 + ".ie"])
def test_clean_email_refuses(bad):
    with pytest.raises(InvalidInput, match="email"):
        clean_email(bad)


def test_clean_email_empty_is_allowed():
    assert clean_email("") == ""
    assert clean_email(None) == ""


# --- PINs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["1234", "00000000", "987654"])
def test_clean_pin_accepts(good):
    assert clean_pin(good) == good


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "", None, " 1234", "1234\n",
                                 "12 34"])
def test_clean_pin_refuses(bad):
    with pytest.raises(InvalidInput, match="4 to 8 digits"):
        clean_pin(bad)


@given(st.text(alphabet="0123456789", min_size=4, max_size=8))
def test_any_four_to_eight_ascii_digits_is_a_pin(pin):
    assert clean_pin(pin) == pin


# --- search -------------------------------------------------------------------------------


def test_search_key_examples():
    assert search_key("Zoë Ó Briain") == "zoe o briain"
    assert search_key("  ŁUKASZ  ") == "łukasz"  # Ł has no combining mark to strip
    assert search_key("Straße") == "strasse"


@given(st.text(max_size=60))
def test_search_key_is_tidy(value):
    key = search_key(value)
    assert key == key.strip()
    assert "  " not in key
    assert not any(unicodedata.combining(ch) for ch in key)


# --- found while testing --------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["١٢٣٤", "１２３４", "१२३४"])
def test_clean_pin_takes_only_ascii_digits(pin):
    with pytest.raises(InvalidInput):
        clean_pin(pin)


def test_clean_text_accepts_windows_line_endings():
    assert clean_text("Patch test OK\r\nNo PPD") == "Patch test OK\nNo PPD"


def test_clean_name_length_is_counted_after_normalising():
    decomposed = "e\u0301" * MAX_NAME  # two code points each, one character in NFC
    assert clean_name(decomposed) == "\u00e9" * MAX_NAME


def test_clean_name_never_returns_more_than_max_name():
    lengthened = "\u0958" * MAX_NAME  # each becomes two code points in NFC (or refused)
    try:
        cleaned = clean_name(lengthened)
    except InvalidInput:
        return
    assert len(cleaned) <= MAX_NAME


@given(st.text(max_size=60))
@example("𝑨lice")
def test_search_key_is_lower_case_and_stable(value):
    key = search_key(value)
    assert key == key.casefold()
    assert search_key(key) == key
