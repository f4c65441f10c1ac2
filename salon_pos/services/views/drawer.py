"""The cash drawer as the counter needs to know it before cash goes in."""

from __future__ import annotations

from salon_pos.services.kernel.balances import drawer_opened
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import business_day


def drawer_open_now(salon: Salon) -> bool:
    """Whether the drawer of the business day that cash taken now lands on was opened with
    its float (counted at the start of the day)."""
    return drawer_opened(salon, business_day(salon))
