"""A realistic demo salon: weeks of history, today so far and two weeks ahead, built the
way the five-year benchmark salon is — by the app's own rules, written in bulk.

The salon, its staff, catalogue and settings are set up through the real services
(`salon`); its days are then played in time order on a clock of their own (`days`): what
the desk and the till do all day — bookings, deposits, notes, cancellations, no-shows,
check-ins, consultations and signatures, patch tests, formulas and photos, sales with
their lines, tips, tenders, courses and gift vouchers, stock sold, the outbox's messages —
is worked out by the domain's rules (`desk`, `care`, `till`, `messages`) and written in one
prepared statement per table (`writer`, `bulk`), each journal entry numbered, linked and
hashed as `ledger.post` makes it; what happens a few times a day — the drawer, deliveries,
refunds, house payments, back-bar use and counts, the drawer count and the day close with
its Z report and seal — goes through the real services. Today is played up to the current
time; the next two weeks hold the bookings already made. The result passes `verify`.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta

from salon_pos.demo.days import Days
from salon_pos.demo.pictures import drawn_signature, hair_picture
from salon_pos.demo.salon import (
    DEMO_PIN_COST,
    MANAGER_PIN,
    TIME_ZONE,
    commission_levels,
    lapsed_clients,
    offers,
    patch_test_service,
    processing_time,
    set_up,
    tz,
)
from salon_pos.demo.writer import Writer
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.errors import DomainError
from salon_pos.domain.localtime import local_to_utc
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import outbox, salon_setup
from salon_pos.store.database import refresh_planner_statistics
from salon_pos.store.models import Booking, JournalEntry, Sale

__all__ = ["MANAGER_PIN", "TIME_ZONE", "build_demo", "drawn_signature", "hair_picture"]


def build_demo(salon: Salon, *, days: int, seed: int,
               progress: Callable[[int, int], None] | None = None) -> str:
    """Fill an empty database with `days` of history, today so far and two weeks ahead, in
    one transaction (a build that fails leaves the database empty)."""
    if salon_setup.is_set_up(salon):
        raise DomainError(
            "This database already holds a salon; build the demo in a new one (--db NEW.db)."
        )
    real_now = salon.clock.now()
    today = real_now.astimezone(tz()).date()
    first = today - timedelta(days=days)
    clock = FixedClock(local_to_utc(first, time(7, 0), tz()))
    demo = dataclasses.replace(salon, clock=clock, pin_cost=DEMO_PIN_COST)
    # Pictures are drawn on threads beside the rest; the photos' files kept on more (the
    # disk syncs them together).
    with (demo.batch(),
          ThreadPoolExecutor(4, thread_name_prefix="demo-files") as files,
          ThreadPoolExecutor(2, thread_name_prefix="demo-pictures") as pictures):
        info = set_up(demo, random.Random(seed), client_count=max(150, days * 12))
        writer = Writer(demo, clock)
        history = Days(writer, info, today, real_now, seed, pictures, files)
        total = days + 1
        for number in range(total):
            history.day(first + timedelta(days=number), first=number == 0)
            if number == 0:  # after its first day the salon sells courses and designs
                with writer.services(clock.now()):
                    offers(demo, info)
                history.offers()
            if progress:
                progress(number + 1, total)
        # Last, so the journal's numbers the README shows stay as they were.
        now = max(clock.now(), real_now)
        with writer.services(now):
            commission_levels(demo, info.manager, info.stylists)
            patch_test_service(demo, info.manager)
        history.patch_tests_ahead(now)
        with writer.services(now):
            lapsed_clients(demo, info, today)
            processing_time(demo, info, today, history.desk.free)
        history.withdraw_past(salon.clock.now())
        writer.flush()
    refresh_planner_statistics(salon.database)  # as each day's close does at the counter
    # What the outbox still holds is what a salon would send now: the upcoming bookings'
    # confirmations and reminders (no email server is set, so they wait).
    outbox.withdraw_past(salon)
    return (f"{len(info.clients)} clients, {Booking.select().count()} bookings, "
            f"{Sale.select().where(Sale.status != 'open').count()} sales, "
            f"{JournalEntry.select().count()} journal entries. Manager PIN {MANAGER_PIN}, "
            "front desk 1111, stylists 2001–2006.")
