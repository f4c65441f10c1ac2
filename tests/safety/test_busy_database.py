"""Another station holding the database's write lock past the wait allowed: the operation,
or the whole command, says "the database is busy, try again" and changes nothing — never a
driver's traceback. (SQLite's lock, held from a second connection, with a short wait.)"""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.errors import DatabaseBusy
from salon_pos.services.operations import clients
from salon_pos.store import database
from salon_pos.store.database import close_database
from tests.conftest import dump

pytestmark = pytest.mark.sqlite_only("holds SQLite's write lock from a second connection")

BUSY = "The database is busy (another station is using it): nothing was changed."


@pytest.fixture
def another_station_writing(s):
    """A second connection in the middle of a write; this station waits 0.1 s, not 10."""
    s.salon.database.execute_sql("PRAGMA busy_timeout = 100")
    with closing(sqlite3.connect(s.salon.database.database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


def test_an_operation_on_a_busy_database_is_refused_clearly(s, another_station_writing):
    before = dump(s.salon)

    with pytest.raises(DatabaseBusy, match="busy .* try again"):
        clients.add_client(s.salon, "Niamh Byrne", by=s.desk)

    assert dump(s.salon) == before


def test_a_command_on_a_busy_database_says_try_again(s, another_station_writing, monkeypatch,
                                                      capsys):
    path = s.salon.database.database
    close_database()
    monkeypatch.setattr(database, "SQLITE_PRAGMAS", (*database.SQLITE_PRAGMAS[:-1],
                                                     ("busy_timeout", 100)))
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))

    code = main(["--db", path, "report", "deposits", "--manager", "Maeve Manager",
                 "--pin-stdin"])

    assert (code, capsys.readouterr().err) == (1, f"salon-pos: {BUSY} Please try again in a "
                                                  "moment.\n")
