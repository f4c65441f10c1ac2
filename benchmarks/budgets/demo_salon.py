"""The demo salon, timed as a person starts it: `salon-pos demo --days 14` in a fresh
process, into a new file each time (what "Try the demo salon" builds, the same code)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.budgets.timing import Samples

DAYS = 14


def demo_builds(folder: Path, runs: int) -> Samples:
    """Seconds from launch to the command's end, each build checked whole by `verify`."""
    took = []
    for n in range(runs):
        database = folder / f"demo-{n}" / "salon.db"
        database.parent.mkdir()
        command = [sys.executable, "-m", "salon_pos", "--db", str(database)]
        started = time.perf_counter()
        subprocess.run([*command, "demo", "--days", str(DAYS)], check=True,
                       capture_output=True)
        took.append(time.perf_counter() - started)
        subprocess.run([*command, "verify"], check=True, capture_output=True)
    return Samples(tuple(took))
