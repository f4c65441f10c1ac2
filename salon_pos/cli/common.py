"""What every command of the command line shares: argument types for what people type
(file names, record numbers) and the manager's approval (`--manager` and a PIN). Files
are written through `salon_pos.files`."""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from salon_pos.cli.names import staff_named
from salon_pos.domain.errors import NotAllowed
from salon_pos.services.kernel import access
from salon_pos.services.kernel.context import Salon


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


@dataclass(frozen=True)
class DaysFromToday:
    """A day typed as "today", "yesterday" or "today-7": a date once the salon, and so its
    today, is known (`settle_days`)."""

    days: int


def typed_day(text: str) -> date | DaysFromToday:
    """A day as typed: 2026-03-20, today, yesterday, today-7 or today+3."""
    word = text.strip().casefold()
    if word == "yesterday":
        return DaysFromToday(-1)
    relative = re.fullmatch(r"today\s*(?:([+-])\s*(\d{1,5}))?", word)
    if relative:
        sign, count = relative.groups()
        return DaysFromToday(int(f"{sign}{count}") if count else 0)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a day like 2026-03-20, today, yesterday or today-7") from None


def settle_days(args: argparse.Namespace, today: date) -> None:
    """The days typed relative to today, as dates: today is the salon's business day."""
    for name, value in vars(args).items():
        if isinstance(value, DaysFromToday):
            setattr(args, name, today + timedelta(days=value.days))


def manager_options() -> argparse.ArgumentParser:
    """--manager and --pin-stdin, shared by the commands that are a manager's."""
    options = argparse.ArgumentParser(add_help=False)
    approval = options.add_argument_group("a manager's approval")
    approval.add_argument("--manager", type=usable_text, metavar="NAME",
                          help="the approving manager's name, or a start of it only they have "
                               "(their PIN is then asked for)")
    approval.add_argument("--pin-stdin", action="store_true",
                          help="read the manager's PIN as one line from standard input "
                               "(for scripts) instead of from the terminal")
    return options


def staff_options() -> argparse.ArgumentParser:
    """--by NAME: the member of staff doing a command that is anyone's (their PIN asked)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--by", type=usable_text, metavar="NAME", required=True,
                         help="who does it: a member of staff's name (their PIN is then "
                              "asked for)")
    return options


def pin_option() -> argparse.ArgumentParser:
    """--pin-stdin, for the commands with --by and no --manager (which has its own)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--pin-stdin", action="store_true",
                         help="read the PIN as one line from standard input (for scripts)")
    return options


def staff_acting(args, salon: Salon) -> int:
    """The member of staff named with --by, once their PIN is right."""
    member = staff_named(salon, args.by)
    if not member["active"]:
        raise NotAllowed(f"{member['name']} is no longer an active member of staff.")
    pin = read_pin(f"PIN of {member['name']}: ", from_stdin=args.pin_stdin,
                   missing=f"No PIN was given for {member['name']}; nothing was done.")
    return access.check_pin(salon, member["id"], pin).id


def approve(args, salon: Salon, what: str) -> int:
    """The manager named with --manager, once their PIN is right; refused otherwise, before
    anything is written."""
    if not args.manager:
        raise NotAllowed(f"{what} needs a manager's approval: add --manager NAME (the "
                         "manager's PIN is then asked for).")
    member = staff_named(salon, args.manager)
    if not member["active"]:
        raise NotAllowed(f"{member['name']} is no longer an active member of staff.")
    if member["role"] != access.Role.MANAGER:
        raise NotAllowed(f"{member['name']} is not a manager: {what.lower()} needs a "
                         "manager's name and PIN.")
    return access.check_pin(salon, member["id"], _read_pin(args, member["name"])).id


def _read_pin(args, name: str) -> str:
    return read_pin(f"PIN of {name}: ", from_stdin=args.pin_stdin,
                    missing=f"No PIN was given for {name}; nothing was done.")


def read_pin(prompt: str, *, from_stdin: bool, missing: str) -> str:
    """A PIN typed at the terminal (not echoed) or, for scripts and when standard input is
    no terminal, its first line; refused with `missing` when none comes."""
    try:
        pin = (sys.stdin.readline().rstrip("\r\n") if from_stdin or not sys.stdin.isatty()
               else getpass.getpass(prompt))
    except (EOFError, OSError):
        pin = ""
    if not pin:
        raise NotAllowed(missing)
    return pin


class Progress:
    """A long job's progress on standard error: one line rewritten in place on a terminal,
    a line a step in a log (where carriage returns would run the steps together)."""

    def __init__(self) -> None:
        self._on_terminal = sys.stderr.isatty()
        self._shown = ""

    def show(self, text: str) -> None:
        if text == self._shown:
            return
        if self._on_terminal:
            print(f"\r{text:<{len(self._shown)}}", end="", file=sys.stderr, flush=True)
        else:
            print(text, file=sys.stderr, flush=True)
        self._shown = text

    def percent(self, done: int, total: int) -> int:
        """How far, in %: to the unit on a terminal, by tens in a log (ten lines, not 100)."""
        share = 100 * done // max(total, 1)
        return share if self._on_terminal else share - share % 10

    def clear(self) -> None:
        """Rub out the line on a terminal, for the result to take its place."""
        if self._on_terminal and self._shown:
            print(f"\r{'':<{len(self._shown)}}\r", end="", file=sys.stderr, flush=True)
        self._shown = ""
