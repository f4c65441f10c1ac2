"""Clients: their details, alerts, deposit rule and house account; search as you type."""

from __future__ import annotations

from salon_pos.domain.deposit_policy import DepositRule
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import check_amount
from salon_pos.domain.standing import CLIENT_TERMS
from salon_pos.domain.validation import (
    clean_email,
    clean_name,
    clean_phone,
    clean_text,
    phone_digits,
    search_key,
)
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_client, get_current_client
from salon_pos.services.kernel.standing import check_against_journal, record_standing
from salon_pos.services.operations import outbox
from salon_pos.store.models import Client


def client_fields(name, phone, email, alerts, deposit_rule) -> dict:
    """A client's details cleaned and checked, as stored (None: not given)."""
    fields = {}
    if name is not None:
        fields["name"] = clean_name(name, "client's name")
        key = search_key(fields["name"])
        fields["search_name"], fields["search_surname"] = key, key.split(" ")[-1]
    if phone is not None:
        fields["phone"] = clean_phone(phone, "client's phone number")
        fields["phone_digits"] = phone_digits(fields["phone"])
    if email is not None:
        fields["email"] = clean_email(email, "client's email address")
    if alerts is not None:
        fields["alerts"] = clean_text(alerts, "client's alerts")
    if deposit_rule is not None:
        try:
            fields["deposit_rule"] = DepositRule(deposit_rule).value
        except ValueError:
            raise InvalidInput("The deposit rule must be policy, always or never.") from None
    return fields


def add_client(
    salon: Salon, name: str, *, by: int, phone: str = "", email: str = "", alerts: str = "",
    no_messages: bool = False,
) -> int:
    fields = client_fields(name, phone, email, alerts, None)
    with salon.writing():
        require_staff(salon, by)
        return Client.create(created_at=salon.now_stored(), no_messages=bool(no_messages),
                             **fields).id


def edit_client(
    salon: Salon, client_id: int, *, by: int, name=None, phone=None, email=None, alerts=None,
    no_messages: bool | None = None,
) -> None:
    """Change what is given (None: left as it is). Messages still to go follow the new
    address, or are withdrawn when there is none or the client wants no messages."""
    fields = client_fields(name, phone, email, alerts, None)
    if no_messages is not None:
        fields["no_messages"] = bool(no_messages)
    with salon.writing():
        require_staff(salon, by)
        get_current_client(salon, client_id)
        if fields:
            Client.update(fields).where(Client.id == client_id).execute()
            outbox.follow_client(salon, get_current_client(salon, client_id))


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
        require_manager(salon, approved_by)
        # An edit must not bless terms changed by hand.
        check_against_journal(salon, CLIENT_TERMS, get_client(salon, client_id))
        if fields:
            Client.update(fields).where(Client.id == client_id).execute()
            record_standing(salon, CLIENT_TERMS, client_id, by=approved_by,
                            approved_by=approved_by)
