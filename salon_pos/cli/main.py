"""`salon-pos`: the headless front on the same operations as the app.

The command line's composition root: it finds the salon (`--db`), opens it once through
`services.opening`, checks a manager where the command is a manager's, and hands the salon
to the command. With no command it starts the desktop app. Exit codes: 0 success, 1
refused or failed checks, 2 wrong usage.

Each group of commands is one module here with `register(commands)`, which adds its
parsers and sets `run` (and `manager_only`, `creates_database`, `before_opening` where
they apply) as their defaults.

The command line runs with the OS account's file rights, but what is a manager's in the
app (reports, backups, restores, exports) asks a manager here too: a name and that
manager's PIN, checked like the app's (wrong tries count toward the lock-out).
"""

from __future__ import annotations

import argparse
import sys

from salon_pos import __version__
from salon_pos.cli import common
from salon_pos.domain.errors import DomainError
from salon_pos.services.kernel.failures import plain_storage_failures
from salon_pos.services.opening import (
    APP_NAME,
    SalonLocation,
    close_salon,
    open_salon,
    tidy_after_a_kill,
)


def build_parser() -> argparse.ArgumentParser:
    # Imported here: starting the app (no command) needs none of them (`_app_only`).
    from salon_pos.cli import (
        accounting,
        backups,
        calendars,
        care,
        clients,
        commission,
        courses,
        documents,
        listings,
        messages,
        reports,
        settings,
        setup,
        stock,
        verify,
        vouchers,
    )

    parser = argparse.ArgumentParser(
        prog=APP_NAME, description="Salon POS: bookings, deposits and checkout for salons."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=common.usable_text, metavar="PATH_OR_URL",
                        help="SQLite file or postgresql:// URL (default: the user data folder)")
    parser.set_defaults(run=None, manager_only=None, creates_database=False,
                        before_opening=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (setup, verify, backups, reports, listings, documents, calendars, clients,
                   accounting, vouchers, stock, commission, courses, care, settings,
                   messages):
        module.register(commands)
    return parser


def _app_only(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments when they only start the app (`salon-pos [--db PATH]`), read without
    importing every command's code first (the app comes up sooner); None otherwise."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--db", type=common.usable_text)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the whole parser says what is wrong
    return None if rest else argparse.Namespace(db=args.db, run=None)


def main(argv: list[str] | None = None) -> int:
    args = _app_only(argv) or build_parser().parse_args(argv)
    location = SalonLocation.from_argument(args.db)
    try:
        if args.run is None:
            return start_app(location)
        with plain_storage_failures():  # a full disk, a read-only folder, a busy database
            return _run(args, location)
    except DomainError as error:
        print(f"salon-pos: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `salon-pos report … | head`: the reader has had enough
        sys.stderr.close()
        return 0
    finally:
        close_salon()


def _run(args, location: SalonLocation) -> int:
    tidy_after_a_kill(location)  # before "is there a database?": a cut restore is finished
    if args.before_opening:  # a restore: the database's files are replaced
        return args.before_opening(args, location)
    # Only some commands make a new database; the others refuse a path where there is none,
    # so a mistyped --db is not quietly answered from an empty file.
    if not args.creates_database and location.database_missing():
        raise DomainError(f"There is no database at {location.target}.")
    salon = open_salon(location)
    common.settle_days(args, salon.today())
    if args.manager_only:
        common.approve(args, salon, args.manager_only)
    return args.run(args, salon)


def start_app(location: SalonLocation) -> int:
    """The desktop app (first start offers to set up the salon or load the demo); it
    opens the salon itself, to show a refusal in a window rather than on a terminal."""
    from salon_pos.ui.app import run_app

    return run_app(location)


if __name__ == "__main__":
    sys.exit(main())
