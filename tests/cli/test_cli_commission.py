"""`salon-pos commission`: rates listed and set, a stylist put on a level, a pay period's
report printed and written as CSV and PDF, and the period closed — each a manager's but
the list of rates."""

from __future__ import annotations

import io
import subprocess
from datetime import date

import pytest

from salon_pos.cli.main import main
from salon_pos.services.operations.day_close import close_day
from salon_pos.store.database import close_database
from salon_pos.store.models import JournalEntry
from tests.services.test_commission import week_one, weekly_with_senior


@pytest.fixture
def db(s, tmp_path):
    """Week one of the commission tests, its days closed (the command line's clock is
    the machine's: months later)."""
    weekly_with_senior(s)
    week_one(s)
    close_day(s.salon, date(2026, 3, 20), approved_by=s.manager)
    close_day(s.salon, date(2026, 3, 21), approved_by=s.manager)
    close_database()
    return str(tmp_path / "salon.db")


def run(monkeypatch, capsys, db, *argv: str, manager: bool = True) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    extra = ["--manager", "Maeve", "--pin-stdin"] if manager else []
    code = main(["--db", db, "commission", *argv, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_rates_set_and_assigned(db, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, db, "set", "Junior", "--services", "20",
                       "--retail", "5; 10 from 500", "--stylist", "łukasz")
    assert code == 0 and "Łukasz Stylist is on it." in out
    code, out, _ = run(monkeypatch, capsys, db, "rates", manager=False)
    assert "Junior\n  services 20%\n  retail   5% up to €500.00, 10% above" in out
    assert "Senior\n  services 30% up to €30.00, 35% above" in out
    code, out, _ = run(monkeypatch, capsys, db, "assign", "Aoife", "none")
    assert code == 0 and "Aoife Stylist: no commission." in out


def test_setting_rates_needs_a_manager(db, monkeypatch, capsys):
    code, _out, err = run(monkeypatch, capsys, db, "set", "Junior", "--services", "20",
                          "--retail", "5", manager=False)
    assert code != 0 and "manager" in err


def test_report_to_csv_and_pdf_then_close(db, monkeypatch, capsys, tmp_path):
    csv_path, pdf_path = tmp_path / "c.csv", tmp_path / "c.pdf"
    code, out, _ = run(monkeypatch, capsys, db, "report", "2026-03-18", "--csv",
                       str(csv_path), "--pdf", str(pdf_path))
    assert code == 0
    assert "Pay period Mon 16 Mar 2026 to Sun 22 Mar 2026 (not closed yet)" in out
    assert "Services (net)" in csv_path.read_text(encoding="utf-8")
    assert "Aoife Stylist" in out and "€12.60" in out
    text = csv_path.read_text(encoding="utf-8")
    assert 'Aoife Stylist,"Senior: services 30% up to €30.00, 35% above; retail 10%",' \
           "36.12,14.63,0.00,12.60,5.00,15.00,0.00" in text
    assert ",20 Mar · 1 · Cut and finish,36.12," in text
    pdf = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True)
    assert "Commission by stylist" in pdf.stdout and "12.60" in pdf.stdout

    code, out, _ = run(monkeypatch, capsys, db, "close", "2026-03-18")
    assert code == 0 and "€12.60 commission owed to 1 stylist(s)" in out
    code, _out, err = run(monkeypatch, capsys, db, "close", "2026-03-18")
    assert code != 0 and "already closed" in err
    assert JournalEntry.select().where(JournalEntry.kind == "commission_accrued").count() == 1
