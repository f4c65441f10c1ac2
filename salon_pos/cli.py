"""`salon-pos`: the headless front on the same operations as the app.

Composition root for the command line: opens the database once, builds the clock, and
hands the salon to each command. Exit codes: 0 success, 1 refused or failed checks,
2 wrong usage.

The command line runs with the OS account's file rights, but what is a manager's in the
app (reports, backups, restores) asks a manager here too: a name and that manager's PIN,
checked like the app's (wrong tries count toward the lock-out).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import sys
from datetime import date
from pathlib import Path

from platformdirs import user_data_dir

from salon_pos import __version__, cli_accounting, cli_calendar, cli_clients
from salon_pos.domain.clock import SystemClock
from salon_pos.domain.errors import DomainError, NotAllowed
from salon_pos.services.context import Salon, open_salon
from salon_pos.services.recovery import way_back
from salon_pos.store.database import DamagedDatabase, check_file, close_database

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


def manager_options() -> argparse.ArgumentParser:
    """--manager and --pin-stdin, shared by the commands that are a manager's."""
    options = argparse.ArgumentParser(add_help=False)
    approval = options.add_argument_group("a manager's approval")
    approval.add_argument("--manager", type=usable_text, metavar="NAME",
                          help="the approving manager's name (their PIN is then asked for)")
    approval.add_argument("--pin-stdin", action="store_true",
                          help="read the manager's PIN as one line from standard input "
                               "(for scripts) instead of from the terminal")
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME, description="Salon POS: bookings, deposits and checkout for salons."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=usable_text, metavar="PATH_OR_URL",
                        help="SQLite file or postgresql:// URL (default: the user data folder)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    manager = manager_options()

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

    backup = commands.add_parser("backup", parents=[manager],
                                 help="write a consistent copy of the database (a manager's)")
    backup.add_argument("file", type=file_path, metavar="FILE")
    restore = commands.add_parser(
        "restore", parents=[manager],
        help="check a backup and put it in the database's place (the current database is "
             "kept aside; a manager's)",
        description="Check a backup and put it in the database's place; the current database "
                    "is kept aside. A manager's name and PIN are needed, except when the "
                    "current database is missing or damaged: then restoring is the way back, "
                    "and no PIN could be checked in it.")
    restore.add_argument("file", type=file_path, metavar="FILE")

    report = commands.add_parser("report", help="print a report (a manager's)")
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    day = kinds.add_parser("day", parents=[manager],
                           help="the Z report figures of a business day")
    day.add_argument("day", type=date.fromisoformat, metavar="YYYY-MM-DD")
    day.add_argument("--csv", type=file_path, metavar="FILE", help="also write the figures as CSV")
    day.add_argument("--pdf", type=file_path, metavar="FILE", help="also print it to a PDF file")
    kinds.add_parser("deposits", parents=[manager], help="deposits held now, by booking")

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
    for module in COMMAND_MODULES.values():
        module.register(commands)
    return parser


# Commands kept in modules of their own: name → module with register(commands) and
# run(args, salon).
COMMAND_MODULES = {
    "calendar": cli_calendar, "clients": cli_clients, "export": cli_accounting}


# Only these make a new database; the others refuse a path where there is none, so a
# mistyped --db is not quietly answered from an empty file.
CREATING_COMMANDS = (None, "init", "demo")
# What is a manager's in the app (the manager's area) is a manager's here too.
MANAGER_COMMANDS = {"report": "A report", "backup": "A backup"}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    target, data_dir = resolve_target(args.db)
    try:
        if args.command == "restore":  # before opening: the database's files are replaced
            return cmd_restore(args, target, data_dir)
        if args.command not in CREATING_COMMANDS and _missing_file(target):
            raise DomainError(f"There is no database at {target}.")
        if args.command is None:
            return start_app(target, data_dir)
        salon = open_checked(target, data_dir)
        if args.command in MANAGER_COMMANDS:
            approve(args, salon, MANAGER_COMMANDS[args.command])
        return run_command(parser, args, salon, target)
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


def open_checked(target: str, data_dir: Path, *, check: bool = True) -> Salon:
    """The salon, or a refusal that names the damage and the way back (`check=False`:
    the file's quick check is left to `check_at_start`)."""
    try:
        return open_salon(target, SystemClock(), data_dir, check=check)
    except DamagedDatabase as damage:
        raise DomainError(way_back(damage, data_dir)) from None


def check_at_start(target: str, data_dir: Path) -> None:
    """The file's quick check, or a refusal that names the damage and the way back.
    PostgreSQL looks after its own files."""
    if target.startswith(("postgres://", "postgresql://")):
        return
    try:
        check_file(Path(target))
    except DamagedDatabase as damage:
        raise DomainError(way_back(damage, data_dir)) from None


def approve(args, salon: Salon, what: str) -> int:
    """The manager named with --manager, once their PIN is right; refused otherwise, before
    anything is written."""
    from salon_pos.services import staff

    if not args.manager:
        raise NotAllowed(f"{what} needs a manager's approval: add --manager NAME (the "
                         "manager's PIN is then asked for).")
    member = _staff_named(args.manager)
    if member["role"] != staff.Role.MANAGER:
        raise NotAllowed(f"{member['name']} is not a manager: {what.lower()} needs a "
                         "manager's name and PIN.")
    return staff.check_pin(salon, member["id"], _read_pin(args, member["name"])).id


def _staff_named(name: str) -> dict:
    """The one active member of staff with this name, whatever its case and spacing."""
    from salon_pos.services.staff import staff_called

    found = staff_called(name)
    active = [member for member in found if member["active"]]
    if not found:
        raise NotAllowed(f"No one on the staff is called “{name}”.")
    if not active:
        raise NotAllowed(f"{found[0]['name']} is no longer an active member of staff.")
    if len(active) > 1:
        raise NotAllowed(f"{len(active)} members of staff are called “{name}”: give them "
                         "different names in the app (Settings → Staff) first.")
    return active[0]


def _read_pin(args, name: str) -> str:
    """The PIN from the terminal (not echoed), or one line of standard input for scripts."""
    try:
        pin = (sys.stdin.readline().rstrip("\r\n") if args.pin_stdin
               else getpass.getpass(f"PIN of {name}: "))
    except (EOFError, OSError):
        pin = ""
    if not pin:
        raise NotAllowed(f"No PIN was given for {name}; nothing was done.")
    return pin


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
    if args.command in COMMAND_MODULES:
        return COMMAND_MODULES[args.command].run(args, salon)
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


def start_app(target: str, data_dir: Path) -> int:
    """The desktop app (first start offers to set up the salon or load the demo); it
    opens the salon itself, to show a refusal in a window rather than on a terminal. The
    file's quick check (a second or more for years of data) runs while the login is on
    screen: no one gets past the login before it has passed."""
    from salon_pos.ui.app import run_app

    return run_app(lambda: open_checked(target, data_dir, check=False),
                   lambda: check_at_start(target, data_dir))


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


def cmd_restore(args, target: str, data_dir: Path) -> int:
    from salon_pos.services.backups import RestoreRequest, check_backup, record_restore, restore

    if target.startswith(("postgres://", "postgresql://")):
        raise DomainError("This database is on a PostgreSQL server: restore it there with "
                          "pg_restore.")
    approver = approve_restore(args, target, data_dir)
    summary = check_backup(args.file)
    kept = restore(args.file, Path(target))
    request = RestoreRequest(args.file, summary, *(approver or (None, "")))
    record_restore(open_checked(target, data_dir), request, kept)
    print(f"Restored {args.file} to {target}: {summary.describe()}")
    print(f"The previous database was kept as {kept}." if kept else
          "There was no database there before.")
    return 0


def approve_restore(args, target: str, data_dir: Path) -> tuple[int, str] | None:
    """Restoring over a salon's database is a manager's: their id and name. A missing or
    damaged database, or one with no staff yet, has no PIN to check (None): restoring is
    then the way back."""
    from salon_pos.services.staff import get_staff, list_staff

    if _missing_file(target):
        return None
    try:
        salon = open_salon(target, SystemClock(), data_dir)
    except DamagedDatabase:
        return None
    try:
        if not list_staff(active_only=False):
            return None
        manager = approve(args, salon, "Restoring over this salon's database")
        return manager, get_staff(manager).name
    finally:
        close_database()  # its files are about to be moved aside


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
