"""What happens a few times a day, done through the real services on the salon's clock:
the morning's new clients' terms and the drawer's float; in the evening house-account
payments, refunds, a waived fee, cash paid out, the drawer count and the day close."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from benchmarks.five_years.people import People
from benchmarks.five_years.player import Player
from benchmarks.five_years.salon import SalonIds
from salon_pos.demo.bulk import Journal
from salon_pos.domain.clock import FixedClock
from salon_pos.services.kernel import balances
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import (
    cash_drawer,
    clients,
    day_close,
    deposits,
    house_accounts,
    refunds,
)

FLOAT = 15_000
PAID_OUT = 1250


class Evening:
    def __init__(self, salon: Salon, clock: FixedClock, ids: SalonIds, people: People,
                 journal: Journal, player: Player, rng: random.Random):
        self.salon, self.clock, self.ids, self.people = salon, clock, ids, people
        self.journal, self.player, self.rng = journal, player, rng

    def _at(self, moment: datetime) -> None:
        self.clock.set(moment.replace(tzinfo=self.salon.settings().tz))

    def morning(self, day: date, opens: time) -> None:
        """The manager sets the new clients' terms; the desk opens the drawer."""
        start = datetime.combine(day, opens)
        self._at(start - timedelta(minutes=45))
        for client_id, terms in self.people.terms.pop(day, []):
            clients.set_client_terms(self.salon, client_id, approved_by=self.ids.manager, **terms)
        self._at(start - timedelta(minutes=30))
        cash_drawer.open_drawer(self.salon, FLOAT, by=self.ids.desks[0])
        self.journal.catch_up()

    def evening(self, day: date, closes: time) -> None:
        """After the last client: the rare actions, the count and the close (the bulk rows
        of the day are written already, so the services see them)."""
        at = datetime.combine(day, closes) + timedelta(minutes=10)
        self._at(at)
        self._house_payments(day)
        self._refunds()
        self._waive_a_fee()
        self._paid_out(day)
        self._at(at + timedelta(minutes=10))
        slip = self.rng.choice((0, 0, 0, 0, -5, 5, -100))
        counted = max(0, balances.expected_cash(self.salon, day) + slip)
        cash_drawer.count_drawer(self.salon, counted, by=self.ids.manager)
        self._at(at + timedelta(minutes=15))
        day_close.close_day(self.salon, day, approved_by=self.ids.manager)
        self.journal.catch_up()

    def _house_payments(self, day: date) -> None:
        """Statements go out monthly: most who owe settle early in the month."""
        chance = 0.5 if day.day <= 3 else 0.02
        owing = sorted(c for c in self.people.house_limits if self.journal.balances.owed(c))
        for client_id in owing:
            if self.rng.random() < chance:
                method = "card" if self.rng.random() < 0.7 else "cash"
                reference = self.player._card_reference() if method == "card" else ""
                house_accounts.take_house_payment(
                    self.salon, client_id, self.journal.balances.owed(client_id),
                    by=self.ids.desks[1], method=method, reference=reference)

    def _refunds(self) -> None:
        """A product brought back now and then; rarely, a whole sale refunded."""
        rng, recent = self.rng, self.player.recent_sales
        with_products = [sale for sale in recent if sale[2]]
        if with_products and rng.random() < 0.25:
            sale = rng.choice(with_products)
            refunds.refund_sale(self.salon, sale[1], by=self.ids.desks[1],
                                approved_by=self.ids.manager, reason="Product returned unopened",
                                lines={sale[2][0]: 1}, reference=f"R{rng.randint(1000, 9999)}")
            recent.remove(sale)
        if recent and rng.random() < 0.03:
            sale = rng.choice(recent)
            refunds.refund_sale(self.salon, sale[1], by=self.ids.desks[1],
                                approved_by=self.ids.manager,
                                reason="Client unhappy with the result: refunded in full",
                                reference=f"R{rng.randint(1000, 9999)}")
            recent.remove(sale)

    def _waive_a_fee(self) -> None:
        fees = self.player.recent_fees
        if fees and self.rng.random() < 0.04:
            fee = self.rng.choice(fees)
            deposits.waive_fee(self.salon, fee[1], by=self.ids.desks[1],
                               approved_by=self.ids.manager,
                               reason="Client was taken ill; fee given back")
            fees.remove(fee)

    def _paid_out(self, day: date) -> None:
        if self.rng.random() < 0.2 and balances.expected_cash(self.salon, day) >= PAID_OUT:
            cash_drawer.paid_out(self.salon, PAID_OUT, by=self.ids.desks[1],
                                 approved_by=self.ids.manager,
                                 reason="Milk and biscuits for the clients")
