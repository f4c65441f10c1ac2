"""The client's care record in the journal: each record (a patch test, a waiver, …) is
sealed by a digest of its state, never its text, so the chain holds no personal data yet
a record changed behind the program's back — or a signed text edited — shows.

A record's state is a flat dict of plain values (times as ISO text); its reference in the
journal says which record it is, as "patch-test:12"."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from salon_pos.domain.journal import memo_digest
from salon_pos.domain.standing import state_text

PATCH_TEST = "patch-test"
PATCH_TEST_WAIVER = "patch-test-waiver"
CONSULTATION = "consultation"
AGREEMENT = "agreement"  # an expectation note the client signed


def reference(kind: str, record_id: int) -> str:
    return f"{kind}:{record_id}"


def seal(state: dict) -> str:
    """The digest the journal keeps of a record's state."""
    return memo_digest(state_text({name: _plain(value) for name, value in state.items()}))


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def image_digest(data: bytes) -> str:
    """What a record's seal keeps of a signature: its picture's digest, so the signature and
    the text it signed are bound together."""
    return hashlib.sha256(data).hexdigest()
