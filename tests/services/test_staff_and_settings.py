"""Staff (roles, PINs kept only as slow hashes, lock-out), the salon's settings, and the
manager-only operations refusing everyone else."""

from __future__ import annotations

import pytest

from salon_pos.domain.errors import DomainError, InvalidInput, NotAllowed, NotFound
from salon_pos.domain.staff_colours import PALETTE
from salon_pos.services.kernel import access
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import catalogue, clients, day_close, salon_setup, staff
from salon_pos.services.views.staff import list_staff, suggested_colour
from salon_pos.store.models import Staff
from tests.conftest import OPENING
from tests.services.helpers import TODAY, book_with_deposit, refused


def member(staff_id: int) -> Staff:
    return Staff.get_by_id(staff_id)


# --- staff --------------------------------------------------------------------------------


def test_add_staff_keeps_the_pin_only_as_a_salted_hash(s):
    new = staff.add_staff(s.salon, "  Niamh   Nails ", "stylist", "9876", colour="#AABBCC",
                          approved_by=s.manager)

    row = member(new)
    assert (row.name, row.role, row.colour, row.active) == ("Niamh Nails", "stylist",
                                                            "#aabbcc", True)
    assert row.pin_hash.startswith("scrypt$") and "9876" not in row.pin_hash
    other = staff.add_staff(s.salon, "Other", "stylist", "9876", approved_by=s.manager)
    assert member(other).pin_hash != row.pin_hash  # salted


@pytest.mark.parametrize(("name", "role", "pin", "colour", "message"), [
    ("", "stylist", "9876", "#7b9acc", "Please type a staff member's name"),
    ("Niamh", "barber", "9876", "#7b9acc", "The role must be front desk, stylist or manager"),
    ("Niamh", "stylist", "123", "#7b9acc", "A PIN is 4 to 8 digits"),
    ("Niamh", "stylist", "12a4", "#7b9acc", "A PIN is 4 to 8 digits"),
    ("Niamh", "stylist", "123456789", "#7b9acc", "A PIN is 4 to 8 digits"),
    ("Niamh", "stylist", "9876", "blue", "A colour is written like #7b9acc"),
])
def test_add_staff_refuses_what_cannot_be_used(s, name, role, pin, colour, message):
    with refused(s, message, InvalidInput):
        staff.add_staff(s.salon, name, role, pin, colour=colour, approved_by=s.manager)


def test_edit_staff(s):
    staff.edit_staff(s.salon, s.stylist, approved_by=s.manager, name="Aoife Senior",
                     role="manager", colour="#112233")

    row = member(s.stylist)
    assert (row.name, row.role, row.colour) == ("Aoife Senior", "manager", "#112233")


def test_edit_staff_new_pin_clears_a_lock_out(s):
    for _ in range(5):
        with pytest.raises(NotAllowed):
            access.check_pin(s.salon, s.desk, "0000")

    staff.edit_staff(s.salon, s.desk, approved_by=s.manager, pin="4321")

    assert access.check_pin(s.salon, s.desk, "4321").id == s.desk


def test_the_last_manager_cannot_be_demoted_or_deactivated(s):
    with refused(s, "The salon needs at least one active manager", InvalidInput):
        staff.edit_staff(s.salon, s.manager, approved_by=s.manager, role="stylist")
    with refused(s, "The salon needs at least one active manager", InvalidInput):
        staff.edit_staff(s.salon, s.manager, approved_by=s.manager, active=False)


def test_a_manager_can_step_down_when_another_remains(s):
    staff.edit_staff(s.salon, s.stylist, approved_by=s.manager, role="manager")

    staff.edit_staff(s.salon, s.manager, approved_by=s.stylist, role="stylist")

    assert member(s.manager).role == "stylist"


def test_edit_staff_refuses_an_unknown_member(s):
    with refused(s, "That staff member does not exist", NotFound):
        staff.edit_staff(s.salon, 999, approved_by=s.manager, name="Ghost")


def test_a_member_who_left_cannot_act_or_approve(s):
    staff.edit_staff(s.salon, s.stylist, approved_by=s.manager, role="manager")
    staff.edit_staff(s.salon, s.stylist, approved_by=s.manager, active=False)

    with refused(s, "Aoife Stylist is no longer an active member of staff", NotAllowed):
        catalogue.add_tax_class(s.salon, "Zero", 0, approved_by=s.stylist)


def test_list_staff(s):
    staff.edit_staff(s.salon, s.stylist2, approved_by=s.manager, active=False)

    assert [m["name"] for m in list_staff(s.salon)] == [
        "Aoife Stylist", "Dara Desk", "Maeve Manager"]
    assert len(list_staff(s.salon, active_only=False)) == 4


# --- PINs ---------------------------------------------------------------------------------


def test_check_pin_accepts_the_right_pin(s):
    assert access.check_pin(s.salon, s.desk, "1111").name == "Dara Desk"


def test_check_pin_refuses_a_wrong_pin_and_counts_it(s):
    with pytest.raises(NotAllowed, match="That PIN is not right"):
        access.check_pin(s.salon, s.desk, "1112")

    assert member(s.desk).failed_pins == 1
    access.check_pin(s.salon, s.desk, "1111")
    assert member(s.desk).failed_pins == 0


def test_five_wrong_pins_lock_the_pin_for_five_minutes(s):
    for _ in range(5):
        with pytest.raises(NotAllowed, match="That PIN is not right"):
            access.check_pin(s.salon, s.desk, "0000")

    with refused(s, "Too many wrong PINs for Dara Desk: try again in 5 min", NotAllowed):
        access.check_pin(s.salon, s.desk, "1111")
    s.clock.advance(minutes=4, seconds=30)
    with refused(s, "try again in 1 min", NotAllowed):
        access.check_pin(s.salon, s.desk, "1111")
    s.clock.advance(seconds=30)
    assert access.check_pin(s.salon, s.desk, "1111").id == s.desk


def test_check_pin_refuses_an_unknown_or_departed_member(s):
    with refused(s, "That staff member does not exist", NotFound):
        access.check_pin(s.salon, 999, "1111")
    staff.edit_staff(s.salon, s.desk, approved_by=s.manager, active=False)
    with refused(s, "Dara Desk is no longer an active member of staff", NotAllowed):
        access.check_pin(s.salon, s.desk, "1111")


# --- settings -----------------------------------------------------------------------------


def test_change_settings(s):
    salon_setup.change_settings(s.salon, s.manager, deposit_threshold="8000",
                                kept_deposit_taxable="yes", kept_deposit_tax_rate_bp=2300,
                                late_cancel_keeps="credit", salon_address="1 Main St, Galway")

    settings = s.salon.settings()
    assert (settings.deposit_threshold, settings.kept_deposit_taxable,
            settings.late_cancel_keeps, settings.salon_address) == (
        8000, True, "credit", "1 Main St, Galway")


@pytest.mark.parametrize(("values", "message"), [
    ({"colour": "red"}, "There is no setting called “colour”"),
    ({"cash_rounding_increment": 0}, "The cash rounding step must be between 1 and 10000"),
    ({"deposit_percent_bp": 10001}, "The deposit percentage must be between 0 % and 100 %"),
    ({"deposit_min": "ten"}, "The smallest deposit must be a whole number"),
    ({"deposit_min": 10.99}, "The smallest deposit must be a whole number"),
    ({"deposit_min": 6000}, "The smallest deposit is larger than the largest deposit"),
    ({"kept_deposit_taxable": True}, "Kept deposits are taxed: please set the tax rate"),
    ({"late_cancel_keeps": "refund"}, "What a late cancellation keeps must be one of: credit, fee"),
    ({"deposit_kind": "half"}, "The deposit rule must be one of: fixed, none, percent"),
    ({"prices_include_tax": "maybe"}, "Prices include tax: please answer yes or no"),
    ({"time_zone": "Mars/Olympus"}, "Unknown time zone “Mars/Olympus”"),
    ({"currency_code": "XXX"}, "Unknown currency “XXX”"),
    ({"tip_percents": "10 15 200"}, "The tip buttons, in percent: type up to 4 whole"),
    ({"tip_percents": "5 10 15 20 25"}, "The tip buttons, in percent: type up to 4 whole"),
    ({"tip_percents": "ten"}, "The tip buttons, in percent: type up to 4 whole"),
])
def test_change_settings_refuses_what_cannot_be_used(s, values, message):
    with refused(s, message, InvalidInput):
        salon_setup.change_settings(s.salon, s.manager, **values)


def test_tip_buttons_are_kept_as_plain_percentages(s):
    salon_setup.change_settings(s.salon, s.manager, tip_percents="5 %, 10 %, 12%")

    assert s.salon.settings().tip_choices == (5, 10, 12)
    assert s.salon.settings().tip_percents == "5 10 12"


def test_the_currency_can_change_before_any_money_is_recorded(s):
    salon_setup.change_settings(s.salon, s.manager, currency_code="gbp")

    assert s.salon.settings().currency_code == "GBP"


def test_the_currency_cannot_change_once_money_is_recorded(s):
    book_with_deposit(s)

    with refused(s, "The currency cannot change once money has been recorded", InvalidInput):
        salon_setup.change_settings(s.salon, s.manager, currency_code="GBP")


def test_set_up_refused_for_a_salon_already_set_up(s):
    with refused(s, "This salon is already set up", InvalidInput):
        salon_setup.set_up_salon(s.salon, salon_name="Again", currency_code="EUR",
                                 time_zone="Europe/Dublin", manager_name="Other",
                                 manager_pin="9999")


# --- manager-only operations --------------------------------------------------------------


MANAGER_ONLY = {
    "add staff": lambda s, who: staff.add_staff(s.salon, "New", "stylist", "5555",
                                                approved_by=who),
    "edit staff": lambda s, who: staff.edit_staff(s.salon, s.stylist2, approved_by=who,
                                                  role="manager"),
    "change settings": lambda s, who: salon_setup.change_settings(s.salon, who,
                                                                  deposit_threshold=0),
    "add tax class": lambda s, who: catalogue.add_tax_class(s.salon, "Zero", 0,
                                                            approved_by=who),
    "add service": lambda s, who: catalogue.add_service(
        s.salon, "Perm", duration_min=90, price=9000, tax_class_id=s.standard_tax,
        approved_by=who),
    "edit service": lambda s, who: catalogue.edit_service(s.salon, s.cut, approved_by=who,
                                                          price=1),
    "add product": lambda s, who: catalogue.add_product(
        s.salon, "Wax", sku="WX-1", price=1200, tax_class_id=s.standard_tax, approved_by=who),
    "edit product": lambda s, who: catalogue.edit_product(s.salon, s.shampoo, approved_by=who,
                                                          price=1),
    "client terms": lambda s, who: clients.set_client_terms(
        s.salon, s.client, approved_by=who, house_account_enabled=True,
        house_account_limit=100000),
    "close the day": lambda s, who: day_close.close_day(s.salon, TODAY, approved_by=who),
}


@pytest.mark.parametrize("who", ["stylist", "desk"])
@pytest.mark.parametrize("operation", list(MANAGER_ONLY))
def test_manager_only_operations_refuse_everyone_else(s, operation, who):
    person = getattr(s, who)
    name = member(person).name

    with refused(s, f"A manager has to approve this; {name} is not a manager", NotAllowed):
        MANAGER_ONLY[operation](s, person)


@pytest.mark.parametrize("operation", list(MANAGER_ONLY))
def test_manager_only_operations_refuse_no_approver(s, operation):
    with refused(s, "A manager has to approve this", NotAllowed):
        MANAGER_ONLY[operation](s, None)


@pytest.mark.parametrize("operation", list(MANAGER_ONLY))
def test_manager_only_operations_work_for_a_manager(s, operation):
    MANAGER_ONLY[operation](s, s.manager)


def test_a_missing_pin_key_file_is_refused_not_replaced(s, tmp_path):
    from salon_pos.services.kernel.context import Salon

    elsewhere = Salon(s.salon.database, s.clock, tmp_path / "other-station", pin_cost=16)

    with pytest.raises(DomainError, match="PIN key file “pin-pepper” is missing"):
        access.check_pin(elsewhere, s.manager, "1234")
    assert not (tmp_path / "other-station" / "pin-pepper").exists()


def test_the_time_zone_cannot_change_once_money_is_recorded(s):
    book_with_deposit(s, 11, days=2)

    with refused(s, "The time zone cannot change once money has been recorded", InvalidInput):
        salon_setup.change_settings(s.salon, s.manager, time_zone="Europe/London")


def test_an_operations_moment_belongs_to_its_own_thread(s):
    import threading

    seen = []
    with s.salon.writing():
        worker = threading.Thread(target=lambda: seen.append(s.salon.now()))
        s.clock.advance(minutes=5)
        worker.start()
        worker.join()
        assert s.salon.now() == OPENING  # this operation keeps the time it started with
    assert seen == [s.clock.now()]  # another thread reads the clock itself


def test_setting_up_refuses_contradicting_settings(tmp_path):
    from salon_pos.domain.clock import FixedClock
    from salon_pos.store.database import close_database

    salon = open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                       pin_cost=16)
    try:
        with pytest.raises(InvalidInput, match="smallest deposit is larger than the largest"):
            salon_setup.set_up_salon(salon, salon_name="Studio", currency_code="EUR",
                                     time_zone="Europe/Dublin", manager_name="Maeve",
                                     manager_pin="1234", deposit_min=6000, deposit_max=5000)
        assert not salon_setup.is_set_up(salon)
    finally:
        close_database()


def test_a_wrong_try_made_elsewhere_while_a_pin_is_hashed_still_counts(s, monkeypatch):
    real = access.pin_matches

    def meanwhile_another_station_fails(pin, stored, pepper):
        Staff.update(failed_pins=Staff.failed_pins + 1).where(Staff.id == s.desk).execute()
        return real(pin, stored, pepper)

    monkeypatch.setattr(access, "pin_matches", meanwhile_another_station_fails)
    with pytest.raises(NotAllowed):
        access.check_pin(s.salon, s.desk, "9999")

    assert member(s.desk).failed_pins == 2  # the other station's try and this one


def test_a_right_pin_forgives_the_tries_before_it_not_those_after(s, monkeypatch):
    with pytest.raises(NotAllowed):
        access.check_pin(s.salon, s.desk, "9999")
    real = access.pin_matches

    def meanwhile_another_station_fails(pin, stored, pepper):
        monkeypatch.setattr(access, "pin_matches", real)
        with pytest.raises(NotAllowed, match="not right"):
            access.check_pin(s.salon, s.desk, "8888")  # counted after the right one
        return real(pin, stored, pepper)

    monkeypatch.setattr(access, "pin_matches", meanwhile_another_station_fails)
    access.check_pin(s.salon, s.desk, "1111")

    assert member(s.desk).failed_pins == 1


def test_a_lock_set_while_the_right_pin_was_hashed_stands(s, monkeypatch):
    real = access.pin_matches

    def meanwhile_five_wrong_tries(pin, stored, pepper):
        monkeypatch.setattr(access, "pin_matches", real)
        for _ in range(access.MAX_PIN_TRIES - 1):  # the right PIN's try is counted first
            with pytest.raises(NotAllowed, match="not right"):
                access.check_pin(s.salon, s.desk, "0000")
        return real(pin, stored, pepper)

    monkeypatch.setattr(access, "pin_matches", meanwhile_five_wrong_tries)
    assert access.check_pin(s.salon, s.desk, "1111").id == s.desk  # it was right, and first

    with refused(s, "Too many wrong PINs for Dara Desk", NotAllowed):
        access.check_pin(s.salon, s.desk, "1111")


def test_someone_added_without_a_colour_gets_one_nobody_working_here_has(s):
    taken = {member["colour"] for member in list_staff(s.salon)}
    niamh = staff.add_staff(s.salon, "Niamh", "stylist", "9876", approved_by=s.manager)
    colour = Staff.get_by_id(niamh).colour
    assert colour in PALETTE and colour not in taken
    assert suggested_colour(s.salon) not in taken | {colour}
