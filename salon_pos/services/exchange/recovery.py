"""The way back from a damaged database: the newest backup that passes its check.

Said to a person who cannot start the program, so the message names the damaged file,
the backup and the exact command that restores it (the restore keeps the damaged file
aside; nothing is deleted).
"""

from __future__ import annotations

from pathlib import Path

from salon_pos.domain.errors import DomainError
from salon_pos.services.exchange.backups import BackupSummary, check_backup
from salon_pos.store.database import DamagedDatabase


def newest_good_backup(folder: Path) -> tuple[Path, BackupSummary] | None:
    """The most recently written backup in `folder` that is whole and ours, or None."""
    if not folder.is_dir():
        return None
    newest_first = sorted(folder.glob("*.db"), key=lambda path: path.stat().st_mtime,
                          reverse=True)
    for path in newest_first:
        try:
            return path, check_backup(path)
        except DomainError:
            continue  # damaged or foreign too: try the one before
    return None


def way_back(damage: DamagedDatabase, data_dir: Path) -> str:
    """The refusal to start, with what to do next."""
    refusal = f"{damage.message} Salon POS will not open it, so nothing in it is changed."
    if damage.path is None:  # a PostgreSQL database: backed up with the server's own tools
        return f"{refusal}\n\nRestore it from its newest pg_dump backup with pg_restore."
    folder = Path(data_dir) / "backups"
    found = newest_good_backup(folder)
    if found is None:
        return (f"{refusal}\n\nThere is no good backup in {folder}. Copy the damaged file "
                "somewhere safe, do not delete it, and ask for help.")
    backup, summary = found
    return (f"{refusal}\n\nThe newest good backup is {backup}\n{summary.describe()}\n\n"
            f"To go back to it (the damaged file is kept aside), run:\n"
            f"  salon-pos --db {damage.path} restore {backup}")
