"""`salon-pos verify`: the journal's hash chain and every ledger invariant; with
`--anchor SEQ:HASH` (printed on a Z report), that the journal up to it is the one printed."""

from __future__ import annotations

import argparse
import re

from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.verify import verify

SHOWN_PROBLEMS = 20


def register(commands) -> None:
    command = commands.add_parser("verify",
                                  help="check the journal's hash chain and every invariant")
    command.add_argument("--anchor", type=anchor, metavar="SEQ:HASH",
                         help="the anchor printed on a Z report: prove the journal up to it "
                              "is the one that was printed")
    command.set_defaults(run=run)


def anchor(text: str) -> tuple[int, str]:
    found = re.fullmatch(r"\s*(\d{1,12})\s*:\s*([0-9a-fA-F]{64})\s*", text)
    if not found:
        raise argparse.ArgumentTypeError(
            "an anchor is written SEQ:HASH, as the Z report prints it (e.g. 25:3f9a…, the "
            "hash in full)")
    return int(found[1]), found[2].lower()


def run(args, salon: Salon) -> int:
    result = verify(salon, anchor=args.anchor)
    if result.ok:
        print(f"OK: {result.entries} journal entries, hash chain unbroken, invariants hold.")
        if args.anchor:
            print(f"The anchor holds: entry {args.anchor[0]} is the one printed.")
        return 0
    first_seq, first_message = result.problems[0]
    print(f"FAILED at entry {first_seq}: {first_message}" if first_seq else
          f"FAILED: {first_message}")
    for seq, message in result.problems[1:SHOWN_PROBLEMS]:
        print(f"  also at entry {seq}: {message}" if seq else f"  also: {message}")
    if len(result.problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(result.problems) - SHOWN_PROBLEMS} more problems")
    return 1
