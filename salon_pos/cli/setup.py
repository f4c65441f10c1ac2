"""`salon-pos init` (a real salon and its first manager) and `salon-pos demo` (a demo
salon with weeks of history)."""

from __future__ import annotations

from salon_pos.cli.common import Progress, read_pin
from salon_pos.domain.errors import DomainError
from salon_pos.services.kernel.context import Salon


def register(commands) -> None:
    init = commands.add_parser("init", help="set up a new salon and its first manager")
    init.add_argument("--salon-name", required=True)
    init.add_argument("--currency", default="EUR")
    init.add_argument("--time-zone", default="Europe/Dublin")
    init.add_argument("--manager-name", required=True)
    init.add_argument("--manager-pin", help="4–8 digits (asked for when left out)")
    init.set_defaults(run=run_init, creates_database=True)

    demo = commands.add_parser("demo", help="fill a new database with a realistic demo salon")
    demo.add_argument("--days", type=int, default=30, help="days of history up to today")
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(run=run_demo, creates_database=True)


def run_init(args, salon: Salon) -> int:
    from salon_pos.services.operations import salon_setup

    if salon_setup.is_set_up(salon):  # said before a PIN is asked for nothing
        raise DomainError(f"This salon is already set up ({salon.settings().salon_name}); "
                          "nothing was changed.")
    pin = args.manager_pin or read_pin(
        "PIN for the first manager (4–8 digits): ", from_stdin=False,
        missing="No PIN was given for the first manager (type it when asked, or give "
                "--manager-pin); nothing was set up.")
    salon_setup.set_up_salon(
        salon, salon_name=args.salon_name, currency_code=args.currency,
        time_zone=args.time_zone, manager_name=args.manager_name, manager_pin=pin,
    )
    print(f"Salon “{args.salon_name}” is set up.")
    return 0


def run_demo(args, salon: Salon) -> int:
    from salon_pos.demo import build_demo

    if not 1 <= args.days <= 3650:
        raise DomainError("--days must be between 1 and 3650.")
    progress = Progress()

    def show(done: int, total: int) -> None:
        # The demo plays the days of history, then today.
        day = f"day {done} of {total - 1}" if done < total else "today"
        progress.show(f"Building the demo salon: {day}")

    summary = build_demo(salon, days=args.days, seed=args.seed, progress=show)
    progress.clear()
    print(f"Demo salon ready: {summary}")
    return 0
