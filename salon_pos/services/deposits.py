"""Deposits: what a booking needs and why, taking one, and every way one ends
(applied at checkout, refunded, forfeited as a fee, moved to credit, waived)."""

from __future__ import annotations

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.deposit_policy import BookedItem, DepositDecision, DepositRule, deposit_due
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.journal import Kind
from salon_pos.domain.money import check_amount
from salon_pos.domain.sale_math import tax_included
from salon_pos.domain.validation import clean_text
from salon_pos.services import ledger
from salon_pos.services.catalogue import get_service
from salon_pos.services.clients import get_client, missed_in_last_year
from salon_pos.services.context import Salon
from salon_pos.services.idempotency import run_once
from salon_pos.services.lookup import get_booking
from salon_pos.services.settings import SalonSettings
from salon_pos.services.staff import require_hands_on, require_manager, require_staff
from salon_pos.services.tenders import check_reference, check_tender_method
from salon_pos.store.models import BookedService, Booking, JournalEntry

DEPOSIT_METHODS = ("cash", "card", "credit")
DEPOSIT_EXCESS_MEMO = "deposit larger than the bill"


def quote_deposit(salon: Salon, client_id: int, service_ids: list[int]) -> DepositDecision:
    """The deposit a booking of these services for this client would need, and why."""
    settings = salon.settings()
    client = get_client(client_id)
    items = []
    for service_id in service_ids:
        service = get_service(service_id)
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


def booked_total(booking_id: int) -> int:
    return sum(s.price_quoted for s in BookedService.select().where(
        BookedService.booking == booking_id))


def take_deposit(
    salon: Salon, booking_id: int, *, by: int, method: str, amount: int | None = None,
    reference: str = "", key: str | None = None,
) -> dict:
    """Take (part of) the deposit; the default amount is what is still due."""
    method = check_tender_method(method, DEPOSIT_METHODS)
    reference = check_reference(method, reference)

    def run():
        booking = get_booking(booking_id)
        require_hands_on(by, booking.stylist_id)
        if booking.status not in ACTIVE or booking.status == BookingStatus.READY:
            raise InvalidTransition(
                f"A deposit cannot be taken: the booking is {BookingStatus(booking.status).label}."
            )
        held = ledger.deposit_held(booking_id)
        wanted = booking.deposit_due - held if amount is None else amount
        if amount is None and wanted <= 0:
            if held <= 0:
                raise InvalidInput(
                    "This booking needs no deposit; type an amount to take one anyway."
                )
            raise InvalidInput("This booking's deposit has already been taken.")
        check_amount(wanted, "deposit")
        limit = max(booking.deposit_due, booked_total(booking_id))
        if held + wanted > limit:
            raise InvalidInput(
                f"That would hold {salon.settings().money(held + wanted)}, more than the "
                f"booking comes to ({salon.settings().money(limit)})."
            )
        if method == "credit" and booking.client.credit_balance < wanted:
            raise InvalidInput("The client does not have that much credit.")
        entry = ledger.post(
            salon, Kind.DEPOSIT_TAKEN, wanted, method=method, reference=reference,
            booking_id=booking_id, client_id=booking.client_id, staff_id=by,
        )
        return {"seq": entry.seq, "amount": wanted, "held": held + wanted}

    return run_once(salon, key, f"take_deposit:{booking_id}", run)


def release_deposit(
    salon: Salon, booking: Booking, *, to: str, by: int, memo: str = "",
    approved_by: int | None = None,
) -> int:
    """End the deposit a booking holds: `to` is refund, credit or fee. Returns the amount.

    A step inside cancel, no-show, waive_deposit and checkout, in their transaction and
    after their checks of who acts; it records the approver it is given, checking none."""
    held = ledger.deposit_held(booking.id)
    if held <= 0:
        return 0
    common = {"booking_id": booking.id, "client_id": booking.client_id, "staff_id": by,
              "approved_by_id": approved_by, "memo": memo}
    if to == "refund":
        for method, part in ledger.deposit_pools(booking.id).split("held", held):
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
    reason = clean_text(reason, "reason", required=True)
    if to not in ("refund", "credit"):
        raise InvalidInput("A waived deposit goes back as a refund or as credit.")
    with salon.writing():
        require_staff(by)
        require_manager(approved_by)
        booking = get_booking(booking_id)
        if booking.status not in ACTIVE:
            raise InvalidTransition("Only the deposit of an upcoming booking can be waived.")
        amount = release_deposit(salon, booking, to=to, by=by, approved_by=approved_by,
                                 memo=f"waived: {reason}")
        Booking.update(deposit_due=0, deposit_reason=f"Deposit waived: {reason}").where(
            Booking.id == booking_id
        ).execute()
        return amount


def _fee_totals(booking_id: int) -> tuple[int, int]:
    """The no-show or late-cancellation fee kept for a booking, and the tax in it, less
    what was already given back."""
    amount = tax = 0
    for entry in JournalEntry.select(JournalEntry.kind, JournalEntry.amount,
                                     JournalEntry.tax_amount).where(
        (JournalEntry.booking == booking_id)
        & JournalEntry.kind.in_([Kind.DEPOSIT_FORFEITED, Kind.FEE_REFUNDED])
    ):
        sign = 1 if entry.kind == Kind.DEPOSIT_FORFEITED else -1
        amount += sign * entry.amount
        tax += sign * entry.tax_amount
    return amount, tax


def fee_kept(booking_id: int) -> int:
    return _fee_totals(booking_id)[0]


def _fee_tax_rate(booking_id: int) -> int:
    """The tax rate the kept fee was recorded with (0 when fees carry no tax)."""
    entry = JournalEntry.select(JournalEntry.tax_rate_bp).where(
        (JournalEntry.booking == booking_id) & (JournalEntry.kind == Kind.DEPOSIT_FORFEITED)
    ).order_by(JournalEntry.seq.desc()).first()
    return entry.tax_rate_bp if entry else 0


def waive_fee(
    salon: Salon, booking_id: int, *, by: int, approved_by: int, reason: str,
    method: str | None = None, reference: str = "", key: str | None = None,
) -> int:
    """A manager gives back a no-show or late-cancellation fee that was kept: by the ways
    the deposit was paid, or all by `method` when one is chosen."""
    reason = clean_text(reason, "reason", required=True)
    if method is not None:
        check_tender_method(method, DEPOSIT_METHODS)
    reference = check_reference(method or "", reference, paying_in=False)

    def run():
        require_staff(by)
        require_manager(approved_by)
        booking = get_booking(booking_id)
        amount, tax = _fee_totals(booking_id)
        if amount <= 0:
            raise InvalidInput("No fee was kept for this booking.")
        parts = ([(method, amount)] if method
                 else ledger.deposit_pools(booking_id).split("fee", amount))
        rate, given, tax_given = _fee_tax_rate(booking_id), 0, 0
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
