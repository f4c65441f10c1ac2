"""Checkout, worked out as `operations.checkout` works it out and written in bulk: the
ticket's lines (a booking's services, products, a course or a gift voucher sold), course
sessions and vouchers paying lines, the sign-off and a satisfaction discount, tips, the
tenders, and the close — the settlement by the domain's `settle`, the entries by
`closing_postings` in the order the close posts them, the deposit left over, the receipt
number, the seal of the sale as its rows are written, the stock that leaves the shelf, and
the request key."""

from __future__ import annotations

import json
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime

from salon_pos.demo.desk import Desk, Visit
from salon_pos.demo.salon import ClientInfo, ProductInfo, SalonInfo, ServiceInfo
from salon_pos.demo.stockroom import Stockroom
from salon_pos.demo.writer import SALE, Writer
from salon_pos.domain.booking_status import BookingStatus
from salon_pos.domain.courses import expiry_after as course_expiry
from salon_pos.domain.courses import services_of, session_value, sold_memo
from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.journal import (
    DEPOSIT_EXCESS_MEMO,
    DEPOSIT_HELD_SIGNS,
    VOUCHERS_HELD,
    Kind,
    course_reference,
    voucher_reference,
)
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.money import percent_of
from salon_pos.domain.sale_math import (
    LineInput,
    SaleTotals,
    cash_still_due,
    deposit_applied,
    remaining_due,
    sale_totals,
    settle,
)
from salon_pos.domain.sale_record import (
    COURSE_LINE,
    MONEY_HELD_LINES,
    VOUCHER_LINE,
    ClosedSale,
    closing_postings,
)
from salon_pos.domain.sale_status import SaleStatus
from salon_pos.domain.vouchers import ALPHABET, RANDOM_LENGTH, code_digest, code_hint, read_code
from salon_pos.domain.vouchers import expiry_after as voucher_expiry
from salon_pos.domain.ways_to_pay import COURSE, VOUCHER, is_cash
from salon_pos.store.models import (
    Course,
    CourseSession,
    IdempotencyKey,
    Sale,
    SaleLine,
    SaleTender,
    SaleTip,
    Voucher,
    VoucherUse,
)

# The line's tax column of what is money held, not sold (checkout/courses, vouchers).
NO_COURSE_TAX, NO_VOUCHER_TAX = "No tax (prepaid course)", "No tax (gift voucher)"
RECENT_SALES = 40  # the evening looks this far back for a product brought back


@dataclass(eq=False)
class Line:
    id: int
    category: str
    description: str
    unit_price: int
    tax_rate_bp: int
    tax_name: str
    quoted_price: int | None = None
    quantity: int = 1
    service: int | None = None
    product: int | None = None
    booked_service: int | None = None
    stylist: int | None = None
    change_reason: str = ""
    discount: int = 0
    discount_reason: str = ""
    approved_by: int | None = None
    paid_at_value: bool = False  # a course session or a single-purpose voucher pays it

    def row(self, sale: int, gross: int, tax: int) -> dict:
        return {"id": self.id, "sale": sale, "category": self.category,
                "service": self.service, "product": self.product,
                "booked_service": self.booked_service, "description": self.description,
                "stylist": self.stylist, "quantity": self.quantity,
                "unit_price": self.unit_price, "quoted_price": self.quoted_price,
                "change_reason": self.change_reason, "discount": self.discount,
                "discount_reason": self.discount_reason, "tax_rate_bp": self.tax_rate_bp,
                "tax_name": self.tax_name, "approved_by": self.approved_by,
                "gross": gross, "tax": tax}


@dataclass(eq=False)
class VoucherHeld:
    """A gift voucher sold, as its bearer and the journal know it."""

    id: int
    amount: int
    code_digest: str
    expires_on: date
    sold_on: date
    line: Line  # the line that sold it
    line_tax: int
    service: int | None  # a single-purpose voucher's

    @property
    def reference(self) -> str:
        return voucher_reference(self.id)


@dataclass(eq=False)
class CourseHeld:
    id: int
    client: int
    plan: int | None
    name: str
    service_ids: str
    sessions: int
    price: int
    line: int
    expires_on: date | None = None


@dataclass(eq=False)
class Ticket:
    id: int
    at: datetime
    opened_by: int
    visit: Visit | None
    client: ClientInfo | None
    lines: list[Line] = field(default_factory=list)
    tips: list[tuple[int, int]] = field(default_factory=list)  # (stylist, amount)
    tenders: list[dict] = field(default_factory=list)
    signoff: dict = field(default_factory=dict)
    sessions: list[dict] = field(default_factory=list)
    uses: list[dict] = field(default_factory=list)
    courses: list[CourseHeld] = field(default_factory=list)


class Till:
    def __init__(self, writer: Writer, info: SalonInfo, desk: Desk, stockroom: Stockroom,
                 codes: random.Random):
        self.writer, self.info, self.desk, self.stockroom = writer, info, desk, stockroom
        self.codes = codes  # the vouchers' codes: drawn from the seed, so a seed repeats
        settings = writer.settings
        self.prices_include_tax = settings.prices_include_tax
        self.increment = settings.cash_rounding_increment
        self.money = settings.money
        self.voucher_years = settings.voucher_validity_years
        self.course_months = settings.course_validity_months
        self.courses: dict[int, list[CourseHeld]] = {}  # by client
        self.course_months_of: dict[int, int] = {}  # each plan's validity
        self.recent: deque[tuple[int, list[int]]] = deque(maxlen=RECENT_SALES)

    # --- the ticket ----------------------------------------------------------------------------

    def open(self, at: datetime, by: int, visit: Visit | None = None,
             client: ClientInfo | None = None) -> Ticket:
        """`checkout.open_sale`: for a booking ready for checkout, its services as lines at
        their quoted prices; or a sale with no booking."""
        writer = self.writer
        ticket = Ticket(writer.new_id(Sale), at, by, visit, visit.client if visit else client)
        if visit is not None:
            for service, booked in zip(visit.services, visit.booked, strict=True):
                ticket.lines.append(Line(
                    writer.new_id(SaleLine), "service", service.name, service.price,
                    service.tax_rate_bp, service.tax_name, service.price, service=service.id,
                    booked_service=booked, stylist=visit.stylist))
        return ticket

    def add_service(self, ticket: Ticket, service: ServiceInfo, stylist: int | None) -> Line:
        line = Line(self.writer.new_id(SaleLine), "service", service.name, service.price,
                    service.tax_rate_bp, service.tax_name, service.price, service=service.id,
                    stylist=stylist)
        ticket.lines.append(line)
        return line

    def add_product(self, ticket: Ticket, product: ProductInfo, quantity: int = 1,
                    stylist: int | None = None) -> None:
        ticket.lines.append(Line(self.writer.new_id(SaleLine), "retail", product.name,
                                 product.price, product.tax_rate_bp, product.tax_name,
                                 product.price, quantity, product=product.id, stylist=stylist))

    def add_voucher(self, ticket: Ticket, amount: int, design=None) -> None:
        """`checkout.add_voucher_line`: of an amount, or as the design says (one for a
        service is taxed as that service)."""
        line = Line(self.writer.new_id(SaleLine), VOUCHER_LINE, "Gift voucher", amount, 0,
                    NO_VOUCHER_TAX, amount)
        if design is not None:
            line.description, line.unit_price = design.name, design.amount
            line.quoted_price = design.amount
            if design.service_id is not None:
                service = next(s for s in self.info.services if s.id == design.service_id)
                line.service, line.tax_rate_bp = service.id, service.tax_rate_bp
                line.tax_name = service.tax_name
        ticket.lines.append(line)

    def add_course(self, ticket: Ticket, plan) -> Line:
        """`checkout.add_course_line` of a plan (issued when the sale closes)."""
        line = Line(self.writer.new_id(SaleLine), COURSE_LINE, f"Course: {plan.name}",
                    plan.price, 0, NO_COURSE_TAX, plan.price)
        ticket.lines.append(line)
        ticket.courses.append(CourseHeld(
            self.writer.new_id(Course), ticket.client.id, plan.id, plan.name,
            ",".join(str(s) for s in sorted(plan.service_ids)), plan.sessions, plan.price,
            line.id))
        self.course_months_of[plan.id] = plan.validity_months
        return line

    def signoff(self, ticket: Ticket, by: int, matches: bool, differences: str = "",
                action: str = "") -> None:
        ticket.signoff = {"signoff_matches": matches, "signoff_differences": differences,
                          "signoff_action": action, "signoff_by": by,
                          "signoff_at": to_utc_naive(ticket.at)}

    def discount_all(self, ticket: Ticket, reason: str, percent_bp: int) -> None:
        """`checkout.discount_sale`: the same percentage off every line but money held and
        lines paid at their value (within what a stylist may give alone, or a manager's)."""
        for line in ticket.lines:
            if line.category in MONEY_HELD_LINES or line.paid_at_value:
                continue
            amount = percent_of(line.quantity * line.unit_price, percent_bp)
            if self._needs_manager(ticket, line, amount):
                line.approved_by = self.info.manager
            line.discount, line.discount_reason = amount, reason if amount else ""

    def _needs_manager(self, ticket: Ticket, line: Line, discount: int) -> bool:
        """`ticket._needs_manager` for a discount: the line's value (or, under a note for
        the whole booking, its services') below the agreed range less the threshold."""
        before = line.unit_price * line.quantity - line.discount
        after = line.unit_price * line.quantity - discount
        notes = [n for n in ticket.visit.notes if n.acknowledged] if (
            ticket.visit and line.booked_service) else []
        if notes:
            low = notes[-1].price_min
            rest = sum(o.unit_price * o.quantity - o.discount for o in ticket.lines
                       if o.booked_service is not None and o is not line)
            before, after = before + rest, after + rest
        else:
            low = (line.quoted_price if line.quoted_price is not None
                   else line.unit_price) * line.quantity
        floor = low - percent_of(low, self.writer.settings.discount_threshold_bp)
        return after < floor

    def tip(self, ticket: Ticket, stylist: int, amount: int) -> None:
        ticket.tips.append((stylist, amount))

    # --- what is owed ---------------------------------------------------------------------------

    def totals(self, ticket: Ticket) -> SaleTotals:
        return sale_totals([LineInput(line.quantity, line.unit_price, line.discount,
                                      line.tax_rate_bp) for line in ticket.lines],
                           self.prices_include_tax)

    def due(self, ticket: Ticket) -> int:
        return self.totals(ticket).total + sum(amount for _, amount in ticket.tips)

    def held(self, ticket: Ticket) -> int:
        return self.writer.balances.held(ticket.visit.id) if ticket.visit else 0

    def taken(self, ticket: Ticket) -> list[tuple[str, int]]:
        return [(t["method"], t["amount"]) for t in ticket.tenders]

    def remaining(self, ticket: Ticket) -> int:
        return remaining_due(self.due(ticket), self.held(ticket), self.taken(ticket))

    def cash_to_pay(self, ticket: Ticket) -> int:
        return cash_still_due(self.due(ticket), self.held(ticket), self.taken(ticket),
                              self.increment)

    def _paid_beyond(self, ticket: Ticket) -> bool:
        """Payments (and the deposit) already more than the bill: a session or voucher
        paying a line at its value is then refused, its changes undone."""
        due, held = self.due(ticket), self.held(ticket)
        taken = self.taken(ticket)
        paid_otherwise = sum(amount for method, amount in taken if not is_cash(method))
        return deposit_applied(due, held, taken) + paid_otherwise > due

    # --- payments -----------------------------------------------------------------------------

    def tender(self, ticket: Ticket, method: str, amount: int, reference: str = "",
               approved_by: int | None = None) -> dict:
        """`checkout.take_tender` (and the payment a session or voucher makes)."""
        tender = {"id": self.writer.new_id(SaleTender), "sale": ticket.id, "method": method,
                  "amount": amount, "reference": reference, "taken_by": ticket.opened_by,
                  "approved_by": approved_by, "taken_at": to_utc_naive(ticket.at)}
        ticket.tenders.append(tender)
        return tender

    def usable_courses(self, ticket: Ticket, service: int) -> list[CourseHeld]:
        """The client's courses covering the service with a session left, valid today,
        the one ending first first."""
        if ticket.client is None:
            return []
        today = self.writer.day_of(ticket.at)
        return sorted((c for c in self.courses.get(ticket.client.id, [])
                       if c.expires_on >= today and service in services_of(c.service_ids)
                       and self.writer.balances.course(c.id)[1] - self._on_ticket(ticket, c)
                       > 0), key=lambda c: (c.expires_on, c.id))

    @staticmethod
    def _on_ticket(ticket: Ticket, course: CourseHeld) -> int:
        return sum(1 for session in ticket.sessions if session["course"] == course.id)

    def use_session(self, ticket: Ticket, line: Line, course: CourseHeld) -> int:
        """`checkout.use_course_session`: the line paid at the session's value; the
        sessions left after it."""
        value, sessions = self.writer.balances.course(course.id)
        on_ticket = [s["value"] for s in ticket.sessions if s["course"] == course.id]
        free = sessions - len(on_ticket)
        worth = session_value(value - sum(on_ticket), free)
        number = course.sessions - free + 1
        tender = self.tender(ticket, COURSE.code, worth, course_reference(course.id))
        ticket.sessions.append({"id": self.writer.new_id(CourseSession),
                                "course": course.id, "sale": ticket.id,
                                "sale_line": line.id, "tender": tender["id"], "value": worth})
        line.unit_price, line.paid_at_value = worth, True
        line.change_reason = f"paid by course: session {number} of {course.sessions}"
        return free - 1

    def pay_by_voucher(self, ticket: Ticket, voucher: VoucherHeld) -> int | None:
        """`checkout.pay_by_voucher`: as much as it holds up to what is left, or (a
        single-purpose voucher) the line of its service whole; None when it cannot pay
        (its service not on the sale as one undiscounted line, nothing left to pay).
        Returns what the voucher has left."""
        if self.writer.day_of(ticket.at) > voucher.expires_on:
            return None
        balance = self.writer.balances.of[VOUCHERS_HELD].get(voucher.id, 0)
        if any(line.category == VOUCHER_LINE for line in ticket.lines) or balance <= 0:
            return None
        if voucher.service is None:
            remaining = self.remaining(ticket)
            if remaining <= 0:
                return None
            paying = min(balance, remaining)
            self.tender(ticket, VOUCHER.code, paying, voucher.reference)
            return balance - paying
        lines = [line for line in ticket.lines if line.category == "service"
                 and line.service == voucher.service and not line.paid_at_value]
        line = next((line for line in lines if line.quantity == 1 and not line.discount), None)
        if line is None or balance != voucher.amount:
            return None
        before = (line.unit_price, line.tax_rate_bp, line.tax_name, line.change_reason)
        tender = self.tender(ticket, VOUCHER.code, voucher.amount, voucher.reference)
        line.unit_price, line.tax_rate_bp = voucher.line.unit_price, voucher.line.tax_rate_bp
        line.tax_name = voucher.line.tax_name
        line.change_reason = f"paid by gift voucher {voucher.id}"
        if self._paid_beyond(ticket):  # rolled back, as the service's transaction is
            ticket.tenders.remove(tender)
            line.unit_price, line.tax_rate_bp, line.tax_name, line.change_reason = before
            return None
        line.paid_at_value = True
        ticket.uses.append({"id": self.writer.new_id(VoucherUse), "voucher": voucher.id,
                            "sale": ticket.id, "sale_line": line.id, "tender": tender["id"]})
        return 0

    # --- the close ------------------------------------------------------------------------------

    def close(self, ticket: Ticket, by: int, deposit_excess: str, key: str,
              vouchers: dict[int, VoucherHeld]) -> list[VoucherHeld]:
        """`checkout.close_sale`; the vouchers it issued."""
        writer, at, visit = self.writer, ticket.at, ticket.visit
        now, day = to_utc_naive(at), writer.day_of(at)
        totals = self.totals(ticket)
        tips = sum(amount for _, amount in ticket.tips)
        settlement = settle(totals.total + tips, self.held(ticket), self.taken(ticket),
                            self.increment, self.money)
        results = dict(zip((line.id for line in ticket.lines), totals.lines, strict=True))
        issued = []
        for line in ticket.lines:
            if line.category != VOUCHER_LINE:
                continue
            plain = self._code()
            held = VoucherHeld(writer.new_id(Voucher), results[line.id].gross,
                               code_digest(plain), voucher_expiry(day, self.voucher_years), day,
                               line, results[line.id].tax, line.service)
            issued.append((held, code_hint(plain)))
        for course in ticket.courses:
            line = next(line for line in ticket.lines if line.id == course.line)
            course.price = line.unit_price * line.quantity - line.discount
            course.expires_on = course_expiry(day, self.course_months_of.get(
                course.plan, self.course_months))
        spent = {vouchers[int(t["reference"].partition(":")[2])]
                 for t in ticket.tenders if t["method"] == VOUCHER.code}
        closed = ClosedSale(
            client_id=ticket.client.id if ticket.client else None,
            booking_id=visit.id if visit else None,
            lines=tuple((line.category, line.tax_rate_bp, results[line.id].gross,
                         results[line.id].tax) for line in ticket.lines),
            tips=tuple(ticket.tips), deposit_applied=settlement.deposit_applied,
            tenders=tuple((t["method"], t["amount"], t["reference"], t["approved_by"])
                          for t in ticket.tenders),
            rounding=settlement.rounding, change=settlement.change,
            vouchers=tuple((held.id, held.amount, held.code_digest, held.expires_on,
                            line.tax_rate_bp, held.line_tax)
                           for held, _hint in issued for line in [held.line]),
            courses=tuple((c.id, c.price, sold_memo(c.sessions, c.service_ids, c.expires_on))
                          for c in ticket.courses),
            single_purpose=tuple((t["reference"], v.line.tax_rate_bp, v.line_tax)
                                 for t in ticket.tenders for v in spent
                                 if t["reference"] == v.reference and v.service is not None))
        for posting in closing_postings(closed):
            entry = writer.post(at, posting.kind, posting.amount, sale_id=ticket.id,
                                staff_id=by, **posting.details())
            if visit is not None and entry.kind in DEPOSIT_HELD_SIGNS:
                visit.deposit.append(entry)  # what is left goes back the way it came
        if settlement.deposit_excess:
            self.desk.release(visit, deposit_excess, at, by, DEPOSIT_EXCESS_MEMO)
        writer.receipt_no += 1
        self._write(ticket, by, now, day, totals, tips, settlement, results, issued)
        if visit is not None:
            self.desk.status(visit, BookingStatus.CLOSED)
        writer.post_seal(at, Kind.SALE_SEALED, (SALE, ticket.id), sale_id=ticket.id,
                         client_id=closed.client_id, booking_id=closed.booking_id, staff_id=by)
        self._take_sold_stock(ticket, by)
        writer.add(IdempotencyKey, key=key, operation=f"close_sale:{ticket.id}",
                   created_at=now, result=json.dumps({
                       "sale_id": ticket.id, "receipt_no": writer.receipt_no,
                       "change": settlement.change, "rounding": settlement.rounding,
                       "deposit_applied": settlement.deposit_applied,
                       "deposit_excess": settlement.deposit_excess,
                       "vouchers": [{"id": held.id, "amount": held.amount,
                                     "expires_on": held.expires_on.isoformat()}
                                    for held, _hint in issued]}))
        for course in ticket.courses:
            self.courses.setdefault(course.client, []).append(course)
        self.recent.append((ticket.id, [line.id for line in ticket.lines
                                        if line.category == "retail"]))
        return [held for held, _hint in issued]

    def _code(self) -> str:
        """A voucher's code as `vouchers.new_code` makes one (its characters drawn from the
        demo's seed rather than the system's secrets), in its plain form."""
        body = "".join(self.codes.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        for check in ALPHABET:  # the one check character that makes it a code
            try:
                return read_code(body + check)
            except InvalidInput:
                continue
        raise AssertionError("a code has a check character")

    def _write(self, ticket, by, now, day, totals, tips, settlement, results, issued) -> None:
        writer, visit = self.writer, ticket.visit
        writer.add(Sale, id=ticket.id, booking=visit.id if visit else None,
                   client=ticket.client.id if ticket.client else None,
                   status=str(SaleStatus.CLOSED), receipt_no=writer.receipt_no,
                   opened_by=ticket.opened_by, opened_at=now, closed_by=by, closed_at=now,
                   business_day=day, total=totals.total, tax=totals.tax, tips=tips,
                   rounding=settlement.rounding, change=settlement.change,
                   deposit_applied=settlement.deposit_applied,
                   prices_include_tax=self.prices_include_tax, **ticket.signoff)
        for line in ticket.lines:
            writer.add(SaleLine, **line.row(ticket.id, results[line.id].gross,
                                            results[line.id].tax))
        for stylist, amount in ticket.tips:
            writer.add(SaleTip, sale=ticket.id, stylist=stylist, amount=amount)
        for tender in ticket.tenders:
            writer.add(SaleTender, **tender)
        for held, hint in issued:
            writer.add(Voucher, id=held.id, code_digest=held.code_digest, code_hint=hint,
                       sale=ticket.id, sale_line=held.line.id, amount=held.amount,
                       issued_on=day, expires_on=held.expires_on, balance=0)
        for use in ticket.uses:
            writer.add(VoucherUse, **use)
        for course in ticket.courses:
            writer.add(Course, id=course.id, client=course.client, plan=course.plan,
                       name=course.name, service_ids=course.service_ids,
                       sessions=course.sessions, price=course.price, sale=ticket.id,
                       sale_line=course.line, issued_on=day, expires_on=course.expires_on)
        for session in ticket.sessions:
            writer.add(CourseSession, **session)

    def _take_sold_stock(self, ticket: Ticket, by: int) -> None:
        """`stock.take_sold_stock`: the retail lines leave the shelf at the average cost of
        the moment."""
        for line in ticket.lines:
            if line.product is not None:
                product = next(p for p in self.info.products if p.id == line.product)
                self.stockroom.sell(product, line.quantity, ticket.at, by, ticket.id, line.id)
