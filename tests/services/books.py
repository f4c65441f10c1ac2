"""The accounting export read back: each account's balance as beancount's own loader reads
the file, and the app's own figures to hold it against (the accounting export's tests, and
the random salon days of tests/services/test_ledger_properties.py)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from beancount import loader
from beancount.core import data

from salon_pos.services.exchange import accounting
from salon_pos.services.views.day_report import deposits_held_total
from salon_pos.services.views.stock import stock_value
from salon_pos.store.models import Staff


def a_manager() -> int:
    return Staff.select().where(Staff.active & (Staff.role == "manager")).first().id


def export(salon, first: date, last: date, path: Path) -> accounting.ExportSummary:
    with path.open("w", encoding="utf-8") as out:
        return accounting.export_beancount(salon, first, last, out, approved_by=a_manager())


def ledger_balances(path: Path) -> dict[str, int]:
    """Each account's balance at the end, in minor units, as beancount reads the file
    (no errors allowed: unbalanced transactions, unopened accounts, failed assertions)."""
    entries, errors, _options = loader.load_string(path.read_text(encoding="utf-8"))
    assert not errors, [error.message for error in errors[:5]]
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                totals[posting.account] += posting.units.number
    return {account: int(total * 100) for account, total in totals.items()}


def app_figures(salon) -> dict[str, int]:
    """The app's own figures, as the ledger signs them (liabilities negative)."""
    credit, owed = accounting.client_balances(salon)
    return {accounting.HELD: -deposits_held_total(salon), accounting.CREDIT: -credit,
            accounting.HOUSE: owed, accounting.STOCK: stock_value(salon)}


def assert_matches_app(salon, balances: dict[str, int]) -> None:
    figures = app_figures(salon)
    assert {account: balances.get(account, 0) for account in figures} == figures
