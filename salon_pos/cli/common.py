"""What every command of the command line shares: argument types for what people type
(file names, record numbers) and the manager's approval (`--manager` and a PIN). Files
are written through `salon_pos.files`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from salon_pos.domain.errors import NotAllowed
from salon_pos.services.kernel import access
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.staff import staff_called


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


def approve(args, salon: Salon, what: str) -> int:
    """The manager named with --manager, once their PIN is right; refused otherwise, before
    anything is written."""
    if not args.manager:
        raise NotAllowed(f"{what} needs a manager's approval: add --manager NAME (the "
                         "manager's PIN is then asked for).")
    member = _staff_named(salon, args.manager)
    if member["role"] != access.Role.MANAGER:
        raise NotAllowed(f"{member['name']} is not a manager: {what.lower()} needs a "
                         "manager's name and PIN.")
    return access.check_pin(salon, member["id"], _read_pin(args, member["name"])).id


def _staff_named(salon: Salon, name: str) -> dict:
    """The one active member of staff with this name, whatever its case and spacing."""
    found = staff_called(salon, name)
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
