"""Where the app files the PDFs it makes: receipts and reports in the data folder."""

from __future__ import annotations

from pathlib import Path

from salon_pos.domain.errors import DomainError
from salon_pos.services.context import Salon


def save_pdf(salon: Salon, folder: str, name: str, pdf: bytes) -> Path:
    """Write `pdf` as data_dir/folder/name; a disk problem is a refusal, not a crash."""
    path = salon.data_dir / folder / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
    except OSError as error:
        raise DomainError(f"Cannot save {path}: {error.strerror}.") from None
    return path
