"""`salon-pos vouchers designs|design`: the designs listed, one added and changed by a
manager; a design for a service the catalogue does not have is refused and changes
nothing."""

from __future__ import annotations

import io

import pytest

from salon_pos.cli.main import main
from salon_pos.store.database import close_database
from salon_pos.store.models import VoucherDesign
from tests.conftest import database_target


@pytest.fixture
def db(s):
    target = database_target(s.salon)
    close_database()
    return target


def run(monkeypatch, capsys, db, *argv: str, manager: bool = True) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))
    extra = ["--manager", "Maeve", "--pin-stdin"] if manager else []
    code = main(["--db", db, "vouchers", *argv, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_designs_added_listed_and_changed(db, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, db, "designs", manager=False)
    assert code == 0 and "No voucher designs yet" in out
    code, out, _ = run(monkeypatch, capsys, db, "design", "Gift voucher €50", "--amount",
                       "50.00")
    assert code == 0 and out == "Voucher design 1 saved: Gift voucher €50.\n"
    code, out, _ = run(monkeypatch, capsys, db, "design", "Blow-dry voucher", "--amount",
                       "30", "--service", "blow-dry")
    assert code == 0
    code, out, _ = run(monkeypatch, capsys, db, "designs", manager=False)
    assert [line.split() for line in out.splitlines()] == [
        ["Blow-dry", "voucher", "€30.00", "for", "Blow-dry", "sold:", "yes"],
        ["Gift", "voucher", "€50", "€50.00", "for", "any", "purchase", "sold:", "yes"]]
    code, out, _ = run(monkeypatch, capsys, db, "design", "gift voucher €50", "--amount",
                       "50", "--not-sold")
    assert code == 0 and VoucherDesign.select().count() == 2
    _code, out, _ = run(monkeypatch, capsys, db, "designs", manager=False)
    assert out.splitlines()[1].split()[-2:] == ["sold:", "no"]


def test_a_design_for_an_unknown_service_or_without_a_manager_is_refused(db, monkeypatch,
                                                                         capsys):
    code, _out, err = run(monkeypatch, capsys, db, "design", "Perm voucher", "--amount", "90",
                          "--service", "Perm")
    assert code != 0 and "No service is called “Perm”" in err
    code, _out, err = run(monkeypatch, capsys, db, "design", "Gift voucher €50", "--amount",
                          "50", manager=False)
    assert code != 0 and "manager" in err and "Traceback" not in err
    _code, out, _ = run(monkeypatch, capsys, db, "designs", manager=False)
    assert "No voucher designs yet" in out
