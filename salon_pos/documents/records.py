"""The plain records documents are made from: everything already decided and worked out,
so rendering is layout only. Amounts are minor units; `money` formats them the salon's way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SalonHeader:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    tax_number: str = ""
    footer: str = ""
    policy: str = ""  # the deposit and cancellation policy in plain words
    logo: str = ""  # path of a PNG or JPEG to print at the top, if any


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    unit_price: int
    amount: int  # what the client pays for the line, tax included
    stylist: str = ""
    discount: int = 0
    discount_reason: str = ""
    price_note: str = ""  # why the price differs from the quote, when it does
    tax_label: str = ""


@dataclass(frozen=True)
class TaxRow:
    label: str  # "13.5%"
    net: int
    tax: int
    gross: int


@dataclass(frozen=True)
class Payment:
    label: str  # "Card", "Cash", "Deposit applied", "Client credit", "House account"
    amount: int
    reference: str = ""


@dataclass(frozen=True)
class Receipt:
    header: SalonHeader
    title: str  # "Receipt", "Refund receipt"
    number: str
    issued_at: str  # local date and time, already formatted
    client: str
    stylists: tuple[str, ...]
    lines: tuple[ReceiptLine, ...]  # amounts with tax, or before it when tax is added on top
    total: int  # tax included
    tax: int
    taxes: tuple[TaxRow, ...]
    prices_include_tax: bool
    tips: tuple[tuple[str, int], ...]
    payments: tuple[Payment, ...]
    cash_rounding: int
    change: int
    house_balance_after: int | None
    notes: tuple[str, ...]  # e.g. "Refund of receipt 41: allergic reaction"
    money: Callable[[int], str]
    refund: bool = False  # money going back to the client

    @property
    def tip_total(self) -> int:
        return sum(amount for _, amount in self.tips)


@dataclass(frozen=True)
class NoteRecord:
    service: str  # the booked service it is about, or "the whole booking"
    expected_result: str
    limits_and_risks: str
    sessions_expected: int
    price_min: int
    price_max: int
    acknowledged: str  # "20 Mar 2026 09:10, recorded by Dara Desk", or ""
    outcome: str = ""
    formula: str = ""
    photos: tuple[tuple[str, str], ...] = ()  # (image file path, caption)
    signature: bytes | None = None  # the client's, drawn on screen when they agreed (PNG)


@dataclass(frozen=True)
class BookingRecord:
    """A booking with its deposit and expectation notes: the confirmation slip, and the
    first half of the agreement record."""

    header: SalonHeader
    number: str
    client: str
    stylist: str
    when: str  # local date and time, already formatted
    services: tuple[tuple[str, int, int], ...]  # (name, minutes, price quoted)
    deposit_due: int
    deposit_reason: str
    deposit_movements: tuple[tuple[str, str, int], ...]  # (when, what, amount)
    deposit_held: int
    deposit_taken: int  # all that was ever paid as deposit for it
    policy: str  # as the client accepted it when booking
    notes: tuple[NoteRecord, ...]
    money: Callable[[int], str]
    # The client's prepaid courses covering its services: "Course …: 2 of 6 sessions left".
    courses: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(price for _, _, price in self.services)


@dataclass(frozen=True)
class SignOff:
    receipt_number: str
    paid: int
    matches: bool | None
    differences: str
    action: str
    recorded: str  # when and by whom


@dataclass(frozen=True)
class AgreementRecord:
    booking: BookingRecord
    status: str
    signoff: SignOff | None


@dataclass(frozen=True)
class DepositReceipt:
    header: SalonHeader
    number: str
    issued_at: str
    what: str  # "Deposit taken", "Deposit refunded", "Kept as a no-show fee", …
    amount: int
    method: str
    reference: str
    client: str
    booking: str  # "Colour correction with Aoife, Fri 27 Mar 2026 10:00"
    held_after: int
    money: Callable[[int], str]
    tax: int = 0  # tax in a kept fee, where kept deposits are taxed
    tax_label: str = ""


@dataclass(frozen=True)
class VoucherRecord:
    """A gift voucher to hand over: printed once, when it is sold (its code is kept
    nowhere else)."""

    header: SalonHeader
    number: int
    code: str  # grouped: "7KQ2-M9XD-40TB-H3PZ"
    amount: str  # already formatted: "€50.00"
    issued: str  # "20 Mar 2026"
    valid_until: str
    terms: str  # what the bearer may do with it, in plain words


@dataclass(frozen=True)
class ConsultationRecord:
    """A client's consultation: the questions as asked and the answers, the expectation
    notes of its booking beside them, and the client's signature with the seal that binds
    it to the text."""

    header: SalonHeader
    client: str
    category: str  # the kind of service: "Colour"
    recorded: str  # "3 Dec 2026 10:05, with Dara Desk"
    booking: str  # "Booking 000123, Fri 04 Dec 2026, 10:00 with Ana", or ""
    answers: tuple[tuple[str, str], ...]  # (question, answer as said)
    notes: tuple[NoteRecord, ...]
    money: Callable[[int], str]
    signature: bytes | None  # PNG
    seal: str  # the digest the journal keeps of this record
    intact: bool  # the record is as sealed (False: changed outside Salon POS since)
    reference: str  # "consultation:12", as the journal names it


@dataclass(frozen=True)
class DataSection:
    """A table of a client's data: its title, columns and rows, as they print."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ClientDataRecord:
    """What the salon holds about one client, for their access request."""

    header: SalonHeader
    client: str
    made: str  # when it was put together, local
    profile: tuple[tuple[str, str], ...]  # (what, the value as said)
    sections: tuple[DataSection, ...]
