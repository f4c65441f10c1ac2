"""The command line with hostile arguments: impossible dates, absurd ids, paths that cannot
be written. Every run ends with exit code 0, 1 or 2 and a message, never a traceback, and
the database still verifies."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_pos.cli.main import main
from tests.safety_input.hostile import HOSTILE, TALLY, tally_since, texts

DOCUMENTS = ("receipt", "slip", "agreement", "refund-receipt", "deposit-receipt")
# Reports, backups and restores are a manager's: the demo manager approves (PIN on stdin).
MANAGER = ["--manager", "Maeve O'Connor", "--pin-stdin"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile_cli") / "salon.db"
    assert main(["--db", str(path), "demo", "--days", "2", "--seed", "3"]) == 0
    before = TALLY.copy()
    yield path
    print(tally_since(before, "command line"))


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run the command line in-process; argparse's refusals exit with 2."""
    TALLY["inputs"] += 1
    capsys.readouterr()
    stdin, sys.stdin = sys.stdin, io.StringIO("1234\n")  # the demo manager's PIN
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.stdin = stdin
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err
    if code:
        assert err.strip(), "a refusal without a message"
        TALLY["refused"] += 1
    else:
        TALLY["done"] += 1
    return code, out, err


def still_verifies(demo_db, capsys) -> None:
    assert main(["--db", str(demo_db), "verify"]) == 0
    capsys.readouterr()


def without_surrogates(text: str) -> str:
    """What an argument can hold when pytest captures stderr strictly; real runs escape
    undecodable bytes (see test_an_undecodable_argument_is_refused_in_a_real_run)."""
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


cli_texts = texts.map(without_surrogates)
impossible_dates = st.one_of(
    cli_texts,
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-01-01", "2026-00-10", "20260320",
                     "2026-03-20T10:00", "-2026-01-01", "2026-3-2", "９９９９-01-01"]),
    st.dates().map(date.isoformat),
    st.sampled_from([date.min.isoformat(), date.max.isoformat()]),
)
ids = st.one_of(st.integers(), st.sampled_from([0, -1, 2**63, -(2**63) - 1, 10**40]).map(str),
                cli_texts)
# Relative names only, run inside a scratch folder: a hostile path must never reach the
# real file system (as root, a backup "to /dev/null" once replaced the device itself).
paths = st.one_of(
    texts.map(lambda text: text.replace("/", "\u2215")).map(without_surrogates),
    st.sampled_from(["", ".", "..", "./", "no/such/dir/out.pdf", "x" * 300 + ".pdf",
                     "bad\x00name.pdf", "a folder", "a folder/", "~no-such-user/x.pdf"]),
)


@pytest.fixture(scope="module", autouse=True)
def _inside_a_scratch_folder(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("scratch")
    (scratch / "a folder").mkdir()
    before = os.getcwd()
    os.chdir(scratch)
    yield
    os.chdir(before)


@HOSTILE
@given(day=impossible_dates, write=st.sampled_from([None, "--csv", "--pdf"]), target=paths)
def test_report_day_with_impossible_dates_and_paths(demo_db, capsys, tmp_path_factory, day,
                                                    write, target):
    argv = ["--db", str(demo_db), "report", "day", day, *MANAGER]
    if write:
        argv += [write, target]
    run(argv, capsys)


@HOSTILE
@given(command=st.sampled_from(DOCUMENTS), number=ids, out=paths,
       paper=st.sampled_from([None, "roll", "a4", "letter", "tabloid"]))
def test_documents_with_absurd_ids_and_paths(demo_db, capsys, command, number, out, paper):
    argv = ["--db", str(demo_db), command, str(number), "--out", out]
    if paper:
        argv += ["--format", paper]
    run(argv, capsys)


@HOSTILE
@given(command=st.sampled_from(["sales", "refunds", "journal"]),
       days=st.sampled_from([["--day"], ["--from"], ["--to"], ["--from", "--to"]]),
       day=st.one_of(impossible_dates, st.sampled_from(["today-99999", "today+99999"])),
       client=st.one_of(st.none(), cli_texts), kind=st.one_of(st.none(), cli_texts))
@example(command="refunds", days=["--day"], day="9999-12-31", client=None, kind=None)
def test_listings_with_impossible_days_names_and_kinds(demo_db, capsys, command, days, day,
                                                       client, kind):
    argv = ["--db", str(demo_db), command, *MANAGER]
    for option in days:
        argv += [option, day]
    if client is not None:
        argv += ["--client", client]
    if kind is not None and command == "journal":
        argv += ["--kind", kind]
    run(argv, capsys)


@HOSTILE
@given(target=paths)
def test_backup_to_hostile_paths(demo_db, capsys, target):
    run(["--db", str(demo_db), "backup", target, *MANAGER], capsys)


@HOSTILE
@given(db=paths, command=st.sampled_from(["verify", "report", "backup", "receipt"]))
def test_hostile_database_paths_are_refused(capsys, db, command):
    extra = {"report": ["deposits", *MANAGER], "backup": ["/nonexistent/b.db", *MANAGER],
             "receipt": ["1", "--out", "/nonexistent/r.pdf"]}.get(command, [])
    run(["--db", db, command, *extra], capsys)


@HOSTILE
@given(source=paths)
def test_restore_from_hostile_files_keeps_the_database(demo_db, capsys, tmp_path_factory,
                                                       source):
    copy = tmp_path_factory.mktemp("restore") / "salon.db"
    shutil.copy(demo_db, copy)
    code, _, _ = run(["--db", str(copy), "restore", source, *MANAGER], capsys)
    if code:  # refused: the database is untouched
        assert copy.read_bytes() == demo_db.read_bytes()
    else:  # a backup an earlier example wrote into the scratch folder
        assert main(["--db", str(copy), "verify"]) == 0


def test_the_demo_database_still_verifies_after_all_that(demo_db, capsys):
    run(["--db", str(demo_db), "report", "deposits", *MANAGER], capsys)
    still_verifies(demo_db, capsys)


def test_a_backup_onto_a_folder_or_a_device_is_refused(demo_db, capsys, tmp_path):
    fifo = tmp_path / "a pipe"
    os.mkfifo(fifo)
    for target in (tmp_path, fifo):
        code, _, err = run(["--db", str(demo_db), "backup", str(target), *MANAGER], capsys)
        assert code == 1 and "is not a file" in err
    assert fifo.is_fifo()


@pytest.mark.parametrize("argv", [
    ["receipt", "9223372036854775808", "--out", "r.pdf"],  # OverflowError in SQLite once
    ["slip", "-1", "--out", "s.pdf"],
    ["report", "day", "2026-03-20", "--csv", "bad\x00name.csv"],  # ValueError: null byte
    ["backup", "bad\x00name.db"],
])
def test_arguments_that_once_gave_a_traceback(demo_db, capsys, argv):
    code, _, _ = run(["--db", str(demo_db), *argv], capsys)
    assert code in (1, 2)


def test_the_calendars_last_day_is_an_open_end(demo_db, capsys):
    code, out, _ = run(["--db", str(demo_db), "refunds", "--to", "9999-12-31", *MANAGER],
                       capsys)  # its end, the next day's start, is no date: OverflowError once
    assert code == 0 and "up to Fri 31 Dec 9999" in out


def test_a_folder_given_as_the_database_is_refused(capsys, tmp_path):
    code, _, err = run(["--db", str(tmp_path), "verify"], capsys)
    assert code == 1 and "no database" in err


def test_an_undecodable_argument_is_refused_in_a_real_run(demo_db, tmp_path):
    argv = [sys.executable, "-m", "salon_pos", "--db", str(demo_db).encode(), "receipt",
            b"\xff\xfe", "--out", b"r\xff.pdf"]
    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr and b"SALE" in done.stderr
