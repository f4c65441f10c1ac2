"""Deposits: what a booking needs and why, taking one, and every way one ends
(applied at checkout, refunded, forfeited as a fee, moved to credit, waived)."""

from __future__ import annotations

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.deposit_policy import BookedItem, DepositDecision, DepositRule, deposit_due
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.journal import Kind
from salon_pos.domain.money import check_amount
from salon_pos.domain.sale_math import tax_included
from salon_pos.domain.settings import SalonSettings
from salon_pos.domain.validation import clean_text
from salon_pos.domain.ways_to_pay import Use, check_reference, check_way_back, way_for
from salon_pos.services.kernel import balances, ledger
from salon_pos.services.kernel.access import require_hands_on, require_manager, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_booking, get_client, get_service
from salon_pos.services.operations import outbox
from salon_pos.services.views.clients import missed_in_last_year
from salon_pos.store.models import BookedService, Booking


def quote_deposit(salon: Salon, client_id: int, service_ids: list[int]) -> DepositDecision:
    """The deposit a booking of these services for this client would need, and why."""
    settings = salon.settings()
    client = get_client(salon, client_id)
    items = []
    for service_id in service_ids:
        service = get_service(salon, service_id)
        items.append(BookedItem(service.name, service.price, DepositRule(service.deposit_rule)))
    return decide(salon, settings, client, items)


def decide(salon: Salon, settings: SalonSettings, client, items: list[BookedItem]):
    return deposit_due(
        settings.deposit_policy,
        items,
        DepositRule(client.deposit_rule),
        missed_in_last_year(salon, client.id),
        settings.money,
    )


def booked_total(salon: Salon, booking_id: int) -> int:
    return sum(s.price_quoted for s in BookedService.select().where(
        BookedService.booking == booking_id))


def take_deposit(
    salon: Salon, booking_id: int, *, by: int, method: str, amount: int | None = None,
    reference: str = "", more_than_due: str | None = None, key: str | None = None,
) -> dict:
    """Take (part of) the deposit; the default amount is what is still due. More than is
    still due (a second desk sending the amount again, a deposit on a booking that needs
    none) is taken only when asked for: `more_than_due` says why, in the journal's memo."""
    way = way_for(method, Use.DEPOSIT)
    reference = check_reference(way, reference, salon.settings())
    if more_than_due is not None:
        more_than_due = clean_text(more_than_due, "reason for taking more than is due",
                                   required=True)

    def run():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        if booking.status not in ACTIVE or booking.status == BookingStatus.READY:
            raise InvalidTransition(
                f"A deposit cannot be taken: the booking is {BookingStatus(booking.status).label}."
            )
        money = salon.settings().money
        held = balances.deposit_held(salon, booking_id)
        still_due = max(0, booking.deposit_due - held)
        wanted = still_due if amount is None else amount
        if amount is None and wanted <= 0:
            if held <= 0:
                raise InvalidInput("This booking needs no deposit; to take one anyway, type "
                                   "the amount and say why.")
            raise InvalidInput("This booking's deposit has already been taken.")
        check_amount(wanted, "deposit")
        beyond_due = wanted > still_due
        if beyond_due and more_than_due is None:
            raise InvalidInput(_more_than_due(money, held, still_due))
        limit = max(booking.deposit_due, booked_total(salon, booking_id))
        if held + wanted > limit:
            raise InvalidInput(
                f"That would hold {money(held + wanted)}, more than the booking comes to "
                f"({money(limit)})."
            )
        held_for_client = way.draws_on
        if held_for_client and balances.client_money(booking.client, held_for_client) < wanted:
            raise InvalidInput(f"The client does not have that much {held_for_client.noun}.")
        entry = ledger.post(
            salon, Kind.DEPOSIT_TAKEN, wanted, method=method, reference=reference,
            booking_id=booking_id, client_id=booking.client_id, staff_id=by,
            memo=f"more than due: {more_than_due}" if beyond_due else "",
        )
        outbox.queue_deposit_taken(salon, booking, by=by)
        return {"seq": entry.seq, "amount": wanted, "held": held + wanted}

    return run_once(salon, key, f"take_deposit:{booking_id}", run)


def _more_than_due(money, held: int, still_due: int) -> str:
    """Why an amount beyond what is still due is refused, read as it stands now."""
    if still_due:
        now = f"Only {money(still_due)} of the deposit is still due"
    elif held:
        now = f"This booking's deposit has already been taken ({money(held)} held)"
    else:
        now = "This booking needs no deposit"
    return f"{now}: taking more than is due needs a reason."


def release_deposit(
    salon: Salon, booking: Booking, *, to: str, by: int, memo: str = "",
    approved_by: int | None = None,
) -> int:
    """End the deposit a booking holds: `to` is refund, credit or fee. Returns the amount.

    A step inside cancel, no-show, waive_deposit and checkout, in their transaction and
    after their checks of who acts; it records the approver it is given, checking none."""
    held = balances.deposit_held(salon, booking.id)
    if held <= 0:
        return 0
    common = {"booking_id": booking.id, "client_id": booking.client_id, "staff_id": by,
              "approved_by_id": approved_by, "memo": memo}
    if to == "refund":
        for method, part in balances.deposit_pools(salon, booking.id).split("held", held):
            ledger.post(salon, Kind.DEPOSIT_REFUNDED, part, method=method, **common)
    elif to == "credit":
        ledger.post(salon, Kind.DEPOSIT_TO_CREDIT, held, **common)
    elif to == "fee":
        settings = salon.settings()
        rate = settings.kept_deposit_tax_rate_bp if settings.kept_deposit_taxable else 0
        tax = tax_included(held, rate)
        ledger.post(salon, Kind.DEPOSIT_FORFEITED, held, tax_rate_bp=rate, tax_amount=tax,
                    **common)
    else:
        raise InvalidInput("A deposit goes back as a refund or as credit.")
    return held


def waive_deposit(
    salon: Salon, booking_id: int, *, by: int, approved_by: int, reason: str, to: str = "refund",
) -> int:
    """A manager gives the deposit back (or as credit) and no longer asks for one."""
    reason = clean_text(reason, "reason for waiving the deposit", required=True)
    if to not in ("refund", "credit"):
        raise InvalidInput("A waived deposit goes back as a refund or as credit.")
    with salon.writing():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        booking = get_booking(salon, booking_id)
        if booking.status not in ACTIVE:
            raise InvalidTransition("Only the deposit of an upcoming booking can be waived.")
        amount = release_deposit(salon, booking, to=to, by=by, approved_by=approved_by,
                                 memo=f"waived: {reason}")
        Booking.update(deposit_due=0, deposit_reason=f"Deposit waived: {reason}").where(
            Booking.id == booking_id
        ).execute()
        return amount


def waive_fee(
    salon: Salon, booking_id: int, *, by: int, approved_by: int, reason: str,
    method: str | None = None, reference: str = "", key: str | None = None,
) -> int:
    """A manager gives back a no-show or late-cancellation fee that was kept: by the ways
    the deposit was paid, or all by `method` when one is chosen."""
    reason = clean_text(reason, "reason for giving the fee back", required=True)
    reference = check_way_back(method, Use.DEPOSIT, reference)

    def run():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        booking = get_booking(salon, booking_id)
        amount, tax = balances.fee_totals(salon, booking_id)
        if amount <= 0:
            raise InvalidInput("No fee was kept for this booking.")
        parts = ([(method, amount)] if method
                 else balances.deposit_pools(salon, booking_id).split("fee", amount))
        rate, given, tax_given = balances.fee_tax_rate(salon, booking_id), 0, 0
        for way, part in parts:
            given += part
            part_tax = tax * given // amount - tax_given  # shares add up to the tax exactly
            tax_given += part_tax
            ledger.post(
                salon, Kind.FEE_REFUNDED, part, method=way, reference=reference,
                booking_id=booking_id, client_id=booking.client_id, staff_id=by,
                approved_by_id=approved_by, tax_rate_bp=rate, tax_amount=part_tax,
                memo=f"fee waived: {reason}",
            )
        return amount

    return run_once(salon, key, f"waive_fee:{booking_id}", run)
