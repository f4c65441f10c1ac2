"""`salon-pos clients erase CLIENT --manager NAME` and `salon-pos clients purge` on the
test salon's file: the manager's PIN asked, what stands in the way said (exit 1, nothing
changed), the preview says what stays and why and changes nothing, then the erasure; the
purge lists before it erases. (The command line runs on today's clock.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from salon_pos.cli.main import main
from salon_pos.services.operations import bookings, clients, salon_setup
from salon_pos.store.database import close_database
from salon_pos.store.models import Client
from tests.conftest import make_salon
from tests.services.helpers import book_with_deposit

pytestmark = pytest.mark.sqlite_only("runs the command line on the salon's file")


def salon_file(tmp_path, clock, *, cancelled: bool) -> Path:
    """Zoë with a booking and its deposit: still open, or cancelled in time."""
    s = make_salon(tmp_path, clock)
    booking = book_with_deposit(s, 11, days=3)
    if cancelled:
        bookings.cancel(s.salon, booking, by=s.desk, deposit_to="refund")
    old = clients.add_client(s.salon, "Long Gone Gráinne", by=s.desk)
    Client.update(created_at="2019-05-01 10:00:00").where(Client.id == old).execute()
    salon_setup.change_settings(s.salon, s.manager, clients_kept_years=2)
    close_database()
    return tmp_path / "salon.db"


def run(monkeypatch, db: Path, *argv: str, pin: str = "1234") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n"))
    return main(["--db", str(db), *argv, "--pin-stdin"])


def test_erase_says_what_stands_in_the_way_and_changes_nothing(monkeypatch, tmp_path, clock,
                                                               capsys):
    db = salon_file(tmp_path, clock, cancelled=False)
    assert run(monkeypatch, db, "clients", "erase", "zoe", "--manager", "Dara",
               pin="1111") == 1
    assert "manager" in capsys.readouterr().err
    before = db.read_bytes()
    assert run(monkeypatch, db, "clients", "erase", "zoe", "--manager", "Maeve") == 1
    said = capsys.readouterr().out
    assert "Zoë Ní Bhriain cannot be erased yet:" in said and "Nothing was changed." in said
    assert "1 booking(s) are still open" in said and "Zoë Ní Bhriain".encode() in before


def test_the_preview_says_what_stays_then_the_erasure_is_done(monkeypatch, tmp_path, clock,
                                                              capsys):
    db = salon_file(tmp_path, clock, cancelled=True)
    assert run(monkeypatch, db, "clients", "erase", "1", "--preview", "--manager", "Maeve") == 0
    said = capsys.readouterr().out
    assert "Erasing Zoë Ní Bhriain (client 1) would remove:" in said
    assert "What stays, and why:" in said and "tax law keeps them" in said

    assert run(monkeypatch, db, "clients", "erase", "1", "--manager", "Maeve") == 0
    assert "Client 1's personal data is erased; they are now “Erased client 1”." in \
        capsys.readouterr().out
    for said in ("Zoë Ní Bhriain", "zoe@example.ie", "123 4567"):
        assert said.encode() not in db.read_bytes()
    assert main(["--db", str(db), "verify"]) == 0


def test_purge_lists_then_erases(monkeypatch, tmp_path, clock, capsys):
    db = salon_file(tmp_path, clock, cancelled=True)
    assert run(monkeypatch, db, "clients", "purge", "--preview", "--manager", "Maeve") == 0
    said = capsys.readouterr().out
    assert "Clients with no visit for 2 years: 1 to erase." in said
    assert "Long Gone Gráinne  (last visit: never)" in said and "Zoë" not in said
    assert b"Long Gone" in db.read_bytes()
    assert run(monkeypatch, db, "clients", "purge", "--manager", "Maeve") == 0
    assert "1 client(s) erased" in capsys.readouterr().out
    assert b"Long Gone" not in db.read_bytes()
