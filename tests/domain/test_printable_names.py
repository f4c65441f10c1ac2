"""A name is refused with a character none of the shipped fonts draws, named in the message;
every name our fonts draw is kept, in any script they cover. Lengths have sensible limits."""

from __future__ import annotations

import pytest

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.settings import check_setting
from salon_pos.domain.validation import MAX_NAME, MAX_SHORT_NAME, clean_name, printable


@pytest.mark.parametrize("name", [
    "Siobhán Ó Súilleabháin", "Łukasz Żółkiewski", "Jürgen Großmann", "Nguyễn Thị Hồng",
    "Σοφία Παπαδοπούλου", "Анастасия Иванова", "王芳", "佐藤 さくら", "김민준",
    "O'Neill-Ní Dhuibhir",
])
def test_names_in_the_scripts_our_fonts_draw_are_kept(name):
    assert clean_name(name, "client's name") == name


@pytest.mark.parametrize(("name", "named"), [
    ("Zoë 🌸", "“🌸” (cherry blossom)"),  # named: the screen may draw it as a box too
    ("Maeve 💇‍♀️", "“💇” (haircut)"),
    ("דנה לוי", "“ד” (hebrew letter dalet)"),  # reportlab would print it backwards
    ("Ann\u200dMarie", "The invisible character U+200D (zero width joiner)"),
    ("Eve\u202eevil", "The invisible character U+202E (right-to-left override)"),
])
def test_a_character_no_font_draws_is_refused_by_name(name, named):
    with pytest.raises(InvalidInput) as refusal:
        clean_name(name, "client's name")
    assert refusal.value.message == (
        f"{named} cannot be printed on receipts or shown on every screen; please leave it "
        "out of the client's name.")


def test_printable_follows_the_fonts_table():
    assert printable("a") and printable("Ł") and printable("€") and printable("김")
    assert not printable("\U0001F338") and not printable("\x00") and not printable("\U0010FFFF")


def test_names_have_sensible_lengths():
    assert MAX_NAME == 60 and MAX_SHORT_NAME == 40
    assert clean_name("a" * 40, longest=MAX_SHORT_NAME) == "a" * 40
    with pytest.raises(InvalidInput, match=r"That SKU is too long \(at most 40 characters\)"):
        clean_name("a" * 41, "SKU", longest=MAX_SHORT_NAME)
    with pytest.raises(InvalidInput, match=r"too long \(at most 60 characters\)"):
        clean_name("M" * 61, "client's name")


def test_the_salon_name_and_what_receipts_print_are_checked_too():
    assert check_setting("salon_name", "美发沙龙 Ní Bhriain") == "美发沙龙 Ní Bhriain"
    with pytest.raises(InvalidInput, match="“🌸” .* out of the salon's name"):
        check_setting("salon_name", "Salon 🌸")
    with pytest.raises(InvalidInput, match="“🌸” .* out of the receipt footer"):
        check_setting("receipt_footer", "Thank you!\nSee you soon 🌸")
    with pytest.raises(InvalidInput, match=r"The salon's name is too long \(at most 60"):
        check_setting("salon_name", "S" * 61)
    assert check_setting("receipt_footer", "Go raibh maith agat!\nSlán") == (
        "Go raibh maith agat!\nSlán")
