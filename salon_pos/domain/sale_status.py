"""The checkout ticket's states: open while it is being rung up, closed once paid, then
refunded in part or in full; an abandoned open ticket is void."""

from enum import StrEnum


class SaleStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    REFUNDED_PART = "refunded_part"
    REFUNDED = "refunded"
    VOID = "void"

    @property
    def label(self) -> str:
        """As the front desk says it."""
        return {"closed": "paid", "refunded_part": "part refunded"}.get(self.value, self.value)


# Sales whose money was taken (what reports and `verify` count).
PAID = (SaleStatus.CLOSED, SaleStatus.REFUNDED_PART, SaleStatus.REFUNDED)
