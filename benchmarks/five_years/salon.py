"""The five-year salon itself: settings, opening hours, staff and catalogue, set up through
the real services (each approval lands in the journal as it would at the counter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import catalogue, salon_setup, staff

TIME_ZONE = "Europe/Dublin"
MANAGER_PIN = "1234"
DESK_PINS = ("1111", "1112")

# A busy city salon: long hours every day but three holidays, so that twelve chairs see
# the 450,000 bookings in five years (about 21 a chair a day, most of them quick).
OPENING_HOURS = {  # weekday → (opens, closes)
    0: (time(8), time(21)), 1: (time(8), time(21)), 2: (time(8), time(21)),
    3: (time(8), time(21)), 4: (time(8), time(21)), 5: (time(8), time(19)),
    6: (time(10), time(18)),
}
HOLIDAYS = ((12, 25), (12, 26), (1, 1))

STYLIST_NAMES = [
    ("Aoife Ní Bhriain", "#e57373"), ("Łukasz Nowak", "#64b5f6"), ("Ngọc Anh Trần", "#81c784"),
    ("Siobhán Kelly", "#ffb74d"), ("Mateus Silva", "#ba68c8"), ("Priya Raman", "#4db6ac"),
    ("Cian Walsh", "#f06292"), ("Yuki Tanaka", "#9575cd"), ("Fatima Haddad", "#4fc3f7"),
    ("Søren Jónsson", "#aed581"), ("Chloé Dubois", "#ff8a65"), ("Ayşe Yılmaz", "#a1887f"),
]
# Who does what: barbers take the quick cuts, the others everything from a fringe trim
# to a colour correction.
PROFILES = ("barber", "all_round")
DAYS_OFF = (0, 1, 2, 3, 4, 6)  # one weekday off each, spread; everyone works on Saturdays

# name, category, minutes, price (cents), deposit rule, needs consultation, tax
SERVICES = [
    ("Fringe trim", "Cut", 15, 1000, "never", False, "services"),
    ("Beard trim", "Barber", 15, 1500, "policy", False, "services"),
    ("Men's cut", "Cut", 25, 3000, "policy", False, "services"),
    ("Cut and beard", "Barber", 40, 4000, "policy", False, "services"),
    ("Children's cut", "Cut", 20, 2000, "never", False, "services"),
    ("Blow-dry", "Finish", 30, 3500, "never", False, "services"),
    ("Wash, cut and finish", "Cut", 45, 5500, "policy", False, "services"),
    ("Deep-conditioning treatment", "Treatment", 30, 2500, "policy", False, "services"),
    ("Toner and gloss", "Colour", 45, 4500, "policy", False, "services"),
    ("Root colour", "Colour", 90, 7500, "policy", False, "services"),
    ("Full head colour", "Colour", 120, 9500, "policy", False, "services"),
    ("Balayage", "Colour", 180, 18000, "policy", True, "services"),
    ("Colour correction", "Colour", 240, 25000, "always", True, "services"),
    ("Keratin smoothing", "Treatment", 150, 16000, "policy", True, "services"),
    ("Tape-in extensions", "Extensions", 180, 32000, "always", True, "services"),
    ("Occasion up-do", "Styling", 60, 6000, "policy", False, "services"),
    ("Bridal trial", "Styling", 90, 8500, "always", False, "services"),
]
# How often each profile is asked for each service (by name).
MIXES = {
    "barber": {"Men's cut": 45, "Beard trim": 20, "Cut and beard": 22, "Children's cut": 9,
               "Fringe trim": 4},
    "all_round": {"Fringe trim": 8, "Men's cut": 14, "Children's cut": 8, "Blow-dry": 16,
                  "Wash, cut and finish": 26, "Deep-conditioning treatment": 4,
                  "Toner and gloss": 6, "Root colour": 8, "Full head colour": 4,
                  "Occasion up-do": 3, "Balayage": 2, "Bridal trial": 1, "Colour correction": 1,
                  "Keratin smoothing": 1, "Tape-in extensions": 1},
}
ADD_ON = "Deep-conditioning treatment"  # now and then booked on top of a cut
PRODUCTS = [
    ("Repair shampoo 250 ml", "SH-250", 1800), ("Repair conditioner 250 ml", "CO-250", 1900),
    ("Colour-safe mask", "MA-200", 2600), ("Heat-protect spray", "HP-150", 1649),
    ("Texture paste", "TX-075", 1495), ("Bond-repair oil", "OI-050", 3200),
    ("Beard oil", "BO-030", 1250), ("Wide-tooth comb", "CB-001", 600),
    ("Silk scrunchie", "SC-001", 900),
]
TAX_CLASSES = {"services": ("Services 13.5%", 1350), "retail": ("Retail 23%", 2300)}


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    name: str
    minutes: int
    price: int
    rule: str
    consult: bool
    tax_rate_bp: int
    tax_name: str


@dataclass(frozen=True)
class ProductInfo:
    id: int
    name: str
    price: int
    tax_rate_bp: int
    tax_name: str


@dataclass(frozen=True)
class Stylist:
    id: int
    profile: str
    day_off: int  # weekday


@dataclass(frozen=True)
class SalonIds:
    manager: int
    desks: tuple[int, int]  # morning and evening shift
    stylists: tuple[Stylist, ...]
    services: dict[str, ServiceInfo]
    products: tuple[ProductInfo, ...]


def hours(day: date) -> tuple[time, time] | None:
    """When the salon is open on a day (None: closed)."""
    if (day.month, day.day) in HOLIDAYS:
        return None
    return OPENING_HOURS[day.weekday()]


def set_up(salon: Salon, stylist_count: int) -> SalonIds:
    """The salon, its staff and its catalogue, each through the service the manager uses."""
    manager = salon_setup.set_up_salon(
        salon, salon_name="Studio Zoë (five years)", currency_code="EUR", time_zone=TIME_ZONE,
        manager_name="Maeve O'Connor", manager_pin=MANAGER_PIN,
        salon_address="12 Wicklow Street, Dublin 2", salon_phone="+353 1 555 0123",
        tax_number="IE1234567T", cash_rounding_increment=5,
    )
    desks = tuple(staff.add_staff(salon, name, "front_desk", pin, approved_by=manager)
                  for name, pin in zip(("Dara Byrne", "Orla Quinn"), DESK_PINS, strict=True))
    stylists = []
    for n in range(stylist_count):
        name, colour = STYLIST_NAMES[n % len(STYLIST_NAMES)]
        if n >= len(STYLIST_NAMES):
            name = f"{name} {n // len(STYLIST_NAMES) + 1}"
        stylist_id = staff.add_staff(salon, name, "stylist", f"{2001 + n}", colour=colour,
                                     approved_by=manager)
        stylists.append(Stylist(stylist_id, PROFILES[n % len(PROFILES)], DAYS_OFF[n % 6]))
    taxes = {key: (catalogue.add_tax_class(salon, name, rate, approved_by=manager), name, rate)
             for key, (name, rate) in TAX_CLASSES.items()}
    services = {}
    for name, category, minutes, price, rule, consult, tax in SERVICES:
        tax_id, tax_name, rate = taxes[tax]
        service_id = catalogue.add_service(
            salon, name, category=category, duration_min=minutes, price=price,
            tax_class_id=tax_id, deposit_rule=rule, needs_consultation=consult,
            approved_by=manager)
        services[name] = ServiceInfo(service_id, name, minutes, price, rule, consult, rate,
                                     tax_name)
    tax_id, tax_name, rate = taxes["retail"]
    products = tuple(
        ProductInfo(catalogue.add_product(salon, name, sku=sku, price=price, tax_class_id=tax_id,
                                          approved_by=manager), name, price, rate, tax_name)
        for name, sku, price in PRODUCTS)
    return SalonIds(manager, desks, tuple(stylists), services, products)
