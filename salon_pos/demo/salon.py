"""The demo salon itself — its settings, staff, catalogue and clients — and what a manager
sets up along the way (course plans, voucher designs, consultation forms, commission,
processing times): all through the real services, each approval landing in the journal as
it would at the counter, but for the clients' rows, written in bulk as the desk's
`add_client` writes them (a client's terms are a manager's, through the service)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from salon_pos.demo.bulk import Table
from salon_pos.domain.commission import Band
from salon_pos.domain.errors import Clash
from salon_pos.domain.localtime import local_to_utc, to_utc_naive, zone
from salon_pos.domain.phases import Phases, busy_spans
from salon_pos.domain.retention import years_before
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import (
    bookings,
    catalogue,
    clients,
    commission,
    consultations,
    courses,
    erasure,
    salon_setup,
    staff,
    vouchers,
)
from salon_pos.services.operations.clients import client_fields
from salon_pos.store.models import Client, Product, Service, TaxClass

TIME_ZONE = "Europe/Dublin"
MANAGER_PIN = "1234"
# The demo's PINs are printed for all to read: hashing them slowly would guard nothing and
# cost a couple of seconds of the wait (a PIN changed later is hashed at the salon's cost).
DEMO_PIN_COST = 2**10

STYLISTS = [
    ("Aoife Ní Bhriain", "#e57373"), ("Łukasz Nowak", "#64b5f6"),
    ("Ngọc Anh Trần", "#81c784"), ("Siobhán Kelly", "#ffb74d"),
    ("Mateus Silva", "#ba68c8"), ("Priya Raman", "#4db6ac"),
]
# name, category, minutes, price (cents), deposit rule, needs consultation, tax
SERVICES = [
    ("Wash, cut and finish", "Cut", 45, 5500, "policy", False, "services"),
    ("Men's cut", "Cut", 30, 3000, "policy", False, "services"),
    ("Children's cut", "Cut", 30, 2000, "never", False, "services"),
    ("Blow-dry", "Finish", 30, 3500, "never", False, "services"),
    ("Root colour", "Colour", 90, 7500, "policy", False, "services"),
    ("Full head colour", "Colour", 120, 9500, "policy", False, "services"),
    ("Balayage", "Colour", 180, 18000, "policy", True, "services"),
    ("Colour correction", "Colour", 240, 25000, "always", True, "services"),
    ("Keratin smoothing", "Treatment", 150, 16000, "policy", True, "services"),
    ("Tape-in extensions", "Extensions", 180, 32000, "always", True, "services"),
    ("Bridal trial", "Styling", 90, 8500, "always", False, "services"),
    ("Deep-conditioning treatment", "Treatment", 30, 2500, "policy", False, "services"),
]
# Colour needs a valid patch test before the work starts (the insurers' rule).
PATCH_TESTED = {"Root colour", "Full head colour", "Balayage", "Colour correction"}
# The salon's consultation forms, by kind of service (a manager words them under Settings).
CONSULTATION_FORMS = {
    "Colour": [
        ("Have you coloured or treated your hair before (box dye, henna, relaxer)?", "yes_no"),
        ("Any allergies (hair dye, PPD, latex, nuts)?", "yes_no"),
        ("Any skin or scalp condition (psoriasis, eczema, cuts)?", "yes_no"),
        ("Are you taking any medication?", "yes_no"),
        ("Are you pregnant or breastfeeding?", "yes_no"),
        ("Hair history in your own words", "text"),
    ],
    "Treatment": [
        ("Any allergies or sensitivities to hair products?", "yes_no"),
        ("Are you pregnant or breastfeeding?", "yes_no"),
        ("Heat styling: how often?", "text"),
    ],
}
PRODUCTS = [
    ("Repair shampoo 250 ml", "SH-250", 1800), ("Repair conditioner 250 ml", "CO-250", 1900),
    ("Colour-safe mask", "MA-200", 2600), ("Heat-protect spray", "HP-150", 1649),
    ("Texture paste", "TX-075", 1495), ("Bond-repair oil", "OI-050", 3200),
    ("Wide-tooth comb", "CB-001", 600), ("Silk scrunchie", "SC-001", 900),
]
FIRST_NAMES = [
    "Zoë", "Niamh", "Saoirse", "Ciara", "Aisling", "Orla", "Sinéad", "Róisín", "Emma", "Sophie",
    "Chloé", "Amélie", "Léa", "Małgorzata", "Agnieszka", "Zofia", "Ngọc", "Linh", "Thảo",
    "Mei", "李娜", "Yuki", "Priya", "Ananya", "Fatima", "Amira", "Ayşe", "Björk", "Søren",
    "José", "María", "João", "Seán", "Cian", "Oisín", "Tomás", "Liam", "Jack", "Noah", "Kai",
]
LAST_NAMES = [
    "Murphy", "Kelly", "O'Sullivan", "Walsh", "Ó Briain", "Mac Giolla", "Byrne", "Ryan",
    "Nowak", "Kowalska", "Wiśniewska", "Nguyễn", "Trần", "Lê", "王", "李", "Tanaka", "Sharma",
    "Iyer", "Haddad", "Yılmaz", "Jónsdóttir", "Müller", "Dubois", "García", "Gonçalves",
    "Rossi", "Smith", "Brennan", "Doyle",
]
HOUSE_LIMIT = 50_000
# name, the service (by its place in SERVICES), sessions, price
COURSE_PLANS = [("Six blow-dries", 3, 6, 17_500), ("Three deep conditionings", 11, 3, 6_500),
                ("Colour correction × 3", 7, 3, 67_500)]
# Gift vouchers sold ready-made: values for any purchase, and one for a service (by its
# place in SERVICES) at that service's price.
VOUCHER_VALUES = (2500, 5000, 10_000)
SERVICE_VOUCHER = ("Cut and finish voucher", 0)
# Clients of the salon's old appointment book, not seen for years (years ago, name): the
# purge of lapsed clients lists the first two; the last asked to be erased.
LAPSED_CLIENTS = ((9, "Nuala Brennan"), (8, "Cathal Ó Dónaill"), (7, "Róisín Geraghty"))
# Colour develops on its own: (service, processing, work after it), in minutes.
PROCESSING = (("Root colour", 30, 20), ("Full head colour", 35, 30))


def tz():
    return zone(TIME_ZONE)


@dataclass(frozen=True)
class ServiceInfo:
    """A service as booked and rung up in the history (from its row, after set-up)."""

    id: int
    name: str
    category: str
    minutes: int
    price: int
    rule: str
    consult: bool
    patch: bool
    tax_rate_bp: int
    tax_name: str
    processing_min: int
    finish_min: int


@dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    sku: str
    price: int
    tax_rate_bp: int
    tax_name: str


@dataclass
class ClientInfo:
    id: int
    name: str
    email: str
    deposit_rule: str = "policy"
    house_limit: int | None = None  # with a house account

    @property
    def reachable(self) -> bool:
        """Messages go to them (outbox._reachable: an address, and none of the rest)."""
        return bool(self.email)


@dataclass
class SalonInfo:
    manager: int
    desk: int
    stylists: list[int]
    services: list[ServiceInfo]  # in SERVICES order
    products: list[ProductInfo]  # in PRODUCTS order
    clients: list[ClientInfo]

    def service(self, name: str) -> ServiceInfo:
        return next(s for s in self.services if s.name == name)


def set_up(salon: Salon, rng: random.Random, client_count: int) -> SalonInfo:
    """The salon, its staff and catalogue through the services; its clients in bulk, then
    the few clients' terms through the service (their journal entries come first)."""
    manager = salon_setup.set_up_salon(
        salon, salon_name="Studio Zoë (demo)", currency_code="EUR", time_zone=TIME_ZONE,
        manager_name="Maeve O'Connor", manager_pin=MANAGER_PIN,
        salon_address="12 Wicklow Street, Dublin 2", salon_phone="+353 1 555 0123",
        tax_number="IE1234567T", cash_rounding_increment=5,
    )
    desk = staff.add_staff(salon, "Dara Byrne", "front_desk", "1111", approved_by=manager)
    stylists = [
        staff.add_staff(salon, name, "stylist", f"{2001 + i}", colour=colour, approved_by=manager)
        for i, (name, colour) in enumerate(STYLISTS)
    ]
    tax = {
        "services": catalogue.add_tax_class(salon, "Services 13.5%", 1350, approved_by=manager),
        "retail": catalogue.add_tax_class(salon, "Retail 23%", 2300, approved_by=manager),
    }
    for name, category, minutes, price, rule, consult, rate in SERVICES:
        catalogue.add_service(salon, name, category=category, duration_min=minutes, price=price,
                              tax_class_id=tax[rate], deposit_rule=rule,
                              needs_consultation=consult, needs_patch_test=name in PATCH_TESTED,
                              approved_by=manager)
    for name, sku, price in PRODUCTS:
        catalogue.add_product(salon, name, sku=sku, price=price, tax_class_id=tax["retail"],
                              approved_by=manager)
    people, terms = _clients(salon, rng, client_count)
    for client, fields in terms:
        clients.set_client_terms(salon, client.id, approved_by=manager, **fields)
    taxes = {t.id: t for t in TaxClass.select()}
    services = [ServiceInfo(s.id, s.name, s.category, s.duration_min, s.price, s.deposit_rule,
                            s.needs_consultation, s.needs_patch_test,
                            taxes[s.tax_class_id].rate_bp, taxes[s.tax_class_id].name,
                            s.processing_min, s.finish_min)
                for s in Service.select().order_by(Service.id)]
    products = [ProductInfo(p.id, p.name, p.sku, p.price, taxes[p.tax_class_id].rate_bp,
                            taxes[p.tax_class_id].name)
                for p in Product.select().order_by(Product.id)]
    return SalonInfo(manager, desk, stylists, services, products, people)


def _clients(salon: Salon, rng: random.Random, count: int):
    """The clients' rows as `clients.add_client` writes them (the desk types them in on
    the first morning), and the terms a manager gives a few of them."""
    table = Table(salon.database, Client)
    now = salon.now_stored()
    people, terms = [], []
    for n in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        alerts = rng.choice(["", "", "", "", "Prefers a quiet appointment",
                             "Wears a hearing aid — speak on her left", "Sensitive scalp"])
        phone = (f"+353 8{rng.randint(3, 9)} {rng.randint(100, 999)} "
                 f"{rng.randint(1000, 9999)}")
        # One in seven gave no email: their reminders go on the call list.
        email = f"client{n}@example.ie" if n % 7 else ""
        person = ClientInfo(n + 1, name, email)
        table.add(id=person.id, created_at=now, no_messages=False,
                  **client_fields(name, phone, person.email, alerts, None))
        people.append(person)
        if rng.random() < 0.04:
            person.house_limit = HOUSE_LIMIT
            terms.append((person, {"house_account_enabled": True,
                                   "house_account_limit": HOUSE_LIMIT}))
        elif rng.random() < 0.03:
            person.deposit_rule = "always"
            terms.append((person, {"deposit_rule": "always"}))
    table.flush()
    return people, terms


def offers(salon: Salon, info: SalonInfo) -> None:
    """After its first day the salon starts selling courses and voucher designs, and asks
    its consultation questions."""
    manager = info.manager
    for name, place, sessions, price in COURSE_PLANS:
        courses.save_plan(salon, name, service_ids=[info.services[place].id], sessions=sessions,
                          price=price, approved_by=manager)
    money = salon.settings().money
    for amount in VOUCHER_VALUES:
        vouchers.save_design(salon, f"Gift voucher {money(amount)}", amount=amount,
                             approved_by=manager)
    name, place = SERVICE_VOUCHER
    vouchers.save_design(salon, name, amount=info.services[place].price,
                         service_id=info.services[place].id, approved_by=manager)
    for category, questions in CONSULTATION_FORMS.items():
        consultations.save_form(salon, category, questions, approved_by=manager)


def commission_levels(salon: Salon, manager: int, stylists: list[int]) -> None:
    """Two levels, paid weekly: Senior in bands (30 % up to €1,500 a week, 35 % above),
    Junior flat; the first stylist senior, the others junior. The reports work them out
    over the whole history."""
    salon_setup.change_settings(salon, manager, commission_period="weekly",
                                commission_period_start="2026-01-05")
    retail = (Band(0, 1000),)
    senior = commission.save_level(salon, "Senior", services=(Band(0, 3000), Band(150_000, 3500)),
                                   retail=retail, approved_by=manager)
    junior = commission.save_level(salon, "Junior", services=(Band(0, 2500),), retail=retail,
                                   approved_by=manager)
    for n, stylist in enumerate(stylists):
        commission.assign_level(salon, stylist, senior if n == 0 else junior,
                                approved_by=manager)


def patch_test_service(salon: Salon, manager: int) -> None:
    catalogue.add_service(salon, "Patch test", category="Colour", duration_min=10, price=0,
                          tax_class_id=Service.get(Service.name == "Root colour").tax_class_id,
                          deposit_rule="never", approved_by=manager)


def lapsed_clients(salon: Salon, info: SalonInfo, today: date) -> None:
    added = []
    for years, name in LAPSED_CLIENTS:
        client_id = clients.add_client(salon, name, by=info.desk)
        added.append(client_id)
        added_then = local_to_utc(years_before(today, years), time(10, 0), tz())
        Client.update(created_at=to_utc_naive(added_then)).where(Client.id == client_id).execute()
    erasure.erase_client(salon, added[-1], approved_by=info.manager)


def processing_time(salon: Salon, info: SalonInfo, today: date,
                    free: Callable[[int, datetime, list[ServiceInfo], list], bool]) -> None:
    """The colours get their processing time, and on the first day ahead with room for it
    a stylist blow-dries one client while another's full head colour develops (the day book
    draws it). `free` says where the stylists' books have room (their bookings are known:
    the two are booked through the service once, not tried everywhere)."""
    for name, processing, finish in PROCESSING:
        catalogue.edit_service(salon, info.service(name).id, processing_min=processing,
                               finish_min=finish, approved_by=info.manager)
    processing, finish = {name: (p, f) for name, p, f in PROCESSING}["Full head colour"]
    colour = dataclasses.replace(info.service("Full head colour"), processing_min=processing,
                                 finish_min=finish)
    blow_dry = info.service("Blow-dry")
    into_processing = timedelta(minutes=colour.minutes - colour.processing_min
                                - colour.finish_min + 5)
    for ahead in range(1, 15):
        for stylist in info.stylists:
            for minutes in range(9 * 60, 16 * 60, 30):
                start = local_to_utc(today + timedelta(days=ahead),
                                     time(*divmod(minutes, 60)), tz())
                work = busy_spans(to_utc_naive(start),
                                  [Phases(colour.minutes, processing, finish)])
                if not (free(stylist, start, [colour], [])
                        and free(stylist, start + into_processing, [blow_dry], work)):
                    continue
                try:
                    with salon.writing():  # both or neither
                        for client, service, at in ((info.clients[0].id, colour.id, start),
                                                    (info.clients[1].id, blow_dry.id,
                                                     start + into_processing)):
                            bookings.book(salon, client_id=client, stylist_id=stylist,
                                          start=at, service_ids=[service], by=info.desk)
                    return
                except Clash:
                    continue


def ean13(number: int) -> str:
    """A made-up Irish (539) EAN-13 code with its check digit."""
    body = f"539{1234500 + number:07d}{number % 10:02d}"
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - weighted % 10) % 10)


def unit_cost(price: int) -> int:
    return price * 2 // 5  # bought at two fifths of the shelf price
