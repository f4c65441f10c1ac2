"""Where the app files what it makes (receipts, slips, reports as PDF or CSV): in the data
folder."""

from __future__ import annotations

from pathlib import Path

from salon_pos.domain.errors import DomainError
from salon_pos.files import write_bytes
from salon_pos.services.kernel.context import Salon


def save_file(salon: Salon, folder: str, name: str, content: bytes) -> Path:
    """Write `content` as data_dir/folder/name; a disk problem is a refusal, not a crash."""
    path = salon.data_dir / folder / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DomainError(f"Cannot save {path}: {error.strerror}.") from None
    write_bytes(path, content)
    return path
