"""`salon-pos vouchers designs|design|show|held|expire|pdf`: the voucher designs the salon
sells and setting one (a manager's), a gift voucher by its code, the vouchers holding money
(the salon's liability to their bearers), taking expired balances into income (a
manager's), and a voucher's PDF again for whoever holds its code. Vouchers are sold and
spent at checkout, in the app."""

from __future__ import annotations

import csv

from salon_pos.cli.common import approve, file_path, manager_options, record_number, usable_text
from salon_pos.domain.errors import NotFound
from salon_pos.domain.validation import search_key
from salon_pos.files import write_bytes, write_file
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations.vouchers import save_design, take_expired_into_income
from salon_pos.services.views.catalogue import list_services
from salon_pos.services.views.vouchers import (
    voucher_by_code,
    voucher_designs,
    voucher_to_print,
    vouchers_held,
)


def register(commands) -> None:
    vouchers = commands.add_parser("vouchers", help="gift vouchers: the designs sold, look one up, "
                                                    "those held, expired ones")
    actions = vouchers.add_subparsers(dest="action", metavar="ACTION", required=True)
    manager = manager_options()
    designs = actions.add_parser("designs", help="the voucher designs the salon sells")
    designs.set_defaults(run=run_designs)
    design = actions.add_parser("design", parents=[manager],
                                help="add or change a voucher design (a manager's)")
    design.add_argument("name", type=usable_text, metavar="NAME",
                        help="the design's name (“Gift voucher €50”); an existing one is "
                             "changed")
    design.add_argument("--amount", type=usable_text, required=True, metavar="AMOUNT",
                        help="the voucher's value (“50.00”)")
    design.add_argument("--service", type=usable_text, metavar="NAME",
                        help="a single-purpose voucher for this one service, taxed when "
                             "sold (default: it pays for any purchase)")
    design.add_argument("--not-sold", action="store_true", help="stop selling the design")
    design.set_defaults(run=run_design)
    show = actions.add_parser("show", help="a voucher's balance, last day and history, by "
                                           "its code")
    show.add_argument("code", metavar="CODE", help="the code printed on the voucher")
    show.set_defaults(run=run_show)
    held = actions.add_parser("held", parents=[manager],
                              help="every voucher with money on it (expired ones marked)")
    held.add_argument("--csv", type=file_path, metavar="FILE", help="also write them as CSV")
    held.set_defaults(run=run_held, manager_only="The vouchers held")
    expire = actions.add_parser("expire", parents=[manager],
                                help="take what expired vouchers hold into income")
    expire.add_argument("numbers", type=record_number, nargs="*", metavar="NUMBER",
                        help="only these vouchers (all expired ones if none is given)")
    expire.set_defaults(run=run_expire)
    pdf = actions.add_parser("pdf", help="a voucher's PDF again, for whoever holds its code")
    pdf.add_argument("number", type=record_number, metavar="NUMBER")
    pdf.add_argument("code", metavar="CODE")
    pdf.add_argument("file", type=file_path, metavar="FILE")
    pdf.add_argument("--format", choices=("a5", "roll"), default="a5",
                     help="an A5 gift card (the default) or the receipt roll")
    pdf.set_defaults(run=run_pdf)


def run_designs(args, salon: Salon) -> int:
    money = salon.settings().money
    found = voucher_designs(salon)
    for design in found:
        print(f"{design.name:<32} {money(design.amount):>12}  for "
              f"{design.service or 'any purchase':<28} sold: "
              f"{'yes' if design.active else 'no'}")
    if not found:
        print("No voucher designs yet: a manager adds one with “salon-pos vouchers design”.")
    return 0


def run_design(args, salon: Salon) -> int:
    manager = approve(args, salon, "Setting a voucher design")
    service_id = None
    if args.service is not None:
        services = {search_key(s["name"]): s["id"] for s in list_services(salon)}
        service_id = services.get(search_key(args.service))
        if service_id is None:
            raise NotFound(f"No service is called “{args.service}”: give the name as the "
                           "catalogue has it.")
    existing = {search_key(design.name): design.id for design in voucher_designs(salon)}
    design = save_design(salon, args.name, amount=salon.settings().parse_money(args.amount),
                         service_id=service_id, active=not args.not_sold,
                         approved_by=manager, design_id=existing.get(search_key(args.name)))
    print(f"Voucher design {design} saved: {args.name}.")
    return 0


def run_show(args, salon: Salon) -> int:
    money = salon.settings().money
    voucher = voucher_by_code(salon, args.code)
    state = "expired" if voucher.expired else f"valid until {voucher.expires_on:%d %b %Y}"
    print(f"Gift voucher {voucher.number} ({voucher.shown_code}): {money(voucher.balance)} "
          f"left of {money(voucher.amount)}, {state}")
    for move in voucher.history:
        receipt = f"  receipt {move.receipt_no}" if move.receipt_no else ""
        print(f"  {move.day:%Y-%m-%d}  {move.what:<28} {money(move.change):>12}{receipt}")
    return 0


def run_held(args, salon: Salon) -> int:
    money = salon.settings().money
    held = vouchers_held(salon)
    for voucher in held.vouchers:
        state = "EXPIRED" if voucher.expired else ""
        print(f"voucher {voucher.number:>6}  {voucher.shown_code}  issued "
              f"{voucher.issued_on:%Y-%m-%d}  until {voucher.expires_on:%Y-%m-%d}  "
              f"{money(voucher.balance):>12}  {state}")
    print(f"Gift vouchers held: {money(held.total)} on {len(held.vouchers)} voucher(s), of "
          f"which expired {money(held.expired_total)}")
    if args.csv:
        def write_rows(out) -> None:
            writer = csv.writer(out)
            writer.writerow(["voucher", "code_ends", "issued", "valid_until", "expired",
                             "value_minor_units", "balance_minor_units"])
            writer.writerows([v.number, v.hint, v.issued_on, v.expires_on, v.expired,
                              v.amount, v.balance] for v in held.vouchers)

        write_file(args.csv, write_rows, newline="", encoding="utf-8")
        print(f"CSV written to {args.csv}")
    return 0


def run_expire(args, salon: Salon) -> int:
    manager = approve(args, salon, "Taking expired vouchers into income")
    done = take_expired_into_income(salon, by=manager, approved_by=manager,
                                    numbers=args.numbers or None)
    print(f"Taken into income: {salon.settings().money(done['amount'])} from "
          f"{done['vouchers']} expired voucher(s).")
    return 0


def run_pdf(args, salon: Salon) -> int:
    from salon_pos.documents.voucher import render_voucher  # reportlab's barcodes: only here

    write_bytes(args.file, render_voucher(voucher_to_print(salon, args.number, args.code),
                                          args.format))
    print(f"Voucher {args.number} written to {args.file}")
    return 0
