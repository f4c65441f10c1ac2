"""The salon's days, played in time order on the demo's clock: each morning the drawer opens
and the desk books clients for the coming two weeks (taking deposits, writing the notes a
consultation service needs) and takes a delivery when stock is low; at noon a few clients
cancel; the day's clients come (or do not), are checked in (a patch test on file, the
consultation signed), started, finished (the formula, photos) and paid (courses' sessions,
gift vouchers, credit, house accounts, card and cash, tips, products); walk-ins drop by and
someone buys a gift voucher; in the evening a product comes back now and then, house
accounts are paid, cash is paid out, back-bar stock is used and counted, and the manager
counts the drawer and closes the day. Today is played up to the present.

What happens at the desk and the till is worked out here and written in bulk (desk, care,
till); what happens a few times a day — the drawer, deliveries, refunds, house payments,
back-bar and counts, the day close with its Z report and seal — goes through the real
services, on the salon's clock.
"""

from __future__ import annotations

import random
from concurrent.futures import Executor
from datetime import UTC, date, datetime, time, timedelta

from salon_pos.demo.care import Care
from salon_pos.demo.desk import Desk, Visit
from salon_pos.demo.drawer import Drawer
from salon_pos.demo.messages import Outbox
from salon_pos.demo.salon import SalonInfo, ean13, tz, unit_cost
from salon_pos.demo.stockroom import Stockroom
from salon_pos.demo.till import Ticket, Till, VoucherHeld
from salon_pos.demo.writer import Writer
from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.localtime import local_to_utc, to_utc_naive
from salon_pos.domain.patch_tests import Result
from salon_pos.services.operations import refunds, stock
from salon_pos.services.views.consultations import form
from salon_pos.services.views.courses import course_plans
from salon_pos.services.views.vouchers import voucher_designs

OPENS, CLOSES = time(9, 0), time(18, 0)
BOOKINGS_PER_DAY = 50
FLOAT = 15_000
SUPPLIERS = ("Celtic Salon Supplies", "Hairline Wholesale")
FIRST_DELIVERY, REORDER_LEVEL = 24, 6
BACK_BAR = (2, 5)  # the mask and the oil (by their place in PRODUCTS): used in treatments
EXPECTED = ["Lift the old box dye to a soft golden blonde; ends may stay warmer.",
            "Sun-kissed balayage, lighter around the face, blended root.",
            "Smooth, frizz-free lengths for about three months.",
            "Added length to the shoulder blades, colour-matched to the mid-lengths."]
LIMITS = ("Hair may feel drier for a week; a second session may be needed to reach the final "
          "tone.")
# How often each service is asked for (by its place in SERVICES).
ASKED = [9, 8, 4, 5, 5, 3, 2, 1, 1, 1, 1, 3]
NOTES_GIVEN = (500, 1000, 2000, 5000, 10_000, 20_000)
TIPS = [200, 300, 500, 500, 1000]
# The order of what happens at the same minute.
NO_SHOW, CHECK_IN, START, FINISH, CHECKOUT = range(5)


class Days:
    def __init__(self, writer: Writer, info: SalonInfo, today: date, real_now: datetime,
                 seed: int, pictures: Executor, files: Executor):
        self.writer, self.info, self.today, self.real_now = writer, info, today, real_now
        self.desk_id = info.desk
        self.last_day = today + timedelta(days=14)
        self.rng = random.Random(seed + 1)  # the desk and the day's clients
        self.gifts = random.Random(seed + 2)  # gift vouchers sold and spent
        self.series = random.Random(seed + 3)  # prepaid courses sold
        self.stock_rng = random.Random(seed + 6)
        self.outbox = Outbox(writer)
        self.desk = Desk(writer, info, self.outbox)
        self.care = Care(writer, random.Random(seed + 5), random.Random(seed + 4), seed,
                         pictures, files)
        self.drawer = Drawer(writer)
        self.stockroom = Stockroom(writer)
        self.till = Till(writer, info, self.desk, self.stockroom, random.Random(seed + 7))
        self.vouchers: dict[int, VoucherHeld] = {}
        self.voucher_codes: list[VoucherHeld] = []  # sold, with money left, as kept
        self.service_vouchers: list[VoucherHeld] = []  # single-purpose, not yet used
        self.plans: list = []
        self.designs: list = []
        self.stocked = False

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return local_to_utc(day, time(hour, minute), tz())

    def offers(self) -> None:
        """What the salon sells and asks from now on (set up through the services)."""
        salon = self.writer.salon
        self.plans = course_plans(salon, sold_only=True)
        self.designs = voucher_designs(salon, sold_only=True)
        self.care.forms = {category: form(salon, category) for category in
                           {s.category for s in self.info.services}}
        self.care.forms = {k: v for k, v in self.care.forms.items() if v}

    # --- a day ---------------------------------------------------------------------------------

    def day(self, day: date, first: bool) -> None:
        morning = self.at(day, 8, 30)
        if morning > self.real_now:
            return
        self.drawer.open(morning, FLOAT, self.desk_id)
        self.book_ahead(day, morning, first)
        self.deliveries(morning)
        events = self.appointments(day)
        events.append((self.at(day, 12), -1, 0, "cancellations", day))
        if day < self.today:
            for n in range(self.rng.randint(1, 4)):
                events.append((self.at(day, 10 + 2 * n, 40), 5, n, "walk-in", None))
            events.append((self.at(day, 16, 10), 6, 0, "gift voucher", None))
            events.append((self.at(day, 17, 30), 7, 0, "evening", day))
        last = morning
        for at, _order, _n, action, what in sorted(events, key=lambda e: e[:3]):
            if at > self.real_now:
                break
            self.step(action, what, at)
            last = at
        if day < self.today:  # once the last client has gone
            self.close(day, max(self.at(day, 18, 30), last + timedelta(minutes=10)))
        self.writer.flush()
        self.care.settle()

    def step(self, action: str | int, what, at: datetime) -> None:
        desk, care, now = self.desk, self.care, to_utc_naive(at)
        if action == "cancellations":
            self.cancellations(what, at)
        elif action == "walk-in":
            self.walk_in(at)
        elif action == "gift voucher":
            self.gift_voucher(at)
        elif action == "evening":
            self.evening(what, at)
        elif action == NO_SHOW:
            desk.no_show(what, at, self.desk_id)
        elif action == CHECK_IN:
            desk.status(what, BookingStatus.ARRIVED, checked_in_at=now)
            care.test_on_file(what, at)
            care.consultation(what, at, self.desk_id)
        elif action == START:
            tones = care.is_colour(what) and care.photographed(what)
            if tones:
                care.photo(what, "before", tones, at)
            desk.status(what, BookingStatus.IN_SERVICE, started_at=now)
        elif action == FINISH:
            care.complete_notes(what, at)
            care.formula(what, at)
            desk.status(what, BookingStatus.READY, finished_at=now)
        else:
            self.checkout(what, at)

    # --- the desk books ahead ------------------------------------------------------------------

    def book_ahead(self, day: date, at: datetime, first: bool) -> None:
        """Clients book one to fourteen days ahead (most within the week); on the first day
        the desk also enters what was booked before the history starts."""
        for _ in range(BOOKINGS_PER_DAY * (4 if first else 1)):
            ahead = min(int(self.rng.expovariate(1 / 4)) + 1, 14)
            target = day + timedelta(days=ahead)
            if target <= self.last_day:
                self.book_one(target, at)

    def book_one(self, target: date, at: datetime) -> None:
        """A client asks for a service on a day; the desk tries a few times and stylists."""
        rng, info = self.rng, self.info
        asked = info.services[:len(ASKED)]
        service = rng.choices(asked, weights=ASKED)[0]
        chosen = [service]
        if rng.random() < 0.1:
            chosen.append(asked[-1])  # a treatment on top
        client = rng.choice(info.clients)
        for _attempt in range(8):
            minutes = rng.randrange(0, (CLOSES.hour - OPENS.hour - 1) * 4) * 15
            start = self.at(target, OPENS.hour) + timedelta(minutes=minutes)
            visit = self.desk.book(at, client, rng.choice(info.stylists), start, chosen,
                                   self.desk_id)
            if visit is not None:
                self.deposit_and_note(visit, service, at)
                return

    def deposit_and_note(self, visit: Visit, service, at: datetime) -> None:
        rng = self.rng
        if visit.deposit_due and rng.random() < 0.92:
            card = rng.random() < 0.8
            self.desk.take_deposit(visit, at, self.desk_id, "card" if card else "cash",
                                   f"T{rng.randint(100000, 999999)}" if card else "")
        if service.consult:  # the note is written when booking, agreed at the consultation
            self.desk.write_note(visit, at, visit.stylist, expected_result=rng.choice(EXPECTED),
                                 limits_and_risks=LIMITS, sessions_expected=rng.choice([1, 1, 2]),
                                 price_min=service.price, price_max=service.price + 4000)

    def deliveries(self, at: datetime) -> None:
        """The first morning the products get their barcodes and the shelves are stocked;
        later, what is low is reordered. (After the morning's booking: the journal's
        first entries stay where the README's examples find them.)"""
        first = not self.stocked
        low = [p for p in self.info.products
               if self.writer.stock[p.id].on_hand <= REORDER_LEVEL]
        if not first and len(low) < 3:
            return
        info = self.info
        if first:  # a manager's details, and the first delivery, through the services
            with self.writer.services(at) as salon:
                for number, product in enumerate(info.products):
                    stock.set_stock_details(salon, product.id, approved_by=info.manager,
                                            barcode=ean13(number), reorder_level=REORDER_LEVEL)
                stock.receive_delivery(salon, SUPPLIERS[0], [
                    (p.id, FIRST_DELIVERY, unit_cost(p.price)) for p in low], by=self.desk_id)
            self.stocked = True
            return
        self.stockroom.receive(SUPPLIERS[1], [
            (p, 18, unit_cost(p.price) + self.stock_rng.choice([0, 10, 20])) for p in low],
            at, self.desk_id)

    # --- cancellations -------------------------------------------------------------------------

    def cancellations(self, day: date, at: datetime) -> None:
        lo = to_utc_naive(self.at(day + timedelta(days=1), 0))
        hi = to_utc_naive(self.at(day + timedelta(days=8), 0))
        tomorrow_noon = to_utc_naive(self.at(day + timedelta(days=1), 12))
        upcoming = [v for v in self.desk.visits.values()
                    if v.status == BookingStatus.BOOKED and lo <= v.start < hi]
        for visit in upcoming:
            # Most cancel in good time; tomorrow morning's clients now and then cancel late.
            chance = 0.06 if visit.start < tomorrow_noon else 0.012
            if self.rng.random() < chance:
                choice = "credit" if self.rng.random() < 0.3 else "refund"
                self.desk.cancel(visit, at, self.desk_id, choice)

    # --- the day's appointments ----------------------------------------------------------------

    def appointments(self, day: date) -> list[tuple]:
        lo = to_utc_naive(self.at(day, 0))
        hi = to_utc_naive(self.at(day + timedelta(days=1), 0))
        events = []
        for visit in self.desk.visits.values():
            if visit.status != BookingStatus.BOOKED or not lo <= visit.start < hi:
                continue
            start, end = visit.aware_start, visit.end.replace(tzinfo=UTC)
            if self.rng.random() < 0.05:
                events.append((start + timedelta(minutes=20), NO_SHOW, visit.id, NO_SHOW,
                               visit))
                continue
            events += [(start - timedelta(minutes=5), CHECK_IN, visit.id, CHECK_IN, visit),
                       (start, START, visit.id, START, visit),
                       (end, FINISH, visit.id, FINISH, visit),
                       (end + timedelta(minutes=5), CHECKOUT, visit.id, CHECKOUT, visit)]
        return events

    def checkout(self, visit: Visit, at: datetime) -> None:
        rng, till = self.rng, self.till
        ticket = till.open(at, self.desk_id, visit)
        self.courses_at_checkout(ticket, visit, at)
        if rng.random() < 0.3:
            till.add_product(ticket, rng.choice(self.info.products), rng.choice([1, 1, 2]),
                             visit.stylist)
        if visit.notes:
            happy = rng.random() < 0.93
            till.signoff(ticket, self.desk_id, happy,
                         "" if happy else "Tone a little warmer than agreed",
                         "" if happy else "10% satisfaction discount; toner offered free")
            if not happy:
                till.discount_all(ticket, "satisfaction", 1000)
        if rng.random() < 0.6:
            till.tip(ticket, visit.stylist, rng.choice(TIPS))
        self.pay(ticket)

    def courses_at_checkout(self, ticket: Ticket, visit: Visit, at: datetime) -> None:
        """The client's course pays what it covers (the desk takes the session offered);
        now and then a client buys a course of what they just had."""
        offered = False
        for line in list(ticket.lines):
            usable = self.till.usable_courses(ticket, line.service)
            if usable:
                offered = True
                if self.till.use_session(ticket, line, usable[0]):
                    self.book_next_session(visit, line.service, at)
        if offered or self.series.random() > 0.15:
            return
        names = {s.id: s.name for s in self.info.services}
        for plan in self.plans:
            covered = ", ".join(names[s] for s in sorted(plan.service_ids))
            line = next((line for line in ticket.lines if line.description == covered), None)
            if line is not None:
                self.till.add_course(ticket, plan)
                self.book_next_session(visit, line.service, at)
                return

    def book_next_session(self, visit: Visit, service_id: int, at: datetime) -> None:
        """The client books the course's next session a week or two on, same time and
        stylist, if it is free."""
        service = next(s for s in self.info.services if s.id == service_id)
        for weeks in (1, 2):
            start = visit.start + timedelta(weeks=weeks)
            if start.date() > self.last_day:
                return
            if self.desk.book(at, visit.client, visit.stylist, start.replace(tzinfo=UTC),
                              [service], self.desk_id):
                return

    # --- paying ----------------------------------------------------------------------------------

    def pay(self, ticket: Ticket) -> None:
        rng, till, info = self.rng, self.till, self.info
        self.pay_by_service_voucher(ticket)
        if self.gifts.random() < 0.03 and till.remaining(ticket):
            self.pay_by_voucher(ticket)
        left = till.remaining(ticket)
        client = ticket.client
        roll = rng.random()
        credit = self.writer.balances.credit(client.id) if client else 0
        if left and credit and roll < 0.5:
            used = min(credit, left)
            till.tender(ticket, "credit", used)
            left -= used
        if left and client and client.house_limit is not None and roll < 0.7:
            over = self.writer.balances.owed(client.id) + left > client.house_limit
            till.tender(ticket, "house_account", left, approved_by=info.manager if over else None)
            left = 0
        if left > 1 and roll < 0.12:  # split: part on card, the rest in cash
            part = left // 2
            till.tender(ticket, "card", part, f"T{rng.randint(100000, 999999)}")
            left -= part
            roll = 0.9
        if left:
            if roll < 0.7:
                till.tender(ticket, "card", left, f"T{rng.randint(100000, 999999)}")
            elif till.cash_to_pay(ticket) > 0:  # a cent or two left rounds to nothing
                notes = [note for note in NOTES_GIVEN if note >= left]
                till.tender(ticket, "cash", notes[0] if notes else -(-left // 5000) * 5000)
        excess = "credit" if rng.random() < 0.5 else "refund"
        till.close(ticket, self.desk_id, excess, f"demo-close-{ticket.id}", self.vouchers)

    def pay_by_service_voucher(self, ticket: Ticket) -> None:
        """A single-purpose voucher given a few days ago pays for its service, when the
        client came for it (else it is kept for a later visit)."""
        today = self.writer.day_of(ticket.at)
        for held in self.service_vouchers:
            if (today - held.sold_on).days >= 3 and any(
                    line.service == held.service for line in ticket.lines):
                if self.till.pay_by_voucher(ticket, held) is not None:
                    self.service_vouchers.remove(held)
                return

    def pay_by_voucher(self, ticket: Ticket) -> None:
        """A voucher given a week or more ago comes back to pay."""
        today = self.writer.day_of(ticket.at)
        given = [held for held in self.voucher_codes if (today - held.sold_on).days >= 7]
        if not given:
            return
        held = self.gifts.choice(given)
        if self.till.pay_by_voucher(ticket, held) == 0:
            self.voucher_codes.remove(held)

    def gift_voucher(self, at: datetime) -> None:
        """Now and then someone buys a gift voucher at the desk, by card: one of the
        salon's designs, or of an amount of their own."""
        gifts, till = self.gifts, self.till
        if gifts.random() > 0.4:
            return
        ticket = till.open(at, self.desk_id)
        design = gifts.choice(self.designs) if self.designs and gifts.random() < 0.6 else None
        if design is None:
            till.add_voucher(ticket, gifts.choice([2500, 5000, 5000, 7500, 10_000]))
        else:
            till.add_voucher(ticket, design.amount, design)
        till.tender(ticket, "card", till.remaining(ticket), f"T{gifts.randint(100000, 999999)}")
        for held in till.close(ticket, self.desk_id, "refund", f"demo-close-{ticket.id}",
                               self.vouchers):
            self.vouchers[held.id] = held
            (self.service_vouchers if held.service else self.voucher_codes).append(held)

    def walk_in(self, at: datetime) -> None:
        rng, info, till = self.rng, self.info, self.till
        client = rng.choice(info.clients) if rng.random() < 0.6 else None
        ticket = till.open(at, self.desk_id, client=client)
        if rng.random() < 0.5:
            till.add_service(ticket, info.service("Blow-dry"), rng.choice(info.stylists))
        till.add_product(ticket, rng.choice(info.products))
        self.pay(ticket)

    # --- the evening, through the services -------------------------------------------------------

    def evening(self, day: date, at: datetime) -> None:
        """A product brought back now and then (through the service), house accounts paid,
        cash paid out, back-bar stock used and a shelf counted."""
        rng, info, desk = self.rng, self.info, self.desk_id
        if rng.random() < 0.3:
            with_products = [sale for sale in self.till.recent if sale[1]]
            if with_products:
                sale = rng.choice(with_products)
                with self.writer.services(at) as salon:
                    refunds.refund_sale(salon, sale[0], by=desk, approved_by=info.manager,
                                        reason="Product returned unopened",
                                        lines={sale[1][0]: 1}, restock={sale[1][0]: 1},
                                        reference=f"R{rng.randint(1000, 9999)}")
                self.till.recent.remove(sale)
        for client in info.clients:
            owed = self.writer.balances.owed(client.id)
            if owed > 0 and rng.random() < 0.15:
                self.drawer.house_payment(client.id, owed, at, desk, "card",
                                          f"T{rng.randint(100000, 999999)}")
        if rng.random() < 0.2:
            self.drawer.paid_out(at, 1250, desk, info.manager,
                                 "Milk and biscuits for the clients")
        for product in BACK_BAR:
            stylist = self.stock_rng.choice(info.stylists)
            self.stockroom.use(info.products[product], 1, at, stylist, stylist)
        if self.stock_rng.random() < 0.25:
            product = self.stock_rng.choice(info.products)
            self.stockroom.count(product, max(0, self.writer.stock[product.id].on_hand - 1),
                                 at, desk, info.manager)

    def close(self, day: date, at: datetime) -> None:
        """The manager counts the drawer and closes the day (its Z report and seal the
        app's own)."""
        manager = self.info.manager
        expected = self.drawer.expected(day)
        slip = self.rng.choice([0, 0, 0, 0, -5, 5, -100])
        self.drawer.count(at, max(0, expected + slip), manager, expected)
        self.drawer.close(day, at, manager)

    # --- after the history ---------------------------------------------------------------------

    def patch_tests_ahead(self, now: datetime) -> None:
        """The clients booked for colour from now on: most have a valid test on file; one
        had hers this morning (not read yet), one reacted to hers two days ago, and the rest
        are due — the desk books them a test."""
        care = self.care
        upcoming = sorted((v for v in self.desk.visits.values()
                           if v.status == BookingStatus.BOOKED and v.aware_start > now
                           and any(s.patch for s in v.services)),
                          key=lambda v: (v.start, v.id))
        seen: set[int] = set()
        to_show = ["not read", "reaction"]
        for visit in upcoming:
            client = visit.client.id
            if client in seen:
                continue
            seen.add(client)
            if care.allows(client, visit.start):
                continue
            if to_show and visit.aware_start > now + timedelta(days=3):
                shown = to_show.pop(0)
                done = now - timedelta(hours=1 if shown == "not read" else 50)
                test = care.record_test(client, visit.stylist, done, Result.NOT_READ, now,
                                        signed=True)
                if shown == "reaction":
                    self.writer.flush()  # its first seal, of the test as it was recorded
                    care.read_test(client, test, Result.REACTION, visit.stylist, now,
                                   "Redness and itching behind the ear at 24 hours.")
            elif care.patch_rng.random() < 0.75:
                done = now - timedelta(days=care.patch_rng.randint(3, 150))
                care.record_test(client, visit.stylist, done, Result.CLEAR, now)

    def withdraw_past(self, now: datetime) -> None:
        """The mail worker's pass over the bookings' messages (the real one follows)."""
        self.outbox.withdraw_past(now, {v.id: (v.start, v.status in ACTIVE)
                                        for v in self.desk.visits.values()})
