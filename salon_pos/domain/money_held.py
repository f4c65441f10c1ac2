"""Money held for clients: the clients' money the salon keeps (deposits, credit) and what
clients owe it (house accounts). Each kind is one entry here with its rules — whose
balance it is, which way it runs, how far it may be spent, what `verify` says when it
would go below zero, and its account in the books — read by the journal's replay,
`verify`, checkout and the accounting export. A new kind (prepaid courses) is
an entry here, plus where its balances are kept (see docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoneyHeld:
    code: str  # the balance's name in the journal's replay
    noun: str  # in a sentence: "{client} has €5.00 of credit left"
    kept_per: str  # "booking", "client", "voucher" (its bearer's) or "course": whose it is
    # True: the client's money, which the salon owes back (a liability); it is spent only
    # as far as it goes. False: money the client owes the salon, on terms the manager sets
    # (a house account's limit, or a manager's approval beyond it).
    owed_by_salon: bool
    account: str  # in the books for the accountant
    overdrawn: str  # what `verify` says when the balance would go below zero ({key}: whose)


DEPOSITS_HELD = MoneyHeld(
    "deposits_held", "deposit", "booking", owed_by_salon=True,
    account="Liabilities:Deposits-Held", overdrawn="booking {key} would hold a negative deposit")
CLIENT_CREDIT = MoneyHeld(
    "client_credit", "credit", "client", owed_by_salon=True,
    account="Liabilities:Client-Credit", overdrawn="client {key} would have negative credit")
HOUSE_ACCOUNTS = MoneyHeld(
    "house_owed", "house account", "client", owed_by_salon=False,
    account="Assets:House-Accounts-Receivable",
    overdrawn="client {key} would owe a negative amount on their house account")

# Sold, not yet spent: the bearer's money (a liability), income only when it is redeemed.
GIFT_VOUCHERS = MoneyHeld(
    "vouchers_held", "gift voucher", "voucher", owed_by_salon=True,
    account="Liabilities:Gift-Vouchers", overdrawn="voucher {key} would hold a negative balance")

# Sessions bought, not yet used: the client's money (a liability), income as each is used.
PREPAID_COURSES = MoneyHeld(
    "courses_held", "prepaid course", "course", owed_by_salon=True,
    account="Liabilities:Prepaid-Courses", overdrawn="course {key} would hold a negative value")

MONEY_HELD: dict[str, MoneyHeld] = {
    kind.code: kind for kind in (DEPOSITS_HELD, CLIENT_CREDIT, HOUSE_ACCOUNTS, GIFT_VOUCHERS,
                                 PREPAID_COURSES)}
