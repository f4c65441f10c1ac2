"""When the disk or the database says no — full, read-only, busy, gone — the person is told
so in plain words, and that nothing was saved (every operation is one transaction, so
a failed one leaves the database as it was). One place tells these apart from bugs, for
the command line and the app alike: `storage_failure(error)`.

A failure often hides behind another: SQLite ends a transaction itself when the disk is
full, and peewee's ROLLBACK then fails with "no transaction is active"; peewee also wraps
the driver's exception in its own. The cause is looked for along the whole chain.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from salon_pos.domain.errors import DomainError

DISK_FULL = "The disk is full — nothing was saved. Free some space and try again."
READ_ONLY = ("The salon's files cannot be written{where}: the disk or folder is read-only, "
             "or this account may not use it — nothing was saved.")
BUSY = ("The database is busy (another station or program is writing) — nothing was "
        "saved; try again in a moment.")
CANNOT_OPEN = ("The database file cannot be opened: its folder is missing or read-only, or "
               "this account may not read or write there.")
DISK_TROUBLE = ("The disk could not be read or written — nothing was saved. Check that it is "
                "connected and not full, then try again.")
NO_SERVER = ("The database server cannot be reached — nothing was saved. Check the network "
             "and that the server is running, then try again.")

# SQLite's primary result codes (the low byte of an extended one).
_SQLITE = {3: READ_ONLY, 5: BUSY, 6: BUSY, 8: READ_ONLY, 10: DISK_TROUBLE, 13: DISK_FULL,
           14: CANNOT_OPEN, 23: READ_ONLY}
_SQLITE_IOERR_SHMSIZE = 4874  # the shared-memory file could not grow: no space for it
# PostgreSQL's SQLSTATEs, by class (two characters) or in full.
_POSTGRES = {"53100": DISK_FULL, "25006": READ_ONLY, "55P03": BUSY, "08": NO_SERVER,
             "57P01": NO_SERVER, "57P02": NO_SERVER, "57P03": NO_SERVER}
_ERRNO = {errno.ENOSPC: DISK_FULL, getattr(errno, "EDQUOT", errno.ENOSPC): DISK_FULL,
          errno.EROFS: READ_ONLY,
          errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY, errno.EIO: DISK_TROUBLE}


class StorageFailure(DomainError):
    """The disk or the database refused: nothing was saved, and trying again (after freeing
    space, or in a moment) may work."""


def storage_failure(error: BaseException) -> StorageFailure | None:
    """What to tell the person when `error`, or what lies behind it, is the disk or the
    database refusing; None when it is anything else (another refusal, or a bug)."""
    if isinstance(error, DomainError):  # already in plain words, whatever it was raised in
        return error if isinstance(error, StorageFailure) else None
    for cause in _chain(error):
        if isinstance(cause, StorageFailure):
            return cause
        message = _message_for(cause)
        if message:
            return StorageFailure(message)
    return None


@contextmanager
def plain_storage_failures() -> Iterator[None]:
    """Raise a `StorageFailure` in place of the disk's or the database's refusal (the
    original kept as its cause); anything else goes on as it was."""
    try:
        yield
    except Exception as error:
        failure = storage_failure(error)
        if failure is None or failure is error:
            raise
        raise failure from error


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (peewee passes the driver's exception as its first
    argument) and what it was raised from or while handling."""
    waiting, seen = [error], set()
    while waiting:
        current = waiting.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        wrapped = current.args[0] if current.args else None
        waiting.extend(found for found in (wrapped, current.__cause__, current.__context__)
                       if isinstance(found, BaseException))


def _message_for(error: BaseException) -> str | None:
    message = _known(error)
    if message is None:
        return None
    where = getattr(error, "filename", None)
    return message.format(where=f" ({where})" if where else "")


def _known(error: BaseException) -> str | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return DISK_FULL if code == _SQLITE_IOERR_SHMSIZE else _SQLITE.get(code & 0xFF)
    state = getattr(error, "pgcode", None)
    if state:
        return _POSTGRES.get(state) or _POSTGRES.get(state[:2])
    if type(error).__module__.startswith("psycopg2") and type(error).__name__ == (
            "OperationalError"):  # no SQLSTATE: the connection itself failed
        return NO_SERVER
    return _ERRNO.get(error.errno) if isinstance(error, OSError) else None
