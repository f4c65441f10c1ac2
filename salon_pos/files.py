"""Every file Salon POS writes (backups, restores, exports, PDFs, calendars, photos): whole
or not at all, readable by its owner only, and never through a link someone planted.

A file is written aside, under a fresh unpredictable name in the same folder (created
exclusively, mode 0600, so no link can be waiting there), synced, and renamed over its
name: a rename replaces a link rather than writing through it. A symbolic link at the
name itself is refused, so that what was asked for is never quietly redirected, and
neither is anything that is not a plain file (a folder, a device).

A run killed before its rename leaves its aside file behind; `remove_leftovers` clears
them at the next start, by their name, and leaves alone one that a running program is
still writing (it holds a lock on it).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from salon_pos.domain.errors import DomainError

try:
    import fcntl
except ImportError:  # Windows: a file still open cannot be removed there anyway
    fcntl = None

_PARTIAL_SUFFIX = ".salon-pos-partial"
# Ours: `.<name>.<mkstemp's 8 random characters>.salon-pos-partial` (and, as the previous
# version named them, `.<name>.partial-<pid>`), with the -journal, -wal and -shm SQLite
# may keep beside one.
_LEFTOVER = re.compile(rf"(?P<partial>\..+\.(?:[a-z0-9_]{{8}}{re.escape(_PARTIAL_SUFFIX)}"
                       r"|partial-\d+))(?:-journal|-wal|-shm)?")


def write_file(path: Path, fill: Callable[[IO], Any], mode: str = "w", **how) -> Any:
    """`fill(file)` into `path` by way of a private file aside (`mode` and `how` as open()
    takes them); its answer, or a refusal that leaves nothing behind."""
    with written_aside(path) as aside, os.fdopen(os.dup(aside.fd), mode, **how) as file:
        return fill(file)


def write_bytes(path: Path, data: bytes) -> None:
    write_file(path, lambda file: file.write(data), "wb")


@dataclass
class Aside:
    """The private file being written in place of `target` (an absolute path): its
    `path` (for SQLite) and an open `fd` (for everything else)."""

    target: Path
    path: Path
    fd: int


@contextmanager
def written_aside(target: Path) -> Iterator[Aside]:
    """A private file beside `target`, renamed onto it once the block has finished without
    error, removed otherwise. A disk's refusal is a DomainError naming `target`."""
    target = _checked_target(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_PARTIAL_SUFFIX,
                                    dir=target.parent)
    except OSError as error:
        raise _refusal(target, error) from None
    aside = Aside(target, Path(name), fd)
    try:
        if fcntl:
            fcntl.flock(fd, fcntl.LOCK_EX)  # "still being written", for remove_leftovers
        yield aside
        os.fsync(fd)
        if os.name == "nt":  # Windows renames no open file
            os.close(fd)
            aside.fd = -1
        os.replace(aside.path, target)
        _sync_folder(target.parent)
    except OSError as error:
        raise _refusal(target, error) from None
    finally:
        if aside.fd >= 0:
            os.close(aside.fd)
        aside.path.unlink(missing_ok=True)


def _checked_target(target: Path) -> Path:
    """`target` made absolute without following a link at its name; refused when that
    name is a link, or something other than a plain file."""
    # os.path.expanduser leaves "~someone-unknown" as it is; Path.expanduser raises.
    target = Path(os.path.abspath(os.path.expanduser(target)))
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return target
    except OSError as error:  # a name the system cannot look up (too long, for one)
        raise _refusal(target, error) from None
    if stat.S_ISLNK(found.st_mode):
        raise DomainError(f"{target} is a link to another file: Salon POS does not write "
                          "through links. Choose another name, or remove the link first.")
    if not stat.S_ISREG(found.st_mode):
        raise DomainError(f"{target} is not a file: choose a file name to write to.")
    return target


def _refusal(target: Path, error: OSError) -> DomainError:
    return DomainError(f"Cannot save {target}: {error.strerror or error}.")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (Windows has no folder to sync)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unfinished(target: Path) -> list[Path]:
    """The files written aside for `target` that a killed run left (none that a running
    program still holds), the newest first."""
    ours = re.compile(rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}"
                      rf"{re.escape(_PARTIAL_SUFFIX)}")
    try:
        found = [target.parent / name for name in os.listdir(target.parent)
                 if ours.fullmatch(name)]
    except OSError:
        return []
    return sorted((path for path in found if not _being_written(path)),
                  key=lambda path: path.stat().st_mtime, reverse=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the aside files a killed run of this program left in `folder` (not its
    subfolders); one a running program still holds is left alone. Returns what went."""
    try:
        names = os.listdir(folder)
    except OSError:  # no such folder yet, or not ours to read
        return []
    removed = []
    for name in names:
        found = _LEFTOVER.fullmatch(name)
        if not found or _being_written(folder / found["partial"]):
            continue
        try:
            (folder / name).unlink()
        except OSError:  # gone meanwhile, or (Windows) open in a running program
            continue
        removed.append(folder / name)
    return removed


def _being_written(partial: Path) -> bool:
    if fcntl is None:
        return False
    try:
        fd = os.open(partial, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # already gone (a lone -journal), or a link: not a file we hold
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
