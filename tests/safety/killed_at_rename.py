"""The real command line, killed with SIGKILL at a chosen rename (run by test_files.py):

    python -m tests.safety.killed_at_rename WHEN [salon-pos arguments]

`before-swap` and `after-swap`: just before, or right after, a half-written ("partial")
file is renamed onto a `.db` name (a restore's swap). `before-rename`: just before a file
is renamed onto a name under a `backups` folder (a backup whose copy is written but not
yet in place). Any implementation renames with os.replace or os.rename, so the kill comes
at the same moment of the work, whatever code does it.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from salon_pos.cli.main import main


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _killing(rename, when: str):
    def renamed(source, target, *args, **kwargs):
        target = Path(target)
        if when == "before-rename" and target.parent.name == "backups":
            _die()
        swap = target.suffix == ".db" and "partial" in Path(source).name
        if swap and when == "before-swap":
            _die()
        rename(source, target, *args, **kwargs)
        if swap and when == "after-swap":
            _die()
    return renamed


if __name__ == "__main__":
    when = sys.argv.pop(1)
    os.replace = _killing(os.replace, when)
    os.rename = _killing(os.rename, when)
    sys.exit(main(sys.argv[1:]))
