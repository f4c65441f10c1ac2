"""The command line end to end on a temporary database: demo → verify → report day."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

import pytest

from salon_pos import __version__
from salon_pos.cli.main import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "salon.db"
    assert main(["--db", str(path), "demo", "--days", "4", "--seed", "7"]) == 0
    return path


def approved(monkeypatch, *argv: str) -> list[str]:
    """The command with the demo manager's name and PIN (on stdin, as a script gives it)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    return [*argv, "--manager", "Maeve O'Connor", "--pin-stdin"]


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_then_verify_passes(demo_db, capsys):
    assert main(["--db", str(demo_db), "verify"]) == 0
    assert "hash chain unbroken" in capsys.readouterr().out


def test_demo_fills_history_today_and_two_weeks_ahead(demo_db):
    with sqlite3.connect(demo_db) as raw:
        statuses = dict(raw.execute("SELECT status, COUNT(*) FROM booking GROUP BY status"))
        last_start = raw.execute("SELECT MAX(start) FROM booking").fetchone()[0]
        kinds = {k for (k,) in raw.execute("SELECT DISTINCT kind FROM journal_entry")}
        methods = {m for (m,) in raw.execute("SELECT DISTINCT method FROM sale_tender")}
    assert statuses["closed"] > 50 and statuses["booked"] > 50
    assert date.fromisoformat(last_start[:10]) >= date.today() + timedelta(days=10)
    assert {"deposit_taken", "deposit_applied", "payment", "tip", "day_closed"} <= kinds
    assert {"cash", "card"} <= methods


def test_demo_refuses_a_database_that_already_holds_a_salon(demo_db, capsys):
    assert main(["--db", str(demo_db), "demo", "--days", "1"]) == 1
    assert "already holds a salon" in capsys.readouterr().err


def test_report_day_prints_figures_and_writes_csv(demo_db, tmp_path, capsys, monkeypatch):
    yesterday = date.today() - timedelta(days=1)
    out_csv = tmp_path / "z.csv"
    code = main(approved(monkeypatch, "--db", str(demo_db), "report", "day",
                         yesterday.isoformat(), "--csv", str(out_csv)))
    assert code == 0
    printed = capsys.readouterr().out
    assert "Z report" in printed and "(closed)" in printed and "Cash drawer" in printed
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    count = next(r for r in rows if r["section"] == "sales" and r["item"] == "count")
    with sqlite3.connect(demo_db) as raw:
        expected = raw.execute(
            "SELECT COUNT(*) FROM sale WHERE business_day = ? AND status != 'void' "
            "AND status != 'open'", (yesterday.isoformat(),)).fetchone()[0]
    assert int(count["amount_minor_units"]) == expected > 0


def test_verify_fails_and_names_the_tampered_entry(demo_db, tmp_path, capsys):
    copy = tmp_path / "tampered.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as raw:  # the guard put back as it was: the layout is ours
        [guard] = raw.execute("SELECT sql FROM sqlite_master "
                              "WHERE name = 'journal_entry_no_update'").fetchone()
        raw.execute("DROP TRIGGER journal_entry_no_update")
        raw.execute("UPDATE journal_entry SET amount = amount + 100 WHERE seq = 42")
        raw.execute(guard)
    assert main(["--db", str(copy), "verify"]) == 1
    assert "FAILED at entry 42" in capsys.readouterr().out


def test_a_database_whose_guard_was_dropped_is_not_opened(demo_db, tmp_path, capsys):
    copy = tmp_path / "tampered.db"
    with sqlite3.connect(demo_db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with sqlite3.connect(copy) as raw:
        raw.execute("DROP TRIGGER journal_entry_no_update")
    assert main(["--db", str(copy), "verify"]) == 1
    assert (f"salon-pos: The database {copy} is not as Salon POS makes it: it lacks the "
            "trigger “journal_entry_no_update” on journal_entry.") in capsys.readouterr().err


def test_refusal_is_a_message_and_exit_code_one(tmp_path, capsys):
    code = main(["--db", str(tmp_path / "s.db"), "init", "--salon-name", "Studio",
                 "--manager-name", "Maeve", "--manager-pin", "12"])
    assert code == 1
    assert "A PIN is 4 to 8 digits." in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "salon_pos", "--version"], capture_output=True,
                          text=True, check=True)
    assert __version__ in done.stdout


def test_a_mistyped_database_path_is_refused_not_created(tmp_path, capsys):
    missing = tmp_path / "salom.db"

    assert main(["--db", str(missing), "verify"]) == 1

    assert "There is no database at" in capsys.readouterr().err
    assert not missing.exists()


def test_a_closed_days_report_names_its_seal(demo_db, capsys, monkeypatch):
    yesterday = date.today() - timedelta(days=1)

    assert main(approved(monkeypatch, "--db", str(demo_db), "report", "day",
                         yesterday.isoformat())) == 0

    out = capsys.readouterr().out
    assert "Sealed by journal entry" in out and "verify --anchor" in out
    assert out.index("float") < out.index("expected") < out.index("counted")


def test_receipt_of_a_demo_sale_is_written_as_pdf(demo_db, tmp_path, capsys):
    out = tmp_path / "r.pdf"

    assert main(["--db", str(demo_db), "receipt", "1", "--out", str(out), "--format", "a4"]) == 0

    assert out.read_bytes().startswith(b"%PDF")
    assert "Receipt 000001 written" in capsys.readouterr().out


def test_receipt_of_an_unknown_sale_is_refused(demo_db, tmp_path, capsys):
    assert main(["--db", str(demo_db), "receipt", "999999", "--out", str(tmp_path / "r.pdf")]) == 1
    assert "That sale does not exist." in capsys.readouterr().err


@pytest.mark.parametrize("command", ["slip", "agreement", "deposit-receipt"])
def test_booking_documents_are_written_as_pdf(demo_db, tmp_path, command):
    out = tmp_path / f"{command}.pdf"
    with sqlite3.connect(demo_db) as raw:
        deposit = raw.execute("SELECT MIN(seq) FROM journal_entry "
                              "WHERE kind = 'deposit_taken'").fetchone()[0]
    number = str(deposit) if command == "deposit-receipt" else "1"

    assert main(["--db", str(demo_db), command, number, "--out", str(out)]) == 0

    assert out.read_bytes().startswith(b"%PDF")


def test_report_day_prints_to_pdf(demo_db, tmp_path, monkeypatch):
    out = tmp_path / "z.pdf"
    yesterday = (date.today() - timedelta(days=1)).isoformat()

    assert main(approved(monkeypatch, "--db", str(demo_db), "report", "day", yesterday,
                         "--pdf", str(out))) == 0

    assert out.read_bytes().startswith(b"%PDF")


def test_a_journal_entry_that_is_no_deposit_has_no_deposit_receipt(demo_db, tmp_path, capsys):
    out = tmp_path / "d.pdf"

    assert main(["--db", str(demo_db), "deposit-receipt", "1", "--out", str(out)]) == 1

    assert "There is no deposit movement with that number." in capsys.readouterr().err


def test_a_receipt_can_be_reprinted_by_the_number_on_the_paper(demo_db, tmp_path, capsys):
    with sqlite3.connect(demo_db) as raw:
        sale_id, number = raw.execute("SELECT id, receipt_no FROM sale WHERE receipt_no IS NOT "
                                      "NULL ORDER BY receipt_no DESC LIMIT 1").fetchone()
    out = tmp_path / "r.pdf"

    assert main(["--db", str(demo_db), "receipt", str(number), "--receipt-no",
                 "--out", str(out)]) == 0

    assert f"Receipt {number:06d} written" in capsys.readouterr().out
