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
    lines: tuple[ReceiptLine, ...]
    total: int
    taxes: tuple[TaxRow, ...]
    prices_include_tax: bool
    tips: tuple[tuple[str, int], ...]
    payments: tuple[Payment, ...]
    cash_rounding: int
    change: int
    house_balance_after: int | None
    notes: tuple[str, ...]  # e.g. "Refund of receipt 41: allergic reaction"
    money: Callable[[int], str]

    @property
    def tip_total(self) -> int:
        return sum(amount for _, amount in self.tips)
