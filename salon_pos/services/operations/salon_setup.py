"""Setting the salon up and changing its settings (a manager's job)."""

from __future__ import annotations

import json
from dataclasses import replace

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import RECORDS_ONLY
from salon_pos.domain.settings import (
    SECRET_SETTINGS,
    SalonSettings,
    check_consistent,
    check_setting,
)
from salon_pos.domain.standing import SETTING
from salon_pos.services.kernel import secret_settings
from salon_pos.services.kernel.access import Role, require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.standing import record_standing
from salon_pos.services.operations.staff import add_staff
from salon_pos.store.models import JournalEntry, Setting, Staff


def is_set_up(salon: Salon) -> bool:
    return Staff.select().where(Staff.role == Role.MANAGER).exists()


def set_up_salon(
    salon: Salon, *, salon_name: str, currency_code: str, time_zone: str,
    manager_name: str, manager_pin: str, **other_settings,
) -> int:
    """First start: the salon's name, currency and time zone, and its first manager."""
    values = {"salon_name": salon_name, "currency_code": currency_code, "time_zone": time_zone}
    values.update(other_settings)
    checked = {name: check_setting(name, value) for name, value in values.items()}
    if not checked["salon_name"]:
        raise InvalidInput("Please type the salon's name.")
    check_consistent(SalonSettings(**checked))
    with salon.writing():
        if is_set_up(salon):
            raise InvalidInput("This salon is already set up.")
        _store(salon, checked, approved_by=None)
        return add_staff(salon, manager_name, Role.MANAGER, manager_pin)


def change_settings(salon: Salon, approved_by: int, **values) -> None:
    checked = {name: check_setting(name, value) for name, value in values.items()}
    with salon.writing():
        require_manager(salon, approved_by)
        current = salon.settings()
        changed = replace(current, **checked)
        check_consistent(changed)
        money_recorded = JournalEntry.select().where(
            JournalEntry.kind.not_in(list(RECORDS_ONLY))).exists()
        if money_recorded and changed.currency_code != current.currency_code:
            raise InvalidInput("The currency cannot change once money has been recorded.")
        if money_recorded and changed.time_zone != current.time_zone:
            raise InvalidInput(
                "The time zone cannot change once money has been recorded: the business "
                "days already closed would move."
            )
        _store(salon, checked, approved_by=approved_by)


def _store(salon: Salon, values: dict, *, approved_by: int | None) -> None:
    """Write the settings that differ from what is stored, each kept in the journal (a
    secret sealed first: neither the table nor the journal holds it as typed)."""
    stored = {row.key: row.value for row in Setting.select()}
    for name, value in values.items():
        if name in SECRET_SETTINGS:
            value = secret_settings.seal(salon, value)
        text = json.dumps(value)
        if stored.get(name) == text:
            continue
        Setting.insert(key=name, value=text).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: text}).execute()
        record_standing(salon, SETTING, name, by=approved_by, approved_by=approved_by)
    salon.settings_changed()
