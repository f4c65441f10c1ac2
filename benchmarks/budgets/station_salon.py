"""The scratch salon several stations act on, and a fresh copy of it for every run.

Set up once per kind of database through the services (as the tests' fixture does, in one
transaction): the salon, a manager, a front desk for each station, two stylists of its own
for each station and two that every station books, a small catalogue, clients, a product on
the shelf, and the busy day's book — each station's stylists booked back to back from 08:00,
the deposits due taken three days before. Each measured run then acts on a fresh copy:
SQLite an online backup of the file, PostgreSQL `CREATE DATABASE … TEMPLATE` the base.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.journal import Kind
from salon_pos.domain.localtime import local_to_utc, zone
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.services.opening import SalonLocation, close_salon, open_salon
from salon_pos.services.operations import (
    bookings,
    catalogue,
    clients,
    deposits,
    salon_setup,
    staff,
    stock,
)
from salon_pos.store.models import Booking, JournalEntry, Sale

TIME_ZONE = "Europe/Dublin"
ZONE = zone(TIME_ZONE)
DAY = date(2026, 6, 2)  # the busy day (a Tuesday); nothing is booked after it but by the run
FIRST_VISIT = time(8, 0)
PIN_COST = 2**10  # no PIN is checked during a run
SHARED_STYLISTS = 2  # booked by every station: where two desks can want the same slot

# name, minutes, price (cents), deposit rule, tax ("reduced" services, "standard" retail)
SERVICES = [
    ("Wash, cut and finish", 45, 5500, "policy"),
    ("Men's cut", 30, 3000, "policy"),
    ("Blow-dry", 30, 3500, "never"),
    ("Root colour", 90, 7500, "policy"),
    ("Full head colour", 120, 9500, "policy"),
    ("Bridal trial", 90, 8500, "always"),
    ("Deep-conditioning treatment", 30, 2500, "policy"),
]
# What a client books, by the services' names: about half owe a deposit (over €60, or
# "always"); drawn with these weights.
VISITS = [
    (("Wash, cut and finish",), 5), (("Men's cut",), 4), (("Wash, cut and finish", "Blow-dry"), 3),
    (("Root colour",), 2), (("Root colour", "Blow-dry"), 1), (("Full head colour",), 2),
    (("Bridal trial",), 1), (("Deep-conditioning treatment", "Blow-dry"), 2), (("Blow-dry",), 2),
]


@dataclass(frozen=True)
class Cast:
    """Who and what the stations use: ids in the base salon (the same in every copy)."""

    day: date
    manager: int
    desks: list[int]  # one front desk per station
    own: list[list[int]]  # each station's own stylists
    shared: list[int]  # stylists every station books
    visits: list[tuple[list[int], int, int]]  # (service ids, minutes, weight)
    clients: list[int]
    product: int
    today: list[list[tuple[int, int]]]  # per station: (booking, stylist) in time order
    counts: dict = field(default_factory=dict)  # rows in the base, to tally a run against

    @property
    def stations(self) -> int:
        return len(self.desks)

    def day_start(self) -> datetime:
        """08:00 on the busy day, when the stations start."""
        return local_to_utc(self.day, FIRST_VISIT, ZONE)


def set_up(target: str, data_dir: Path, *, stations: int, visits_per_stylist: int,
           clients_count: int, seed: int = 1) -> Cast:
    """The base salon at `target` (a new SQLite file or an empty PostgreSQL database)."""
    rng = random.Random(seed)
    clock = FixedClock(local_to_utc(DAY - timedelta(days=3), time(10, 0), ZONE))
    salon = open_salon(SalonLocation(target, data_dir), clock, pin_cost=PIN_COST)
    try:
        with salon.batch():
            cast = _fill(salon, rng, stations, visits_per_stylist, clients_count)
        cast.counts.update(tally_rows())
    finally:
        close_salon()
    return cast


def _fill(salon, rng: random.Random, stations: int, visits_per_stylist: int,
          clients_count: int) -> Cast:
    manager = salon_setup.set_up_salon(
        salon, salon_name="Station Bench", currency_code="EUR", time_zone=TIME_ZONE,
        manager_name="Mairéad Manager", manager_pin="1234")
    desks = [staff.add_staff(salon, f"Desk {n + 1}", "front_desk", f"{1100 + n + 1}",
                             approved_by=manager) for n in range(stations)]
    pins = iter(range(2001, 9999))
    own = [[staff.add_staff(salon, f"Stylist {n + 1}{letter}", "stylist", str(next(pins)),
                            approved_by=manager) for letter in "AB"] for n in range(stations)]
    shared = [staff.add_staff(salon, f"Stylist S{n + 1}", "stylist", str(next(pins)),
                              approved_by=manager) for n in range(SHARED_STYLISTS)]
    reduced = catalogue.add_tax_class(salon, "Reduced", 1350, approved_by=manager)
    standard = catalogue.add_tax_class(salon, "Standard", 2300, approved_by=manager)
    services = {name: (catalogue.add_service(salon, name, duration_min=minutes, price=price,
                                             tax_class_id=reduced, approved_by=manager,
                                             deposit_rule=rule), minutes)
                for name, minutes, price, rule in SERVICES}
    visits = [([services[name][0] for name in names], sum(services[name][1] for name in names),
               weight) for names, weight in VISITS]
    product = catalogue.add_product(salon, "Repair shampoo", sku="SH-1", price=1800,
                                    tax_class_id=standard, approved_by=manager)
    stock.receive_delivery(salon, "Wholesaler", [(product, 500, 700)], by=manager)
    people = [clients.add_client(salon, f"Client {n + 1:04d}", by=desks[0],
                                 phone=f"+353 87 {n:07d}") for n in range(clients_count)]
    today = []
    for station, stylists in enumerate(own):
        booked = []
        for stylist in stylists:
            at = datetime.combine(DAY, FIRST_VISIT)
            for _ in range(visits_per_stylist):
                service_ids, minutes, _weight = rng.choices(visits, [v[2] for v in visits])[0]
                start = local_to_utc(DAY, at.time(), ZONE)
                booking = bookings.book(salon, client_id=rng.choice(people), stylist_id=stylist,
                                        start=start, service_ids=service_ids, by=desks[station])
                if Booking.get_by_id(booking).deposit_due:
                    deposits.take_deposit(salon, booking, by=desks[station], method="card",
                                          reference=f"SET-{booking}")
                booked.append((start, booking, stylist))
                at += timedelta(minutes=minutes)
        today.append([(booking, stylist) for _start, booking, stylist in sorted(booked)])
    return Cast(DAY, manager, desks, own, shared, visits, people, product, today)


def tally_rows() -> dict:
    """What a run's counts are held to: bookings (and cancelled), closed sales, deposits."""
    return {
        "bookings": Booking.select().count(),
        "cancelled": Booking.select().where(Booking.status == BookingStatus.CANCELLED).count(),
        "closed_sales": Sale.select().where(Sale.status == SaleStatus.CLOSED).count(),
        "deposits": JournalEntry.select().where(JournalEntry.kind == Kind.DEPOSIT_TAKEN).count(),
    }


# --- fresh copies ----------------------------------------------------------------------------

def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of the base file (its WAL included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    target.chmod(0o600)


def remove_sqlite(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.unlink(missing_ok=True)


def database_url(server: str, name: str) -> str:
    """The server's URL with another database named in it."""
    return urlunparse(urlparse(server)._replace(path=f"/{name}"))


def _admin(server: str):
    import psycopg2

    connection = psycopg2.connect(server)
    connection.autocommit = True
    return connection


def create_database(server: str, name: str, template: str | None = None) -> str:
    """A new database on the server (a copy of `template` when given): its URL."""
    connection = _admin(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"'
                           + (f' TEMPLATE "{template}"' if template else ""))
    finally:
        connection.close()
    return database_url(server, name)


def drop_database(server: str, name: str) -> None:
    connection = _admin(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def server_about(server: str) -> dict:
    """The server's version and the settings that weigh on a write: durability, WAL."""
    connection = _admin(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            about = {"server_version": cursor.fetchone()[0]}
            for setting in ("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers",
                            "max_connections"):
                cursor.execute(f"SHOW {setting}")
                about[setting] = cursor.fetchone()[0]
    finally:
        connection.close()
    return about
