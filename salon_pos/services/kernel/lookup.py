"""Finding a record by its id, with the message when it does not exist.

Like every service function these take the salon: the models read the database it opened
(see kernel.context), and a caller never reaches for one of its own."""

from __future__ import annotations

from salon_pos.domain.errors import InvalidInput, NotAllowed, NotFound
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import (
    Booking,
    Client,
    ExpectationNote,
    Product,
    Sale,
    Service,
    Staff,
    TaxClass,
)


def _found(model, record_id: int | None, what: str):
    found = model.get_or_none(model.id == record_id) if record_id is not None else None
    if found is None:
        raise NotFound(f"That {what} does not exist.")
    return found


def get_booking(salon: Salon, booking_id: int | None) -> Booking:
    return _found(Booking, booking_id, "booking")


def get_sale(salon: Salon, sale_id: int | None) -> Sale:
    return _found(Sale, sale_id, "sale")


def get_client(salon: Salon, client_id: int | None) -> Client:
    return _found(Client, client_id, "client")


def get_current_client(salon: Salon, client_id: int | None) -> Client:
    """A client whose personal data is still kept: an erased client is no longer booked,
    sold to, edited or recorded (someone coming back is a new client)."""
    client = get_client(salon, client_id)
    if client.erased_at is not None:
        raise NotAllowed("This client's personal data was erased: add them as a new client.")
    return client


def get_staff(salon: Salon, staff_id: int | None) -> Staff:
    return _found(Staff, staff_id, "staff member")


def get_service(salon: Salon, service_id: int | None) -> Service:
    return _found(Service, service_id, "service")


def get_product(salon: Salon, product_id: int | None) -> Product:
    return _found(Product, product_id, "product")


def get_tax_class(salon: Salon, tax_class_id: int | None) -> TaxClass:
    return _found(TaxClass, tax_class_id, "tax class")


def get_note(salon: Salon, note_id: int | None) -> ExpectationNote:
    return _found(ExpectationNote, note_id, "expectation note")


def numbered_among(salon: Salon, query, numbers: list[int] | None, *, what: str,
                   none: str) -> list:
    """The records `query` finds, by number — only those `numbers` names when it names any,
    refusing the numbers it does not find ("Only {what}: not 3, 7.") — or `none` when
    there are none."""
    model = query.model
    if numbers is not None:
        query = query.where(model.id.in_(numbers))
    found = list(query.order_by(model.id))
    missing = sorted(set(numbers or ()) - {record.id for record in found})
    if missing:
        raise InvalidInput(f"Only {what}: not {', '.join(str(n) for n in missing)}.")
    if not found:
        raise InvalidInput(none)
    return found
