"""`salon-pos commission rates|set|assign|report|close`: stylists' commission levels and
rates, a pay period's report (printed, CSV, PDF) and closing it. Changing rates, the report
and closing are a manager's."""

from __future__ import annotations

from salon_pos.cli.common import approve, file_path, manager_options, typed_day, usable_text
from salon_pos.cli.names import staff_named
from salon_pos.documents.report_records import report_csv
from salon_pos.domain.commission import bands_said, parse_bands
from salon_pos.domain.errors import NotFound
from salon_pos.files import write_bytes, write_file
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import commission
from salon_pos.services.views.commission import (
    commission_report,
    current_period,
    levels,
    stylists_and_levels,
)
from salon_pos.services.views.receipts import salon_header

RATE_HELP = ("a rate in percent, with higher bands after a semicolon: “30” or "
             "“30; 35 from 3000” (35 %% on takings above 3,000 in the period)")


def register(commands) -> None:
    group = commands.add_parser("commission", help="stylists' commission: rates, reports")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    manager = manager_options()
    rates = actions.add_parser("rates", help="the levels, their rates and who is on each")
    rates.set_defaults(run=run_rates)

    change = actions.add_parser("set", parents=[manager],
                                help="add or change a level's rates (a manager's)")
    change.add_argument("level", type=usable_text, metavar="LEVEL",
                        help="the level's name (“Senior”); with --stylist, that stylist's own")
    change.add_argument("--services", required=True, metavar="RATE", help=RATE_HELP)
    change.add_argument("--retail", required=True, metavar="RATE", help=RATE_HELP)
    change.add_argument("--deduct-back-bar", action="store_true",
                        help="take the cost of products used in services off first")
    change.add_argument("--stylist", type=usable_text, metavar="NAME",
                        help="also put this stylist on the level (their own rates)")
    change.set_defaults(run=run_set)

    assign = actions.add_parser("assign", parents=[manager],
                                help="put a stylist on a level (a manager's)")
    assign.add_argument("stylist", type=usable_text, metavar="STYLIST")
    assign.add_argument("level", type=usable_text, metavar="LEVEL",
                        help="the level's name, or “none” for no commission")
    assign.set_defaults(run=run_assign)

    report = actions.add_parser("report", parents=[manager],
                                help="a pay period's commission by stylist (a manager's)")
    report.add_argument("day", type=typed_day, metavar="DAY", nargs="?", default=None,
                        help="a day in the period: YYYY-MM-DD, today, yesterday or "
                             "today-N (default: today)")
    report.add_argument("--stylist", type=usable_text, metavar="NAME",
                        help="only this stylist, with each line of their takings")
    report.add_argument("--csv", type=file_path, metavar="FILE", help="also write it as CSV")
    report.add_argument("--pdf", type=file_path, metavar="FILE", help="also print it to a PDF")
    report.set_defaults(run=run_report, manager_only="A commission report")

    close = actions.add_parser("close", parents=[manager],
                               help="close a pay period: the commission owed goes into the "
                                    "journal (a manager's)")
    close.add_argument("day", type=typed_day, metavar="DAY",
                       help="a day in the period, such as yesterday")
    close.set_defaults(run=run_close)


def run_rates(_args, salon: Salon) -> int:
    money = salon.settings().money
    first, last = current_period(salon)
    print(f"Pay period now: {first:%a %d %b %Y} to {last:%a %d %b %Y}")
    for level in levels(salon):
        rates = level.rates
        print(f"\n{level.name}\n  services {bands_said(rates.services, money)}\n"
              f"  retail   {bands_said(rates.retail, money)}"
              + ("\n  back-bar cost deducted" if rates.deduct_back_bar else "")
              + f"\n  stylists: {', '.join(level.stylists) or '—'}")
    without = [row.name for row in stylists_and_levels(salon) if row.level_id is None]
    if without:
        print(f"\nNo commission level: {', '.join(without)}")
    return 0


def run_set(args, salon: Salon) -> int:
    manager = approve(args, salon, "Changing commission rates")
    parse = salon.settings().parse_money
    services, retail = parse_bands(args.services, parse), parse_bands(args.retail, parse)
    found = {level.name.casefold(): level.id for level in levels(salon)}
    level_id = commission.save_level(
        salon, args.level, services=services, retail=retail,
        deduct_back_bar=args.deduct_back_bar, approved_by=manager,
        level_id=found.get(args.level.strip().casefold()))
    print(f"Level “{args.level.strip()}” saved.")
    if args.stylist:
        stylist = staff_named(salon, args.stylist)
        commission.assign_level(salon, stylist["id"], level_id, approved_by=manager)
        print(f"{stylist['name']} is on it.")
    return 0


def run_assign(args, salon: Salon) -> int:
    manager = approve(args, salon, "Changing a stylist's commission")
    stylist = staff_named(salon, args.stylist)
    level_id = None
    if args.level.strip().casefold() != "none":
        found = {level.name.casefold(): level.id for level in levels(salon)}
        level_id = found.get(args.level.strip().casefold())
        if level_id is None:
            raise NotFound(f"There is no level called “{args.level}” "
                           "(salon-pos commission rates lists them).")
    commission.assign_level(salon, stylist["id"], level_id, approved_by=manager)
    print(f"{stylist['name']}: {args.level.strip() if level_id else 'no commission'}.")
    return 0


def run_report(args, salon: Salon) -> int:
    from salon_pos.documents.report_table import render_report_table  # reportlab: only here

    settings = salon.settings()
    first, last = current_period(salon, args.day)
    report = commission_report(salon, first, last)
    if args.stylist:
        stylist = staff_named(salon, args.stylist)
        report = type(report)(report.first, report.last, report.closed,
                              tuple(row for row in report.stylists
                                    if row.stylist_id == stylist["id"]))
    table = report.table(settings.money, lines=bool(args.stylist))
    print(f"{settings.salon_name} — {table.title}\n{table.period}\n")
    for name, what, *figures in table.text_rows(settings.money):
        print(f"{name:<24}{'  '.join(f'{figure:>11}' for figure in figures)}")
        if what:
            print(f"    {what}")
    print("\nColumns: services, retail, back-bar, commission, tips, no-show fees, "
          "late-cancel fees")
    if args.csv:
        write_file(args.csv, lambda out: out.write(report_csv(
            report.table(settings.money, lines=True), settings.currency)),
            newline="", encoding="utf-8")
        print(f"CSV written to {args.csv}")
    if args.pdf:
        paper = "letter" if settings.receipt_format == "letter" else "a4"
        write_bytes(args.pdf, render_report_table(
            salon_header(settings), report.table(settings.money, lines=True), settings.money,
            paper))
        print(f"PDF written to {args.pdf}")
    return 0


def run_close(args, salon: Salon) -> int:
    manager = approve(args, salon, "Closing a pay period")
    closed = commission.close_pay_period(salon, args.day, approved_by=manager)
    print(f"Pay period {closed['first']} to {closed['last']} closed: "
          f"{salon.settings().money(closed['commission'])} commission owed to "
          f"{closed['stylists']} stylist(s), in the journal. Paying it is payroll's.")
    return 0
