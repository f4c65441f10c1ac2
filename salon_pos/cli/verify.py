"""`salon-pos verify`: the journal's hash chain and every ledger invariant."""

from __future__ import annotations

from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.verify import verify

SHOWN_PROBLEMS = 20


def register(commands) -> None:
    command = commands.add_parser("verify",
                                  help="check the journal's hash chain and every invariant")
    command.set_defaults(run=run)


def run(_args, salon: Salon) -> int:
    result = verify(salon)
    if result.ok:
        print(f"OK: {result.entries} journal entries, hash chain unbroken, invariants hold.")
        return 0
    first_seq, first_message = result.problems[0]
    print(f"FAILED at entry {first_seq}: {first_message}" if first_seq else
          f"FAILED: {first_message}")
    for seq, message in result.problems[1:SHOWN_PROBLEMS]:
        print(f"  also at entry {seq}: {message}" if seq else f"  also: {message}")
    if len(result.problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(result.problems) - SHOWN_PROBLEMS} more problems")
    return 1
