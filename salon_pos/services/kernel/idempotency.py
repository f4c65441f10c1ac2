"""Idempotency keys: a double-click or a retry of a money operation returns the first
result and writes nothing new."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from salon_pos.domain.errors import InvalidInput
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import IdempotencyKey


def run_once(salon: Salon, key: str | None, operation: str, run: Callable[[], Any]) -> Any:
    """Run `run()` in one transaction, unless `key` already ran: then return its result.

    `operation` names the action and what it acts on ("close_sale:12"), so a key reused
    for another sale or booking is refused instead of answered with the wrong result."""
    with salon.writing():
        if key is None:
            return run()
        key = str(key)
        if not 1 <= len(key) <= 80 or not key.isprintable():
            raise InvalidInput("An idempotency key is 1 to 80 printable characters.")
        found = IdempotencyKey.get_or_none(IdempotencyKey.key == key)
        if found is not None:
            if found.operation != operation:
                raise InvalidInput(
                    f"The request key “{key}” was already used for another action."
                )
            return json.loads(found.result)
        result = run()
        IdempotencyKey.create(
            key=key, operation=operation, result=json.dumps(result), created_at=salon.now_stored()
        )
        return result
