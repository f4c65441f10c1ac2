"""The catalogue as screens list it: services, products and tax classes, as plain rows."""

from __future__ import annotations

from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Product, Service, TaxClass


def list_services(salon: Salon, active_only: bool = True) -> list[dict]:
    """The services to choose from when booking, as plain rows."""
    query = Service.select().order_by(Service.category, Service.name)
    if active_only:
        query = query.where(Service.active)
    return [{"id": s.id, "name": s.name, "category": s.category, "minutes": s.duration_min,
             "price": s.price, "needs_consultation": s.needs_consultation} for s in query]


def list_tax_classes(salon: Salon) -> list[dict]:
    """Every tax class, lowest rate first, as plain rows."""
    query = TaxClass.select().order_by(TaxClass.rate_bp, TaxClass.name)
    return [{"id": t.id, "name": t.name, "rate_bp": t.rate_bp} for t in query]


def list_services_all(salon: Salon) -> list[dict]:
    """Every service, withdrawn ones too, with all that a manager edits."""
    query = (Service.select(Service, TaxClass).join(TaxClass)
             .order_by(Service.category, Service.name))
    return [{"id": s.id, "name": s.name, "category": s.category, "minutes": s.duration_min,
             "price": s.price, "tax_class_id": s.tax_class.id, "tax_class": s.tax_class.name,
             "deposit_rule": s.deposit_rule, "needs_consultation": s.needs_consultation,
             "active": s.active} for s in query]


def list_products_all(salon: Salon) -> list[dict]:
    """Every retail product, withdrawn ones too, with all that a manager edits."""
    query = Product.select(Product, TaxClass).join(TaxClass).order_by(Product.name)
    return [{"id": p.id, "name": p.name, "sku": p.sku, "price": p.price,
             "tax_class_id": p.tax_class.id, "tax_class": p.tax_class.name,
             "active": p.active} for p in query]


def list_products(salon: Salon, active_only: bool = True) -> list[dict]:
    """The retail products to choose from at checkout, as plain rows."""
    query = Product.select().order_by(Product.name)
    if active_only:
        query = query.where(Product.active)
    return [{"id": p.id, "name": p.name, "sku": p.sku, "price": p.price} for p in query]
