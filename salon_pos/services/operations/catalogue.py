"""The catalogue: tax classes, services and retail products (a manager's job)."""

from __future__ import annotations

from salon_pos.domain.deposit_policy import DepositRule
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import check_amount
from salon_pos.domain.phases import LONGEST_SERVICE_MIN, check_phases
from salon_pos.domain.standing import PRODUCT, SERVICE, TAX_CLASS
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_product, get_service, get_tax_class
from salon_pos.services.kernel.standing import check_against_journal, record_standing
from salon_pos.store.models import Product, Service, TaxClass


def add_tax_class(salon: Salon, name: str, rate_bp: int, *, approved_by: int) -> int:
    name = clean_name(name, "tax class name", longest=MAX_SHORT_NAME)
    if not isinstance(rate_bp, int) or not 0 <= rate_bp <= 10_000:
        raise InvalidInput("A tax rate is between 0 % and 100 %.")
    with salon.writing():
        require_manager(salon, approved_by)
        if TaxClass.select().where(TaxClass.name == name).exists():
            raise InvalidInput(f"There is already a tax class called “{name}”.")
        tax_class = TaxClass.create(name=name, rate_bp=rate_bp)
        record_standing(salon, TAX_CLASS, tax_class.id, by=approved_by, approved_by=approved_by)
        return tax_class.id


def _check_duration(minutes: int) -> int:
    if not isinstance(minutes, int) or not 5 <= minutes <= LONGEST_SERVICE_MIN or minutes % 5:
        raise InvalidInput("A service lasts 5 minutes to 12 hours, in steps of 5 minutes.")
    return minutes


def _rule(rule: str) -> str:
    try:
        return DepositRule(rule).value
    except ValueError:
        raise InvalidInput("The deposit rule must be policy, always or never.") from None


def _service_fields(name, category, duration_min, price, tax_class_id, deposit_rule,
                    needs_consultation, needs_patch_test, processing_min=None,
                    finish_min=None) -> dict:
    fields = {}
    if processing_min is not None:
        fields["processing_min"] = processing_min
    if finish_min is not None:
        fields["finish_min"] = finish_min
    if name is not None:
        fields["name"] = clean_name(name, "service name")
    if category is not None:
        fields["category"] = (clean_name(category, "category", longest=MAX_SHORT_NAME)
                              if category.strip() else "")
    if duration_min is not None:
        fields["duration_min"] = _check_duration(duration_min)
    if price is not None:
        fields["price"] = check_amount(price, "price", allow_zero=True)
    if tax_class_id is not None:
        fields["tax_class"] = tax_class_id
    if deposit_rule is not None:
        fields["deposit_rule"] = _rule(deposit_rule)
    if needs_consultation is not None:
        fields["needs_consultation"] = bool(needs_consultation)
    if needs_patch_test is not None:
        fields["needs_patch_test"] = bool(needs_patch_test)
    return fields


def add_service(
    salon: Salon, name: str, *, duration_min: int, price: int, tax_class_id: int,
    approved_by: int, category: str = "", deposit_rule: str = "policy",
    needs_consultation: bool = False, needs_patch_test: bool = False,
    processing_min: int = 0, finish_min: int = 0,
) -> int:
    """A service; `processing_min` of its `duration_min` leave the stylist free (a colour
    developing), followed by `finish_min` of work (domain.phases)."""
    fields = _service_fields(name, category, duration_min, price, tax_class_id, deposit_rule,
                             needs_consultation, needs_patch_test, processing_min, finish_min)
    check_phases(fields["duration_min"], processing_min, finish_min)
    with salon.writing():
        require_manager(salon, approved_by)
        get_tax_class(salon, tax_class_id)
        service = Service.create(**fields)
        record_standing(salon, SERVICE, service.id, by=approved_by, approved_by=approved_by)
        return service.id


def edit_service(
    salon: Salon, service_id: int, *, approved_by: int, name=None, category=None,
    duration_min=None, price=None, tax_class_id=None, deposit_rule=None,
    needs_consultation=None, needs_patch_test=None, active: bool | None = None,
    processing_min=None, finish_min=None,
) -> None:
    fields = _service_fields(name, category, duration_min, price, tax_class_id, deposit_rule,
                             needs_consultation, needs_patch_test, processing_min, finish_min)
    if active is not None:
        fields["active"] = bool(active)
    _save_changes(salon, SERVICE, get_service, service_id, fields, approved_by=approved_by)


def add_product(
    salon: Salon, name: str, *, sku: str, price: int, tax_class_id: int, approved_by: int
) -> int:
    name, sku = clean_name(name, "product name"), clean_name(sku, "SKU", longest=MAX_SHORT_NAME)
    check_amount(price, "price", allow_zero=True)
    with salon.writing():
        require_manager(salon, approved_by)
        get_tax_class(salon, tax_class_id)
        if Product.select().where(Product.sku == sku).exists():
            raise InvalidInput(f"Another product already has the SKU “{sku}”.")
        fields = {"name": name, "sku": sku, "price": price, "tax_class": tax_class_id}
        product = Product.create(**fields)
        record_standing(salon, PRODUCT, product.id, by=approved_by, approved_by=approved_by)
        return product.id


def edit_product(
    salon: Salon, product_id: int, *, approved_by: int, name=None, price=None,
    tax_class_id=None, active: bool | None = None,
) -> None:
    fields = {}
    if name is not None:
        fields["name"] = clean_name(name, "product name")
    if price is not None:
        fields["price"] = check_amount(price, "price", allow_zero=True)
    if tax_class_id is not None:
        fields["tax_class"] = tax_class_id
    if active is not None:
        fields["active"] = bool(active)
    _save_changes(salon, PRODUCT, get_product, product_id, fields, approved_by=approved_by)


def _save_changes(salon: Salon, code: str, get, record_id: int, fields: dict, *,
                  approved_by: int) -> None:
    """A manager's change to a service or product (found by `get`), kept in the journal."""
    with salon.writing():
        require_manager(salon, approved_by)
        record = get(salon, record_id)
        check_against_journal(salon, code, record)  # an edit must not bless a hand edit
        if code == SERVICE:  # the phases as they would be, the length changed or not
            check_phases(*(fields.get(name, getattr(record, name)) for name in
                           ("duration_min", "processing_min", "finish_min")))
        if "tax_class" in fields:
            get_tax_class(salon, fields["tax_class"])
        if fields:
            type(record).update(fields).where(type(record).id == record_id).execute()
            record_standing(salon, code, record_id, by=approved_by, approved_by=approved_by)
