"""Files handed to the salon's people (exports, calendars): written whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from salon_pos.domain.errors import DomainError


def write_file(path: Path, fill: Callable[[IO], Any], mode: str = "w", **how) -> Any:
    """`fill(file)` into `path` by way of a temporary file (`mode` and `how` as open()
    takes them); its answer, or a refusal that leaves nothing behind."""
    part = path.with_name(path.name + ".part")
    try:
        with part.open(mode, **how) as file:
            answer = fill(file)
        os.replace(part, path)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise DomainError(f"Cannot save {path}: {error.strerror}.") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return answer
