"""A manager's acts on gift vouchers outside a sale: taking the balances of expired
vouchers into income, recorded in the journal with who approved it."""

from __future__ import annotations

from salon_pos.domain.journal import Kind, voucher_reference
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import require_manager, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.idempotency import run_once
from salon_pos.services.kernel.lookup import numbered_among
from salon_pos.services.kernel.vouchers import journal_balance
from salon_pos.store.models import Voucher


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
            balance = journal_balance(salon, voucher)
            ledger.post(salon, Kind.VOUCHER_EXPIRED, balance,
                        reference=voucher_reference(voucher.id), staff_id=by,
                        approved_by_id=approved_by, memo=f"expired on {voucher.expires_on}")
            total += balance
        return {"vouchers": len(expired), "amount": total}

    return run_once(salon, key, "take_expired_vouchers", run)
