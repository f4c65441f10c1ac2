"""Where a booking's deposit money is, and by which way it was paid.

A deposit may be paid in parts (cash, then card) and then leave in parts (applied to the
sale, refunded, kept as a fee, moved to credit). Replaying the booking's deposit entries
in order tells, for each way of paying, how much is still held, how much was kept as a fee
and how much went into the sale — so whatever goes back goes back the way it came in
(or as that way's rule says, `refunded_as`), the latest payment first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from salon_pos.domain.journal import Entry, Kind
from salon_pos.domain.ways_to_pay import refund_way_of

Segments = list[list]  # [[method, amount], …] in the order paid


@dataclass
class DepositPools:
    held: Segments = field(default_factory=list)
    fee: Segments = field(default_factory=list)  # kept as a no-show / late-cancel fee
    applied: Segments = field(default_factory=list)  # went into the sale

    def split(self, pool: str, amount: int) -> list[tuple[str, int]]:
        """How `amount` of a pool goes back: by the way money paid each way is given back,
        the latest payment first."""
        parts: dict[str, int] = {}
        for method, part in _take(list(map(list, getattr(self, pool))), amount, None):
            way = refund_way_of(method)
            parts[way] = parts.get(way, 0) + part
        return list(parts.items())


def _take(segments: Segments, amount: int, method: str | None) -> list[tuple[str, int]]:
    """Remove `amount` from the segments (only those given back by `method`, when given),
    latest first."""
    taken = []
    for segment in reversed(segments):
        if amount <= 0:
            break
        if method is not None and refund_way_of(segment[0]) != method:
            continue
        part = min(segment[1], amount)
        segment[1] -= part
        amount -= part
        if part:
            taken.append((segment[0], part))
    segments[:] = [s for s in segments if s[1] > 0]
    return taken


def _move(source: Segments, target: Segments, amount: int, method: str | None = None) -> None:
    for way, part in reversed(_take(source, amount, method)):
        target.append([way, part])


def deposit_pools(entries: Iterable[Entry]) -> DepositPools:
    """Replay one booking's deposit entries, in journal order."""
    pools = DepositPools()
    gone: Segments = []  # refunded or moved to credit: out of every pool
    for entry in entries:
        if entry.kind == Kind.DEPOSIT_TAKEN:
            pools.held.append([entry.method, entry.amount])
        elif entry.kind == Kind.DEPOSIT_REFUNDED:
            _move(pools.held, gone, entry.amount, entry.method)
        elif entry.kind == Kind.DEPOSIT_TO_CREDIT:
            _move(pools.held, gone, entry.amount)
        elif entry.kind == Kind.DEPOSIT_FORFEITED:
            _move(pools.held, pools.fee, entry.amount)
        elif entry.kind == Kind.DEPOSIT_APPLIED:
            _move(pools.held, pools.applied, entry.amount)
        elif entry.kind == Kind.FEE_REFUNDED:
            _move(pools.fee, gone, entry.amount, entry.method)
    return pools
