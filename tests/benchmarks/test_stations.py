"""Several stations, as the budgets runner measures them (benchmarks/budgets/stations.py), on
a small scale: two processes on one SQLite file, a few visits and bookings each. Nothing is
refused but real clashes, every operation is counted once, the database holds what the
stations did, and verify passes. (Time is the benchmark's business; this checks it measures
what it says.)"""

from __future__ import annotations

import json
from collections import Counter

from benchmarks.budgets.__main__ import main
from benchmarks.budgets.station_worker import TRIES
from benchmarks.budgets.stations import SQLITE, Workload, measure


def test_two_stations_on_one_sqlite_file_are_counted_and_the_salon_verifies(tmp_path):
    work = Workload(checkouts=3, bookings=6, clients=12, runs=1)

    [config], about = measure(tmp_path, None, work, postgres_counts=(), sqlite_counts=(2,))

    [run] = config.runs
    assert (config.database, config.stations) == (SQLITE, 2)
    assert run.failures == [] and run.verify_ok, (run.failures, run.verify_problems)
    assert run.clashes_real == run.clashes
    assert all(count["found"] == count["expected"] for count in run.tally.values()), run.tally
    done = Counter(kind for kind, _ms, outcome, *_ in run.ops if outcome == "ok")
    assert done["close sale"] == 2 * work.checkouts  # every visit of the day paid
    # a phone booking refused for a clash is tried at another time, up to three times
    assert 2 * work.bookings - run.clashes // TRIES <= done["book"] <= 2 * work.bookings
    assert sum(1 for op in run.ops if op[2] == "clash") == run.clashes
    assert run.operations == len(run.ops) > run.writes > 0 and run.seconds > 0
    assert config.all_right()
    figures = config.as_dict()
    assert figures["per_operation_ms"]["close a sale"]["count"] == 2 * work.checkouts
    assert about["workload"]["checkouts"] == work.checkouts
    assert [path.name for path in tmp_path.iterdir()] == ["pin-pepper"]  # copies removed


def test_the_runner_adds_the_stations_to_the_json_and_keeps_the_other_rows(tmp_path, capsys):
    written = tmp_path / "budgets.json"
    written.write_text(json.dumps({"about": {}, "rows": [{"interaction": "kept"}]}))

    assert main(["--stations", "--station-counts", "2", "--station-runs", "1",
                 "--station-checkouts", "2", "--station-bookings", "2", "--json", str(written),
                 "--scratch", str(tmp_path)]) == 0

    found = json.loads(written.read_text())
    assert found["rows"] == [{"interaction": "kept"}]
    configs = {(c["database"], c["stations"]): c for c in found["stations"]["configs"]}
    assert configs[("SQLite", 2)]["runs"][0]["failures"] == 0
    assert configs[("PostgreSQL", 2)]["note"].startswith("skipped")
    printed = capsys.readouterr().out
    assert "| 2 on SQLite |" in printed and "| 2 on PostgreSQL | skipped" in printed
    assert not list(tmp_path.glob("salon-stations-*"))
