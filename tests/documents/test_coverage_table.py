"""The domain's table of printable characters is made from the fonts we ship, and agrees
with the fonts the PDFs draw in."""

from __future__ import annotations

from salon_pos.documents import coverage_table
from salon_pos.documents.fonts import font_for
from salon_pos.domain.font_coverage import RANGES


def test_the_table_is_not_stale():
    assert coverage_table.TABLE.read_text(encoding="utf-8") == coverage_table.table_source(), (
        "resources/fonts changed: run `python -m salon_pos.documents.coverage_table`")


def test_every_run_in_the_table_is_drawn_by_a_pdf_font():
    for first, last in RANGES:
        for point in (first, (first + last) // 2, last):
            assert font_for(chr(point)) is not None, hex(point)


def test_the_command_writes_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(coverage_table, "TABLE", tmp_path / "font_coverage.py")
    coverage_table.main()
    assert (tmp_path / "font_coverage.py").read_text(encoding="utf-8") == (
        coverage_table.table_source())
    assert "Wrote" in capsys.readouterr().out
