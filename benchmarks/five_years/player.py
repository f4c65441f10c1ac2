"""Playing the days in time order: each booking is made, cancelled, missed or paid at its
moment, and its rows and journal entries are worked out with the domain's own rules —
the deposit policy, the sale arithmetic and settlement, the deposit pools — in the same
order and with the same fields the services write them. Nothing is written here: rows
wait in the bulk tables until the day is flushed.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict, deque
from datetime import date, datetime, time, timedelta
from itertools import count

import peewee as pw

from benchmarks.five_years.people import People
from benchmarks.five_years.plan import CANCELLED, LATE, NO_SHOW_FATE, Visit
from benchmarks.five_years.salon import SalonIds
from salon_pos.demo.bulk import Journal, Table
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.deposit_policy import BookedItem, DepositRule, deposit_due
from salon_pos.domain.deposit_pools import deposit_pools
from salon_pos.domain.journal import DEPOSIT_EXCESS_MEMO, Entry, Kind
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.money import percent_of
from salon_pos.domain.sale_math import (
    LineInput,
    cash_still_due,
    remaining_due,
    sale_totals,
    settle,
    tax_included,
)
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.settings import SalonSettings, policy_text
from salon_pos.store.models import (
    BookedService,
    Booking,
    ExpectationNote,
    Sale,
    SaleLine,
    SaleTender,
    SaleTip,
)

MAKE, CANCEL, NO_SHOW, CHECKOUT, WALK_IN = range(5)
SHIFT_CHANGE = time(14)
EXPECTED = [
    "Lift the old box dye to a soft golden blonde; ends may stay warmer.",
    "Sun-kissed balayage, lighter around the face, blended root.",
    "Smooth, frizz-free lengths for about three months.",
    "Added length to the shoulder blades, colour-matched to the mid-lengths.",
]
LIMITS = ("Hair may feel drier for a week; a second session may be needed to reach the final "
          "tone.")
OUTCOME, FORMULA = "Done as agreed; client delighted with the tone.", "7.3 + 8.34, 20 vol, 35 min"
CASH_NOTES = (500, 1000, 2000, 5000, 10_000, 20_000)
TIPS = (200, 300, 500, 500, 1000)
RECENT = timedelta(days=14)  # how far back the evening looks for a sale to refund


class Player:
    def __init__(self, settings: SalonSettings, ids: SalonIds, people: People,
                 journal: Journal, tables: dict[type[pw.Model], Table], rng: random.Random,
                 end_day: date):
        self.settings, self.ids, self.people = settings, ids, people
        self.journal, self.tables, self.rng, self.end_day = journal, tables, rng, end_day
        self.policy, self.policy_text = settings.deposit_policy, policy_text(settings)
        self.events: dict[date, list] = defaultdict(list)
        self.today: list = []  # the day being played, as a heap
        self.day: date | None = None
        self.order = count()
        self.pending: dict[int, Visit] = {}  # made, not yet cancelled, missed or paid
        self.next_id = {model: (model.select(pw.fn.MAX(model.id)).scalar() or 0) + 1
                        for model in (Booking, BookedService, ExpectationNote, Sale, SaleLine,
                                      SaleTip, SaleTender)}
        self.receipt_no = Sale.select(pw.fn.MAX(Sale.receipt_no)).scalar() or 0
        self.recent_sales: deque = deque()  # (day, sale id, retail line ids)
        self.recent_fees: deque = deque()  # (day, booking id) of no-show fees kept

    # --- the calendar ------------------------------------------------------------------

    def schedule(self, visits: list[Visit]) -> None:
        for visit in visits:
            self._push(visit.created, MAKE, visit)

    def _push(self, at: datetime, kind: int, visit: Visit | None) -> None:
        if at.date() > self.end_day:
            return  # after the history ends: it stays as it is
        event = (at, kind, next(self.order), visit)
        if at.date() == self.day:
            heapq.heappush(self.today, event)
        else:
            self.events[at.date()].append(event)

    def play_day(self, day: date, walk_ins: list[datetime]) -> None:
        self.day, self.today = day, self.events.pop(day, [])
        for at in walk_ins:
            self.today.append((at, WALK_IN, next(self.order), None))
        heapq.heapify(self.today)
        handlers = {MAKE: self._make, CANCEL: self._cancel, NO_SHOW: self._no_show,
                    CHECKOUT: self._checkout, WALK_IN: self._walk_in}
        while self.today:
            at, kind, _order, visit = heapq.heappop(self.today)
            handlers[kind](visit, at)
        while self.recent_sales and self.recent_sales[0][0] < day - RECENT:
            self.recent_sales.popleft()
        while self.recent_fees and self.recent_fees[0][0] < day - RECENT:
            self.recent_fees.popleft()

    def finish(self) -> None:
        """The bookings still ahead when the history ends are written as they stand."""
        for visit in sorted(self.pending.values(), key=lambda v: v.booking_id):
            self._write_booking(visit)
        self.pending.clear()

    # --- helpers -------------------------------------------------------------------------

    def stored(self, local: datetime) -> datetime:
        return to_utc_naive(local.replace(tzinfo=self.settings.tz))

    def _new_id(self, model) -> int:
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def _desk(self, at: datetime) -> int:
        return self.ids.desks[0] if at.time() < SHIFT_CHANGE else self.ids.desks[1]

    def _post(self, at: datetime, kind: Kind, amount: int, visit: Visit | None = None,
              **extra) -> Entry:
        if visit is not None:
            extra["booking_id"] = visit.booking_id
        entry = self.journal.post(self.stored(at), at.date(), str(kind), amount, **extra)
        if visit is not None:
            visit.deposit.append(entry)
        return entry

    def _card_reference(self) -> str:
        return f"T{self.rng.randint(100000, 999999)}"

    # --- bookings ------------------------------------------------------------------------

    def _make(self, visit: Visit, at: datetime) -> None:
        """`bookings.book`, then `deposits.take_deposit` and the agreed expectation note."""
        rng, desk, now = self.rng, self._desk(at), self.stored(at)
        visit.booking_id = self._new_id(Booking)
        client = visit.client = self.people.pick(rng, at)
        items = [BookedItem(s.name, s.price, DepositRule(s.rule)) for s in visit.services]
        decision = deposit_due(self.policy, items, DepositRule(self.people.rule(client)),
                               self.people.missed(client, now), self.settings.money)
        visit.rows["booking"] = {
            "id": visit.booking_id, "client": client, "stylist": visit.stylist,
            "start": self.stored(visit.start), "end": self.stored(visit.end),
            "status": BookingStatus.BOOKED.value, "deposit_due": decision.amount,
            "deposit_reason": decision.explanation, "policy": self.policy_text,
            "double_booked": visit.double_booked, "created_by": desk, "created_at": now,
        }
        visit.rows["services"] = [
            {"id": self._new_id(BookedService), "booking": visit.booking_id, "service": s.id,
             "name": s.name, "duration_min": s.minutes, "price_quoted": s.price,
             "position": position}
            for position, s in enumerate(visit.services)]
        if decision.amount and rng.random() < 0.92:
            self._take_deposit(visit, decision.amount, at, desk)
        if any(s.consult for s in visit.services):
            self._note(visit, now, desk)
        self.pending[visit.booking_id] = visit
        kind = {CANCELLED: CANCEL, LATE: CANCEL, NO_SHOW_FATE: NO_SHOW}.get(visit.fate, CHECKOUT)
        self._push(visit.fate_at, kind, visit)

    def _take_deposit(self, visit: Visit, amount: int, at: datetime, desk: int) -> None:
        roll = self.rng.random()
        if roll < 0.5 and self.journal.balances.credit(visit.client) >= amount:
            method, reference = "credit", ""
        elif roll < 0.84:
            method, reference = "card", self._card_reference()
        else:
            method, reference = "cash", ""
        self._post(at, Kind.DEPOSIT_TAKEN, amount, visit, method=method, reference=reference,
                   client_id=visit.client, staff_id=desk)

    def _note(self, visit: Visit, now: datetime, desk: int) -> None:
        booked = sum(s.price for s in visit.services)
        visit.rows["note"] = {
            "id": self._new_id(ExpectationNote), "booking": visit.booking_id,
            "expected_result": self.rng.choice(EXPECTED), "limits_and_risks": LIMITS,
            "sessions_expected": self.rng.choice((1, 1, 2)), "price_min": booked,
            "price_max": booked + 4000, "written_by": visit.stylist, "written_at": now,
            "acknowledged_at": now, "acknowledged_recorded_by": desk,
        }

    def _release(self, visit: Visit, to: str, at: datetime, by: int, memo: str) -> int:
        """`deposits.release_deposit`: end what the booking holds (refund, credit or fee)."""
        held = self.journal.balances.held(visit.booking_id)
        if held <= 0:
            return 0
        common = {"client_id": visit.client, "staff_id": by, "approved_by_id": None,
                  "memo": memo}
        if to == "refund":
            for method, part in deposit_pools(visit.deposit).split("held", held):
                self._post(at, Kind.DEPOSIT_REFUNDED, part, visit, method=method, **common)
        elif to == "credit":
            self._post(at, Kind.DEPOSIT_TO_CREDIT, held, visit, **common)
        else:
            rate = (self.settings.kept_deposit_tax_rate_bp if self.settings.kept_deposit_taxable
                    else 0)
            self._post(at, Kind.DEPOSIT_FORFEITED, held, visit, tax_rate_bp=rate,
                       tax_amount=tax_included(held, rate), **common)
        return held

    def _cancel(self, visit: Visit, at: datetime) -> None:
        """`bookings.cancel`: in good time the deposit goes back, late the policy keeps it
        (late or not is the service's rule, on UTC times: the plan only chose the moment)."""
        desk, now = self._desk(at), self.stored(at)
        window = timedelta(hours=self.settings.cancellation_window_hours)
        late = now > self.stored(visit.start) - window
        if late:
            self._release(visit, self.settings.late_cancel_keeps, at, desk, "late cancellation")
            self.people.add_miss(visit.client, self.stored(visit.start))
        else:
            to = "credit" if self.rng.random() < 0.3 else "refund"
            self._release(visit, to, at, desk, "cancelled in time")
        self._resolve(visit, status=BookingStatus.CANCELLED.value, cancelled_at=now,
                      cancel_kind="late" if late else "in_time", outcome_by=desk,
                      outcome_day=at.date())

    def _no_show(self, visit: Visit, at: datetime) -> None:
        """`bookings.mark_no_show`: the deposit is kept as a no-show fee."""
        desk = self._desk(at)
        if self._release(visit, "fee", at, desk, "no-show"):
            self.recent_fees.append((at.date(), visit.booking_id))
        self.people.add_miss(visit.client, self.stored(visit.start))
        self._resolve(visit, status=BookingStatus.NO_SHOW.value, outcome_by=desk,
                      outcome_day=at.date())

    def _resolve(self, visit: Visit, **fields) -> None:
        visit.rows["booking"].update(fields)
        self._write_booking(visit)
        del self.pending[visit.booking_id]

    def _write_booking(self, visit: Visit) -> None:
        self.tables[Booking].add(**visit.rows["booking"])
        for row in visit.rows["services"]:
            self.tables[BookedService].add(**row)
        if "note" in visit.rows:
            self.tables[ExpectationNote].add(**visit.rows["note"])

    # --- checkout ------------------------------------------------------------------------

    def _checkout(self, visit: Visit, at: datetime) -> None:
        """Check in, start, finish (the note's outcome written), then the sale as
        `sales.open_sale` … `checkout.close_sale` would ring it up."""
        rng, desk = self.rng, self._desk(at)
        sale_id = self._new_id(Sale)
        lines = []
        for service, booked in zip(visit.services, visit.rows["services"], strict=True):
            line = self._service_line(service, visit.stylist, booked["id"])
            if service.consult and rng.random() < 0.4:  # within the agreed range: no approval
                line["unit_price"] += rng.choice((1000, 2000, 4000))
                line["change_reason"] = "More product needed than planned"
            lines.append(line)
        if rng.random() < 0.3:
            lines.append(self._product_line(visit.stylist, rng.choice((1, 1, 2))))
        sale = {"booking": visit.booking_id, "client": visit.client,
                "opened_at": self.stored(visit.end + timedelta(minutes=1))}
        if "note" in visit.rows:
            self._signoff(sale, lines, desk, at)
        tips = [(visit.stylist, rng.choice(TIPS))] if rng.random() < 0.6 else []
        self._ring_up(sale_id, sale, lines, tips, visit, at, desk)
        if "note" in visit.rows:
            visit.rows["note"].update(outcome=OUTCOME, formula=FORMULA,
                                      completed_at=self.stored(visit.end),
                                      completed_by=visit.stylist)
        arrived = visit.start - timedelta(minutes=rng.randint(0, 10))
        self._resolve(visit, status=BookingStatus.CLOSED.value, checked_in_at=self.stored(arrived),
                      started_at=self.stored(visit.start), finished_at=self.stored(visit.end))

    def _walk_in(self, _visit: None, at: datetime) -> None:
        """A sale with no booking: a product, and now and then a blow-dry with a tip."""
        rng, desk = self.rng, self._desk(at)
        client = self.people.pick(rng, at) if rng.random() < 0.6 else None
        lines, tips = [], []
        if rng.random() < 0.5:
            working = [s.id for s in self.ids.stylists if s.day_off != at.weekday()]
            stylist = rng.choice(working)
            lines.append(self._service_line(self.ids.services["Blow-dry"], stylist, None))
            if rng.random() < 0.4:
                tips.append((stylist, rng.choice(TIPS)))
        lines.append(self._product_line(None, 1))
        sale = {"booking": None, "client": client,
                "opened_at": self.stored(at - timedelta(minutes=3))}
        self._ring_up(self._new_id(Sale), sale, lines, tips, None, at, desk)

    def _service_line(self, service, stylist: int, booked_service: int | None) -> dict:
        return {"category": "service", "service": service.id, "booked_service": booked_service,
                "description": service.name, "stylist": stylist, "quantity": 1,
                "unit_price": service.price, "quoted_price": service.price,
                "tax_rate_bp": service.tax_rate_bp, "tax_name": service.tax_name}

    def _product_line(self, stylist: int | None, quantity: int) -> dict:
        product = self.rng.choice(self.ids.products)
        return {"category": "retail", "product": product.id, "description": product.name,
                "stylist": stylist, "quantity": quantity, "unit_price": product.price,
                "quoted_price": product.price, "tax_rate_bp": product.tax_rate_bp,
                "tax_name": product.tax_name}

    def _signoff(self, sale: dict, lines: list[dict], desk: int, at: datetime) -> None:
        """`sales.record_signoff`; an unhappy client gets 10 % off every line
        (`sales.discount_sale`, within what a stylist may give alone)."""
        happy = self.rng.random() < 0.93
        sale.update(signoff_matches=happy, signoff_by=desk, signoff_at=self.stored(at),
                    signoff_differences="" if happy else "Tone a little warmer than agreed",
                    signoff_action="" if happy else
                    "10% satisfaction discount; toner offered free")
        if not happy:
            for line in lines:
                line["discount"] = percent_of(line["quantity"] * line["unit_price"], 1000)
                line["discount_reason"] = "satisfaction"

    def _ring_up(self, sale_id: int, sale: dict, lines: list[dict], tips: list[tuple[int, int]],
                 visit: Visit | None, at: datetime, desk: int) -> None:
        settings = self.settings
        totals = sale_totals([LineInput(line["quantity"], line["unit_price"],
                                        line.get("discount", 0), line["tax_rate_bp"])
                              for line in lines], settings.prices_include_tax)
        due = totals.total + sum(amount for _, amount in tips)
        held = self.journal.balances.held(visit.booking_id) if visit else 0
        tenders = self._tenders(sale["client"], due, held)
        settlement = settle(due, held, [(t["method"], t["amount"]) for t in tenders],
                            settings.cash_rounding_increment, settings.money)
        self._post_sale(sale_id, sale["client"], totals, lines, tips, tenders, settlement,
                        visit, at, desk)
        self.receipt_no += 1
        now = self.stored(at)
        self.tables[Sale].add(
            id=sale_id, status=SaleStatus.CLOSED.value, receipt_no=self.receipt_no,
            opened_by=desk, closed_by=desk, closed_at=now, business_day=at.date(),
            total=totals.total, tax=totals.tax, tips=due - totals.total,
            rounding=settlement.rounding, change=settlement.change,
            deposit_applied=settlement.deposit_applied,
            prices_include_tax=settings.prices_include_tax, **sale)
        retail = []
        for line, result in zip(lines, totals.lines, strict=True):
            line_id = self._new_id(SaleLine)
            self.tables[SaleLine].add(id=line_id, sale=sale_id, gross=result.gross,
                                      tax=result.tax, **line)
            if line["category"] == "retail":
                retail.append(line_id)
        for stylist, amount in tips:
            self.tables[SaleTip].add(id=self._new_id(SaleTip), sale=sale_id, stylist=stylist,
                                     amount=amount)
        for tender in tenders:
            self.tables[SaleTender].add(id=self._new_id(SaleTender), sale=sale_id,
                                        taken_by=desk, taken_at=now, **tender)
        self.recent_sales.append((at.date(), sale_id, retail))

    def _tenders(self, client: int | None, due: int, held: int) -> list[dict]:
        """How the client pays what the deposit leaves: credit, the house account, card,
        cash, or card and cash (`sales.take_tender`'s checks hold by construction)."""
        rng, balances = self.rng, self.journal.balances
        left = remaining_due(due, held, [])
        tenders: list[dict] = []
        roll = rng.random()
        credit = balances.credit(client)
        if left and credit and roll < 0.5:
            tenders.append({"method": "credit", "amount": min(credit, left)})
            left -= tenders[-1]["amount"]
        limit = self.people.house_limit(client)
        if left and limit is not None and roll < 0.7:
            over = balances.owed(client) + left > limit
            tenders.append({"method": "house_account", "amount": left,
                            "approved_by": self.ids.manager if over else None})
            left = 0
        if left and roll < 0.12:  # split: part on card, the rest in cash
            tenders.append({"method": "card", "amount": left // 2,
                            "reference": self._card_reference()})
            left -= left // 2
            roll = 0.9
        if left and roll < 0.7:
            tenders.append({"method": "card", "amount": left, "reference": self._card_reference()})
        elif left:
            owed = cash_still_due(due, held, [(t["method"], t["amount"]) for t in tenders],
                                  self.settings.cash_rounding_increment)
            notes = [note for note in CASH_NOTES if note >= owed]
            given = owed if rng.random() < 0.3 or not notes else notes[0]
            if given:  # a cent or two left rounds to nothing in cash
                tenders.append({"method": "cash", "amount": given})
        return tenders

    def _post_sale(self, sale_id, client, totals, lines, tips, tenders, settlement, visit,
                   at, desk) -> None:
        """The entries of `checkout._post_sale_entries`, in its order, then the deposit
        left over (`release_deposit`, as the client chooses)."""
        common = {"sale_id": sale_id, "client_id": client, "staff_id": desk}
        income: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        for line, result in zip(lines, totals.lines, strict=True):
            income[(line["category"], line["tax_rate_bp"])][0] += result.gross
            income[(line["category"], line["tax_rate_bp"])][1] += result.tax
        for (category, rate), (gross, tax) in sorted(income.items()):
            self._post(at, Kind.SALE_INCOME, gross, category=category, tax_rate_bp=rate,
                       tax_amount=tax, **common)
        for stylist, amount in tips:
            self._post(at, Kind.TIP, amount, stylist_id=stylist, **common)
        if settlement.deposit_applied:
            self._post(at, Kind.DEPOSIT_APPLIED, settlement.deposit_applied, visit, **common)
        for tender in tenders:
            self._post(at, Kind.PAYMENT, tender["amount"], method=tender["method"],
                       reference=tender.get("reference", ""),
                       approved_by_id=tender.get("approved_by"), **common)
        if settlement.rounding:
            self._post(at, Kind.CASH_ROUNDING, settlement.rounding, method="cash", **common)
        if settlement.change:
            self._post(at, Kind.CHANGE_GIVEN, settlement.change, method="cash", **common)
        if settlement.deposit_excess:
            to = "credit" if self.rng.random() < 0.5 else "refund"
            self._release(visit, to, at, desk, DEPOSIT_EXCESS_MEMO)
