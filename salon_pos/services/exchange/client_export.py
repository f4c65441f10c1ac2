"""Client export: every client as one CSV row, for a spreadsheet or another system.

UTF-8 with a byte-order mark (Excel then reads the accents right), written row by row as
the clients are read, so a long list never sits in memory. The importer reads the file
back: exporting and importing into an empty salon gives the same clients (their balances
are money and stay with the journal: see `EXPORT_COLUMNS`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.localtime import local_of
from salon_pos.domain.money import NumberStyle, format_amount
from salon_pos.files import write_file
from salon_pos.services.exchange.client_import import FORMULA_START
from salon_pos.services.kernel.access import require_manager
from salon_pos.services.kernel.context import Salon
from salon_pos.store.models import Client

# The last three are for reading only: credit and house balances are amounts the journal
# holds, so an import never takes them (a new salon starts them from its own entries).
EXPORT_COLUMNS = ("Name", "Phone", "Email", "Alerts", "Credit", "House balance",
                  "Client since")
PLAIN_NUMBER = NumberStyle(".", "", False)  # 1234.50: what every spreadsheet reads


def export_clients(salon: Salon, out: Path | TextIO, *, approved_by: int,
                   delimiter: str = ",", progress: Callable[[int, int], None] | None = None
                   ) -> int:
    """Write every client to `out` (a path, or a text file opened with newline="");
    returns how many. A client list is personal data: a manager's to take away."""
    require_manager(salon, approved_by)
    if delimiter not in (",", ";", "\t"):
        raise InvalidInput("The delimiter must be a comma, a semicolon or a tab.")
    if isinstance(out, Path):  # the BOM lets spreadsheets see UTF-8
        return write_file(out, lambda file: _write(salon, file, delimiter, progress),
                          encoding="utf-8-sig", newline="")
    return _write(salon, out, delimiter, progress)


def _write(salon: Salon, file: TextIO, delimiter: str, progress) -> int:
    settings = salon.settings()
    writer = csv.writer(file, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    total = Client.select().count()
    query = Client.select(Client.name, Client.phone, Client.email, Client.alerts,
                          Client.credit_balance, Client.house_balance, Client.created_at)
    done = 0
    for name, phone, email, alerts, credit, house, created in (
            query.order_by(Client.id).tuples().iterator()):
        writer.writerow([_safe(name), phone, _safe(email), _safe(alerts),
                         _amount(credit, settings), _amount(house, settings),
                         local_of(created, settings.tz).date().isoformat()])
        done += 1
        if progress and done % 500 == 0:
            progress(done, total)
    if progress:
        progress(done, max(done, total))
    return done


def _safe(text: str) -> str:
    """Free text a spreadsheet would run as a formula gets a "'" before it (the importer
    takes it off). Phones need none: they hold only digits, spaces and + ( ) . - /."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _amount(minor: int, settings) -> str:
    return format_amount(minor, settings.currency, symbol=False, style=PLAIN_NUMBER)
