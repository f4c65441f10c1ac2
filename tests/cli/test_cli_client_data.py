"""`salon-pos clients data CLIENT --out FOLDER --manager NAME` on the test salon's file: the
manager's PIN asked, the client found by number or name, the folder written."""

from __future__ import annotations

import io
import json

import pytest

from salon_pos.cli.main import main
from salon_pos.store.database import close_database
from tests.conftest import make_salon
from tests.services.helpers import book_with_deposit

pytestmark = pytest.mark.sqlite_only("runs the command line on the salon's file")


@pytest.fixture
def salon_db(tmp_path, clock):
    s = make_salon(tmp_path, clock)
    book_with_deposit(s, 11)
    close_database()
    return tmp_path / "salon.db"


def run(monkeypatch, salon_db, *argv: str, pin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n"))
    return main(["--db", str(salon_db), *argv])


def test_a_managers_pin_hands_the_clients_data_out(monkeypatch, salon_db, capsys, tmp_path):
    out = tmp_path / "request"
    assert run(monkeypatch, salon_db, "clients", "data", "zoe", "--out", str(out),
               "--manager", "Dara", "--pin-stdin", pin="1111") == 1
    assert "manager" in capsys.readouterr().err and not out.exists()

    assert run(monkeypatch, salon_db, "clients", "data", "1", "--out", str(out),
               "--manager", "Maeve", "--pin-stdin", pin="1234") == 0
    assert "Zoë Ní Bhriain's data written to" in capsys.readouterr().out
    data = json.loads((out / "client-000001.json").read_text())
    assert data["deposits"][0]["amount"] == 1500
    assert (out / "client-000001.pdf").read_bytes().startswith(b"%PDF")
