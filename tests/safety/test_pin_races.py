"""A PIN's lock-out cannot be raced: a hundred tries made at the same moment — from several
processes, as from several stations, and from a hundred command lines — hash at most five
wrong PINs before the PIN locks; while it is locked the right PIN is refused too; no try
ends in a traceback. On the SQLite file, or on PostgreSQL under SALON_TEST_DATABASE (which
then takes a hundred connections at once: start it with `-c max_connections=250`).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime

import pytest

from salon_pos.domain.errors import NotAllowed
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.services.kernel import access
from salon_pos.services.operations import staff
from salon_pos.store.database import close_database
from salon_pos.store.models import Staff
from tests.conftest import database_target, on_postgres
from tests.safety.race_workers import try_pins

STATIONS = 10  # processes
TRIES_EACH = 10  # threads of each, one try each: 100 tries at once
RIGHT_PIN = "1234"  # the fixture's manager's


def race_pins(s, pins: list[str]) -> Counter:
    """`pins` tried at once, spread over STATIONS processes; what each try was told."""
    database = database_target(s.salon)
    close_database()
    spawn = multiprocessing.get_context("spawn")
    ready, go, results = spawn.Queue(), spawn.Event(), spawn.Queue()
    stations = [spawn.Process(target=try_pins, args=(database, str(s.salon.data_dir),
                                                     s.manager, pins[n::STATIONS], ready, go,
                                                     results))
                for n in range(STATIONS)]
    for station in stations:
        station.start()
    assert sum(ready.get(timeout=120) for _ in stations) == len(pins)
    go.set()
    outcomes = Counter(results.get(timeout=120)[1] for _ in pins)
    for station in stations:
        station.join(timeout=60)
        assert station.exitcode == 0
    return outcomes


def manager_row(s) -> Staff:
    return Staff.get_by_id(s.manager)


def test_a_hundred_wrong_pins_at_once_hash_five_then_the_pin_is_locked(s):
    wrong = [str(pin) for pin in range(1300, 1300 + STATIONS * TRIES_EACH)]

    outcomes = race_pins(s, wrong)

    assert outcomes == {"wrong": access.MAX_PIN_TRIES,
                        "locked": len(wrong) - access.MAX_PIN_TRIES}, outcomes
    assert manager_row(s).locked_until > s.salon.now_stored()
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        access.check_pin(s.salon, s.manager, RIGHT_PIN)  # the right PIN, while locked
    s.clock.advance(minutes=5)
    assert access.check_pin(s.salon, s.manager, RIGHT_PIN).id == s.manager
    assert (manager_row(s).failed_pins, manager_row(s).locked_until) == (0, None)


def run_command_lines(s, tmp_path, pins: list[str]) -> list[tuple[int, str]]:
    """`echo PIN | salon-pos --db … report deposits --manager … --pin-stdin`, all at once."""
    database = database_target(s.salon)
    environment = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"))
    if on_postgres():  # a PostgreSQL URL's data folder is the user's: the PIN key goes there
        folder = tmp_path / "xdg" / "salon-pos"
        folder.mkdir(parents=True)
        (folder / "pin-pepper").write_bytes(s.salon.pin_pepper)
    close_database()
    argv = [sys.executable, "-m", "salon_pos", "--db", database, "report", "deposits",
            "--manager", "Maeve Manager", "--pin-stdin"]
    runs = [subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=environment, text=True)
            for _ in pins]
    for run, pin in zip(runs, pins, strict=True):
        run.stdin.write(f"{pin}\n")
        run.stdin.close()
    told = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    return told


def test_a_hundred_command_lines_racing_the_managers_pin(s, tmp_path):
    """The attack as it was made: one PIN each from 1200 to 1299 (the right one among
    them), a realistic hash cost, every process started at once."""
    s.salon.pin_cost = 2**13  # set through the program: the journal keeps its digest
    staff.edit_staff(s.salon, s.manager, approved_by=s.manager, pin=RIGHT_PIN)
    pins = [str(pin) for pin in range(1200, 1300)]

    told = run_command_lines(s, tmp_path, pins)

    assert not [error for _code, error in told if "Traceback" in error]
    said = Counter(next((kind for start, kind in REFUSED.items() if start in error), error)
                   for code, error in told if code != 0)
    assert set(said) <= set(REFUSED.values()), said
    right_got_in = len(told) - sum(said.values())
    assert right_got_in <= 1
    # The right PIN forgives the tries counted before it: five more may then be hashed.
    assert said["wrong"] <= access.MAX_PIN_TRIES * (1 + right_got_in) - right_got_in
    assert manager_row(s).locked_until > to_utc_naive(datetime.now(UTC))  # the CLI's clock
    print(f"\n{len(pins)} command lines: {dict(said)}, the right PIN "
          f"{'got in' if right_got_in else 'was refused: locked'}")


REFUSED = {"That PIN is not right.": "wrong", "Too many wrong PINs": "locked",
           "The database is busy": "busy"}
