"""`salon-pos settings get [KEY]` and `salon-pos settings set KEY VALUE`: any setting of
the salon, read or changed (a manager's), checked as the app checks it. Values are typed
and shown as a person writes them: money as money, rates in percent, yes or no."""

from __future__ import annotations

import argparse
import getpass
import sys

from salon_pos.cli.common import approve, manager_options, usable_text
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.settings import (
    LABELS,
    SECRET_SETTINGS,
    SETTING_NAMES,
    shown_setting,
    typed_setting,
)
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations.salon_setup import change_settings

READ_SECRET = "-"  # `settings set smtp_password -`: asked for, never on the command line


def register(commands) -> None:
    settings = commands.add_parser("settings", help="read or change the salon's settings")
    actions = settings.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    get = actions.add_parser("get", help="show one setting, or all of them")
    get.add_argument("key", nargs="?", type=setting_name, metavar="KEY")
    get.set_defaults(run=run_get)
    put = actions.add_parser(
        "set", parents=[manager_options()], help="change one setting (a manager's)",
        description="Change one setting, checked and approved as in the app. Money as "
                    "typed at the counter (12.50), rates in percent (12.5 %), yes or no. "
                    f"For a password give “{READ_SECRET}”: it is then asked for (or read "
                    "as the next line of standard input), never typed on the command line.")
    put.add_argument("key", type=setting_name, metavar="KEY")
    put.add_argument("value", type=usable_text, metavar="VALUE")
    put.set_defaults(run=run_set)


def setting_name(text: str) -> str:
    name = text.strip().lower().replace("-", "_")
    if name not in SETTING_NAMES:
        raise argparse.ArgumentTypeError(
            f"there is no setting “{text}” (`salon-pos settings get` lists them)")
    return name


def run_get(args, salon: Salon) -> int:
    settings = salon.settings()
    if args.key:
        print(shown_setting(settings, args.key))
        return 0
    width = max(len(name) for name in SETTING_NAMES)
    for name in SETTING_NAMES:
        print(f"{name:<{width}}  {shown_setting(settings, name):<24}  {LABELS[name]}")
    return 0


def run_set(args, salon: Salon) -> int:
    manager = approve(args, salon, "Changing a setting")
    value = args.value
    if args.key in SECRET_SETTINGS:
        if value != READ_SECRET:
            raise InvalidInput(f"Give “{READ_SECRET}” for {LABELS[args.key].lower()}: it is "
                               "then asked for, and stays out of the shell's history.")
        value = _read_secret(args, LABELS[args.key])
    elif value == READ_SECRET:
        raise InvalidInput(f"“{READ_SECRET}” reads a password; type the value itself.")
    settings = salon.settings()
    change_settings(salon, manager, **{args.key: typed_setting(settings, args.key, value)})
    print(f"{LABELS[args.key]}: {shown_setting(salon.settings(), args.key)}")
    return 0


def _read_secret(args, label: str) -> str:
    """From the terminal, not echoed; from a script, the next line of standard input (an
    empty one clears it)."""
    if args.pin_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(f"{label} (empty to clear): ")
