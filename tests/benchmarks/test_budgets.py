"""The budgets runner on a tiny five-year-style salon: every row is measured, next to its
limit where it has one, and the JSON says the same. (Time is the benchmark's business;
this checks it measures what it says.)"""

from __future__ import annotations

import json
from datetime import date

import pytest

from benchmarks.budgets.__main__ import main
from benchmarks.five_years.build import Options, build
from salon_pos.store.database import close_database

pytestmark = pytest.mark.sqlite_only(reason="times a SQLite file")


def test_the_runner_measures_every_interaction_on_a_built_salon(tmp_path, capsys):
    database = tmp_path / "salon.db"
    build(Options(database, seed=5, days=14, stylists=2, clients=200, end=date(2026, 3, 22),
                  pin_cost=16), say=lambda _text: None)
    close_database()
    written = tmp_path / "budgets.json"

    assert main(["--db", str(database), "--runs", "2", "--slow-runs", "1", "--no-stations",
                 "--json", str(written), "--scratch", str(tmp_path)]) == 0

    rows = json.loads(written.read_text())["rows"]
    assert len(rows) == 15 and all(row["median"] > 0 for row in rows)
    without_limit = {row["interaction"] for row in rows if row["limit"] is None}
    assert all(name.startswith(("Z report", "client profile", "the demo salon"))
               for name in without_limit)
    assert all(row["times_the_limit"] > 0 for row in rows if row["limit"])
    printed = capsys.readouterr().out
    assert all(row["interaction"] in printed for row in rows)
    assert list(tmp_path.glob("salon-budgets-*")) == []  # the scratch copies are gone
