"""`salon-pos sales|refunds|journal`: find the numbers the printed documents ask for — a
sale's (`receipt`), a refund's (`refund-receipt`), a deposit movement's journal entry
(`deposit-receipt`) — by day, client, booking or kind. They show money, so they are a
manager's, as the reports are."""

from __future__ import annotations

from salon_pos.cli.common import manager_options, record_number, typed_day, usable_text
from salon_pos.cli.names import client_named
from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Kind
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.listings import (
    Days,
    journal_entries_found,
    paid_sales,
    refunds,
)

TIME = "%Y-%m-%d %H:%M"
DEPOSIT_RECEIPTS = {*DEPOSIT_HELD_SIGNS, Kind.FEE_REFUNDED} - {Kind.DEPOSIT_APPLIED}


def register(commands) -> None:
    manager = manager_options()
    sales = commands.add_parser("sales", parents=[manager], help="find paid sales and their "
                                "numbers, for `receipt` (a manager's)")
    refunded = commands.add_parser("refunds", parents=[manager], help="find refunds and their "
                                   "numbers, for `refund-receipt` (a manager's)")
    journal = commands.add_parser(
        "journal", parents=[manager], help="find journal entries, e.g. the deposit movements "
                                           "for `deposit-receipt` (a manager's)")
    for command in (sales, refunded, journal):
        _add_finding_options(command)
    journal.add_argument("--kind", action="append", default=[], choices=[k.value for k in Kind],
                         metavar="KIND", help="only entries of this kind (may be given again): "
                                              + ", ".join(k.value for k in Kind))
    journal.add_argument("--booking", type=record_number, metavar="BOOKING",
                         help="only this booking's entries (all its days unless a day is given)")
    sales.set_defaults(run=run_sales, manager_only="Looking up sales", booking=None)
    refunded.set_defaults(run=run_refunds, manager_only="Looking up refunds", booking=None)
    journal.set_defaults(run=run_journal, manager_only="Looking up the journal")


def _add_finding_options(command) -> None:
    when = command.add_argument_group("which days (by default today; all days with --client "
                                      "or --booking)")
    when.add_argument("--day", type=typed_day, metavar="DAY",
                      help="one business day: YYYY-MM-DD, today, yesterday or today-N")
    when.add_argument("--from", dest="first", type=typed_day, metavar="DAY",
                      help="the first business day")
    when.add_argument("--to", dest="last", type=typed_day, metavar="DAY",
                      help="the last business day")
    command.add_argument("--client", type=usable_text, metavar="NAME",
                         help="only this client's: a name, a start only they have, or a phone")


def run_sales(args, salon: Salon) -> int:
    client = client_named(salon, args.client) if args.client else None
    days = _days(args, salon)
    found = paid_sales(salon, days, client and client["id"])
    money = salon.settings().money
    _print_columns(("sale", "receipt", "paid at", "client", "status", "total", "tips"),
                   [(row.sale_id, f"{row.receipt_no:06d}", f"{row.closed_at:{TIME}}", row.client,
                     row.status, money(row.total), money(row.tips)) for row in found],
                   numbers=(0, 1, 5, 6))
    _print_summary(found, ("sale", "sales"), days, client,
                   f"{money(sum(row.total for row in found))} and "
                   f"{money(sum(row.tips for row in found))} in tips",
                   "Print a receipt: salon-pos receipt SALE --out receipt.pdf")
    return 0


def run_refunds(args, salon: Salon) -> int:
    client = client_named(salon, args.client) if args.client else None
    days = _days(args, salon)
    found = refunds(salon, days, client and client["id"])
    money = salon.settings().money
    _print_columns(("refund", "number", "made at", "sale", "receipt", "client", "amount",
                    "reason"),
                   [(row.refund_id, f"R{row.number:06d}", f"{row.at:{TIME}}", row.sale_id,
                     f"{row.receipt_no:06d}", row.client, money(row.amount),
                     _short(row.reason)) for row in found],
                   numbers=(0, 1, 3, 4, 6))
    _print_summary(found, ("refund", "refunds"), days, client,
                   money(sum(row.amount for row in found)),
                   "Print a refund receipt: salon-pos refund-receipt REFUND --out refund.pdf")
    return 0


def run_journal(args, salon: Salon) -> int:
    client = client_named(salon, args.client) if args.client else None
    days = _days(args, salon)
    found = journal_entries_found(salon, days, kinds=tuple(args.kind),
                                  booking_id=args.booking, client_id=client and client["id"])
    money = salon.settings().money
    _print_columns(("entry", "at", "business day", "kind", "amount", "method", "booking",
                    "sale", "client"),
                   [(row.seq, f"{row.at:{TIME}}", f"{row.business_day}", row.kind,
                     money(row.amount), row.method, row.booking_id or "", row.sale_id or "",
                     row.client) for row in found],
                   numbers=(0, 4, 6, 7))
    hint = ("Print a deposit receipt: salon-pos deposit-receipt ENTRY --out deposit.pdf"
            if any(row.kind in DEPOSIT_RECEIPTS for row in found) else "")
    _print_summary(found, ("journal entry", "journal entries"), days, client, "", hint)
    return 0


def _days(args, salon: Salon) -> Days:
    if args.day and (args.first or args.last):
        raise DomainError("Give one day with --day, or a range with --from and --to; not both.")
    if args.day:
        return Days(args.day, args.day)
    if args.first or args.last:
        if args.first and args.last and args.first > args.last:
            raise DomainError("The first day (--from) is after the last day (--to).")
        return Days(args.first, args.last)
    if args.client or args.booking:
        return Days()
    today = salon.today()
    return Days(today, today)


def _print_columns(headers: tuple[str, ...], rows: list[tuple], numbers: tuple[int, ...]
                   ) -> None:
    """Plain aligned columns, numbers and money to the right; nothing when nothing found."""
    if not rows:
        return
    cells = [headers, *[tuple(str(cell) for cell in row) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(cell.rjust(width) if i in numbers else cell.ljust(width)
                        for i, (cell, width) in enumerate(zip(row, widths, strict=True)))
              .rstrip())


def _print_summary(found: list, things: tuple[str, str], days: Days, client: dict | None,
                   amount: str, hint: str) -> None:
    """How many were found where, and what they add up to; `things` is (one, several)."""
    where = _days_text(days) + (f" for {client['name']}" if client else "")
    if not found:
        print(f"No {things[1]} found{where}.")
        return
    count = f"{len(found)} {things[0] if len(found) == 1 else things[1]}"
    print(f"\n{count}{where}" + (f": {amount}" if amount else ""))
    if hint:
        print(hint)


def _days_text(days: Days) -> str:
    if days.first and days.first == days.last:
        return f" on {days.first:%a %d %b %Y}"
    if days.first and days.last:
        return f" from {days.first:%a %d %b %Y} to {days.last:%a %d %b %Y}"
    if days.first:
        return f" since {days.first:%a %d %b %Y}"
    if days.last:
        return f" up to {days.last:%a %d %b %Y}"
    return ""


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
