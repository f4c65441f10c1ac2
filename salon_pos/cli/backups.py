"""`salon-pos backup FILE` and `salon-pos restore FILE`: a consistent copy of the SQLite
database, and putting one back (the current database kept aside). Both are a manager's,
except a restore over a missing or damaged database: that is the way back, and no PIN
could be checked in it."""

from __future__ import annotations

from pathlib import Path

from salon_pos.cli.common import approve, file_path, manager_options
from salon_pos.domain.clock import SystemClock
from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange.backups import (
    RestoreRequest,
    backup,
    check_backup,
    restore,
)
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_staff
from salon_pos.services.opening import DamagedSalon, SalonLocation, close_salon, open_salon
from salon_pos.services.views.staff import list_staff


def register(commands) -> None:
    manager = manager_options()
    command = commands.add_parser("backup", parents=[manager],
                                  help="write a consistent copy of the database (a manager's)")
    command.add_argument("file", type=file_path, metavar="FILE")
    command.set_defaults(run=run_backup, manager_only="A backup")
    command = commands.add_parser(
        "restore", parents=[manager],
        help="check a backup and put it in the database's place (the current database is "
             "kept aside; a manager's)",
        description="Check a backup and put it in the database's place; the current database "
                    "is kept aside. A manager's name and PIN are needed, except when the "
                    "current database is missing or damaged: then restoring is the way back, "
                    "and no PIN could be checked in it.")
    command.add_argument("file", type=file_path, metavar="FILE")
    command.set_defaults(run=run_restore, before_opening=run_restore)


def run_backup(args, salon: Salon) -> int:
    written = backup(salon, args.file)
    print(f"Backup written to {written}: {check_backup(written).describe()}")
    return 0


def run_restore(args, location: SalonLocation) -> int:
    if location.on_postgres:
        raise DomainError("This database is on a PostgreSQL server: restore it there with "
                          "pg_restore.")
    approver = _approve_restore(args, location)
    request = RestoreRequest(args.file, check_backup(args.file), *(approver or (None, "")))
    kept = restore(request, Path(location.target), SystemClock())
    print(f"Restored {args.file} to {location.target}: {request.summary.describe()}")
    print(f"The previous database was kept as {kept}." if kept else
          "There was no database there before.")
    return 0


def _approve_restore(args, location: SalonLocation) -> tuple[int, str] | None:
    """Restoring over a salon's database is a manager's: their id and name. A missing or
    damaged database, or one with no staff yet, has no PIN to check (None): restoring is
    then the way back."""
    if location.database_missing():
        return None
    try:
        salon = open_salon(location)
    except DamagedSalon:
        return None
    try:
        if not list_staff(salon, active_only=False):
            return None
        manager = approve(args, salon, "Restoring over this salon's database")
        return manager, get_staff(salon, manager).name
    finally:
        close_salon()  # its files are about to be moved aside
