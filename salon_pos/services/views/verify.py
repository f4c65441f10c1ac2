"""`verify`: the whole journal's hash chain and every ledger invariant, plus the cached
balances, closed sales, bookings, closed days' Z figures, day-close seals, standing data
(staff, settings, catalogue, clients' terms), retail stock and prepaid courses checked
against the journal, and the database's own layout (its guards on the journal, and no
trigger or view it does not make). Reports every problem found."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context

from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.invariants import LedgerReplay, join_replays
from salon_pos.domain.journal import (
    CLIENT_CREDIT,
    DEPOSITS_HELD,
    DRAWER,
    HOUSE_OWED,
    VOUCHERS_HELD,
    Entry,
    Kind,
    join_parts,
)
from salon_pos.services.kernel.care_seals import seal_problems
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.ledger import RawReader, database_spec, day_key, stored_time
from salon_pos.services.kernel.standing import standing_problems
from salon_pos.services.views.closed_sales import check_sales_whole, closed_sales_outside
from salon_pos.services.views.commission import closed_period_problems
from salon_pos.services.views.consultations import CONSULTATIONS
from salon_pos.services.views.courses import course_problems
from salon_pos.services.views.day_report import ClosedDays, JournalFigures
from salon_pos.services.views.notes import AGREEMENTS
from salon_pos.services.views.patch_tests import PATCH_TESTS, WAIVERS
from salon_pos.services.views.stock import stock_problems
from salon_pos.services.views.verify_parts import Part, read_part, read_part_apart
from salon_pos.store.models import Booking, BusinessDay, Client, JournalEntry, Voucher, db
from salon_pos.store.schema import schema_differences

# A journal of at least this many entries is read in parts by worker processes, one per
# core (below it, starting them costs more than they save).
PARTS_FROM = 150_000
# Parts per worker process: a part's sales are held in memory until they are checked, and
# smaller parts share the work out more evenly.
PARTS_PER_PROCESS = 6


@dataclass(frozen=True)
class VerifyResult:
    entries: int
    problems: tuple[tuple[int, str], ...]  # (entry seq, what is wrong); seq 0: no one entry

    @property
    def ok(self) -> bool:
        return not self.problems


# Every kind of care record sealed into the journal.
CARE_RECORDS = (PATCH_TESTS, WAIVERS, CONSULTATIONS, AGREEMENTS)


def verify(salon: Salon, anchor: tuple[int, str] | None = None) -> VerifyResult:
    """Every check; `anchor` (seq, hash) — the seal printed on a Z report — also proves
    the journal up to that entry is the one that was printed.

    The journal is read once, in parts: each entry's hash and the links inside a part need
    nothing from outside it, nor do the sales a part names; the seams, the balances and
    each day's figures are joined after (see verify_parts). A long journal's parts are read
    by worker processes, each through its own connection, while this one checks the rest."""
    seals = _read_seals()
    # A day as SQLite stores it (text) and as PostgreSQL gives it (a date), to its first seal.
    sealed = {**{day: found[0][0] for day, found in seals.items()},
              **{stored_time(day, date): found[0][0] for day, found in seals.items()}}
    anchor_seq = anchor[0] if anchor else None
    ranges = _parts(salon)
    spec = database_spec(salon.database)
    if len(ranges) > 1 and spec is not None:
        with ProcessPoolExecutor(max_workers=_processes(),
                                 mp_context=get_context("spawn")) as pool:
            reading = [pool.submit(read_part_apart, spec, first, last, sealed, anchor_seq)
                       for first, last in ranges]
            try:
                meanwhile, held = _apart_from_the_journal(salon, seals), _Held(salon)
                parts = [part.result() for part in reading]
            except BaseException:  # the parts not yet begun are not read for nothing
                pool.shutdown(cancel_futures=True)
                raise
    else:
        reader = RawReader(salon.database)
        parts = [read_part(reader, first, last, sealed, anchor_seq) for first, last in ranges]
        meanwhile, held = _apart_from_the_journal(salon, seals), _Held(salon)
    replay = join_replays(part.replay for part in parts)
    if replay is None:  # money held below zero where a part began: the whole, in order
        replay = _replay_whole(salon)
    days: dict[str, JournalFigures] = {}
    for part in parts:
        for day, figures in part.days.items():
            if day in days:
                days[day].merge(figures)
            else:
                days[day] = figures
    drawer = {day_key(day): cash for day, cash in replay.balances[DRAWER].items()}
    booking_clients = {}
    for part in parts:
        booking_clients |= part.bookings
    anchored = next((part.anchored for part in parts if part.anchored is not None), None)
    problems = [problem for part in parts for problem in part.chain + part.late]
    problems += [(p.seq, p.message) for p in join_parts((part.first, part.last)
                                                        for part in parts)]
    problems += (replay.below_zero() + held.balances_differ(replay) + _sales(salon, parts)
                 + held.bookings_differ(booking_clients) + _resolved_bookings_holding(replay)
                 + [(0, f"the Z report of {day} does not match its journal entries "
                        f"({', '.join(differ)})") for day, differ in held.days.differ(days, drawer)]
                 + meanwhile + _anchor(anchor, anchored))
    # Problems at an entry come first, in journal order; those of no one entry after.
    return VerifyResult(sum(part.count for part in parts),
                        tuple(sorted(problems, key=lambda p: (p[0] == 0, p))))


def _apart_from_the_journal(salon: Salon, seals: dict[str, list[tuple[int, str]]]
                            ) -> list[tuple[int, str]]:
    """The checks that need nothing from the journal's one pass (each reads what it
    holds to the journal itself)."""
    return (_seals(seals) + standing_problems(salon) + stock_problems(salon)
            + closed_period_problems(salon) + course_problems(salon)
            + seal_problems(salon, CARE_RECORDS) + _schema())


def _parts(salon: Salon) -> list[tuple[int, int]]:
    """The journal's parts, (first seq, last seq) each: the whole of a short journal, one
    part; a long one in parts of about as many entries each."""
    # The seq index's two ends, apart (asked together, or with a count, SQLite reads the
    # whole index first).
    first, last = salon.database.execute_sql(
        "SELECT (SELECT MIN(seq) FROM journal_entry), (SELECT MAX(seq) FROM journal_entry)"
    ).fetchone()
    if first is None:
        return []
    processes = _processes()
    if last - first + 1 < PARTS_FROM or processes < 2:
        return [(first, last)]
    parts = processes * PARTS_PER_PROCESS
    size = -(-(last - first + 1) // parts)
    return [(low, min(last, low + size - 1)) for low in range(first, last + 1, size)]


def _processes() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _replay_whole(salon: Salon) -> LedgerReplay:
    replay = LedgerReplay(sales=False)
    first, last = salon.database.execute_sql(
        "SELECT (SELECT MIN(seq) FROM journal_entry), (SELECT MAX(seq) FROM journal_entry)"
    ).fetchone()
    for row in RawReader(salon.database).journal(first, last):
        replay.add(Entry(*row))
    return replay


def _sales(salon: Salon, parts: list[Part]) -> list[tuple[int, str]]:
    """Every sale the journal names and every closed sale, held to each other (see
    closed_sales): each part checked the sales it names; a sale named in more than one part,
    or in none though closed, is checked here whole."""
    named: set[int] = set()
    again: set[int] = set()
    for part in parts:
        these = set(part.sales_named)
        again |= named & these
        named |= these
    problems = [problem for part in parts for sale, found in part.sales.problems.items()
                if sale not in again for problem in found]
    ranges = sorted(r for part in parts for r in part.sales.ranges)
    merged: list[tuple[int, int]] = []
    for first, last in ranges:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    reader = RawReader(salon.database)
    again |= {sale for part in parts for sale in part.sales.unnamed if sale not in named}
    again |= set(closed_sales_outside(reader, merged))
    return problems + check_sales_whole(reader, again)


def _anchor(anchor: tuple[int, str] | None, found: str | None) -> list[tuple[int, str]]:
    if anchor is None:
        return []
    seq, printed = anchor
    if found is None:
        return [(0, f"the anchor names entry {seq}, which is not in the journal")]
    if found != printed:
        return [(seq, f"entry {seq} is not the one the anchor was printed from: the journal "
                      "up to it was rewritten")]
    return []


class _Held:
    """What the journal's one pass is held to, read while the journal is being read: each
    booking's client, each client's and gift voucher's cached balances, and the closed
    days with their sales, bookings and stock by day."""

    def __init__(self, salon: Salon) -> None:
        reader = RawReader(salon.database)
        self.booking_clients = dict(reader.rows(
            f'SELECT "id", "client_id" FROM "{Booking._meta.table_name}"'))
        self.clients = list(reader.rows(f'SELECT "id", "credit_balance", "house_balance" '
                                        f'FROM "{Client._meta.table_name}"'))
        self.vouchers = dict(reader.rows(
            f'SELECT "id", "balance" FROM "{Voucher._meta.table_name}"'))
        self.days = ClosedDays(salon)

    def bookings_differ(self, named: dict[int, int | None]) -> list[tuple[int, str]]:
        """Each booking the journal names is still there, for the client the journal
        names."""
        found, problems = self.booking_clients, []
        for booking, client in named.items():
            if booking not in found:
                problems.append((0, f"booking {booking} is in the journal but was deleted "
                                    "outside Salon POS"))
            elif client is not None and found[booking] != client:
                problems.append((0, f"booking {booking} is for client {found[booking]} but "
                                    f"the journal says client {client}"))
        return problems

    def balances_differ(self, replay: LedgerReplay) -> list[tuple[int, str]]:
        """Each client's credit and house account, and each gift voucher's balance, are
        what the journal says."""
        problems = []
        credit, house = replay.balances[CLIENT_CREDIT], replay.balances[HOUSE_OWED]
        for client, credit_balance, house_balance in self.clients:
            if credit_balance != credit.get(client, 0):
                problems.append((0, f"client {client}'s credit does not match the journal"))
            if house_balance != house.get(client, 0):
                problems.append((0, f"client {client}'s house account does not match the "
                                    "journal"))
        vouchers = self.vouchers
        for number in sorted(set(vouchers) | set(replay.balances[VOUCHERS_HELD]), key=str):
            if vouchers.get(number) != replay.balance(VOUCHERS_HELD, number):
                problems.append((0, f"gift voucher {number}'s balance does not match the "
                                 "journal" if number in vouchers else
                                 f"gift voucher {number} is in the journal but not in the "
                                 "salon"))
        return problems


def _resolved_bookings_holding(replay: LedgerReplay) -> list[tuple[int, str]]:
    """A booking closed, cancelled or missed holds no deposit: it was applied, refunded,
    moved to credit or kept as a fee (the deposits-held screen reads only open ones)."""
    holding = [booking for booking, held in replay.balances[DEPOSITS_HELD].items() if held]
    resolved = Booking.select(Booking.id, Booking.status).where(
        Booking.id.in_(holding) & Booking.status.not_in(list(ACTIVE)))
    return [(0, f"booking {booking.id} is {BookingStatus(booking.status).label} but still "
                "holds a deposit") for booking in resolved]


def _read_seals() -> dict[str, list[tuple[int, str]]]:
    """The day-close seals in the journal: day → [(seq, hash of its Z report), …]."""
    seals: dict[str, list[tuple[int, str]]] = {}
    for entry in JournalEntry.select(JournalEntry.seq, JournalEntry.memo).where(
            JournalEntry.kind == Kind.DAY_CLOSED).order_by(JournalEntry.seq):
        day, _, digest = entry.memo.partition(" ")
        seals.setdefault(day, []).append((entry.seq, digest))
    return seals


def _seals(seals: dict[str, list[tuple[int, str]]]) -> list[tuple[int, str]]:
    """Each closed day has one seal, matching its Z report; each seal's day stays closed."""
    closed = {day.day.isoformat(): day for day in
              BusinessDay.select().where(BusinessDay.closed_at.is_null(False))}
    problems = [(0, f"the day close of {day} has no seal in the journal")
                for day in closed if day not in seals]
    for day, found in seals.items():
        (seq, digest), *again = found
        problems += [(later, f"the day {day} was sealed a second time") for later, _ in again]
        if day not in closed:
            problems.append((seq, f"the day {day} was sealed but is no longer marked closed"))
        elif hashlib.sha256(closed[day].z_report.encode()).hexdigest() != digest:
            problems.append((seq, f"the Z report of {day} was changed after the close"))
    return problems


def _schema() -> list[tuple[int, str]]:
    """Objects added to or removed from the database since it was opened (the journal's
    guards among them): it is checked at every start, but a running salon can be changed
    behind its back."""
    return [(0, f"the database: {problem}") for problem in schema_differences(db.obj)]
