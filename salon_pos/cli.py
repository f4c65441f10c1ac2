"""`salon-pos`: the headless front on the same operations as the app.

Composition root for the command line: opens the database once, builds the clock, and
hands the salon to each command. Exit codes: 0 success, 1 refused or failed checks,
2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from platformdirs import user_data_dir

from salon_pos import __version__
from salon_pos.domain.clock import SystemClock
from salon_pos.domain.errors import DomainError
from salon_pos.services.context import Salon, open_salon
from salon_pos.services.recovery import way_back
from salon_pos.store.database import DamagedDatabase, close_database

APP_NAME = "salon-pos"


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_target(db: str | None) -> tuple[str, Path]:
    """The database to open and the data folder beside it (photos, PIN pepper)."""
    if db is None:
        data_dir = default_data_dir()
        return str(data_dir / "salon.db"), data_dir
    if db.startswith(("postgres://", "postgresql://")):
        return db, default_data_dir()
    # os.path.expanduser leaves "~someone-unknown" as it is; Path.expanduser raises.
    path = Path(os.path.expanduser(db.removeprefix("sqlite:///"))).resolve()
    return str(path), path.parent


def usable_text(text: str) -> str:
    """An argument the system can take as a file name (no NUL, no undecodable bytes)."""
    if "\x00" in text or not text.isprintable():
        raise argparse.ArgumentTypeError("it contains characters that cannot be printed")
    return text


def file_path(text: str) -> Path:
    return Path(usable_text(text))


def record_number(text: str) -> int:
    """A sale, booking, refund or entry number as typed: 1 up to what the database can hold."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a whole number") from None
    if not 1 <= number < 2**63:
        raise argparse.ArgumentTypeError(f"there is no number {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME, description="Salon POS: bookings, deposits and checkout for salons."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=usable_text, metavar="PATH_OR_URL",
                        help="SQLite file or postgresql:// URL (default: the user data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help="set up a new salon and its first manager")
    init.add_argument("--salon-name", required=True)
    init.add_argument("--currency", default="EUR")
    init.add_argument("--time-zone", default="Europe/Dublin")
    init.add_argument("--manager-name", required=True)
    init.add_argument("--manager-pin", help="4–8 digits (asked for when left out)")

    demo = commands.add_parser("demo", help="fill a new database with a realistic demo salon")
    demo.add_argument("--days", type=int, default=30, help="days of history up to today")
    demo.add_argument("--seed", type=int, default=1)

    commands.add_parser("verify", help="check the journal's hash chain and every invariant")

    backup = commands.add_parser("backup", help="write a consistent copy of the database")
    backup.add_argument("file", type=file_path, metavar="FILE")
    restore = commands.add_parser(
        "restore", help="check a backup and put it in the database's place (the current "
                        "database is kept aside)")
    restore.add_argument("file", type=file_path, metavar="FILE")

    report = commands.add_parser("report", help="print a report")
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    day = kinds.add_parser("day", help="the Z report figures of a business day")
    day.add_argument("day", type=date.fromisoformat, metavar="YYYY-MM-DD")
    day.add_argument("--csv", type=file_path, metavar="FILE", help="also write the figures as CSV")
    day.add_argument("--pdf", type=file_path, metavar="FILE", help="also print it to a PDF file")
    kinds.add_parser("deposits", help="deposits held now, by booking")

    receipt = commands.add_parser("receipt", help="the receipt of a paid sale, as PDF")
    receipt.add_argument("sale", type=record_number, metavar="SALE")
    receipt.add_argument("--out", type=file_path, required=True, metavar="FILE.pdf")
    receipt.add_argument("--format", choices=("roll", "a4", "letter"),
                         help="paper (default: the salon's receipt setting)")
    receipt.add_argument("--receipt-no", action="store_true",
                         help="SALE is the number printed on the receipt, not the sale's id")
    for name, what, number in (
        ("slip", "the booking confirmation slip", "BOOKING"),
        ("agreement", "the expectation agreement record of a booking", "BOOKING"),
        ("refund-receipt", "the receipt of a refund", "REFUND"),
        ("deposit-receipt", "the receipt of a deposit movement (its journal entry)", "ENTRY"),
    ):
        document = commands.add_parser(name, help=f"{what}, as PDF")
        document.add_argument("number", type=record_number, metavar=number)
        document.add_argument("--out", type=file_path, required=True, metavar="FILE.pdf")
        papers = ("a4", "letter") if name == "agreement" else ("roll", "a4", "letter")
        document.add_argument("--format", choices=papers,
                              help="paper (default: the salon's receipt setting)")
    return parser


# Only these make a new database; the others refuse a path where there is none, so a
# mistyped --db is not quietly answered from an empty file.
CREATING_COMMANDS = (None, "init", "demo")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    target, data_dir = resolve_target(args.db)
    try:
        if args.command == "restore":  # before opening: the database's files are replaced
            return cmd_restore(args, target)
        if args.command not in CREATING_COMMANDS and _missing_file(target):
            raise DomainError(f"There is no database at {target}.")
        if args.command is None:
            return start_app(lambda: open_checked(target, data_dir))
        return run_command(parser, args, open_checked(target, data_dir), target)
    except DomainError as error:
        print(f"salon-pos: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `salon-pos report … | head`: the reader has had enough
        sys.stderr.close()
        return 0
    finally:
        close_database()


def open_checked(target: str, data_dir: Path) -> Salon:
    """The salon, or a refusal that names the damage and the way back."""
    try:
        return open_salon(target, SystemClock(), data_dir)
    except DamagedDatabase as damage:
        raise DomainError(way_back(damage, data_dir)) from None


def run_command(parser, args, salon: Salon, target: str) -> int:
    if args.command == "init":
        return cmd_init(args, salon)
    if args.command == "demo":
        return cmd_demo(args, salon)
    if args.command == "verify":
        return cmd_verify()
    if args.command == "backup":
        return cmd_backup(args, salon)
    if args.command in DOCUMENTS:
        return cmd_document(args, salon)
    if args.report == "day":
        return cmd_report_day(args, salon)
    return cmd_report_deposits(salon)


def _missing_file(target: str) -> bool:
    if target.startswith(("postgres://", "postgresql://")):
        return False
    try:
        return not Path(target).is_file()
    except OSError:  # a name the system cannot look up (too long, for one)
        return True


def start_app(open_the_salon: Callable[[], Salon]) -> int:
    """The desktop app (first start offers to set up the salon or load the demo); it
    opens the salon itself, to show a refusal in a window rather than on a terminal."""
    from salon_pos.ui.app import run_app

    return run_app(open_the_salon)


def cmd_init(args, salon: Salon) -> int:
    from salon_pos.services import salon_setup

    pin = args.manager_pin or getpass.getpass("PIN for the first manager (4–8 digits): ")
    salon_setup.set_up_salon(
        salon, salon_name=args.salon_name, currency_code=args.currency,
        time_zone=args.time_zone, manager_name=args.manager_name, manager_pin=pin,
    )
    print(f"Salon “{args.salon_name}” is set up.")
    return 0


def cmd_demo(args, salon: Salon) -> int:
    from salon_pos.demo import build_demo

    if not 1 <= args.days <= 3650:
        raise DomainError("--days must be between 1 and 3650.")
    summary = build_demo(salon, days=args.days, seed=args.seed, progress=_progress)
    print(f"\rDemo salon ready: {summary}")
    return 0


def _progress(done: int, total: int) -> None:
    print(f"\rBuilding the demo salon: day {done} of {total}", end="", file=sys.stderr,
          flush=True)


def _receipt(salon: Salon, number: int, by_receipt_no: bool = False):
    from salon_pos.documents.receipt import render_receipt
    from salon_pos.services.receipt_view import receipt_of_sale, sale_of_receipt

    receipt = receipt_of_sale(salon, sale_of_receipt(number) if by_receipt_no else number)
    return f"Receipt {receipt.number}", lambda paper: render_receipt(receipt, paper)


def _refund_receipt(salon: Salon, number: int):
    from salon_pos.documents.receipt import render_receipt
    from salon_pos.services.receipt_view import receipt_of_refund

    receipt = receipt_of_refund(salon, number)
    return f"Refund receipt {receipt.number}", lambda paper: render_receipt(receipt, paper)


def _slip(salon: Salon, number: int):
    from salon_pos.documents.slip import render_slip
    from salon_pos.services.booking_documents import booking_record

    record = booking_record(salon, number)
    return f"Booking slip {record.number}", lambda paper: render_slip(record, paper)


def _agreement(salon: Salon, number: int):
    from salon_pos.documents.agreement import render_agreement
    from salon_pos.services.booking_documents import agreement_record

    record = agreement_record(salon, number)
    return (f"Agreement record {record.booking.number}",
            lambda paper: render_agreement(record, "letter" if paper == "letter" else "a4"))


def _deposit_receipt(salon: Salon, number: int):
    from salon_pos.documents.deposit_receipt import render_deposit_receipt
    from salon_pos.services.booking_documents import deposit_receipt

    receipt = deposit_receipt(salon, number)
    return f"{receipt.what} {receipt.number}", lambda paper: render_deposit_receipt(receipt, paper)


# command → builds (what it is, render(paper) → PDF bytes) from the number given
DOCUMENTS = {
    "receipt": _receipt, "refund-receipt": _refund_receipt, "slip": _slip,
    "agreement": _agreement, "deposit-receipt": _deposit_receipt,
}


def cmd_document(args, salon: Salon) -> int:
    if args.command == "receipt":
        what, render = _receipt(salon, args.sale, args.receipt_no)
    else:
        what, render = DOCUMENTS[args.command](salon, args.number)
    write_pdf(args.out, render(args.format or salon.settings().receipt_format))
    print(f"{what} written to {args.out}")
    return 0


def write_pdf(path: Path, pdf: bytes) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as error:
        raise DomainError(f"Cannot write {path}: {error.strerror}.") from None


def cmd_backup(args, salon: Salon) -> int:
    from salon_pos.services.backups import backup, check_backup

    written = backup(salon, args.file)
    print(f"Backup written to {written}: {check_backup(written).describe()}")
    return 0


def cmd_restore(args, target: str) -> int:
    from salon_pos.services.backups import check_backup, restore

    if target.startswith(("postgres://", "postgresql://")):
        raise DomainError("This database is on a PostgreSQL server: restore it there with "
                          "pg_restore.")
    summary = check_backup(args.file)
    kept = restore(args.file, Path(target))
    print(f"Restored {args.file} to {target}: {summary.describe()}")
    print(f"The previous database was kept as {kept}." if kept else
          "There was no database there before.")
    return 0


def cmd_verify() -> int:
    from salon_pos.services.verify import verify

    result = verify()
    if result.ok:
        print(f"OK: {result.entries} journal entries, hash chain unbroken, invariants hold.")
        return 0
    first_seq, first_message = result.problems[0]
    print(f"FAILED at entry {first_seq}: {first_message}" if first_seq else
          f"FAILED: {first_message}")
    for seq, message in result.problems[1:20]:
        print(f"  also at entry {seq}: {message}" if seq else f"  also: {message}")
    if len(result.problems) > 20:
        print(f"  … and {len(result.problems) - 20} more problems")
    return 1


def cmd_report_day(args, salon: Salon) -> int:
    from salon_pos.services.day_report import day_report
    from salon_pos.services.days import seal_of

    report = day_report(salon, args.day)
    settings = salon.settings()
    title = (f"Z report — {args.day:%A %d %B %Y}"
             + (" (closed)" if report.closed else " (still open)"))
    seal = seal_of(args.day)
    sealed = f"Sealed by journal entry {seal.seq}; chain hash {seal.hash}" if seal else ""
    print(f"{settings.salon_name} — {title}")
    _print_rows(report.rows(), settings.money)
    if sealed:
        print(f"\n{sealed}")
    if args.csv:
        with _opened_for_writing(args.csv) as out:
            writer = csv.writer(out)
            writer.writerow(["section", "item", "amount_minor_units", "currency"])
            for row in report.rows():
                writer.writerow([*row, report.currency])
        print(f"\nCSV written to {args.csv}")
    if args.pdf:
        from salon_pos.documents.z_report import render_z_report
        from salon_pos.services.receipt_view import salon_header

        paper = "letter" if settings.receipt_format == "letter" else "a4"
        write_pdf(args.pdf, render_z_report(salon_header(settings), title, report.rows(),
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


def _opened_for_writing(path: Path):
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as error:
        raise DomainError(f"Cannot write {path}: {error.strerror}.") from None


def cmd_report_deposits(salon: Salon) -> int:
    from salon_pos.domain.localtime import local_of
    from salon_pos.services.day_report import deposits_held_by_booking

    settings = salon.settings()
    rows = deposits_held_by_booking()
    for row in rows:
        start = local_of(row["start"], settings.tz)
        print(f"{start:%Y-%m-%d %H:%M}  booking {row['booking_id']:>6}  {row['client']:<30} "
              f"{row['status']:<10} {settings.money(row['held']):>12}")
    print(f"Deposits held: {settings.money(sum(r['held'] for r in rows))} "
          f"on {len(rows)} booking(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
