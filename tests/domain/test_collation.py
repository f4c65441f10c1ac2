"""Names sort as people read them, not by their code points."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from salon_pos.domain.collation import LATIN_END, _collator, name_key


def test_irish_polish_and_german_names_sort_by_their_letters():
    names = ["Siobhán", "Power", "Łukasz", "Maeve", "Ó Briain", "Liam", "Müller", "Murphy",
             "Moran", "Zoë", "Oisín"]

    assert sorted(names, key=name_key) == [
        "Liam", "Łukasz", "Maeve", "Moran", "Müller", "Murphy", "Ó Briain", "Oisín", "Power",
        "Siobhán", "Zoë"]


def test_case_only_breaks_ties():
    assert sorted(["Doyle", "de Búrca", "Daly", "DE BÚRCA"], key=name_key) == [
        "Daly", "de Búrca", "DE BÚRCA", "Doyle"]


def test_chinese_and_korean_names_come_after_the_latin_ones():
    assert sorted(["王芳", "김민준", "Zoë", "Aoife"], key=name_key)[:2] == ["Aoife", "Zoë"]


# The login lists names before anything else: Latin names are keyed from the part of
# Unicode's table that can match them (domain/collation.py), which must give the keys
# the whole table gives.
LATIN_CODE_POINTS = st.characters(max_codepoint=ord(LATIN_END),
                                  blacklist_categories=("Cs",))


def test_every_latin_code_point_has_the_whole_tables_key():
    whole = _collator()
    for code_point in range(ord(LATIN_END) + 1):
        text = chr(code_point)
        if unicodedata.category(text) != "Cs":
            assert name_key(text) == whole.sort_key(text), hex(code_point)


@settings(max_examples=400, deadline=None)
@given(st.text(LATIN_CODE_POINTS, max_size=12))
def test_latin_names_have_the_whole_tables_keys(text):
    assert name_key(text) == _collator().sort_key(text)


def test_contractions_and_accents_across_the_latin_letters():
    # "L·" is a contraction in the table; "n" and a following tilde are not (NFD "ñ").
    for text in ("L·L", "l·l", "Col·legi", "Señor", "ǅemal", "Ǆ", "Ŀ", "Ŀl", "Ŀ·", "ß",
                 "Æsa", "ĳssel", "Øyvind", "Þóra", "a\u0301\u0323", "a\u0323\u0301"):
        assert name_key(text) == _collator().sort_key(text), text
