"""Clients (details, alerts, search, deposit rule and house account) and the catalogue
(tax classes, services, retail products)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.services.operations import bookings, catalogue, clients
from salon_pos.services.views.clients import missed_in_last_year, search_clients
from salon_pos.store.models import BookedService, Client, Product, Service, TaxClass
from tests.services.helpers import book, refused


def add(s, name: str, **details) -> int:
    return clients.add_client(s.salon, name, by=s.desk, **details)


# --- clients ------------------------------------------------------------------------------


def test_add_client_tidies_what_was_typed(s):
    client = add(s, "  Siobhán   Ó Briain ", phone=" +353 (86) 555-0101 ",
                 email="siobhan@example.ie", alerts="Allergic to PPD; patch test 01/03")

    row = Client.get_by_id(client)
    assert (row.name, row.phone, row.phone_digits, row.email) == (
        "Siobhán Ó Briain", "+353 (86) 555-0101", "353865550101", "siobhan@example.ie")
    assert row.alerts == "Allergic to PPD; patch test 01/03"
    assert (row.search_name, row.search_surname) == ("siobhan o briain", "briain")
    assert (row.deposit_rule, row.house_account_enabled, row.credit_balance) == (
        "policy", False, 0)
    assert row.created_at == datetime(2026, 3, 20, 9, 0)


@pytest.mark.parametrize(("name", "details", "message"), [
    ("   ", {}, "Please type a client's name"),
    ("x" * 121, {}, "That client's name is too long"),
    ("Ann", {"phone": "call me"}, "“call me” does not look like a phone number"),
    ("Ann", {"phone": "12"}, "does not look like a phone number"),
    ("Ann", {"email": "ann@nowhere"}, "“ann@nowhere” does not look like an email address"),
    ("Ann", {"alerts": "beep\x07"},
     "The client's alerts contains characters that cannot be printed"),
])
def test_add_client_refuses_what_cannot_be_used(s, name, details, message):
    with refused(s, message, InvalidInput):
        add(s, name, **details)


def test_add_client_refuses_nobody_logged_in(s):
    with refused(s, "Please log in first", NotAllowed):
        clients.add_client(s.salon, "Ann", by=None)


def test_edit_client_changes_only_what_is_given(s):
    clients.edit_client(s.salon, s.client, by=s.desk, phone="+353 87 999 0000",
                        alerts="Patch test due 1 April")

    row = Client.get_by_id(s.client)
    assert (row.name, row.email) == ("Zoë Ní Bhriain", "zoe@example.ie")
    assert (row.phone_digits, row.alerts) == ("353879990000", "Patch test due 1 April")


def test_edit_client_renamed_is_found_by_the_new_name(s):
    clients.edit_client(s.salon, s.client, by=s.desk, name="Zoë Walsh")

    assert [c["id"] for c in search_clients(s.salon, "wal")] == [s.client]
    assert search_clients(s.salon, "bhri") == []


def test_edit_client_refuses_bad_details(s):
    with refused(s, "does not look like an email address", InvalidInput):
        clients.edit_client(s.salon, s.client, by=s.desk, email="zoe")


def test_edit_client_refuses_an_unknown_client(s):
    with refused(s, "That client does not exist", NotFound):
        clients.edit_client(s.salon, 999, by=s.desk, name="Nobody")


@pytest.mark.parametrize("typed", ["zoe", "ZOË", "Zoë Ní", "bhri", "087 12", "0871"])
def test_search_clients_by_name_surname_or_phone(s, typed):
    add(s, "Aisling Murphy", phone="01 555 0000")
    clients.edit_client(s.salon, s.client, by=s.desk, phone="087 123 4567")

    assert [c["name"] for c in search_clients(s.salon, typed)] == ["Zoë Ní Bhriain"]


def test_search_clients_shows_the_alerts(s):
    clients.edit_client(s.salon, s.client, by=s.desk, alerts="Nut allergy")

    (found,) = search_clients(s.salon, "zo")
    assert found["alerts"] == "Nut allergy"


def test_search_with_nothing_typed_finds_nobody(s):
    assert search_clients(s.salon, "  ") == []


def test_set_client_terms(s):
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager, deposit_rule="always",
                             house_account_enabled=True, house_account_limit=20000)

    row = Client.get_by_id(s.client)
    assert (row.deposit_rule, row.house_account_enabled, row.house_account_limit) == (
        "always", True, 20000)


@pytest.mark.parametrize(("terms", "message"), [
    ({"deposit_rule": "sometimes"}, "The deposit rule must be policy, always or never"),
    ({"house_account_limit": -1}, "The house-account limit cannot be negative"),
])
def test_set_client_terms_refuses_what_cannot_be_used(s, terms, message):
    with refused(s, message, InvalidInput):
        clients.set_client_terms(s.salon, s.client, approved_by=s.manager, **terms)


def test_set_client_terms_refuses_an_unknown_client(s):
    with refused(s, "That client does not exist", NotFound):
        clients.set_client_terms(s.salon, 999, approved_by=s.manager, deposit_rule="never")


def test_missed_in_the_last_year_counts_no_shows_and_late_cancels_only(s):
    no_show = book(s, 11)
    late = book(s, 13)
    in_time = book(s, 11, days=3)
    bookings.cancel(s.salon, late, by=s.desk)
    bookings.cancel(s.salon, in_time, by=s.desk)
    s.clock.set(datetime(2026, 3, 20, 11, 30, tzinfo=UTC))
    bookings.mark_no_show(s.salon, no_show, by=s.desk)

    assert missed_in_last_year(s.salon, s.client) == 2


# --- catalogue ----------------------------------------------------------------------------


def test_add_tax_class(s):
    zero = catalogue.add_tax_class(s.salon, "Zero", 0, approved_by=s.manager)

    assert TaxClass.get_by_id(zero).rate_bp == 0


@pytest.mark.parametrize(("name", "rate", "message"), [
    ("Standard", 2100, "There is already a tax class called “Standard”"),
    ("Silly", 10001, "A tax rate is between 0 % and 100 %"),
    ("Negative", -1, "A tax rate is between 0 % and 100 %"),
    ("", 0, "Please type a tax class name"),
])
def test_add_tax_class_refuses_what_cannot_be_used(s, name, rate, message):
    with refused(s, message, InvalidInput):
        catalogue.add_tax_class(s.salon, name, rate, approved_by=s.manager)


def test_add_service(s):
    perm = catalogue.add_service(s.salon, "Perm", duration_min=90, price=9000,
                                 tax_class_id=s.standard_tax, approved_by=s.manager,
                                 category="Texture", deposit_rule="always",
                                 needs_consultation=True)

    row = Service.get_by_id(perm)
    assert (row.name, row.category, row.duration_min, row.price, row.tax_class_id) == (
        "Perm", "Texture", 90, 9000, s.standard_tax)
    assert (row.deposit_rule, row.needs_consultation, row.active) == ("always", True, True)


@pytest.mark.parametrize(("changes", "message"), [
    ({"duration_min": 7}, "A service lasts 5 minutes to 12 hours, in steps of 5 minutes"),
    ({"duration_min": 0}, "A service lasts 5 minutes to 12 hours"),
    ({"duration_min": 725}, "A service lasts 5 minutes to 12 hours"),
    ({"price": -1}, "The price cannot be negative"),
    ({"deposit_rule": "maybe"}, "The deposit rule must be policy, always or never"),
    ({"name": ""}, "Please type a service name"),
])
def test_add_service_refuses_what_cannot_be_used(s, changes, message):
    fields = {"name": "Perm", "duration_min": 90, "price": 9000}
    fields.update(changes)
    name = fields.pop("name")

    with refused(s, message, InvalidInput):
        catalogue.add_service(s.salon, name, tax_class_id=s.standard_tax,
                              approved_by=s.manager, **fields)


def test_add_service_refuses_an_unknown_tax_class(s):
    with refused(s, "That tax class does not exist", NotFound):
        catalogue.add_service(s.salon, "Perm", duration_min=90, price=9000, tax_class_id=999,
                              approved_by=s.manager)


def test_edit_service_price_leaves_booked_prices_as_quoted(s):
    booking = book(s, 11)

    catalogue.edit_service(s.salon, s.cut, approved_by=s.manager, price=5000,
                           needs_consultation=True)

    assert Service.get_by_id(s.cut).price == 5000
    assert BookedService.get(BookedService.booking == booking).price_quoted == 4500


def test_edit_service_refuses_unknown_things(s):
    with refused(s, "That service does not exist", NotFound):
        catalogue.edit_service(s.salon, 999, approved_by=s.manager, price=1)
    with refused(s, "That tax class does not exist", NotFound):
        catalogue.edit_service(s.salon, s.cut, approved_by=s.manager, tax_class_id=999)


def test_add_product(s):
    wax = catalogue.add_product(s.salon, "Matte wax", sku="WX-1", price=1200,
                                tax_class_id=s.standard_tax, approved_by=s.manager)

    row = Product.get_by_id(wax)
    assert (row.name, row.sku, row.price, row.active) == ("Matte wax", "WX-1", 1200, True)


@pytest.mark.parametrize(("sku", "price", "tax", "message", "error"), [
    ("SH-1", 1200, "standard_tax", "Another product already has the SKU “SH-1”", InvalidInput),
    ("WX-1", -5, "standard_tax", "The price cannot be negative", InvalidInput),
    ("", 1200, "standard_tax", "Please type a SKU", InvalidInput),
    ("WX-1", 1200, None, "That tax class does not exist", NotFound),
])
def test_add_product_refuses_what_cannot_be_used(s, sku, price, tax, message, error):
    with refused(s, message, error):
        catalogue.add_product(s.salon, "Matte wax", sku=sku, price=price,
                              tax_class_id=getattr(s, tax) if tax else 999,
                              approved_by=s.manager)


def test_edit_product(s):
    catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager, name="Repair shampoo 1L",
                           price=2400, tax_class_id=s.reduced_tax, active=False)

    row = Product.get_by_id(s.shampoo)
    assert (row.name, row.price, row.tax_class_id, row.active) == (
        "Repair shampoo 1L", 2400, s.reduced_tax, False)


def test_edit_product_refuses_unknown_things(s):
    with refused(s, "That product does not exist", NotFound):
        catalogue.edit_product(s.salon, 999, approved_by=s.manager, price=1)
    with refused(s, "That tax class does not exist", NotFound):
        catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager, tax_class_id=999)
    with refused(s, "The price cannot be negative", InvalidInput):
        catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager, price=-1)
