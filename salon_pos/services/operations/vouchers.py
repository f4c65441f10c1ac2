"""A manager's acts on gift vouchers outside a sale: the designs the salon sells
ready-made, and taking the balances of expired vouchers into income, each recorded in the
journal with who approved it."""

from __future__ import annotations

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import Kind, voucher_reference
from salon_pos.domain.money import check_amount
from salon_pos.domain.standing import VOUCHER_DESIGN
from salon_pos.domain.validation import MAX_SHORT_NAME, clean_name
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import get_service, numbered_among
from salon_pos.services.kernel.standing import save_named
from salon_pos.services.kernel.vouchers import voucher_holding
from salon_pos.store.models import Voucher


def save_design(salon: Salon, name: str, *, amount: int, service_id: int | None = None,
                active: bool = True, approved_by: int, design_id: int | None = None) -> int:
    """Add a voucher design (`design_id` None) or change one: a voucher already sold keeps
    what it was sold as. With `service_id` the design is a single-purpose voucher: it pays
    for that one service, and its tax is that service's, taken when it is sold."""
    name = clean_name(name, "voucher design's name", longest=MAX_SHORT_NAME)
    check_amount(amount, "voucher's value")
    with salon.writing():
        require_manager(salon, approved_by)
        if service_id is not None:
            service = get_service(salon, service_id)
            if active and not service.active:  # it may still be withdrawn from sale
                raise InvalidInput(f"{service.name} is no longer offered: a voucher for it "
                                   "cannot be sold.")
        return save_named(salon, VOUCHER_DESIGN, design_id,
                          {"name": name, "amount": amount, "service": service_id,
                           "active": bool(active)}, approved_by=approved_by)


def take_expired_into_income(salon: Salon, *, by: int, approved_by: int,
                             numbers: list[int] | None = None, key: str | None = None) -> dict:
    """Take what expired vouchers hold into income: those numbered `numbers`, or (None)
    every voucher that has expired with money on it. Returns how many and how much."""

    def run():
        require_staff(salon, by)
        require_manager(salon, approved_by)
        expired = numbered_among(
            salon, Voucher.select().where((Voucher.balance != 0)
                                          & (Voucher.expires_on < salon.today())), numbers,
            what="an expired voucher with money left can be taken into income",
            none="No expired gift voucher has money left.")
        total = 0
        for voucher in expired:
            balance, rate, tax = voucher_holding(salon, voucher)
            ledger.post(salon, Kind.VOUCHER_EXPIRED, balance,
                        reference=voucher_reference(voucher.id), staff_id=by,
                        approved_by_id=approved_by, tax_rate_bp=rate, tax_amount=tax,
                        memo=f"expired on {voucher.expires_on}")
            total += balance
        return {"vouchers": len(expired), "amount": total}

    return run_once(salon, key, "take_expired_vouchers", run)
