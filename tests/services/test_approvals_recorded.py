"""Every privileged action records who approved it: the money ones on their own journal
entries (tested with each operation), the others — settings, catalogue, staff, a client's
terms — as a `standing_data` entry in the same hash chain, carrying the new state."""

from __future__ import annotations

import pytest

from salon_pos.domain.journal import Kind
from salon_pos.domain.standing import read_state
from salon_pos.services.operations import catalogue, clients, salon_setup, staff
from salon_pos.services.views.verify import verify
from salon_pos.store.models import Staff
from tests.services.helpers import journal

CHANGES = {
    "settings": (lambda s: salon_setup.change_settings(s.salon, s.manager, deposit_percent_bp=2500),
                 ("setting", "deposit_percent_bp", {"value": 2500})),
    "tax class": (lambda s: catalogue.add_tax_class(s.salon, "Zero", 0, approved_by=s.manager),
                  ("tax_class", "3", {"name": "Zero", "rate_bp": 0})),
    "new service": (lambda s: catalogue.add_service(
        s.salon, "Fringe trim", duration_min=15, price=800, tax_class_id=s.reduced_tax,
        approved_by=s.manager), ("service", "4", {
            "name": "Fringe trim", "category": "", "duration_min": 15, "price": 800,
            "tax_class_id": 2, "deposit_rule": "policy", "needs_consultation": False,
            "active": True})),
    "service": (lambda s: catalogue.edit_service(s.salon, s.cut, approved_by=s.manager,
                                                 price=4800, active=False),
                ("service", "1", {"price": 4800, "active": False})),
    "new product": (lambda s: catalogue.add_product(
        s.salon, "Gloss", sku="GL-1", price=2200, tax_class_id=s.standard_tax,
        approved_by=s.manager), ("product", "2", {
            "name": "Gloss", "sku": "GL-1", "price": 2200, "tax_class_id": 1, "active": True})),
    "product": (lambda s: catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager,
                                                 price=1900),
                ("product", "1", {"price": 1900})),
    "new staff": (lambda s: staff.add_staff(s.salon, "Niamh", "stylist", "9876",
                                            approved_by=s.manager),
                  ("staff", "5", {"name": "Niamh", "role": "stylist", "active": True})),
    "staff": (lambda s: staff.edit_staff(s.salon, s.desk, approved_by=s.manager,
                                         role="manager", pin="5555"),
              ("staff", "2", {"role": "manager"})),
    "client terms": (lambda s: clients.set_client_terms(
        s.salon, s.client, approved_by=s.manager, house_account_enabled=True,
        house_account_limit=20000),
        ("client_terms", "1", {"deposit_rule": "policy", "house_account_enabled": True,
                               "house_account_limit": 20000})),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_managers_change_is_kept_in_the_journal_with_its_new_state_and_approver(s, change):
    action, (table, key, state) = CHANGES[change]
    before = len(journal(kind=Kind.STANDING_DATA))

    action(s)

    entries = journal(kind=Kind.STANDING_DATA)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.category, entry.reference, entry.amount, entry.approved_by, entry.staff) == (
        table, key, 0, s.manager, s.manager)
    assert read_state(entry.memo).items() >= state.items()
    assert verify(s.salon).ok


def test_a_new_pin_is_never_written_into_the_journal(s):
    staff.edit_staff(s.salon, s.desk, approved_by=s.manager, pin="98765")

    entry = journal(kind=Kind.STANDING_DATA)[-1]
    assert "98765" not in entry.memo
    assert Staff.get_by_id(s.desk).pin_hash not in entry.memo


def test_settings_saved_unchanged_leave_no_entry(s):
    before = len(journal(kind=Kind.STANDING_DATA))

    salon_setup.change_settings(s.salon, s.manager, salon_name="Salon Zoë")

    assert len(journal(kind=Kind.STANDING_DATA)) == before


def test_approved_changes_are_not_money_so_the_time_zone_may_still_change(s):
    # The fixture's catalogue and staff are in the journal, but no money is yet.
    salon_setup.change_settings(s.salon, s.manager, time_zone="Europe/Lisbon")

    assert s.salon.settings().time_zone == "Europe/Lisbon"
