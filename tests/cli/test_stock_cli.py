"""`salon-pos stock …` end to end on the test salon's file: a delivery, a count (a large
difference a manager's), back-bar use, the list, the low list and the value; a refused
command writes nothing."""

from __future__ import annotations

import io
import sqlite3

import pytest

from salon_pos.cli.main import main
from salon_pos.services.operations import stock
from salon_pos.store.database import close_database
from tests.conftest import make_salon

pytestmark = pytest.mark.sqlite_only("reads the salon's file afterwards")


@pytest.fixture
def salon_db(tmp_path, clock):
    s = make_salon(tmp_path, clock)
    stock.set_stock_details(s.salon, s.shampoo, approved_by=s.manager, reorder_level=5,
                            barcode="4006381333931")
    close_database()
    return tmp_path / "salon.db"


def run(monkeypatch, salon_db, *argv: str, pins: tuple[str, ...] = ()) -> int:
    """The command, the PINs it asks for one a line on stdin (as a script gives them)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{pin}\n" for pin in pins)))
    return main(["--db", str(salon_db), "stock", *argv])


def shelf(salon_db) -> tuple[int, int]:
    with sqlite3.connect(salon_db) as raw:
        return raw.execute("SELECT on_hand, stock_value FROM product WHERE sku = 'SH-1'"
                           ).fetchone()


def test_a_delivery_a_count_and_back_bar_use_from_the_command_line(monkeypatch, salon_db,
                                                                   capsys):
    assert run(monkeypatch, salon_db, "receive", "--supplier", "Acme", "--item",
               "repair=12@4.50", "--by", "Dara", "--pin-stdin", pins=("1111",)) == 0
    assert "worth €54.00 at cost" in capsys.readouterr().out
    assert shelf(salon_db) == (12, 5400)

    assert run(monkeypatch, salon_db, "use", "SH-1", "2", "--stylist", "Aoife", "--by",
               "Aoife", "--pin-stdin", pins=("2222",)) == 0
    assert "used by Aoife Stylist, at cost €9.00; 10 left" in capsys.readouterr().out

    assert run(monkeypatch, salon_db, "count", "--item", "4006381333931=9", "--by", "Dara",
               "--pin-stdin", pins=("1111",)) == 0
    assert "the difference at cost: -€4.50" in capsys.readouterr().out
    assert shelf(salon_db) == (9, 4050)


def test_a_large_count_difference_needs_the_manager_too(monkeypatch, salon_db, capsys):
    run(monkeypatch, salon_db, "receive", "--supplier", "Acme", "--item", "Repair=30@4",
        "--by", "Dara", pins=("1111",))
    assert run(monkeypatch, salon_db, "count", "--item", "Repair=10", "--by", "Dara",
               pins=("1111",)) == 1
    assert "a manager has to approve it" in capsys.readouterr().err
    assert shelf(salon_db) == (30, 12000)

    assert run(monkeypatch, salon_db, "count", "--item", "Repair=10", "--by", "Dara",
               "--manager", "Maeve", "--pin-stdin", pins=("1111", "1234")) == 0
    assert shelf(salon_db) == (10, 4000)


def test_the_list_the_low_list_and_the_value_are_a_managers(monkeypatch, salon_db, capsys):
    run(monkeypatch, salon_db, "receive", "--supplier", "Acme", "--item", "Repair=3@4",
        "--by", "Dara", pins=("1111",))
    capsys.readouterr()
    assert run(monkeypatch, salon_db, "list") == 1
    assert "needs a manager's approval" in capsys.readouterr().err

    assert run(monkeypatch, salon_db, "list", "--manager", "Maeve", pins=("1234",)) == 0
    listed = capsys.readouterr().out
    assert "Repair shampoo" in listed and "low: order 2" in listed
    assert "Stock value at cost: €12.00" in listed
    assert run(monkeypatch, salon_db, "low", "--manager", "Maeve", pins=("1234",)) == 0
    assert "Repair shampoo" in capsys.readouterr().out
    assert run(monkeypatch, salon_db, "value", "--manager", "Maeve", pins=("1234",)) == 0
    assert "Stock value at cost now: €12.00" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "pins", "said"), [
    (["receive", "--supplier", "Acme", "--item", "Repair=3", "--by", "Dara"], ("1111",),
     "Give the unit cost"),
    (["receive", "--supplier", "Acme", "--item", "Conditioner=3@4", "--by", "Dara"],
     ("1111",), "No product is called"),
    (["receive", "--supplier", "Acme", "--item", "Repair=3@4", "--by", "Dara"], ("9999",),
     "PIN is not right"),
    (["use", "Repair", "1", "--stylist", "Łukasz", "--by", "Aoife"], ("2222",),
     "their own clients"),
    (["count", "--item", "Repair=lots", "--by", "Dara"], ("1111",), "not a whole number"),
])
def test_a_refused_stock_command_writes_nothing(monkeypatch, salon_db, capsys, argv, pins,
                                                said):
    before = shelf(salon_db)
    assert run(monkeypatch, salon_db, *argv, pins=pins) == 1
    assert said in capsys.readouterr().err
    assert shelf(salon_db) == before
