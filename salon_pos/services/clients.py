"""Clients: their details, alerts, deposit rule and house account; search as you type."""

from __future__ import annotations

from datetime import timedelta

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.deposit_policy import DepositRule
from salon_pos.domain.errors import InvalidInput, NotFound
from salon_pos.domain.money import check_amount
from salon_pos.domain.validation import (
    clean_email,
    clean_name,
    clean_phone,
    clean_text,
    has_control_chars,
    phone_digits,
    search_key,
)
from salon_pos.services import ledger
from salon_pos.services.context import Salon
from salon_pos.services.staff import require_manager, require_staff
from salon_pos.store.models import Booking, Client


def client_fields(name, phone, email, alerts, deposit_rule) -> dict:
    """A client's details cleaned and checked, as stored (None: not given)."""
    fields = {}
    if name is not None:
        fields["name"] = clean_name(name, "client's name")
        key = search_key(fields["name"])
        fields["search_name"], fields["search_surname"] = key, key.split(" ")[-1]
    if phone is not None:
        fields["phone"] = clean_phone(phone)
        fields["phone_digits"] = phone_digits(fields["phone"])
    if email is not None:
        fields["email"] = clean_email(email)
    if alerts is not None:
        fields["alerts"] = clean_text(alerts, "alerts")
    if deposit_rule is not None:
        try:
            fields["deposit_rule"] = DepositRule(deposit_rule).value
        except ValueError:
            raise InvalidInput("The deposit rule must be policy, always or never.") from None
    return fields


def add_client(
    salon: Salon, name: str, *, by: int, phone: str = "", email: str = "", alerts: str = "",
) -> int:
    fields = client_fields(name, phone, email, alerts, None)
    with salon.writing():
        require_staff(by)
        return Client.create(created_at=salon.now_stored(), **fields).id


def edit_client(
    salon: Salon, client_id: int, *, by: int, name=None, phone=None, email=None, alerts=None,
) -> None:
    fields = client_fields(name, phone, email, alerts, None)
    with salon.writing():
        require_staff(by)
        get_client(client_id)
        if fields:
            Client.update(fields).where(Client.id == client_id).execute()


def set_client_terms(
    salon: Salon, client_id: int, *, approved_by: int, deposit_rule: str | None = None,
    house_account_enabled: bool | None = None, house_account_limit: int | None = None,
) -> None:
    """The client's deposit rule and house account: a manager's decision."""
    fields = client_fields(None, None, None, None, deposit_rule)
    if house_account_enabled is not None:
        fields["house_account_enabled"] = bool(house_account_enabled)
    if house_account_limit is not None:
        fields["house_account_limit"] = check_amount(
            house_account_limit, "house-account limit", allow_zero=True
        )
    with salon.writing():
        require_manager(approved_by)
        get_client(client_id)
        if fields:
            Client.update(fields).where(Client.id == client_id).execute()
            ledger.record_approval(salon, approved_by, f"Client {client_id}'s terms changed",
                                   fields)


def get_client(client_id: int | None) -> Client:
    found = Client.get_or_none(Client.id == client_id) if client_id is not None else None
    if found is None:
        raise NotFound("That client does not exist.")
    return found


def search_clients(text: str, limit: int = 20) -> list[dict]:
    """Clients whose name, surname or phone starts with what was typed."""
    key = search_key(str(text or ""))
    if not key or has_control_chars(key):  # no stored name or phone has them
        return []
    upper = key + "\uffff"
    by_name = (Client.search_name >= key) & (Client.search_name < upper)
    by_surname = (Client.search_surname >= key) & (Client.search_surname < upper)
    condition = by_name | by_surname
    digits = phone_digits(key)
    if len(digits) >= 3 and digits == key.replace(" ", ""):
        condition |= Client.phone_digits.startswith(digits)  # digits: same in every collation
    query = Client.select(Client.id, Client.name, Client.phone, Client.alerts).where(
        condition
    ).order_by(Client.search_name).limit(limit)
    return [{"id": c.id, "name": c.name, "phone": c.phone, "alerts": c.alerts} for c in query]


def missed_in_last_year(salon: Salon, client_id: int) -> int:
    """No-shows and late cancellations in the 12 months up to now."""
    since = salon.now_stored() - timedelta(days=365)
    no_shows = Booking.status == BookingStatus.NO_SHOW
    late = (Booking.status == BookingStatus.CANCELLED) & (Booking.cancel_kind == "late")
    return (
        Booking.select()
        .where((Booking.client == client_id) & (Booking.start >= since) & (no_shows | late))
        .count()
    )
