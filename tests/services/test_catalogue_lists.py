"""The catalogue as a manager edits it: every tax class, service and product, withdrawn ones
included, with the fields the edit dialogs need."""

from __future__ import annotations

from salon_pos.services.operations import catalogue
from salon_pos.services.views.catalogue import (
    list_products_all,
    list_services_all,
    list_tax_classes,
)


def test_list_tax_classes_lowest_rate_first(s):
    assert list_tax_classes(s.salon) == [
        {"id": s.reduced_tax, "name": "Reduced", "rate_bp": 1350},
        {"id": s.standard_tax, "name": "Standard", "rate_bp": 2300},
    ]


def test_list_services_all_includes_withdrawn_services_with_every_field(s):
    catalogue.edit_service(s.salon, s.blowdry, approved_by=s.manager, active=False)

    rows = {row["id"]: row for row in list_services_all(s.salon)}

    assert rows[s.blowdry] == {
        "id": s.blowdry, "name": "Blow-dry", "category": "", "minutes": 30, "price": 3000,
        "tax_class_id": s.reduced_tax, "tax_class": "Reduced", "deposit_rule": "never",
        "needs_consultation": False, "needs_patch_test": False, "active": False,
        "processing_min": 0, "finish_min": 0}
    assert rows[s.colour]["needs_consultation"] is True
    assert [row["name"] for row in list_services_all(s.salon)] == [
        "Blow-dry", "Colour correction", "Cut and finish"]  # by category, then name


def test_list_products_all_includes_withdrawn_products(s):
    catalogue.edit_product(s.salon, s.shampoo, approved_by=s.manager, active=False)

    assert list_products_all(s.salon) == [
        {"id": s.shampoo, "name": "Repair shampoo", "sku": "SH-1", "price": 1800,
         "tax_class_id": s.standard_tax, "tax_class": "Standard", "active": False}]
