"""The front desk's part of the history, worked out as the services work it out and
written in bulk: bookings (the stylist's clash check, the deposit policy with the client's
missed visits, the confirmation and reminder), deposits, expectation notes, cancellations
in time or late, no-shows, and a booking's way through check-in, start and finish."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from salon_pos.demo.messages import Outbox
from salon_pos.demo.salon import ClientInfo, SalonInfo, ServiceInfo
from salon_pos.demo.writer import Writer
from salon_pos.domain.booking_status import ACTIVE, BookingStatus
from salon_pos.domain.deposit_policy import BookedItem, DepositRule, deposit_due
from salon_pos.domain.deposit_pools import deposit_pools
from salon_pos.domain.journal import DEPOSIT_HELD_SIGNS, Entry, Kind
from salon_pos.domain.localtime import to_utc_naive
from salon_pos.domain.phases import Phases, busy_spans, overlap
from salon_pos.domain.sale_math import tax_included
from salon_pos.domain.settings import policy_text
from salon_pos.store.models import BookedService, Booking, ExpectationNote

YEAR = timedelta(days=365)


@dataclass(eq=False)
class Note:
    id: int
    price_min: int
    price_max: int
    acknowledged: bool = False


@dataclass(eq=False)
class Visit:
    """A booking as the desk knows it."""

    id: int
    client: ClientInfo
    stylist: int
    start: datetime  # naive UTC, as stored
    end: datetime
    services: list[ServiceInfo]
    booked: list[int]  # its booked services' ids, in order
    status: BookingStatus = BookingStatus.BOOKED
    deposit_due: int = 0
    deposit: list[Entry] = field(default_factory=list)  # its deposit entries so far
    notes: list[Note] = field(default_factory=list)

    @property
    def aware_start(self) -> datetime:
        return self.start.replace(tzinfo=UTC)

    @cached_property
    def busy(self):
        """When the stylist works on it (its services' phases, end to end)."""
        return busy_spans(self.start, [phases(s) for s in self.services])


def phases(service: ServiceInfo) -> Phases:
    return Phases(service.minutes, service.processing_min, service.finish_min)


class Desk:
    def __init__(self, writer: Writer, info: SalonInfo, outbox: Outbox):
        self.writer, self.info, self.outbox = writer, info, outbox
        settings = writer.settings
        self.policy, self.policy_text = settings.deposit_policy, policy_text(settings)
        self.window = timedelta(hours=settings.cancellation_window_hours)
        self.visits: dict[int, Visit] = {}
        self.by_day: dict[tuple[int, date], list[Visit]] = {}  # (stylist, local day)
        self.misses: dict[int, list[datetime]] = {}  # client → starts missed

    def local_day(self, stored: datetime) -> date:
        return stored.replace(tzinfo=UTC).astimezone(self.writer.tz).date()

    # --- booking ---------------------------------------------------------------------------

    def book(self, at: datetime, client: ClientInfo, stylist: int, start: datetime,
             services: list[ServiceInfo], by: int) -> Visit | None:
        """`bookings.book` (None: the stylist is busy then); `start` aware."""
        if not self.free(stylist, start, services):
            return None
        now = to_utc_naive(at)
        begin = to_utc_naive(start)
        end = begin + timedelta(minutes=sum(s.minutes for s in services))
        items = [BookedItem(s.name, s.price, DepositRule(s.rule)) for s in services]
        settings = self.writer.settings
        decision = deposit_due(self.policy, items, DepositRule(client.deposit_rule),
                               self.missed(client.id, now), settings.money)
        visit = Visit(self.writer.add(
            Booking, client=client.id, stylist=stylist, start=begin, end=end,
            status=str(BookingStatus.BOOKED), deposit_due=decision.amount,
            deposit_reason=decision.explanation, policy=self.policy_text, created_by=by,
            created_at=now), client, stylist, begin, end, services, [],
            deposit_due=decision.amount)
        for position, service in enumerate(services):
            visit.booked.append(self.writer.add(
                BookedService, booking=visit.id, service=service.id, name=service.name,
                duration_min=service.minutes, price_quoted=service.price, position=position,
                processing_min=service.processing_min, finish_min=service.finish_min))
        self.outbox.booked(visit.id, begin, client, at, by)
        self.visits[visit.id] = visit
        self.by_day.setdefault((stylist, self.local_day(begin)), []).append(visit)
        return visit

    def free(self, stylist: int, start: datetime, services: list[ServiceInfo],
             also: list = ()) -> bool:
        """Whether the stylist's work on `services` from `start` (aware) meets no active
        booking's, nor the spans `also` (`stylist_time.first_clash`)."""
        begin = to_utc_naive(start)
        end = begin + timedelta(minutes=sum(s.minutes for s in services))
        busy = busy_spans(begin, [phases(s) for s in services])
        if overlap(busy, also):
            return False
        return not any(other.status in ACTIVE and other.start < end and other.end > begin
                       and overlap(busy, other.busy)
                       for other in self.by_day.get((stylist, self.local_day(begin)), ()))

    def missed(self, client_id: int, now: datetime) -> int:
        """`missed_in_last_year`: no-shows and late cancellations starting in the 12
        months up to now."""
        since = now - YEAR
        return sum(1 for start in self.misses.get(client_id, ()) if start >= since)

    def post(self, visit: Visit, at: datetime, kind: Kind, amount: int, **extra) -> Entry:
        """An entry about the booking's money (its deposit's entries are replayed to see
        which way what it holds goes back)."""
        entry = self.writer.post(at, kind, amount, booking_id=visit.id,
                                 client_id=visit.client.id, **extra)
        if kind in DEPOSIT_HELD_SIGNS:
            visit.deposit.append(entry)
        return entry

    def take_deposit(self, visit: Visit, at: datetime, by: int, method: str,
                     reference: str = "") -> None:
        """`deposits.take_deposit` of what is still due."""
        due = visit.deposit_due - self.writer.balances.held(visit.id)
        self.post(visit, at, Kind.DEPOSIT_TAKEN, due, method=method, reference=reference,
                  staff_id=by, memo="")
        self.outbox.deposit_taken(visit.id, visit.client, at, by)

    def write_note(self, visit: Visit, at: datetime, by: int, **fields) -> None:
        """`notes.write_note` for the whole booking."""
        note = Note(0, fields["price_min"], fields["price_max"])
        note.id = self.writer.add(ExpectationNote, booking=visit.id, written_by=by,
                                  written_at=to_utc_naive(at), **fields)
        visit.notes.append(note)

    # --- a deposit's end, cancellations, no-shows ---------------------------------------------

    def release(self, visit: Visit, to: str, at: datetime, by: int, memo: str,
                approved_by: int | None = None) -> int:
        """`deposits.release_deposit`: what the booking holds goes back, to credit, or is
        kept as a fee."""
        held = self.writer.balances.held(visit.id)
        if held <= 0:
            return 0
        common = {"staff_id": by, "approved_by_id": approved_by, "memo": memo}
        if to == "refund":
            for method, part in deposit_pools(visit.deposit).split("held", held):
                self.post(visit, at, Kind.DEPOSIT_REFUNDED, part, method=method, **common)
        elif to == "credit":
            self.post(visit, at, Kind.DEPOSIT_TO_CREDIT, held, **common)
        else:
            settings = self.writer.settings
            rate = settings.kept_deposit_tax_rate_bp if settings.kept_deposit_taxable else 0
            self.post(visit, at, Kind.DEPOSIT_FORFEITED, held, tax_rate_bp=rate,
                      tax_amount=tax_included(held, rate), **common)
        return held

    def cancel(self, visit: Visit, at: datetime, by: int, deposit_to: str) -> None:
        """`bookings.cancel`: in good time the deposit goes back as the client chooses;
        late, the policy keeps it."""
        now = to_utc_naive(at)
        late = now > visit.start - self.window
        if late:
            self.release(visit, self.writer.settings.late_cancel_keeps, at, by,
                         "late cancellation")
            self.misses.setdefault(visit.client.id, []).append(visit.start)
        else:
            self.release(visit, deposit_to, at, by, "cancelled in time")
        self.status(visit, BookingStatus.CANCELLED, cancelled_at=now,
                    cancel_kind="late" if late else "in_time", outcome_by=by,
                    outcome_day=self.writer.day_of(at))
        self.outbox.cancelled(visit.id, visit.client, at, by)

    def no_show(self, visit: Visit, at: datetime, by: int) -> None:
        """`bookings.mark_no_show`: the deposit is kept as the fee."""
        self.release(visit, "fee", at, by, "no-show")
        self.status(visit, BookingStatus.NO_SHOW, outcome_by=by,
                    outcome_day=self.writer.day_of(at))
        self.outbox.missed(visit.id)
        self.misses.setdefault(visit.client.id, []).append(visit.start)

    def status(self, visit: Visit, status: BookingStatus, **fields) -> None:
        visit.status = status
        self.writer.change(Booking, visit.id, status=str(status), **fields)
