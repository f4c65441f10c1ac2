"""`salon-pos courses`: the plans listed and one set, a client's courses with the sessions
used, the courses held (printed and as CSV), a course's unused sessions refunded, expired
ones taken into income — a manager's but the look-ups."""

from __future__ import annotations

import csv
import io

import pytest

from salon_pos.cli.main import main
from salon_pos.store.database import close_database
from salon_pos.store.models import CoursePlan
from tests.services.test_courses import sell_course, use_session


@pytest.fixture
def db(s, tmp_path):
    """Zoë's six blow-dries, one used."""
    sell_course(s)
    use_session(s)
    close_database()
    return str(tmp_path / "salon.db")


def run(monkeypatch, capsys, db, *argv: str, manager: bool = True) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    extra = ["--manager", "Maeve", "--pin-stdin"] if manager else []
    code = main(["--db", db, "courses", *argv, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_plans_listed_and_one_set(db, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, db, "plans", manager=False)
    assert code == 0 and out == ("Six blow-dries: 6 sessions of Blow-dry for €150.00 "
                                 "(€25.00 a session), valid 12 months\n")
    code, out, _ = run(monkeypatch, capsys, db, "set", "Three corrections", "--services",
                       "colour correction, Blow-dry", "--sessions", "3", "--price", "400",
                       "--months", "6")
    assert code == 0 and "Three corrections" in out
    code, out, _ = run(monkeypatch, capsys, db, "plans", manager=False)
    assert ("Three corrections: 3 sessions of Colour correction, Blow-dry for €400.00 "
            "(€133.33 a session), valid 6 months") in out
    code, _out, err = run(monkeypatch, capsys, db, "set", "Six blow-dries", "--services",
                          "Blow-dry", "--sessions", "6", "--price", "160", "--not-sold",
                          manager=False)
    assert code != 0 and "manager" in err
    code, _out, err = run(monkeypatch, capsys, db, "set", "Odd", "--services", "Perm",
                          "--sessions", "3", "--price", "90")
    assert code != 0 and "No service is called “Perm”" in err
    assert CoursePlan.select().count() == 2


def test_a_clients_courses_and_those_held(db, monkeypatch, capsys, tmp_path):
    code, out, _ = run(monkeypatch, capsys, db, "client", "zoe", manager=False)
    assert code == 0
    assert "Six blow-dries" in out and "5 of 6 sessions left" in out and "€125.00" in out
    assert "session used: sale 2, receipt 2, €25.00" in out
    path = tmp_path / "held.csv"
    code, out, _ = run(monkeypatch, capsys, db, "held", "--csv", str(path))
    assert "Prepaid courses held: €125.00 on 1 course(s), of which expired €0.00" in out
    [row] = list(csv.DictReader(path.open(encoding="utf-8")))
    assert (row["client"], row["sessions_left"], row["value_left_minor_units"]) == (
        "Zoë Ní Bhriain", "5", "12500")


def test_unused_sessions_refunded_once_by_a_manager(db, monkeypatch, capsys):
    code, _out, err = run(monkeypatch, capsys, db, "refund", "1", "--reason", "Moving",
                          manager=False)
    assert code != 0 and "manager" in err
    code, out, _ = run(monkeypatch, capsys, db, "refund", "1", "--reason", "Moving",
                       "--method", "credit")
    assert code == 0 and out == ("Course 1: 5 unused session(s) refunded, €125.00 (€125.00 "
                                 "by client credit).\n")
    code, _out, err = run(monkeypatch, capsys, db, "refund", "1", "--reason", "Again")
    assert code != 0 and "no sessions left" in err
    code, _out, err = run(monkeypatch, capsys, db, "expire")
    assert code != 0 and "No expired course has sessions left." in err
    assert main(["--db", db, "verify"]) == 0
