"""House accounts: a trusted client leaves with the balance owed and settles later."""

from __future__ import annotations

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind
from salon_pos.domain.money import check_amount
from salon_pos.domain.ways_to_pay import Use, check_reference, way_for
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_client


def take_house_payment(
    salon: Salon, client_id: int, amount: int, *, by: int, method: str, reference: str = "",
    key: str | None = None,
) -> dict:
    """The client pays off (part of) what they owe on their house account."""
    way = way_for(method, Use.HOUSE_PAYMENT)
    reference = check_reference(way, reference, salon.settings())
    check_amount(amount, "payment")

    def run():
        require_staff(salon, by)
        client = get_client(salon, client_id)
        if amount > client.house_balance:
            raise InvalidInput(
                f"{client.name} owes {salon.settings().money(client.house_balance)}; "
                "the payment cannot be more than that."
            )
        entry = ledger.post(salon, Kind.HOUSE_PAYMENT, amount, method=method,
                            reference=reference, client_id=client_id, staff_id=by)
        return {"seq": entry.seq, "balance": client.house_balance - amount}

    return run_once(salon, key, f"house_payment:{client_id}", run)
