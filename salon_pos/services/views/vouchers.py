"""Gift vouchers as the desk and the manager see them: the designs the salon sells, one
voucher found by its code (what it holds, until when, what it is for, and everything that
moved it), and every voucher still holding money — the salon's liability to their
bearers, expired ones apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee as pw

from salon_pos.documents.records import VoucherRecord
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import VOUCHERS_HELD, Kind, balance_effects, voucher_reference
from salon_pos.domain.vouchers import code_digest, grouped, read_code
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import journal_entries
from salon_pos.services.kernel.vouchers import find_voucher, get_voucher, is_expired
from salon_pos.services.views.receipts import salon_header
from salon_pos.store.models import JournalEntry, Sale, SaleLine, Service, Voucher, VoucherDesign

# How each move of a voucher is told in its history.
_TOLD = {Kind.VOUCHER_SOLD: "Sold", Kind.PAYMENT: "Paid for a sale",
         Kind.REFUND_PAID: "Given back from a refund", Kind.VOUCHER_REFUNDED: "Sale refunded",
         Kind.VOUCHER_EXPIRED: "Expired: taken into income"}


@dataclass(frozen=True)
class DesignView:
    id: int
    name: str
    amount: int
    service_id: int | None  # a single-purpose voucher's one service
    service: str  # its name ("" for a voucher that pays for anything)
    active: bool

    @property
    def single_purpose(self) -> bool:
        return self.service_id is not None


def voucher_designs(salon: Salon, *, sold_only: bool = False) -> list[DesignView]:
    """The salon's voucher designs (those still sold only, when asked): the lowest value
    first."""
    query = (VoucherDesign.select(VoucherDesign, Service).join(Service, pw.JOIN.LEFT_OUTER)
             .order_by(VoucherDesign.amount, VoucherDesign.name))
    if sold_only:
        query = query.where(VoucherDesign.active)
    return [DesignView(design.id, design.name, design.amount, design.service_id,
                       design.service.name if design.service_id else "", design.active)
            for design in query]


@dataclass(frozen=True)
class VoucherMove:
    day: date
    what: str
    change: int  # + onto the voucher, − off it
    receipt_no: int | None


@dataclass(frozen=True)
class VoucherView:
    number: int
    hint: str  # the code's last four characters
    amount: int  # its value when sold
    balance: int
    issued_on: date
    expires_on: date
    expired: bool
    receipt_no: int | None  # of the sale that sold it
    for_service: str = ""  # a single-purpose voucher's service: it pays for that only
    history: tuple[VoucherMove, ...] = ()

    @property
    def shown_code(self) -> str:
        return f"…{self.hint}"


@dataclass(frozen=True)
class VouchersHeld:
    vouchers: tuple[VoucherView, ...]  # those holding money, the soonest to expire first

    @property
    def total(self) -> int:
        return sum(voucher.balance for voucher in self.vouchers)

    @property
    def expired_total(self) -> int:
        return sum(voucher.balance for voucher in self.vouchers if voucher.expired)


def voucher_to_print(salon: Salon, number: int, code: str) -> VoucherRecord:
    """What the voucher numbered `number` prints with its code (known only to whoever sold
    it, or holds it): refused when the code is not that voucher's."""
    voucher = get_voucher(salon, number)
    plain = read_code(code)
    if code_digest(plain) != voucher.code_digest:
        raise InvalidInput(f"That is not the code of voucher {number}.")
    settings = salon.settings()
    sold = voucher.sale_line
    use = (f"It pays for one {sold.service.name} at "
           f"{settings.salon_name}, whatever its price on the day." if sold.service_id else
           f"Spend it at {settings.salon_name} in part or whole: what is left stays on the "
           "voucher until it expires.")
    return VoucherRecord(
        header=salon_header(settings), number=voucher.id, code=grouped(plain),
        amount=settings.money(voucher.amount), issued=f"{voucher.issued_on:%d %b %Y}",
        valid_until=f"{voucher.expires_on:%d %b %Y}",
        terms=(f"{use} It is not exchanged for cash. Keep the code safe — whoever has it "
               "can spend it."))


def voucher_by_code(salon: Salon, code: str) -> VoucherView:
    """The voucher with this code, with its history."""
    return _detail(salon, find_voucher(salon, code))


def voucher_by_number(salon: Salon, number: int) -> VoucherView:
    """A voucher by its number (a manager's look-up: the code is the bearer's)."""
    return _detail(salon, get_voucher(salon, number))


def vouchers_held(salon: Salon) -> VouchersHeld:
    """Every voucher with money on it, as their rows keep it (`verify` holds those to the
    journal)."""
    today = salon.today()
    rows = list(Voucher.select(Voucher, SaleLine).join(SaleLine).where(Voucher.balance != 0)
                .order_by(Voucher.expires_on, Voucher.id))
    receipts = _receipts({voucher.sale_id for voucher in rows})
    return VouchersHeld(tuple(_view(voucher, today, receipts) for voucher in rows))


def _detail(salon: Salon, voucher: Voucher) -> VoucherView:
    entries = list(journal_entries(salon, where=JournalEntry.reference
                                   == voucher_reference(voucher.id)))
    receipts = _receipts({voucher.sale_id} | {entry.sale_id for entry in entries})
    moves = []
    for entry in entries:
        change = sum(delta for held, _key, delta in balance_effects(entry)
                     if held == VOUCHERS_HELD)
        if change:
            moves.append(VoucherMove(entry.business_day, _TOLD.get(entry.kind, entry.kind),
                                     change, receipts.get(entry.sale_id)))
    view = _view(voucher, salon.today(), receipts)
    return VoucherView(**{**view.__dict__, "history": tuple(moves)})


def _view(voucher: Voucher, today: date, receipts: dict[int, int]) -> VoucherView:
    sold = voucher.sale_line
    return VoucherView(voucher.id, voucher.code_hint, voucher.amount, voucher.balance,
                       voucher.issued_on, voucher.expires_on, is_expired(voucher, today),
                       receipts.get(voucher.sale_id),
                       sold.description if sold.service_id is not None else "")


def _receipts(sale_ids: set[int | None]) -> dict[int, int]:
    return dict(Sale.select(Sale.id, Sale.receipt_no).where(
        Sale.id.in_([sale for sale in sale_ids if sale is not None])).tuples())
