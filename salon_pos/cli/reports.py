"""`salon-pos report day|deposits`: the Z report of a business day (printed, CSV, PDF)
and the deposits held now. A manager's."""

from __future__ import annotations

import csv

from salon_pos.cli.common import file_path, manager_options, typed_day
from salon_pos.domain.localtime import local_of
from salon_pos.files import write_bytes, write_file
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations.day_close import seal_text
from salon_pos.services.views.day_report import day_report, deposits_held_by_booking


def register(commands) -> None:
    report = commands.add_parser("report", help="print a report (a manager's)")
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    manager = manager_options()
    day = kinds.add_parser("day", parents=[manager],
                           help="the Z report figures of a business day")
    day.add_argument("day", type=typed_day, metavar="DAY",
                     help="YYYY-MM-DD, today, yesterday or today-N")
    day.add_argument("--csv", type=file_path, metavar="FILE", help="also write the figures as CSV")
    day.add_argument("--pdf", type=file_path, metavar="FILE", help="also print it to a PDF file")
    day.set_defaults(run=run_day, manager_only="A report")
    deposits = kinds.add_parser("deposits", parents=[manager],
                                help="deposits held now, by booking")
    deposits.set_defaults(run=run_deposits, manager_only="A report")


def run_day(args, salon: Salon) -> int:
    report = day_report(salon, args.day)
    settings = salon.settings()
    title = (f"Z report — {args.day:%A %d %B %Y}"
             + (" (closed)" if report.closed else " (still open)"))
    sealed = seal_text(salon, args.day)
    print(f"{settings.salon_name} — {title}")
    _print_rows(report.rows(), settings.money)
    if sealed:
        print(f"\n{sealed}")
    if args.csv:
        def write_figures(out) -> None:
            writer = csv.writer(out)
            writer.writerow(["section", "item", "amount_minor_units", "currency"])
            writer.writerows([*row, report.currency] for row in report.rows())

        write_file(args.csv, write_figures, newline="", encoding="utf-8")
        print(f"\nCSV written to {args.csv}")
    if args.pdf:
        from salon_pos.documents.z_report import render_z_report
        from salon_pos.services.views.receipts import salon_header

        paper = "letter" if settings.receipt_format == "letter" else "a4"
        write_bytes(args.pdf, render_z_report(salon_header(settings), title, report.rows(),
                                              settings.money, sealed, paper))
        print(f"PDF written to {args.pdf}")
    return 0


def _print_rows(rows, money) -> None:
    section = None
    for name, item, amount in rows:
        if name != section:
            print(f"\n{name.capitalize()}")
            section = name
        shown = "—" if amount is None else (str(amount) if item == "count" else money(amount))
        print(f"  {item.replace('_', ' '):<24} {shown:>14}")


def run_deposits(_args, salon: Salon) -> int:
    settings = salon.settings()
    rows = deposits_held_by_booking(salon)
    for row in rows:
        start = local_of(row["start"], settings.tz)
        print(f"{start:%Y-%m-%d %H:%M}  booking {row['booking_id']:>6}  {row['client']:<30} "
              f"{row['status']:<10} {settings.money(row['held']):>12}")
    print(f"Deposits held: {settings.money(sum(r['held'] for r in rows))} "
          f"on {len(rows)} booking(s)")
    return 0
