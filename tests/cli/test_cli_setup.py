"""`init` and `demo` as a script or a log sees them: no terminal to type a PIN at, progress
one line a step, and days typed relative to the salon's today."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from datetime import date

import pytest

from salon_pos.cli.common import settle_days, typed_day
from salon_pos.cli.main import main


def salon_pos(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The command in its own session: no terminal, as under cron or in CI."""
    return subprocess.run([sys.executable, "-m", "salon_pos", *argv], input=stdin,
                          capture_output=True, text=True, start_new_session=True, timeout=120)


def test_init_with_no_terminal_and_no_pin_says_so_and_sets_nothing_up(tmp_path):
    done = salon_pos("--db", str(tmp_path / "s.db"), "init", "--salon-name", "Studio",
                     "--manager-name", "Maeve")

    assert done.returncode == 1
    assert "No PIN was given for the first manager" in done.stderr
    assert "Traceback" not in done.stderr


def test_init_takes_the_pin_from_standard_input_when_there_is_no_terminal(tmp_path):
    done = salon_pos("--db", str(tmp_path / "s.db"), "init", "--salon-name", "Studio",
                     "--manager-name", "Maeve", stdin="1234\n")

    assert (done.returncode, done.stdout) == (0, "Salon “Studio” is set up.\n")
    assert "Warning" not in done.stderr  # getpass's "input may be echoed"


def test_init_on_a_salon_that_exists_says_so_before_asking_a_pin(tmp_path, monkeypatch,
                                                                  capsys):
    path = str(tmp_path / "s.db")
    assert main(["--db", path, "init", "--salon-name", "Studio", "--manager-name", "Maeve",
                 "--manager-pin", "1234"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("getpass.getpass", lambda *_: pytest.fail("a PIN was asked for"))

    assert main(["--db", path, "init", "--salon-name", "Other", "--manager-name", "Dara"]) == 1

    assert "This salon is already set up (Studio); nothing was changed." in (
        capsys.readouterr().err)


def test_the_demos_progress_is_a_line_a_day_in_a_log_counting_the_days_asked_for(tmp_path):
    done = salon_pos("--db", str(tmp_path / "demo.db"), "demo", "--days", "2")

    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr + done.stdout
    assert done.stderr.splitlines() == ["Building the demo salon: day 1 of 2",
                                        "Building the demo salon: day 2 of 2",
                                        "Building the demo salon: today"]
    assert done.stdout.startswith("Demo salon ready: ")


@pytest.mark.parametrize(("typed", "day"), [
    ("today", date(2026, 3, 20)), ("Yesterday", date(2026, 3, 19)),
    ("today-7", date(2026, 3, 13)), ("today + 3", date(2026, 3, 23)),
    ("2026-01-31", date(2026, 1, 31)),
])
def test_days_are_typed_as_dates_or_relative_to_the_salons_today(typed, day):
    args = argparse.Namespace(first=typed_day(typed), out="x")

    settle_days(args, today=date(2026, 3, 20))

    assert (args.first, args.out) == (day, "x")


@pytest.mark.parametrize("typed", ["tomorrow", "today-", "20/03/2026", "today-1000000"])
def test_a_day_that_is_none_of_those_is_refused_saying_what_is(typed):
    with pytest.raises(argparse.ArgumentTypeError, match="is not a day like 2026-03-20, "
                                                         "today, yesterday or today-7"):
        typed_day(typed)
