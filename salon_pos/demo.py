"""A realistic demo salon, built through the same operations the front desk uses.

The salon's past `days` are replayed day by day on a clock of their own: each morning the
drawer opens and the desk books clients for the coming two weeks (taking deposits), the
day's appointments are checked in, started, finished and paid (tips, split tenders,
products, house accounts, gift vouchers, prepaid courses' sessions), a few clients cancel or
never come, walk-ins drop by, someone buys a gift voucher, a client buys a course of what
they just had, a refund is given now and then, and the manager counts the drawer and
closes the day. Today is played up to the current time; the next two weeks hold the
bookings already made.
"""

from __future__ import annotations

import dataclasses
import io
import math
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageOps

from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.clock import FixedClock
from salon_pos.domain.commission import Band
from salon_pos.domain.consultations import Answered
from salon_pos.domain.errors import Clash, DomainError
from salon_pos.domain.formulas import Bowl
from salon_pos.domain.localtime import local_to_utc, to_utc_naive
from salon_pos.domain.patch_tests import Result
from salon_pos.domain.retention import years_before
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import (
    bookings,
    cash_drawer,
    catalogue,
    checkout,
    clients,
    commission,
    consultations,
    courses,
    day_close,
    deposits,
    erasure,
    formulas,
    house_accounts,
    notes,
    outbox,
    patch_tests,
    refunds,
    salon_setup,
    staff,
    stock,
    visit_photos,
    vouchers,
)
from salon_pos.services.views.consultations import booking_forms
from salon_pos.services.views.courses import course_plans, session_offers
from salon_pos.services.views.formulas import starting_formula
from salon_pos.services.views.notes import booking_notes
from salon_pos.services.views.patch_tests import patch_state, services_needing_test
from salon_pos.services.views.sale import sale_view
from salon_pos.services.views.vouchers import voucher_designs
from salon_pos.store.models import (
    BookedService,
    Booking,
    Client,
    JournalEntry,
    Product,
    Sale,
    SaleLine,
    Service,
    StockMovement,
)

TIME_ZONE = "Europe/Dublin"
MANAGER_PIN = "1234"
# The demo's PINs are printed for all to read: hashing them slowly would guard nothing and
# cost a couple of seconds of the wait (a PIN changed later is hashed at the salon's cost).
DEMO_PIN_COST = 2**10
OPENS, CLOSES = time(9, 0), time(18, 0)
BOOKINGS_PER_DAY = 50

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
PATCH_PRODUCTS = ("Koleston Perfect 6/0 + 6 % Welloxon", "Majirel 7.1 + 20 vol",
                  "Igora Royal 8-00 + 6 %", "Inoa 6.0 + 6 % oil developer")
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
# A first visit's formula, one of the usual mixes.
FIRST_FORMULAS = [
    (Bowl("Roots", "Koleston Perfect", "6/0 30 g + 7/1 10 g", "6 % (20 vol)", "1:1", 35),
     Bowl("Lengths", "Color Touch", "7/89 30 g", "1.9 %", "1:2", 20)),
    (Bowl("All over", "Majirel", "7.3 40 g + 8.34 20 g", "6 % (20 vol)", "1:1.5", 35),),
    (Bowl("Roots", "Igora Royal", "5-0 40 g", "6 % (20 vol)", "1:1", 40),
     Bowl("Toner", "Igora Vibrance", "9.5-1 30 g", "1.9 %", "1:1", 10)),
    (Bowl("Balayage", "Blondor", "Multi Blonde 30 g", "9 % (30 vol)", "1:2", 45),
     Bowl("Toner", "Shinefinity", "09/61 40 g", "2 %", "1:1", 20)),
]
# Hair as the demo's photos show it, RGB: the regrowth and the faded ends before, the
# new colour after (lighter at the ends).
HAIR_TONES = [((92, 72, 56), (150, 118, 84), (196, 150, 92)),
              ((70, 52, 40), (120, 80, 60), (142, 70, 38)),
              ((150, 140, 128), (132, 104, 80), (120, 84, 58)),
              ((110, 86, 60), (170, 140, 100), (214, 186, 140))]
# What clients say, a few of the answers (each drawn for a yes-or-no question: mostly no).
YES_DETAILS = ("box dye, about a year ago", "henna until last spring", "hay fever tablets",
               "a patch of eczema behind the left ear", "highlights at another salon")
# The answers in words, by question.
SAID = {"Hair history in your own words": (
            "Natural dark blonde, highlights twice a year.", "Grey coverage every six weeks.",
            "Went lighter at home last summer; ends feel dry.", "Never coloured.",
            "Lightened twice this year; some breakage at the ends."),
        "Heat styling: how often?": ("Straightener most days.", "Blow-dry twice a week.",
                                     "Hardly ever; air-dries.")}
PRODUCTS = [
    ("Repair shampoo 250 ml", "SH-250", 1800), ("Repair conditioner 250 ml", "CO-250", 1900),
    ("Colour-safe mask", "MA-200", 2600), ("Heat-protect spray", "HP-150", 1649),
    ("Texture paste", "TX-075", 1495), ("Bond-repair oil", "OI-050", 3200),
    ("Wide-tooth comb", "CB-001", 600), ("Silk scrunchie", "SC-001", 900),
]
SUPPLIERS = ("Celtic Salon Supplies", "Hairline Wholesale")
FIRST_DELIVERY, REORDER_LEVEL = 24, 6
BACK_BAR = (2, 5)  # the conditioner and the oil: used in treatments
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


@dataclasses.dataclass
class DemoIds:
    manager: int
    desk: int
    stylists: list[int]
    services: list[tuple[int, int, bool]]  # (id, price, needs consultation)
    products: list[int]
    clients: list[int]


def build_demo(salon: Salon, *, days: int, seed: int,
               progress: Callable[[int, int], None] | None = None) -> str:
    """Fill an empty database with `days` of history, today so far and two weeks ahead."""
    if salon_setup.is_set_up(salon):
        raise DomainError(
            "This database already holds a salon; build the demo in a new one (--db NEW.db)."
        )
    real_now = salon.clock.now()
    today = real_now.astimezone(_zone()).date()
    first = today - timedelta(days=days)
    clock = FixedClock(local_to_utc(first, time(7, 0), _zone()))
    demo = dataclasses.replace(salon, clock=clock, pin_cost=DEMO_PIN_COST)
    rng = random.Random(seed)
    with demo.batch():
        ids = _set_up(demo, rng, client_count=max(150, days * 12))
    play = _DayPlayer(demo, clock, rng, ids, today, real_now, random.Random(seed + 1))
    play.gifts = random.Random(seed + 2)  # its own draws: the rest plays as before
    play.series = random.Random(seed + 3)  # prepaid courses, likewise
    play.patch_rng = random.Random(seed + 4)  # patch tests, likewise
    play.care_rng = random.Random(seed + 5)  # consultations and signatures, likewise
    total = days + 1
    for number, day in enumerate(first + timedelta(days=i) for i in range(total)):
        with demo.batch():
            play.day(day)
            if number == 0:  # the salon starts selling courses and designs after its first day
                _course_plans(demo, ids.manager, ids.services)
                _voucher_designs(demo, ids.manager, ids.services)
                for category, questions in CONSULTATION_FORMS.items():
                    consultations.save_form(demo, category, questions, approved_by=ids.manager)
        if progress:
            progress(number + 1, total)
    with demo.batch():  # last, so the journal's numbers the README shows stay as they were
        _commission_levels(demo, ids.manager, ids.stylists)
        catalogue.add_service(demo, "Patch test", category="Colour", duration_min=10, price=0,
                              tax_class_id=Service.get(Service.name == "Root colour").tax_class_id,
                              deposit_rule="never", approved_by=ids.manager)
        play.patch_tests_ahead()
        _lapsed_clients(demo, ids, today)
        _processing_time(demo, ids, today)
    # What the outbox still holds is what a salon would send now: the upcoming bookings'
    # confirmations and reminders (no email server is set, so they wait).
    outbox.withdraw_past(salon)
    return (f"{len(ids.clients)} clients, {Booking.select().count()} bookings, "
            f"{Sale.select().where(Sale.status != 'open').count()} sales, "
            f"{JournalEntry.select().count()} journal entries. Manager PIN {MANAGER_PIN}, "
            "front desk 1111, stylists 2001–2006.")


# Colour develops on its own: (service, processing, work after it), in minutes.
PROCESSING = (("Root colour", 30, 20), ("Full head colour", 35, 30))


def _processing_time(salon: Salon, ids: DemoIds, today: date) -> None:
    """The colours get their processing time, and on the first day ahead with room for it
    a stylist blow-dries one client while another's full head colour develops (the day book
    draws it)."""
    for name, processing, finish in PROCESSING:
        catalogue.edit_service(salon, Service.get(Service.name == name).id,
                               processing_min=processing, finish_min=finish,
                               approved_by=ids.manager)
    colour = Service.get(Service.name == "Full head colour")
    blow_dry = Service.get(Service.name == "Blow-dry").id
    into_processing = timedelta(minutes=colour.duration_min - colour.processing_min
                                - colour.finish_min + 5)
    for ahead in range(1, 15):
        for stylist in ids.stylists:
            for minutes in range(9 * 60, 16 * 60, 30):
                start = local_to_utc(today + timedelta(days=ahead),
                                     time(*divmod(minutes, 60)), _zone())
                try:
                    with salon.writing():  # both or neither
                        for client, service, at in ((ids.clients[0], colour.id, start),
                                                    (ids.clients[1], blow_dry,
                                                     start + into_processing)):
                            bookings.book(salon, client_id=client, stylist_id=stylist,
                                          start=at, service_ids=[service], by=ids.desk)
                    return
                except Clash:
                    continue


def _zone():
    from salon_pos.domain.localtime import zone

    return zone(TIME_ZONE)


def _set_up(salon: Salon, rng: random.Random, client_count: int) -> DemoIds:
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
    services = [
        (catalogue.add_service(salon, name, category=category, duration_min=minutes,
                               price=price, tax_class_id=tax[rate], deposit_rule=rule,
                               needs_consultation=consult, needs_patch_test=name in PATCH_TESTED,
                               approved_by=manager), price, consult)
        for name, category, minutes, price, rule, consult, rate in SERVICES
    ]
    products = [
        catalogue.add_product(salon, name, sku=sku, price=price, tax_class_id=tax["retail"],
                              approved_by=manager)
        for name, sku, price in PRODUCTS
    ]
    client_ids = [_add_client(salon, rng, desk, manager, n) for n in range(client_count)]
    return DemoIds(manager, desk, stylists, services, products, client_ids)


# name, the service (by its place in SERVICES), sessions, price
COURSE_PLANS = [("Six blow-dries", 3, 6, 17_500), ("Three deep conditionings", 11, 3, 6_500),
                ("Colour correction × 3", 7, 3, 67_500)]


def _course_plans(salon: Salon, manager: int, services) -> None:
    for name, place, sessions, price in COURSE_PLANS:
        courses.save_plan(salon, name, service_ids=[services[place][0]], sessions=sessions,
                          price=price, approved_by=manager)


# Gift vouchers sold ready-made: values for any purchase, and one for a service (by its
# place in SERVICES) at that service's price.
VOUCHER_VALUES = (2500, 5000, 10_000)
SERVICE_VOUCHER = ("Cut and finish voucher", 0)


def _voucher_designs(salon: Salon, manager: int, services) -> None:
    money = salon.settings().money
    for amount in VOUCHER_VALUES:
        vouchers.save_design(salon, f"Gift voucher {money(amount)}", amount=amount,
                             approved_by=manager)
    name, place = SERVICE_VOUCHER
    service_id, price, _consult = services[place]
    vouchers.save_design(salon, name, amount=price, service_id=service_id,
                         approved_by=manager)


def _ean13(number: int) -> str:
    """A made-up Irish (539) EAN-13 code with its check digit."""
    body = f"539{1234500 + number:07d}{number % 10:02d}"
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - weighted % 10) % 10)


def _unit_cost(price: int) -> int:
    return price * 2 // 5  # bought at two fifths of the shelf price


def _commission_levels(salon: Salon, manager: int, stylists: list[int]) -> None:
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


# Clients of the salon's old appointment book, not seen for years (years ago, name): the
# purge of lapsed clients lists the first two; the last asked to be erased.
LAPSED_CLIENTS = ((9, "Nuala Brennan"), (8, "Cathal Ó Dónaill"), (7, "Róisín Geraghty"))


def _lapsed_clients(salon: Salon, ids: DemoIds, today: date) -> None:
    added = []
    for years, name in LAPSED_CLIENTS:
        client_id = clients.add_client(salon, name, by=ids.desk)
        added.append(client_id)
        added_then = local_to_utc(years_before(today, years), time(10, 0), _zone())
        Client.update(created_at=to_utc_naive(added_then)).where(Client.id == client_id).execute()
    erasure.erase_client(salon, added[-1], approved_by=ids.manager)


def _add_client(salon: Salon, rng: random.Random, desk: int, manager: int, n: int) -> int:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    # (As many choices as ever: the demo draws the same salon. Patch tests are records now.)
    alerts = rng.choice(["", "", "", "", "Prefers a quiet appointment",
                         "Wears a hearing aid — speak on her left", "Sensitive scalp"])
    client_id = clients.add_client(
        salon, name, by=desk, phone=f"+353 8{rng.randint(3, 9)} {rng.randint(100, 999)} "
        f"{rng.randint(1000, 9999)}", email=f"client{n}@example.ie" if n % 7 else "",
        alerts=alerts,  # one in seven gave no email: their reminders go on the call list
    )
    if rng.random() < 0.04:
        clients.set_client_terms(salon, client_id, approved_by=manager,
                                 house_account_enabled=True, house_account_limit=50_000)
    elif rng.random() < 0.03:
        clients.set_client_terms(salon, client_id, approved_by=manager, deposit_rule="always")
    return client_id


class _DayPlayer:
    """Plays one salon day after another on the demo clock."""

    def __init__(self, salon, clock, rng, ids, today, real_now, stock_rng):
        self.salon, self.clock, self.rng, self.ids = salon, clock, rng, ids
        self.today, self.real_now = today, real_now
        self.last_day = today + timedelta(days=14)
        self.gifts = random.Random(0)  # gift vouchers sold and spent
        self.series = random.Random(0)  # prepaid courses sold
        # Sold, with money left: (day sold, code), as their bearers keep them.
        self.voucher_codes: list[tuple[date, str]] = []
        # Single-purpose vouchers sold, not yet used: (day sold, code, their service's id).
        self.service_vouchers: list[tuple[date, str, int]] = []
        self.stock_rng = stock_rng  # its own, so the rest plays as it did before stock
        self.patch_rng = random.Random(0)  # patch tests

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return local_to_utc(day, time(hour, minute), _zone())

    def move_to(self, instant: datetime) -> bool:
        """Advance the clock (never backwards); False once past the real present."""
        if instant > self.real_now:
            return False
        if instant > self.clock.now():
            self.clock.set(instant)
        return True

    def day(self, day: date) -> None:
        ids = self.ids
        if not self.move_to(self.at(day, 8, 30)):
            return
        cash_drawer.open_drawer(self.salon, 15_000, by=ids.desk)
        self.book_ahead(day)
        self.deliveries()
        self.cancellations(day)
        self.appointments(day)
        if day < self.today:
            self.walk_ins(day)
            self.gift_voucher(day)
            self.now_and_then(day)
            self.stock_work(day)
            self.close(day)

    # --- the desk books ahead ------------------------------------------------------------

    def book_ahead(self, day: date) -> None:
        """Clients book one to fourteen days ahead (most within the week); on the first day
        the desk also enters what was booked before the history starts."""
        wanted = BOOKINGS_PER_DAY * (1 if Booking.select().exists() else 4)
        for _ in range(wanted):
            ahead = min(int(self.rng.expovariate(1 / 4)) + 1, 14)
            target = day + timedelta(days=ahead)
            if target <= self.last_day:
                self.book_one(target)

    def book_one(self, target: date) -> None:
        """A client asks for a service on a day; the desk tries a few times and stylists."""
        rng, ids = self.rng, self.ids
        service = rng.choices(ids.services, weights=[9, 8, 4, 5, 5, 3, 2, 1, 1, 1, 1, 3])[0]
        chosen = [service[0]]
        if rng.random() < 0.1:
            chosen.append(ids.services[-1][0])  # a treatment on top
        client = rng.choice(ids.clients)
        for _attempt in range(8):
            minutes = rng.randrange(0, (CLOSES.hour - OPENS.hour - 1) * 4) * 15
            start = self.at(target, OPENS.hour) + timedelta(minutes=minutes)
            try:
                booking = bookings.book(self.salon, client_id=client,
                                        stylist_id=rng.choice(ids.stylists), start=start,
                                        service_ids=chosen, by=ids.desk)
            except DomainError:
                continue  # that stylist is busy then: try another time
            self.deposit_and_note(booking, service)
            return

    def deposit_and_note(self, booking_id: int, service) -> None:
        rng, ids = self.rng, self.ids
        due = Booking.get_by_id(booking_id).deposit_due
        if due and rng.random() < 0.92:
            method = "card" if rng.random() < 0.8 else "cash"
            deposits.take_deposit(self.salon, booking_id, by=ids.desk, method=method,
                                  reference=f"T{rng.randint(100000, 999999)}" if method == "card"
                                  else "")
        if service[2]:  # the note is written when booking, agreed at the consultation
            booking = Booking.get_by_id(booking_id)
            notes.write_note(
                self.salon, booking_id, by=booking.stylist_id,
                expected_result=rng.choice([
                    "Lift the old box dye to a soft golden blonde; ends may stay warmer.",
                    "Sun-kissed balayage, lighter around the face, blended root.",
                    "Smooth, frizz-free lengths for about three months.",
                    "Added length to the shoulder blades, colour-matched to the mid-lengths.",
                ]),
                limits_and_risks="Hair may feel drier for a week; a second session may be "
                                 "needed to reach the final tone.",
                sessions_expected=rng.choice([1, 1, 2]), price_min=service[1],
                price_max=service[1] + 4000,
            )

    # --- cancellations ---------------------------------------------------------------------

    def cancellations(self, day: date) -> None:
        if not self.move_to(self.at(day, 12, 0)):
            return
        lo, hi = self.at(day + timedelta(days=1), 0), self.at(day + timedelta(days=8), 0)
        upcoming = list(Booking.select(Booking.id, Booking.start).where(
            (Booking.status == BookingStatus.BOOKED) & (Booking.start >= lo.replace(tzinfo=None))
            & (Booking.start < hi.replace(tzinfo=None))).order_by(Booking.id))
        tomorrow_noon = self.at(day + timedelta(days=1), 12, 0).replace(tzinfo=None)
        for booking in upcoming:
            # Most cancel in good time; tomorrow morning's clients now and then cancel late.
            chance = 0.06 if booking.start < tomorrow_noon else 0.012
            if self.rng.random() < chance:
                choice = "credit" if self.rng.random() < 0.3 else "refund"
                bookings.cancel(self.salon, booking.id, by=self.ids.desk, deposit_to=choice)

    # --- the day's appointments ----------------------------------------------------------

    def appointments(self, day: date) -> None:
        lo, hi = self.at(day, 0), self.at(day + timedelta(days=1), 0)
        todays = list(Booking.select().where(
            (Booking.status == BookingStatus.BOOKED) & (Booking.start >= lo.replace(tzinfo=None))
            & (Booking.start < hi.replace(tzinfo=None))))
        events = []
        for booking in todays:
            start = booking.start.replace(tzinfo=lo.tzinfo)
            end = booking.end.replace(tzinfo=lo.tzinfo)
            if self.rng.random() < 0.05:
                events.append((start + timedelta(minutes=20), 0, "no_show", booking.id))
                continue
            events += [(start - timedelta(minutes=5), 1, "check_in", booking.id),
                       (start, 2, "start", booking.id), (end, 3, "finish", booking.id),
                       (end + timedelta(minutes=5), 4, "checkout", booking.id)]
        for instant, _order, action, booking_id in sorted(events):
            if not self.move_to(instant):
                break
            self.step(action, booking_id)

    def step(self, action: str, booking_id: int) -> None:
        salon, ids = self.salon, self.ids
        booking = Booking.get_by_id(booking_id)
        if action == "no_show":
            bookings.mark_no_show(salon, booking_id, by=ids.desk)
        elif action == "check_in":
            bookings.check_in(salon, booking_id, by=ids.desk)
            self.patch_test_on_file(booking)
            self.consultation(booking)
        elif action == "start":
            photographed = self.is_colour(booking) and self.photographed(booking)
            if photographed:
                self.photo(booking, "before", photographed)
            bookings.start_service(salon, booking_id, by=booking.stylist_id)
        elif action == "finish":
            for note in booking_notes(salon, booking_id):
                notes.complete_note(salon, note.note_id, by=booking.stylist_id,
                                    outcome="Done as agreed; client delighted with the tone.",
                                    formula="7.3 + 8.34, 20 vol, 35 min")
            self.formula(booking)
            bookings.finish_service(salon, booking_id, by=booking.stylist_id)
        else:
            self.checkout(booking)

    def checkout(self, booking: Booking) -> None:
        salon, ids, rng = self.salon, self.ids, self.rng
        sale_id = checkout.open_sale(salon, by=ids.desk, booking_id=booking.id)
        self.courses_at_checkout(sale_id)
        if rng.random() < 0.3:
            checkout.add_product_line(salon, sale_id, rng.choice(ids.products), by=ids.desk,
                                      quantity=rng.choice([1, 1, 2]), stylist_id=booking.stylist_id)
        view = sale_view(salon, sale_id)
        if view.notes:
            happy = rng.random() < 0.93
            checkout.record_signoff(
                salon, sale_id, by=ids.desk, matches=happy,
                differences="" if happy else "Tone a little warmer than agreed",
                action="" if happy else "10% satisfaction discount; toner offered free",
            )
            if not happy:
                checkout.discount_sale(salon, sale_id, by=ids.desk, reason="satisfaction",
                                       percent_bp=1000)
        if rng.random() < 0.6:
            tip = rng.choice([200, 300, 500, 500, 1000])
            checkout.set_tip(salon, sale_id, booking.stylist_id, tip, by=ids.desk)
        self.pay(sale_id, booking.client_id)

    def pay(self, sale_id: int, client_id: int | None) -> None:
        salon, ids, rng = self.salon, self.ids, self.rng
        self.pay_by_service_voucher(sale_id)
        if self.gifts.random() < 0.03 and sale_view(salon, sale_id).remaining:
            self.pay_by_voucher(sale_id)
        view = sale_view(salon, sale_id)
        left = view.remaining
        client = Client.get_by_id(client_id) if client_id else None
        roll = rng.random()
        if left and client and client.credit_balance and roll < 0.5:
            used = min(client.credit_balance, left)
            checkout.take_tender(salon, sale_id, by=ids.desk, method="credit", amount=used)
            left -= used
        if left and client and client.house_account_enabled and roll < 0.7:
            checkout.take_tender(salon, sale_id, by=ids.desk, method="house_account", amount=left,
                                 approved_by=ids.manager)
            left = 0
        if left and roll < 0.12:  # split: part on card, the rest in cash
            part = left // 2
            checkout.take_tender(salon, sale_id, by=ids.desk, method="card", amount=part,
                                 reference=f"T{rng.randint(100000, 999999)}")
            left -= part
            roll = 0.9
        if left:
            if roll < 0.7:
                checkout.take_tender(salon, sale_id, by=ids.desk, method="card", amount=left,
                                     reference=f"T{rng.randint(100000, 999999)}")
            else:
                notes_given = [n for n in (500, 1000, 2000, 5000, 10_000, 20_000) if n >= left]
                given = notes_given[0] if notes_given else -(-left // 5000) * 5000
                checkout.take_tender(salon, sale_id, by=ids.desk, method="cash", amount=given)
        excess = "credit" if rng.random() < 0.5 else "refund"
        checkout.close_sale(salon, sale_id, by=ids.desk, deposit_excess=excess,
                            key=f"demo-close-{sale_id}")

    def courses_at_checkout(self, sale_id: int) -> None:
        """The client's course pays what it covers (the desk takes the session offered);
        now and then a client buys a course of what they just had."""
        salon, desk = self.salon, self.ids.desk
        offers = session_offers(salon, sale_id)
        for line_id, offer in offers.items():
            if not offer.paid:
                used = checkout.use_course_session(salon, sale_id, line_id, by=desk,
                                                   course_id=offer.course_id)
                if used["sessions_left"]:
                    self.book_next_session(sale_id, line_id)
        if offers or self.series.random() > 0.15:
            return
        lines = sale_view(salon, sale_id).lines
        for plan in course_plans(salon, sold_only=True):
            line = next((line for line in lines if line.description == plan.services), None)
            if line is not None:
                checkout.add_course_line(salon, sale_id, plan.id, by=desk)
                self.book_next_session(sale_id, line.id)
                return

    def book_next_session(self, sale_id: int, line_id: int) -> None:
        """The client books the course's next session a week or two on, same time and
        stylist, if it is free."""
        sale = Sale.get_by_id(sale_id)
        booking = Booking.get_by_id(sale.booking_id)
        service = SaleLine.get_by_id(line_id).service_id
        for weeks in (1, 2):
            start = booking.start + timedelta(weeks=weeks)
            if start.date() > self.last_day:
                return
            try:
                bookings.book(self.salon, client_id=booking.client_id,
                              stylist_id=booking.stylist_id, start=start.replace(tzinfo=UTC),
                              service_ids=[service], by=self.ids.desk)
                return
            except DomainError:
                continue  # taken: a week later

    def pay_by_voucher(self, sale_id: int) -> None:
        """A voucher given a week or more ago comes back to pay."""
        today = self.clock.now().astimezone(_zone()).date()
        given = [kept for kept in self.voucher_codes if (today - kept[0]).days >= 7]
        if not given:
            return
        kept = self.gifts.choice(given)
        paid = checkout.pay_by_voucher(self.salon, sale_id, kept[1], by=self.ids.desk)
        if not paid["voucher_left"]:
            self.voucher_codes.remove(kept)

    def pay_by_service_voucher(self, sale_id: int) -> None:
        """A single-purpose voucher given a few days ago pays for its service, when the
        client came for it."""
        today = self.clock.now().astimezone(_zone()).date()
        for kept in self.service_vouchers:
            day, code, service_id = kept
            if (today - day).days >= 3 and SaleLine.select().where(
                    (SaleLine.sale == sale_id) & (SaleLine.service == service_id)
                    & ~SaleLine.removed).exists():
                try:
                    checkout.pay_by_voucher(self.salon, sale_id, code, by=self.ids.desk)
                except DomainError:
                    return  # e.g. a deposit or a discount on that line: kept for a later visit
                self.service_vouchers.remove(kept)
                return

    def gift_voucher(self, day: date) -> None:
        """Now and then someone buys a gift voucher at the desk, by card: one of the
        salon's designs, or of an amount of their own."""
        if self.gifts.random() > 0.4 or not self.move_to(self.at(day, 16, 10)):
            return
        salon, desk = self.salon, self.ids.desk
        sale_id = checkout.open_sale(salon, by=desk)
        designs = voucher_designs(salon, sold_only=True)
        design = self.gifts.choice(designs) if designs and self.gifts.random() < 0.6 else None
        if design is None:
            checkout.add_voucher_line(salon, sale_id, self.gifts.choice(
                [2500, 5000, 5000, 7500, 10_000]), by=desk)
        else:
            checkout.add_voucher_line(salon, sale_id, by=desk, design_id=design.id)
        checkout.take_tender(salon, sale_id, by=desk, method="card",
                             amount=sale_view(salon, sale_id).remaining,
                             reference=f"T{self.gifts.randint(100000, 999999)}")
        sold = checkout.close_sale(salon, sale_id, by=desk, key=f"demo-close-{sale_id}")
        codes = [voucher["code"] for voucher in sold["vouchers"]]
        if design is not None and design.single_purpose:
            self.service_vouchers += [(day, code, design.service_id) for code in codes]
        else:
            self.voucher_codes += [(day, code) for code in codes]

    # --- the rest of the day ---------------------------------------------------------------

    def walk_ins(self, day: date) -> None:
        salon, ids, rng = self.salon, self.ids, self.rng
        for n in range(rng.randint(1, 4)):
            if not self.move_to(self.at(day, 10 + 2 * n, 40)):
                return
            client = rng.choice(ids.clients) if rng.random() < 0.6 else None
            sale_id = checkout.open_sale(salon, by=ids.desk, client_id=client)
            if rng.random() < 0.5:
                checkout.add_service_line(salon, sale_id, ids.services[3][0], by=ids.desk,
                                          stylist_id=rng.choice(ids.stylists))
            checkout.add_product_line(salon, sale_id, rng.choice(ids.products), by=ids.desk)
            self.pay(sale_id, client)

    def now_and_then(self, day: date) -> None:
        salon, ids, rng = self.salon, self.ids, self.rng
        if not self.move_to(self.at(day, 17, 30)):
            return
        if rng.random() < 0.3:
            recent = Sale.select().where(Sale.status == "closed").order_by(Sale.id.desc()).limit(
                40)
            with_products = [s for s in recent if any(
                line.category == "retail" and not line.removed for line in s.lines)]
            if with_products:
                sale = rng.choice(with_products)
                line = next(line for line in sale.lines if line.category == "retail")
                refunds.refund_sale(salon, sale.id, by=ids.desk, approved_by=ids.manager,
                                    reason="Product returned unopened", lines={line.id: 1},
                                    restock={line.id: 1},
                                    reference=f"R{rng.randint(1000, 9999)}")
        owing = Client.select().where(Client.house_balance > 0)
        for client in owing:
            if rng.random() < 0.15:
                house_accounts.take_house_payment(
                    salon, client.id, client.house_balance, by=ids.desk, method="card",
                    reference=f"T{rng.randint(100000, 999999)}")
        if rng.random() < 0.2:
            cash_drawer.paid_out(salon, 1250, by=ids.desk, approved_by=ids.manager,
                                 reason="Milk and biscuits for the clients")

    def deliveries(self) -> None:
        """The first morning the products get their barcodes and the shelves are stocked;
        later, what is low is reordered. (After the morning's booking: the journal's
        first entries stay where the README's examples find them.)"""
        ids = self.ids
        first = not StockMovement.select().exists()
        if first:
            for number, product in enumerate(ids.products):
                stock.set_stock_details(self.salon, product, approved_by=ids.manager,
                                        barcode=_ean13(number), reorder_level=REORDER_LEVEL)
        low = [p for p in Product.select().where(Product.on_hand <= REORDER_LEVEL)]
        if not first and len(low) < 3:
            return
        lines = [(p.id, FIRST_DELIVERY if first else 18, _unit_cost(p.price)
                  + (0 if first else self.stock_rng.choice([0, 10, 20]))) for p in low]
        stock.receive_delivery(self.salon, SUPPLIERS[0 if first else 1], lines, by=ids.desk)

    def stock_work(self, day: date) -> None:
        """Back-bar products used in treatments; now and then a shelf counted, a unit
        found missing."""
        salon, ids, rng = self.salon, self.ids, self.stock_rng
        for product in BACK_BAR:
            stylist = rng.choice(ids.stylists)
            stock.use_stock(salon, ids.products[product], 1, by=stylist, stylist_id=stylist)
        if rng.random() < 0.25:
            product = Product.get_by_id(rng.choice(ids.products))
            stock.count_stock(salon, {product.id: max(0, product.on_hand - 1)}, by=ids.desk)

    # --- the care record ------------------------------------------------------------------

    def consultation(self, booking: Booking) -> None:
        """At check-in, a client booked for a kind of service with a form answers it and
        signs, once for the answers and the expectation note written when booking."""
        forms = booking_forms(self.salon, booking.id)
        open_notes = [n for n in booking_notes(self.salon, booking.id) if not n.acknowledged]
        if not forms and not open_notes:
            return
        rng = self.care_rng
        signature = drawn_signature(rng)
        consultation = None
        for category, questions in forms:
            replies = {}
            for question in questions:
                if question.kind is Answered.TEXT:
                    replies[question.text] = (rng.choice(SAID[question.text]), "")
                elif "pregnant" not in question.text and rng.random() < 0.2:
                    replies[question.text] = ("yes", rng.choice(YES_DETAILS))
                else:
                    replies[question.text] = ("no", "")
            consultation = consultations.record_consultation(
                self.salon, booking.client_id, category=category, replies=replies,
                by=self.ids.desk, booking_id=booking.id, signature=signature)
        for number, note in enumerate(open_notes):
            signed_beside = consultation if number == 0 else None  # it signs one note
            notes.acknowledge_note(self.salon, note.note_id, by=self.ids.desk,
                                   signature=None if signed_beside else signature,
                                   consultation_id=signed_beside)

    def is_colour(self, booking: Booking) -> bool:
        return BookedService.select().join(Service).where(
            (BookedService.booking == booking.id) & (Service.category == "Colour")).exists()

    def formula(self, booking: Booking) -> None:
        """A colour visit's formula: the client's last one again, now and then moved on a
        shade or given longer; the first one drawn from the usual mixes."""
        if not self.is_colour(booking):
            return
        rng = self.care_rng
        last, _own = starting_formula(self.salon, booking.id)
        if last is None:
            bowls = rng.choice(FIRST_FORMULAS)
        else:
            bowls = [dataclasses.replace(bowl, minutes=bowl.minutes + rng.choice((0, 0, 5)))
                     for bowl in last.bowls]
        formulas.save_formula(self.salon, booking.id, list(bowls), by=booking.stylist_id,
                              notes=rng.choice(("", "", "Pre-soften the grey at the temples.",
                                                "Ends porous: apply to the lengths last.")))
        photographed = self.photographed(booking)
        if photographed:
            self.photo(booking, "after", photographed)

    def photographed(self, booking: Booking) -> tuple | None:
        """The hair's tones before and after, for one colour visit in three; else None.
        The same draw at the start and at the finish (it is keyed to the booking)."""
        drawn = random.Random(booking.id * 7919)
        return drawn.choice(HAIR_TONES) if drawn.random() < 0.35 else None

    def photo(self, booking: Booking, moment: str, tones: tuple) -> None:
        regrowth, faded, colour = tones
        lighter = tuple(min(255, value + 24) for value in colour)
        root_to_ends = (regrowth, faded) if moment == "before" else (colour, lighter)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{moment}.jpg"
            hair_picture(root_to_ends, random.Random(booking.id)).save(path, quality=88)
            visit_photos.add_visit_photo(self.salon, booking.id, path, moment=moment,
                                         by=booking.stylist_id)

    # --- patch tests ---------------------------------------------------------------------

    def patch_test_on_file(self, booking: Booking) -> None:
        """A colour client without a valid patch test brings the card of one done at an
        earlier visit, a few days to four months before (the demo's history is short)."""
        if not services_needing_test(self.salon, booking.id):
            return
        if patch_state(self.salon, booking.client_id, booking.start).allows_service:
            return
        done = booking.start.replace(tzinfo=UTC) - timedelta(
            days=self.patch_rng.randint(3, 120), minutes=self.patch_rng.randrange(0, 480, 15))
        self._patch_test(booking.client_id, booking.stylist_id, done, Result.CLEAR)

    def patch_tests_ahead(self) -> None:
        """The clients booked for colour from now on: most have a valid test on file; one
        had hers this morning (not read yet), one reacted to hers two days ago, and the rest
        are due — the desk books them a test."""
        now = self.clock.now()
        upcoming = Booking.select().join(BookedService).join(Service).where(
            (Booking.status == BookingStatus.BOOKED) & Service.needs_patch_test
            & (Booking.start > now.replace(tzinfo=None))).distinct().order_by(
            Booking.start, Booking.id)
        seen: set[int] = set()
        to_show = ["not read", "reaction"]
        for booking in upcoming:
            if booking.client_id in seen:
                continue
            seen.add(booking.client_id)
            if patch_state(self.salon, booking.client_id, booking.start).allows_service:
                continue
            if to_show and booking.start.replace(tzinfo=UTC) > now + timedelta(days=3):
                shown = to_show.pop(0)
                done = now - timedelta(hours=1 if shown == "not read" else 50)
                test = self._patch_test(booking.client_id, booking.stylist_id, done,
                                        Result.NOT_READ, signed=True)
                if shown == "reaction":
                    patch_tests.read_test(self.salon, test, result=Result.REACTION,
                                          by=booking.stylist_id,
                                          notes="Redness and itching behind the ear at 24 hours.")
            elif self.patch_rng.random() < 0.75:
                done = now - timedelta(days=self.patch_rng.randint(3, 150))
                self._patch_test(booking.client_id, booking.stylist_id, done, Result.CLEAR)

    def _patch_test(self, client: int, stylist: int, done: datetime, result: Result, *,
                    signed: bool = False) -> int:
        """A test done in the salon is signed; one from a card of an earlier visit is not."""
        return patch_tests.record_test(self.salon, client, by=stylist, done_at=done,
                                       products=self.patch_rng.choice(PATCH_PRODUCTS),
                                       result=result,
                                       signature=drawn_signature(self.care_rng) if signed
                                       else None)

    def close(self, day: date) -> None:
        salon, ids = self.salon, self.ids
        self.move_to(self.at(day, 18, 30))
        expected = balances.expected_cash(salon, day)
        slip = self.rng.choice([0, 0, 0, 0, -5, 5, -100])
        cash_drawer.count_drawer(salon, max(0, expected + slip), by=ids.manager)
        day_close.close_day(salon, day, approved_by=ids.manager)


def drawn_signature(rng: random.Random) -> bytes:
    """A signature as a client draws one on the pad: a few joined loops, ink on white."""
    width, height = 520, 150
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    x, points = 24.0, []
    while x < width - 60:
        loop = rng.uniform(14, 34)
        for step in range(12):
            angle = step / 12 * 2 * math.pi
            points.append((x + loop * 0.6 * math.sin(angle) + step * 2.2,
                           height / 2 + rng.uniform(-4, 4) - loop * math.cos(angle)))
        x += loop * 0.9 + 10
    pen.line(points, fill="#10204a", width=4, joint="curve")
    pen.line([(points[0][0], height - 30), (x, height - 34)], fill="#10204a", width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def hair_picture(tone: tuple[tuple, tuple], rng: random.Random) -> Image.Image:
    """A length of hair, root to ends, in strands: the demo's photo of a head of colour
    (drawn by Pillow's own operations: a few milliseconds)."""
    (root, ends), size = tone, (480, 640)
    length = ImageOps.colorize(Image.linear_gradient("L").resize(size), root, ends)
    strands = Image.effect_noise((size[0], 1), rng.uniform(28, 40)).resize(size)
    return ImageChops.multiply(length, ImageOps.autocontrast(strands, cutoff=2).point(
        lambda value: 150 + value * 105 // 255).convert("RGB"))
