"""Ways to pay: cash, card, client credit, house account, gift voucher — each one entry
here with its rules, and everything that takes, records, reports or exports a payment reads
them from here: checkout's keypad, deposits, refunds, the journal's balances, the Z report,
receipts and the books for the accountant. A new way to pay is one `register_way_to_pay`
call.

A way's code is what the journal stores (`method`), so a code never changes once used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from salon_pos.domain.card_numbers import refuse_card_number
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money_held import (
    CLIENT_CREDIT,
    GIFT_VOUCHERS,
    HOUSE_ACCOUNTS,
    PREPAID_COURSES,
    MoneyHeld,
)

if TYPE_CHECKING:
    from salon_pos.domain.settings import SalonSettings


class Use(StrEnum):
    """Where a way to pay is offered."""

    SALE = "sale"  # a tender at checkout
    DEPOSIT = "deposit"  # taking a deposit (a kept fee given back goes the same ways)
    HOUSE_PAYMENT = "house_payment"  # a client settling their house account
    REFUND = "refund"  # a sale's refund given all one way


@dataclass(frozen=True)
class WayToPay:
    code: str  # as stored in the journal
    label: str  # on buttons, receipts and reports
    key: str  # its key on checkout's keypad ("F5")
    uses: frozenset[Use]
    account: str = ""  # in the books: where money taken this way lands (see books_account)
    # Into the drawer: it may be handed over beyond the bill (change is given), and what it
    # pays is rounded to the salon's cash step.
    counts_as_cash: bool = False
    # The terminal's reference is typed when money comes in this way (never a card number).
    needs_reference: bool = False
    # The money held it spends (client credit, a gift voucher) or adds to (a house account).
    draws_on: MoneyHeld | None = None
    # Money paid this way goes back as this way (None: the same way).
    refunded_as: str | None = None
    # It pays its own line before a booking's deposit is applied (a course session: the
    # deposit then pays what the client owes in money, or goes back).
    before_deposit: bool = False

    @property
    def books_account(self) -> str:
        """A way that draws on money held moves that money's account."""
        return self.draws_on.account if self.draws_on else self.account

    @property
    def refund_way(self) -> str:
        return self.refunded_as or self.code


EVERYWHERE = frozenset(Use)
CASH = WayToPay("cash", "Cash", "F5", EVERYWHERE, account="Assets:Cash:Drawer",
                counts_as_cash=True)
CARD = WayToPay("card", "Card", "F6", EVERYWHERE, account="Assets:Card-Clearing",
                needs_reference=True)
CREDIT = WayToPay("credit", "Client credit", "F7",
                  frozenset({Use.SALE, Use.DEPOSIT, Use.REFUND}), draws_on=CLIENT_CREDIT)
HOUSE = WayToPay("house_account", "House account", "F8", frozenset({Use.SALE, Use.REFUND}),
                 draws_on=HOUSE_ACCOUNTS)
# Paid from the voucher whose code is typed or scanned; a refund puts it back on the
# voucher it came from.
VOUCHER = WayToPay("voucher", "Gift voucher", "F10", frozenset({Use.SALE}),
                   draws_on=GIFT_VOUCHERS)

# A session of the client's prepaid course paying the line of the service it covers: never
# offered on the keypad (checkout's "Use a course session" on the line takes it), and a
# refund of that line puts the session back on the course.
# (No key: it is never on the keypad.)
COURSE = WayToPay("course", "Course session", "", frozenset(), draws_on=PREPAID_COURSES,
                  before_deposit=True)

# In the order checkout's keypad shows them. A way once used is never taken out: the
# journal's balances are replayed by the rules of the ways its entries name.
WAYS_TO_PAY: dict[str, WayToPay] = {
    way.code: way for way in (CASH, CARD, CREDIT, HOUSE, VOUCHER, COURSE)}
# Keys the app already gives to its pages and to Pay.
RESERVED_KEYS = frozenset({"F2", "F3", "F4", "F9", "F12"})

_ACCOUNT = re.compile(r"(Assets|Liabilities)(:[A-Z0-9][A-Za-z0-9-]*)+")


def register_way_to_pay(way: WayToPay) -> WayToPay:
    """Add a way to pay, offered from now on wherever its uses say."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", way.code):
        raise ValueError(f"A way to pay's code is a short lower-case name, not {way.code!r}.")
    if way.code in WAYS_TO_PAY:
        raise ValueError(f"There is already a way to pay called {way.code!r}.")
    if way.key in RESERVED_KEYS or any(other.key == way.key for other in WAYS_TO_PAY.values()):
        raise ValueError(f"The key {way.key} is already taken.")
    if not _ACCOUNT.fullmatch(way.books_account):
        raise ValueError(f"{way.books_account!r} is not an Assets or Liabilities account.")
    if way.counts_as_cash and way.books_account != CASH.account:
        raise ValueError(f"Cash goes into the drawer: {way.label}'s account is "
                         f"{CASH.account}.")
    if way.refunded_as is not None and Use.REFUND not in getattr(
            WAYS_TO_PAY.get(way.refunded_as), "uses", ()):
        raise ValueError(f"{way.label} is refunded as {way.refunded_as!r}, which is not a "
                         "way refunds are made by.")
    if way.draws_on is not None and way.draws_on.kept_per == "booking":
        raise ValueError(f"{way.label} would draw on money kept per booking, not a client's "
                         "or a voucher's.")
    WAYS_TO_PAY[way.code] = way
    return way


def ways_to_pay(use: Use) -> list[WayToPay]:
    """The ways offered for `use`, in the keypad's order."""
    return [way for way in WAYS_TO_PAY.values() if use in way.uses]


def label_of(code: str) -> str:
    """How a stored way to pay is shown (a code no longer registered as it is stored)."""
    way = WAYS_TO_PAY.get(code)
    return way.label if way else code.replace("_", " ").capitalize()


def refund_way_of(code: str) -> str:
    """How money paid by `code` goes back (as it is, for a code no longer registered)."""
    way = WAYS_TO_PAY.get(code)
    return way.refund_way if way else code


def money_drawn_on(code: str) -> MoneyHeld | None:
    """The money held a stored way to pay draws on (None: cash, card, or unknown)."""
    way = WAYS_TO_PAY.get(code)
    return way.draws_on if way else None


def pays_before_deposit(code: str) -> bool:
    way = WAYS_TO_PAY.get(code)
    return way is not None and way.before_deposit


def takes_reference(code: str) -> bool:
    """Whether money moved by `code` carries the terminal's reference (card)."""
    way = WAYS_TO_PAY.get(code)
    return way is not None and way.needs_reference


def is_cash(code: str) -> bool:
    way = WAYS_TO_PAY.get(code)
    return way is not None and way.counts_as_cash


def way_for(code: str, use: Use) -> WayToPay:
    """The way to pay `code` names, or a refusal naming the ways `use` offers."""
    way = WAYS_TO_PAY.get(code)
    if way is None or use not in way.uses:
        names = ", ".join(other.label.lower() for other in ways_to_pay(use))
        raise InvalidInput(f"Payment must be by {names}.")
    return way


def check_way_back(method: str | None, use: Use, reference: str) -> str:
    """Money going back (a refund, a fee given back): the way chosen — None, the ways it
    came in — must be one `use` offers; a reference is optional (not every terminal prints
    one for a refund) but never a card number. Returns the reference as it is kept."""
    if method is not None:
        way_for(method, use)
    return _clean_reference(reference)


def check_reference(way: WayToPay, reference: str, settings: SalonSettings) -> str:
    """The terminal's reference of money coming in (a payment, a deposit): required for a
    way that needs one unless the salon's settings say its terminal keeps its own record
    (`terminal_reference_required`), and never a card number, whatever the way."""
    reference = _clean_reference(reference)
    if way.needs_reference and settings.terminal_reference_required and not reference:
        raise InvalidInput(f"Type the {way.label.lower()} terminal's reference for this "
                           "payment.")
    return reference


def _clean_reference(reference: str) -> str:
    reference = " ".join(str(reference or "").split())
    if len(reference) > 60:
        raise InvalidInput("The terminal reference is too long (at most 60 characters).")
    refuse_card_number(reference, "the terminal reference",
                       "type the reference the terminal printed instead")
    if not reference.isprintable():
        raise InvalidInput("The reference contains characters that cannot be printed.")
    return reference
