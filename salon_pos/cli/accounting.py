"""`salon-pos export accounts`: the books of a range of business days for the accountant,
as a beancount ledger and/or CSV. The books are a manager's: a manager's name and PIN."""

from __future__ import annotations

import sys
from pathlib import Path

from salon_pos.cli.common import Progress, approve, file_path, manager_options, typed_day
from salon_pos.domain.errors import DomainError
from salon_pos.files import write_file
from salon_pos.services.exchange import accounting
from salon_pos.services.kernel.context import Salon

HELP = "the books of a range of business days, as a beancount ledger and/or CSV (a manager's)"


def register(commands) -> None:
    """`export accounts`, under an `export` command of its own."""
    export = commands.add_parser("export", help="export the salon's data for other programs")
    kinds = export.add_subparsers(dest="export", metavar="WHAT", required=True)
    accounts = kinds.add_parser(
        "accounts", parents=[manager_options()], help=HELP,
        description="Write the journal of the business days FROM to TO (inclusive; by "
                    "default all of it) as double-entry books: a beancount ledger (check it "
                    "with bean-check) and/or CSV with one row per posting.")
    accounts.add_argument("--from", dest="first", type=typed_day, metavar="DAY",
                          help="the first business day: YYYY-MM-DD, today, yesterday or "
                               "today-N (default: the journal's first)")
    accounts.add_argument("--to", dest="last", type=typed_day, metavar="DAY",
                          help="the last business day (default: the journal's last)")
    accounts.add_argument("--out", type=file_path, metavar="FILE.beancount",
                          help="write the beancount ledger here")
    accounts.add_argument("--csv", type=file_path, metavar="FILE.csv",
                          help="write the postings as CSV here")
    accounts.set_defaults(run=run)


def run(args, salon: Salon) -> int:
    if not (args.out or args.csv):
        raise DomainError("Say where to write the books: --out FILE.beancount and/or "
                          "--csv FILE.csv.")
    manager = approve(args, salon, "Exporting the books")
    days = accounting.journal_days(salon)
    if days is None:
        raise DomainError("The journal is empty: there are no books to export yet.")
    first, last = args.first or days[0], args.last or days[1]
    progress = Progress()

    def show(done: int, total: int) -> None:
        progress.show(f"Exporting the books: {progress.percent(done, total)} %")

    summary = None
    for path, export, newline in ((args.out, accounting.export_beancount, None),
                                  (args.csv, accounting.export_csv, "")):
        if path:
            summary = write_file(path, lambda out, export=export: export(
                salon, first, last, out, approved_by=manager, progress=show),
                encoding="utf-8", newline=newline)
            progress.clear()
            print(f"Written {path}: {summary.transactions} transactions, "
                  f"{summary.postings} postings.", file=sys.stderr)
    _print_figures(salon, summary, args.out)
    return 0


def _print_figures(salon: Salon, summary, ledger: Path | None) -> None:
    from salon_pos.services.exchange.accounting import CREDIT, DRAWER, HELD, HOUSE

    money = salon.settings().money
    figures = summary.balances
    print(f"Books of {summary.first} to {summary.last} ({summary.currency}), at the end:")
    for account, what, sign in ((HELD, "deposits held", -1), (CREDIT, "client credit", -1),
                                (HOUSE, "house accounts owed", 1),
                                (DRAWER, "cash in the drawer", 1)):
        print(f"  {what:<22} {money(sign * figures.get(account, 0)):>14}   {account}")
    if ledger:
        print(f"Check the ledger with: bean-check {ledger}")
