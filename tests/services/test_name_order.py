"""Every list of names a person reads is in the collation's order ("Łukasz" before "Maeve"),
not in the order of code points, where "Ł" comes after every other letter."""

from __future__ import annotations

from salon_pos.services.operations import catalogue, clients, staff
from salon_pos.services.views.catalogue import list_products, list_services
from salon_pos.services.views.clients import search_clients
from salon_pos.services.views.day_book import day_book
from salon_pos.services.views.staff import list_staff
from tests.services.helpers import TODAY


def test_staff_are_listed_by_the_letters_of_their_names(s):
    staff.add_staff(s.salon, "Óisín Ó Sé", "stylist", "4444", approved_by=s.manager)
    staff.add_staff(s.salon, "Peadar Power", "stylist", "5555", approved_by=s.manager)

    assert [m["name"] for m in list_staff(s.salon)] == [
        "Aoife Stylist", "Dara Desk", "Łukasz Stylist", "Maeve Manager", "Óisín Ó Sé",
        "Peadar Power"]


def test_the_day_book_columns_follow_the_same_order(s):
    staff.add_staff(s.salon, "Niamh Stylist", "stylist", "4444", approved_by=s.manager)

    assert [name for _id, name, _colour in day_book(s.salon, TODAY).stylists] == [
        "Aoife Stylist", "Łukasz Stylist", "Niamh Stylist"]


def test_clients_found_while_typing_are_in_order(s):
    for name in ("Mimi Walsh", "Máire Murphy", "mary Moran", "Miłosz Nowak", "Maeve Ó Briain",
                 "Martina Müller"):
        clients.add_client(s.salon, name, by=s.desk)

    assert [c["name"] for c in search_clients(s.salon, "m")] == [
        "Maeve Ó Briain", "Máire Murphy", "Martina Müller", "mary Moran", "Miłosz Nowak",
        "Mimi Walsh"]


def test_services_by_category_then_name_and_products_by_name(s):
    catalogue.add_service(s.salon, "Élan gloss", duration_min=30, price=2000,
                          tax_class_id=s.reduced_tax, approved_by=s.manager, category="Colour")
    catalogue.add_product(s.salon, "Öl für Spitzen", sku="OIL-1", price=1200,
                          tax_class_id=s.standard_tax, approved_by=s.manager)

    assert [(row["category"], row["name"]) for row in list_services(s.salon)] == [
        ("", "Blow-dry"), ("Colour", "Colour correction"),
        ("Colour", "Élan gloss"), ("Cut", "Cut and finish")]
    assert [p["name"] for p in list_products(s.salon)] == ["Öl für Spitzen", "Repair shampoo"]
