"""The salon's clients: who they are, when they first came, how often they come back,
and what the desk must know when they book (their deposit rule, their missed visits)."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import accumulate

from salon_pos.services.operations.clients import client_fields

FIRST_NAMES = [
    "Zoë", "Niamh", "Saoirse", "Ciara", "Aisling", "Orla", "Sinéad", "Róisín", "Emma", "Sophie",
    "Chloé", "Amélie", "Léa", "Małgorzata", "Agnieszka", "Zofia", "Ngọc", "Linh", "Thảo", "Mei",
    "李娜", "Yuki", "Priya", "Ananya", "Fatima", "Amira", "Ayşe", "Björk", "Søren", "José",
    "María", "João", "Seán", "Cian", "Oisín", "Tomás", "Liam", "Jack", "Noah", "Kai", "Aoife",
    "Caoimhe", "Clodagh", "Éabha", "Gráinne", "Méabh", "Nuala", "Úna", "Darragh", "Eoin",
    "Fionn", "Pádraig", "Ruairí", "Conor", "Declan", "Lucy", "Grace", "Ella", "Ava", "Mia",
    "Isla", "Hannah", "Olivia", "Freya", "Ruby", "Anna", "Eva", "Sara", "Laura", "Julia",
    "Marta", "Olga", "Irina", "Katarzyna", "Dorota", "Lena", "Nadia", "Leila", "Yasmin", "Aaliyah",
    "Chiara", "Giulia", "Francesca", "Inès", "Manon", "Camille", "Lucía", "Carmen", "Valentina",
    "Ines", "Hiroshi", "Kenji", "Sakura", "Min-jun", "Ji-woo", "Arjun", "Rohan", "Kavya", "Omar",
]
LAST_NAMES = [
    "Murphy", "Kelly", "O'Sullivan", "Walsh", "Ó Briain", "Mac Giolla", "Byrne", "Ryan", "Nowak",
    "Kowalska", "Wiśniewska", "Nguyễn", "Trần", "Lê", "王", "李", "Tanaka", "Sharma", "Iyer",
    "Haddad", "Yılmaz", "Jónsdóttir", "Müller", "Dubois", "García", "Gonçalves", "Rossi",
    "Smith", "Brennan", "Doyle", "O'Brien", "Ó Ceallaigh", "O'Connor", "McCarthy", "Gallagher",
    "O'Donnell", "Lynch", "Quinn", "Moore", "McLoughlin", "Carroll", "Connolly", "Daly",
    "Kennedy", "Fitzgerald", "Nic Aodha", "Ní Dhomhnaill", "Mac Cárthaigh", "Farrell", "Healy",
    "Kavanagh", "Power", "Reilly", "Dunne", "Kowalczyk", "Lewandowski", "Zieliński", "Szymańska",
    "Phạm", "Hoàng", "Vũ", "张", "刘", "陈", "Suzuki", "Takahashi", "Kim", "Park", "Patel",
    "Gupta", "Khan", "Ahmed", "Hassan", "Öztürk", "Kaya", "Şahin", "Schmidt", "Schneider",
    "Fischer", "Martin", "Bernard", "Lefèvre", "Fernández", "López", "Martínez", "Pereira",
    "Santos", "Ferreira", "Bianchi", "Romano", "Esposito", "Andersen", "Nielsen", "Sigurðsson",
]
ALERTS = ["", "", "", "", "", "", "Patch test needed before colour",
          "Allergic to PPD — patch test every 6 months", "Sensitive scalp",
          "Prefers a quiet appointment", "Pregnant: no keratin until further notice"]
SHARE_AT_START = 0.35  # clients already on the books when the history starts
ALWAYS_DEPOSIT, NEVER_DEPOSIT, HOUSE_ACCOUNT = 0.02, 0.005, 0.005
HOUSE_LIMIT = 50_000
YEAR = timedelta(days=365)


class People:
    """Clients as rows to write, and as the desk sees them when it books."""

    def __init__(self, rng: random.Random, first_id: int, joins: list[datetime],
                 stored: Callable[[datetime], datetime]):
        """`joins`: when each client first came (local time, sorted), one per client;
        `stored` turns a local time into the database's UTC."""
        count = len(joins)
        self.first_id = first_id
        self.joins = joins
        weights = [min(rng.paretovariate(1.3), 40.0) for _ in range(count)]
        self.cumulative = list(accumulate(weights))
        self.rules: dict[int, str] = {}
        self.house_limits: dict[int, int] = {}
        self.misses: dict[int, list[datetime]] = {}
        self.rows = [{**self._row(rng, n), "created_at": stored(joined)}
                     for n, joined in enumerate(joins)]
        self.terms: dict[date, list[tuple[int, dict]]] = {}  # join day → (client, terms)
        for n, joined in enumerate(joins):
            terms = self._terms(rng, first_id + n)
            if terms:
                self.terms.setdefault(joined.date(), []).append((first_id + n, terms))

    def _row(self, rng: random.Random, n: int) -> dict:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        phone = f"+353 8{rng.randint(3, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        fields = client_fields(name, phone, f"client{n + 1}@example.ie", rng.choice(ALERTS),
                               None)
        return {"id": self.first_id + n, **fields}

    def _terms(self, rng: random.Random, client_id: int) -> dict:
        """A manager's decision for a few clients: always or never a deposit, or a house
        account (set through the real service on the morning they join)."""
        roll = rng.random()
        if roll < ALWAYS_DEPOSIT:
            self.rules[client_id] = "always"
            return {"deposit_rule": "always"}
        if roll < ALWAYS_DEPOSIT + NEVER_DEPOSIT:
            self.rules[client_id] = "never"
            return {"deposit_rule": "never"}
        if roll < ALWAYS_DEPOSIT + NEVER_DEPOSIT + HOUSE_ACCOUNT:
            self.house_limits[client_id] = HOUSE_LIMIT
            return {"house_account_enabled": True, "house_account_limit": HOUSE_LIMIT}
        return {}

    def pick(self, rng: random.Random, at: datetime) -> int:
        """A client who has joined by `at`, regulars far more often than the rest."""
        known = bisect_right(self.joins, at)
        if known == 0:
            raise ValueError(f"no client has joined by {at}")
        n = bisect_right(self.cumulative, rng.random() * self.cumulative[known - 1], 0, known - 1)
        return self.first_id + n

    def rule(self, client_id: int) -> str:
        return self.rules.get(client_id, "policy")

    def house_limit(self, client_id: int | None) -> int | None:
        """The client's house-account limit, or None without a house account."""
        return self.house_limits.get(client_id)

    def missed(self, client_id: int, now: datetime) -> int:
        """No-shows and late cancellations of bookings starting in the year up to `now`
        (UTC), as `clients.missed_in_last_year` counts them."""
        since = now - YEAR
        return sum(1 for start in self.misses.get(client_id, ()) if start >= since)

    def add_miss(self, client_id: int, start: datetime) -> None:
        self.misses.setdefault(client_id, []).append(start)
