"""The catalogue as screens list it: services, products and tax classes, as plain rows, in
the order of their names (services by category first)."""

from __future__ import annotations

from salon_pos.domain.collation import name_key
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Product, Service, TaxClass


def list_services(salon: Salon, active_only: bool = True) -> list[dict]:
    """The services to choose from when booking, as plain rows."""
    query = Service.select()
    if active_only:
        query = query.where(Service.active)
    return _by_category([{"id": s.id, "name": s.name, "category": s.category,
                          "minutes": s.duration_min, "price": s.price,
                          "needs_consultation": s.needs_consultation,
                          "needs_patch_test": s.needs_patch_test} for s in query])


def list_tax_classes(salon: Salon) -> list[dict]:
    """Every tax class, lowest rate first, as plain rows."""
    rows = [{"id": t.id, "name": t.name, "rate_bp": t.rate_bp} for t in TaxClass.select()]
    return sorted(rows, key=lambda row: (row["rate_bp"], name_key(row["name"])))


def list_services_all(salon: Salon) -> list[dict]:
    """Every service, withdrawn ones too, with all that a manager edits."""
    query = Service.select(Service, TaxClass).join(TaxClass)
    return _by_category([{"id": s.id, "name": s.name, "category": s.category,
                          "minutes": s.duration_min, "price": s.price,
                          "tax_class_id": s.tax_class.id, "tax_class": s.tax_class.name,
                          "deposit_rule": s.deposit_rule,
                          "needs_consultation": s.needs_consultation,
                          "needs_patch_test": s.needs_patch_test, "active": s.active,
                          "processing_min": s.processing_min, "finish_min": s.finish_min}
                         for s in query])


def list_products_all(salon: Salon) -> list[dict]:
    """Every retail product, withdrawn ones too, with all that a manager edits."""
    query = Product.select(Product, TaxClass).join(TaxClass)
    return _by_name([{"id": p.id, "name": p.name, "sku": p.sku, "price": p.price,
                      "tax_class_id": p.tax_class.id, "tax_class": p.tax_class.name,
                      "active": p.active} for p in query])


def list_products(salon: Salon, active_only: bool = True) -> list[dict]:
    """The retail products to choose from at checkout, as plain rows."""
    query = Product.select()
    if active_only:
        query = query.where(Product.active)
    return _by_name([{"id": p.id, "name": p.name, "sku": p.sku, "price": p.price}
                     for p in query])


def _by_name(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: name_key(row["name"]))


def _by_category(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (name_key(row["category"]), name_key(row["name"])))
