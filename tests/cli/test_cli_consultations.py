"""`salon-pos consultations show|forms` and `salon-pos consultation N --out FILE.pdf` on
the test salon's file: the answers as the client gave them, the forms, and the signed
record printed."""

from __future__ import annotations

import io

import pytest

from salon_pos.cli.main import main
from salon_pos.services.operations import consultations
from salon_pos.store.database import close_database
from tests.conftest import make_salon
from tests.documents.conftest import pdf_text
from tests.services.helpers import signature_png
from tests.services.test_consultations import COLOUR_FORM, REPLIES

pytestmark = pytest.mark.sqlite_only("runs the command line on the salon's file")


@pytest.fixture
def salon_db(tmp_path, clock):
    s = make_salon(tmp_path, clock)
    consultations.save_form(s.salon, "Colour", COLOUR_FORM, approved_by=s.manager)
    consultations.record_consultation(s.salon, s.client, category="Colour", replies=REPLIES,
                                      by=s.desk, signature=signature_png())
    close_database()
    return tmp_path / "salon.db"


def run(monkeypatch, salon_db, *argv: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return main(["--db", str(salon_db), *argv])


def test_the_answers_the_forms_and_the_printed_record(monkeypatch, salon_db, capsys, tmp_path):
    assert run(monkeypatch, salon_db, "consultations", "show", "zoe") == 0
    shown = capsys.readouterr().out
    assert "Zoë Ní Bhriain (client 1): 1 consultation." in shown
    assert "Colour  with Dara Desk  signed" in shown
    assert "Have you coloured your hair before?  Yes — box dye, 2024" in shown

    assert run(monkeypatch, salon_db, "consultations", "forms") == 0
    assert "Colour: 4 questions\n  - Have you coloured your hair before?  (yes or no)" in \
        capsys.readouterr().out

    out = tmp_path / "consultation.pdf"
    assert run(monkeypatch, salon_db, "consultation", "1", "--out", str(out)) == 0
    assert "Consultation record 1 (Zoë Ní Bhriain, Colour) written to" in capsys.readouterr().out
    text = pdf_text(out.read_bytes())
    assert "Consultation — Colour" in text and "The client's signature" in text

    assert run(monkeypatch, salon_db, "consultation", "9", "--out", str(out)) == 1
    assert "That consultation does not exist." in capsys.readouterr().err
