"""Helpers for checking PDFs the way any viewer would read them."""

from __future__ import annotations

import io
import subprocess

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_pages(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def assert_qpdf_clean(pdf: bytes, tmp_path) -> None:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


def fonts_not_embedded(pdf: bytes, tmp_path) -> list[str]:
    """The fonts a PDF names without embedding them, as poppler's `pdffonts` lists them
    (a viewer substitutes its own for those, so the print changes from PC to PC)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in done.stdout.splitlines()[2:]]  # after the header
    return [row[0] for row in rows if row[-5] != "yes"]  # …, emb, sub, uni, object, gen
