"""Names sort as people read them, not by their code points."""

from __future__ import annotations

from salon_pos.domain.collation import name_key


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
