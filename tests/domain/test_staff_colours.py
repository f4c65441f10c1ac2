"""New staff get the palette's colours in turn, so no two columns of the day book look
alike until the palette runs out — then the colour fewest have."""

from salon_pos.domain.staff_colours import PALETTE, next_colour


def test_the_first_colour_nobody_has():
    assert next_colour([]) == PALETTE[0]
    assert next_colour([PALETTE[0].upper(), PALETTE[2]]) == PALETTE[1]
    assert next_colour(["#123456"]) == PALETTE[0]  # a colour picked by hand takes none


def test_once_all_are_taken_the_one_fewest_have():
    assert next_colour(list(PALETTE) + list(PALETTE[:3])) == PALETTE[3]


def test_the_palette_has_no_colour_twice():
    assert len(set(PALETTE)) == len(PALETTE) >= 10
