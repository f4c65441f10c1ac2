"""`salon-pos patch-tests …` and `salon-pos bookings start` on the test salon's file: the
work on a service that needs a patch test is refused without a valid one (and nothing is
written), a manager's waiver starts it and is in the journal; a reaction recorded from the
command line blocks even a waiver until a manager clears it."""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.localtime import local_of
from salon_pos.services.operations import bookings
from salon_pos.store.database import close_database
from tests.conftest import make_salon
from tests.services.helpers import add_tint

pytestmark = pytest.mark.sqlite_only("reads the salon's file afterwards")


@pytest.fixture
def salon_db(tmp_path, clock):
    """The test salon with Zoë checked in, now (the command line's clock is the real one),
    for a root tint that needs a patch test: booking 1."""
    clock.set(datetime.now(UTC) - timedelta(minutes=5))
    s = make_salon(tmp_path, clock)
    tint = add_tint(s)
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now(), service_ids=[tint], by=s.desk)
    bookings.check_in(s.salon, booking, by=s.desk)
    close_database()
    return tmp_path / "salon.db"


def run(monkeypatch, salon_db, *argv: str, pins: tuple[str, ...] = ()) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{pin}\n" for pin in pins)))
    return main(["--db", str(salon_db), *argv])


def rows(salon_db) -> list[str]:
    with sqlite3.connect(salon_db) as raw:
        return list(raw.iterdump())


def test_no_start_without_a_test_then_a_managers_waiver(monkeypatch, salon_db, capsys):
    before = rows(salon_db)
    assert run(monkeypatch, salon_db, "bookings", "start", "1", "--by", "Aoife",
               pins=("2222",)) == 1
    assert "Root tint needs a valid patch test" in capsys.readouterr().err
    assert run(monkeypatch, salon_db, "bookings", "start", "1", "--by", "Aoife", "--waive",
               "Card from her last salon", pins=("2222",)) == 1
    assert "a manager's: add --manager" in capsys.readouterr().err
    assert rows(salon_db) == before

    assert run(monkeypatch, salon_db, "bookings", "start", "1", "--by", "Aoife", "--waive",
               "Card from her last salon", "--manager", "Maeve", "--pin-stdin",
               pins=("2222", "1234")) == 0
    assert "a manager waiving the patch test" in capsys.readouterr().out
    with sqlite3.connect(salon_db) as raw:
        assert raw.execute("SELECT status FROM booking").fetchone() == ("in_service",)
        assert raw.execute("SELECT booking_id, approved_by_id FROM journal_entry WHERE kind = "
                           "'patch_test_waived'").fetchall() == [(1, 1)]
    assert run(monkeypatch, salon_db, "verify") == 0


def test_a_reaction_blocks_until_a_manager_clears_it(monkeypatch, salon_db, capsys):
    three_days_ago = local_of(datetime.now(UTC) - timedelta(days=3), ZoneInfo("Europe/Dublin"))
    assert run(monkeypatch, salon_db, "patch-tests", "record", "zoe", "--products",
               "Koleston 6/0", "--done", f"{three_days_ago:%Y-%m-%d %H:%M}", "--result",
               "reaction", "--by", "Aoife", pins=("2222",)) == 0
    assert "Patch test 1 recorded for Zoë Ní Bhriain" in capsys.readouterr().out
    assert run(monkeypatch, salon_db, "patch-tests", "show", "1") == 0
    shown = capsys.readouterr().out
    assert "REACTION to the patch test of" in shown and "Koleston 6/0" in shown

    assert run(monkeypatch, salon_db, "bookings", "start", "1", "--by", "Aoife", "--waive",
               "She insists", "--manager", "Maeve", pins=("2222", "1234")) == 1
    assert "A manager has to clear the reaction" in capsys.readouterr().err

    assert run(monkeypatch, salon_db, "patch-tests", "clear", "1", "--reason",
               "Allergy clinic: no allergy to PPD", "--manager", "Dara",
               pins=("1111",)) == 1
    assert "is not a manager" in capsys.readouterr().err
    assert run(monkeypatch, salon_db, "patch-tests", "clear", "1", "--reason",
               "Allergy clinic: no allergy to PPD", "--manager", "Maeve",
               pins=("1234",)) == 0
    assert run(monkeypatch, salon_db, "patch-tests", "show", "Zoë") == 0
    assert "Patch test due: none valid" in capsys.readouterr().out


def test_a_test_done_now_and_read_later(monkeypatch, salon_db, capsys):
    assert run(monkeypatch, salon_db, "patch-tests", "record", "+353 87 123", "--products",
               "Majirel 7", "--by", "Dara", pins=("1111",)) == 0
    assert run(monkeypatch, salon_db, "patch-tests", "read", "1", "--result", "clear",
               "--by", "Dara", pins=("1111",)) == 0
    run(monkeypatch, salon_db, "patch-tests", "show", "zoe")
    assert "Patch test clear, but only relied on from" in capsys.readouterr().out
    assert run(monkeypatch, salon_db, "patch-tests", "show", "42") == 1
    assert "There is no client number 42" in capsys.readouterr().err
