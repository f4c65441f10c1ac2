"""Hole 2 of the trust boundary: who may do what and what things cost, changed by hand in
the database file. Every such row is in the journal's chain (domain.standing): `verify`
names each row that differs from the state the chain rebuilds, and an operation refuses a
person whose row is not what the journal last recorded."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing

import pytest

from salon_pos.cli.main import main
from salon_pos.domain.errors import NotAllowed
from salon_pos.services.kernel.access import check_pin, require_manager
from salon_pos.services.operations import catalogue, checkout, clients, refunds, staff
from salon_pos.services.views.verify import verify
from salon_pos.store.database import close_database
from salon_pos.store.models import Staff
from tests.conftest import dump

pytestmark = pytest.mark.sqlite_only(reason="edits the file by hand, through raw sqlite3")


def by_hand(s, sql: str, *args) -> None:
    """A change made with the sqlite3 shell on the salon's file, behind the program's back."""
    with closing(sqlite3.connect(s.salon.database.database)) as raw, raw:
        raw.execute(sql, args)


def problems(s) -> list[str]:
    return [message for _seq, message in verify(s.salon).problems]


def a_closed_sale(s) -> int:
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.add_service_line(s.salon, sale, s.cut, by=s.desk, stylist_id=s.stylist)
    checkout.take_tender(s.salon, sale, by=s.desk, method="cash", amount=5000)
    checkout.close_sale(s.salon, sale, by=s.desk)
    return sale


def test_a_stylist_made_manager_by_hand_can_do_nothing_a_manager_may(s, tmp_path):
    sale = a_closed_sale(s)
    by_hand(s, "UPDATE staff SET role = 'manager' WHERE id = ?", s.stylist)
    before = dump(s.salon)

    for act in (
        lambda: require_manager(s.salon, s.stylist),
        lambda: staff.add_staff(s.salon, "Ghost", "manager", "0000", approved_by=s.stylist),
        lambda: refunds.refund_sale(s.salon, sale, by=s.stylist, approved_by=s.stylist,
                                    reason="changed her mind"),
        lambda: check_pin(s.salon, s.stylist, "2222"),
    ):
        with pytest.raises(NotAllowed, match="does not match the journal.*role is “manager” "
                                             "but the journal says “stylist”"):
            act()

    assert dump(s.salon) == before
    assert problems(s) == [f"staff member {s.stylist} “Aoife Stylist” does not match the "
                           "journal: role is “manager” but the journal says “stylist”"]


def test_the_stylist_made_manager_cannot_export_or_back_up_from_the_command_line(
        s, tmp_path, monkeypatch, capsys):
    by_hand(s, "UPDATE staff SET role = 'manager' WHERE id = ?", s.stylist)
    database = s.salon.database.database
    close_database()

    for argv in (["clients", "export", "--out", str(tmp_path / "all.csv")],
                 ["backup", str(tmp_path / "copy.db")]):
        monkeypatch.setattr("sys.stdin", io.StringIO("2222\n"))
        assert main(["--db", database, *argv, "--manager", "Aoife Stylist", "--pin-stdin"]) == 1
        assert "does not match the journal" in capsys.readouterr().err

    assert not (tmp_path / "all.csv").exists() and not (tmp_path / "copy.db").exists()


def test_a_stylists_pin_hash_copied_onto_the_manager_is_refused_and_named(s):
    by_hand(s, "UPDATE staff SET pin_hash = (SELECT pin_hash FROM staff WHERE id = ?) "
               "WHERE id = ?", s.stylist, s.manager)

    with pytest.raises(NotAllowed, match="its PIN is not the one set through Salon POS"):
        check_pin(s.salon, s.manager, "2222")  # the stylist's PIN, now on the manager's row
    assert problems(s) == [f"staff member {s.manager} “Maeve Manager” does not match the "
                           "journal: its PIN is not the one set through Salon POS"]


def test_a_manager_added_by_hand_is_refused_and_named(s):
    by_hand(s, "INSERT INTO staff (name, role, pin_hash, colour, active, failed_pins) "
               "SELECT 'Ghost', 'manager', pin_hash, colour, 1, 0 FROM staff WHERE id = ?",
            s.manager)
    ghost = s.stylist2 + 1

    with pytest.raises(NotAllowed, match="Ghost does not match the journal.*not in the journal"):
        check_pin(s.salon, ghost, "1234")
    assert problems(s) == [f"staff member {ghost} “Ghost” is not in the journal: it was added "
                           "outside Salon POS"]


def test_a_member_of_staff_deleted_by_hand_is_named(s):
    by_hand(s, "DELETE FROM staff WHERE id = ?", s.stylist2)

    assert problems(s) == [f"staff member {s.stylist2} is in the journal but was removed "
                           "outside Salon POS"]


@pytest.mark.parametrize(("sql", "named"), [
    ("UPDATE service SET price = 100 WHERE name = 'Cut and finish'",
     "service 1 “Cut and finish” does not match the journal: price is 100 but the journal "
     "says 4500"),
    ("UPDATE product SET price = 1 WHERE sku = 'SH-1'",
     "product 1 “Repair shampoo” does not match the journal: price is 1 but the journal "
     "says 1800"),
    ("UPDATE tax_class SET rate_bp = 0 WHERE name = 'Standard'",
     "tax class 1 “Standard” does not match the journal: rate bp is 0 but the journal says 2300"),
    ("UPDATE setting SET value = '\"Salon X\"' WHERE key = 'salon_name'",
     "the setting “salon_name” does not match the journal: value is “Salon X” but the "
     "journal says “Salon Zoë”"),
    ("DELETE FROM setting WHERE key = 'time_zone'",
     "the setting “time_zone” is in the journal but was removed outside Salon POS"),
    ("INSERT INTO setting VALUES ('late_cancel_keeps', '\"credit\"')",
     "the setting “late_cancel_keeps” is not in the journal: it was added outside Salon POS"),
    ("UPDATE client SET house_account_enabled = 1, house_account_limit = 99999",
     "client 1 “Zoë Ní Bhriain” does not match the journal: house account enabled is yes but "
     "the journal says no; house account limit is 99999 but the journal says 0"),
    ("UPDATE client SET deposit_rule = 'never'",
     "client 1 “Zoë Ní Bhriain” does not match the journal: deposit rule is “never” but the "
     "journal says “policy”"),
], ids=["service price", "product price", "tax rate", "setting", "setting removed",
        "setting added",
        "house account", "deposit rule"])
def test_prices_settings_and_terms_edited_by_hand_are_named(s, sql, named):
    assert verify(s.salon).ok

    by_hand(s, sql)

    assert problems(s) == [named]


def test_a_role_changed_by_hand_and_back_again_leaves_nothing_done_in_between(s):
    by_hand(s, "UPDATE staff SET role = 'manager' WHERE id = ?", s.stylist)
    with pytest.raises(NotAllowed):
        staff.add_staff(s.salon, "Ghost", "manager", "0000", approved_by=s.stylist)
    by_hand(s, "UPDATE staff SET role = 'stylist' WHERE id = ?", s.stylist)

    assert verify(s.salon).ok
    assert "Ghost" not in [member.name for member in Staff.select()]


def test_changes_made_through_the_program_keep_verify_and_the_checks_happy(s):
    staff.edit_staff(s.salon, s.stylist, approved_by=s.manager, role="manager", pin="7777")

    assert check_pin(s.salon, s.stylist, "7777").role == "manager"
    assert require_manager(s.salon, s.stylist).id == s.stylist
    assert verify(s.salon).ok


def test_a_price_or_tax_rate_changed_by_hand_is_refused_not_charged(s):
    from datetime import timedelta

    from salon_pos.services.operations import bookings

    by_hand(s, "UPDATE service SET price = 100 WHERE id = ?", s.cut)
    by_hand(s, "UPDATE tax_class SET rate_bp = 0 WHERE id = ?", s.standard_tax)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    before = dump(s.salon)

    with pytest.raises(NotAllowed, match="Cut and finish does not match the journal"):
        checkout.add_service_line(s.salon, sale, s.cut, by=s.desk, stylist_id=s.stylist)
    with pytest.raises(NotAllowed, match="Cut and finish does not match the journal"):
        bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                      start=s.clock.now() + timedelta(days=1), service_ids=[s.cut], by=s.desk)
    with pytest.raises(NotAllowed, match="Standard does not match the journal"):
        checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    assert dump(s.salon) == before


def test_a_house_account_limit_raised_by_hand_cannot_be_drawn_on(s):
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=1000)
    by_hand(s, "UPDATE client SET house_account_limit = 999999 WHERE id = ?", s.client)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.add_service_line(s.salon, sale, s.cut, by=s.desk, stylist_id=s.stylist)

    with pytest.raises(NotAllowed, match="house account limit is 999999 but the journal says "
                                         "1000"):
        checkout.take_tender(s.salon, sale, by=s.desk, method="house_account", amount=4500)


@pytest.mark.parametrize(("sql", "edit"), [
    ("UPDATE staff SET role = 'manager' WHERE id = 3",
     lambda s: staff.edit_staff(s.salon, s.stylist, approved_by=s.manager, colour="#112233")),
    ("UPDATE service SET price = 100 WHERE id = 1",
     lambda s: catalogue.edit_service(s.salon, s.cut, approved_by=s.manager,
                                      name="Cut & finish")),
    ("UPDATE client SET house_account_limit = 99999 WHERE id = 1",
     lambda s: clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                                        deposit_rule="always")),
], ids=["staff", "service", "client terms"])
def test_an_edit_through_the_program_does_not_bless_a_hand_edit(s, sql, edit):
    by_hand(s, sql)
    before = dump(s.salon)

    with pytest.raises(NotAllowed, match="does not match the journal"):
        edit(s)

    assert dump(s.salon) == before
    assert not verify(s.salon).ok  # still named


def test_a_booked_services_tax_rate_changed_by_hand_is_not_charged_at_checkout(s):
    from datetime import timedelta

    from salon_pos.services.operations import bookings

    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(minutes=5), service_ids=[s.cut],
                            by=s.desk)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)
    bookings.finish_service(s.salon, booking, by=s.stylist)
    by_hand(s, "UPDATE tax_class SET rate_bp = 0 WHERE id = ?", s.reduced_tax)
    before = dump(s.salon)

    with pytest.raises(NotAllowed, match="Reduced does not match the journal"):
        checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    assert dump(s.salon) == before


def test_verify_names_what_it_cannot_read_rather_than_failing(s):
    by_hand(s, "UPDATE setting SET value = 'not json' WHERE key = 'salon_name'")

    assert problems(s) == ["the setting “salon_name” does not match the journal: value is "
                           "“(not readable) not json” but the journal says “Salon Zoë”"]
