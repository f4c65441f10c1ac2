"""`sales`, `refunds` and `journal` find the numbers the printed documents ask for, by day,
client, booking or kind; each number found prints its document. A manager's, as reports."""

from __future__ import annotations

import io
import re

import pytest

from salon_pos.cli.main import main
from salon_pos.services.operations import clients, refunds
from salon_pos.store.database import close_database
from salon_pos.store.models import JournalEntry, SaleLine
from tests.documents.test_receipt import paid_sale

DAY = "2026-03-20"  # the fixture's Friday


@pytest.fixture
def sold(s, tmp_path):
    """The test salon's file with one paid sale, its shampoo refunded, and a second client
    who shares the first name; the ids to find."""
    sale = paid_sale(s)
    shampoo = SaleLine.get((SaleLine.sale == sale) & (SaleLine.category == "retail")).id
    refund = refunds.refund_sale(s.salon, sale, by=s.desk, approved_by=s.manager,
                                 reason="Allergic reaction", lines={shampoo: 1})["refund_id"]
    deposit = JournalEntry.get(JournalEntry.kind == "deposit_taken").seq
    clients.add_client(s.salon, "Zoe Walsh", by=s.desk, phone="086 555 0000")
    close_database()
    return {"db": str(tmp_path / "salon.db"), "sale": sale, "refund": refund,
            "deposit": deposit}


def found(monkeypatch, capsys, sold, *argv: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    code = main(["--db", sold["db"], *argv, "--manager", "Maeve", "--pin-stdin"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def printed(sold, tmp_path, capsys, command: str, number: str) -> str:
    assert main(["--db", sold["db"], command, number, "--out", str(tmp_path / "d.pdf")]) == 0
    return capsys.readouterr().out


def test_a_days_sales_show_the_number_that_prints_the_receipt(sold, monkeypatch, capsys,
                                                                tmp_path):
    out = found(monkeypatch, capsys, sold, "sales", "--day", DAY)

    header, row = out.splitlines()[:2]
    assert header.split() == ["sale", "receipt", "paid", "at", "client", "status", "total",
                              "tips"]
    assert re.fullmatch(rf" *{sold['sale']} +000001  2026-03-20 \d\d:\d\d  Zoë Ní Bhriain  "
                        r"part refunded +€207\.97 +€10\.00", row), row
    assert "1 sale on Fri 20 Mar 2026: €207.97 and €10.00 in tips" in out
    assert "Receipt 000001 written" in printed(sold, tmp_path, capsys, "receipt",
                                               row.split()[0])


def test_a_clients_sales_are_found_by_a_start_of_their_name(sold, monkeypatch, capsys):
    out = found(monkeypatch, capsys, sold, "sales", "--client", "zoe ni")

    assert "1 sale for Zoë Ní Bhriain" in out
    assert "No sales found for Zoe Walsh." in found(monkeypatch, capsys, sold, "sales",
                                                     "--client", "Zoe W")


def test_refunds_show_the_number_that_prints_the_refund_receipt(sold, monkeypatch, capsys,
                                                                  tmp_path):
    out = found(monkeypatch, capsys, sold, "refunds", "--from", DAY, "--to", DAY)

    row = out.splitlines()[1].split()
    assert row[:2] == [str(sold["refund"]), "R000001"]
    assert "Allergic reaction" in out and "1 refund on Fri 20 Mar 2026: €17.97" in out
    assert "Refund receipt R000001 written" in printed(sold, tmp_path, capsys,
                                                       "refund-receipt", row[0])


def test_the_journal_by_kind_shows_the_entry_that_prints_the_deposit_receipt(
        sold, monkeypatch, capsys, tmp_path):
    out = found(monkeypatch, capsys, sold, "journal", "--kind", "deposit_taken", "--day", DAY)

    row = out.splitlines()[1].split()
    assert row[0] == str(sold["deposit"]) and "deposit_taken" in row
    assert "1 journal entry on Fri 20 Mar 2026" in out
    assert "salon-pos deposit-receipt ENTRY" in out
    assert "Deposit taken D" in printed(sold, tmp_path, capsys, "deposit-receipt", row[0])


def test_a_bookings_entries_are_found_whatever_their_day(sold, monkeypatch, capsys):
    out = found(monkeypatch, capsys, sold, "journal", "--booking", "1")  # not today only

    kinds = {line.split()[4] for line in out.splitlines()[1:] if line[:1] == " "}
    assert {"deposit_taken", "deposit_applied"} <= kinds


@pytest.mark.parametrize(("argv", "said"), [
    (["sales", "--day", DAY], "Looking up sales needs a manager's approval"),
    (["journal", "--day", DAY, "--from", DAY, "--manager", "Maeve", "--pin-stdin"],
     "Give one day with --day, or a range with --from and --to; not both."),
    (["refunds", "--client", "Zoe", "--manager", "Maeve", "--pin-stdin"],
     "“Zoe” could be Zoë Ní Bhriain (+353 87 123 4567) or Zoe Walsh (086 555 0000)"),
])
def test_refusals_are_plain(sold, monkeypatch, capsys, argv, said):
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))

    assert main(["--db", sold["db"], *argv]) == 1

    assert said in capsys.readouterr().err
