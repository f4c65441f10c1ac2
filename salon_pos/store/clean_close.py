"""Whether a SQLite file is exactly as the app left it when it last closed it, after the
file had passed its whole check in that session: then the check need not stand between
the person and the login (it reads the whole file, 1.5 s a gigabyte here) and can run
once the day book is up.

"Exactly as left" is the file's identity and its times as the file system keeps them:
device, inode, size, modification time and change time. Any write to the file, by this
program, another station, the command line or an editor, moves the change time, which no
one can set back short of changing the system clock; a log of writes not yet in the file
(a session that did not close) means the file was not left cleanly. The mark is a small
file in the salon's data folder; forging one only delays the check by the moments before
the app runs it anyway (ui/app.py).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from salon_pos import files
from salon_pos.domain.errors import DomainError

MARK_NAME = "clean-close.json"


def file_state(database: Path) -> dict[str, int] | None:
    """What identifies the file as it is now; None when it has writes still in its log
    (open in a session, or left by one that was killed) or cannot be read."""
    try:
        wal = Path(f"{database}-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        found = database.stat()
    except OSError:
        return None
    return {"device": found.st_dev, "inode": found.st_ino, "size": found.st_size,
            "modified_ns": found.st_mtime_ns, "changed_ns": found.st_ctime_ns}


def unchanged_since_clean_close(database: Path, data_dir: Path) -> bool:
    state = file_state(database)
    return state is not None and _marks(data_dir).get(str(database)) == state


def remember_clean_close(database: Path, data_dir: Path) -> None:
    """After a session that checked the whole file closed it: its state now. Nothing is
    remembered when the folder refuses the mark (the next start checks the file)."""
    state = file_state(database)
    if state is None:
        return
    marks = {**_marks(data_dir), str(database): state}
    with contextlib.suppress(DomainError):
        files.write_file(data_dir / MARK_NAME, lambda out: json.dump(marks, out, indent=1))


def _marks(data_dir: Path) -> dict:
    try:
        found = json.loads((data_dir / MARK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
