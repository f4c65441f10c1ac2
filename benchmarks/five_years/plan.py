"""Who is booked when, and what becomes of each booking: the plan the days are played from.

Each stylist's working day is filled from opening to closing with the services their
profile is asked for, with now and then a gap. Every slot's booking is made some days
ahead at a moment the desk is open; a few are cancelled in good time and the slot is
booked again by someone else, a few are cancelled late or never come. A colour's
processing time now and then takes a short service, double-booked on purpose.
Times here are the salon's wall-clock times (naive); the player stores them in UTC.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from benchmarks.five_years.salon import ADD_ON, MIXES, SalonIds, ServiceInfo, Stylist, hours

LEAD_MAX_DAYS = 42  # nobody books further ahead; the plan runs this far before the days
LEAD_MEAN_DAYS = 9
GAPS = (0,) * 11 + (15,)  # idle minutes before a booking: a busy salon
CANCEL_IN_TIME = 0.22  # of slots: first booked by someone who cancelled in good time
NO_SHOW = 0.035
LATE_CANCEL = 0.02
OVERLAY = 0.8  # of long colours: a short service booked into the processing time
QUICK = ("Blow-dry", "Fringe trim", "Men's cut")
NO_SHOW_MARKED = timedelta(minutes=20)  # after the 15 minutes' grace
CHECKOUT_AFTER = timedelta(minutes=5)
# The first morning, before opening, the bookings made before the history are typed in.
IMPORT_BEFORE_OPENING = timedelta(minutes=15)
MINUTE = timedelta(minutes=1)

SERVED, NO_SHOW_FATE, LATE, CANCELLED = "served", "no_show", "late_cancel", "cancelled"


@dataclass(eq=False, slots=True)
class Visit:
    """One booking as planned; the player fills in the rest when it is made."""

    stylist: int
    start: datetime
    services: tuple[ServiceInfo, ...]
    created: datetime
    fate: str = SERVED
    fate_at: datetime | None = None  # cancelled, marked a no-show, or paid
    double_booked: bool = False
    booking_id: int = 0
    client: int = 0
    deposit: list = field(default_factory=list)  # the booking's deposit entries so far
    rows: dict = field(default_factory=dict)  # booking, booked services, note (as written)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=sum(s.minutes for s in self.services))


class Planner:
    def __init__(self, rng: random.Random, ids: SalonIds, first_day: date):
        self.rng, self.ids, self.first_day = rng, ids, first_day
        self.imported = datetime.combine(first_day, hours(first_day)[0]) - IMPORT_BEFORE_OPENING
        self.mixes = {}
        for profile, weights in MIXES.items():
            names = sorted(weights)
            self.mixes[profile] = ([ids.services[n] for n in names],
                                   list(accumulate(weights[n] for n in names)))

    def plan_day(self, day: date) -> list[Visit]:
        opening = hours(day)
        if opening is None:
            return []
        visits: list[Visit] = []
        for stylist in self.ids.stylists:
            if day.weekday() != stylist.day_off:
                visits += self._fill(stylist, datetime.combine(day, opening[0]),
                                     datetime.combine(day, opening[1]))
        return visits

    def _fill(self, stylist: Stylist, at: datetime, closes: datetime) -> list[Visit]:
        visits = []
        while True:
            at += timedelta(minutes=self.rng.choice(GAPS))
            for _try in range(3):
                services = self._services(stylist)
                if at + timedelta(minutes=sum(s.minutes for s in services)) <= closes:
                    break
            else:
                return visits
            visits += self._slot(stylist, at, services)
            at += timedelta(minutes=sum(s.minutes for s in services))

    def _services(self, stylist: Stylist) -> tuple[ServiceInfo, ...]:
        population, weights = self.mixes[stylist.profile]
        service = self.rng.choices(population, cum_weights=weights)[0]
        if service.name.startswith(("Wash, cut", "Men's cut")) and self.rng.random() < 0.08:
            return (service, self.ids.services[ADD_ON])
        return (service,)

    def _slot(self, stylist: Stylist, start: datetime, services) -> list[Visit]:
        """The booking that keeps the slot, the one cancelled before it, any overlay."""
        rng = self.rng
        lead = min(int(rng.expovariate(1 / LEAD_MEAN_DAYS)), LEAD_MAX_DAYS)
        final = Visit(stylist.id, start, services, self._made(start, lead))
        visits = [final]
        if lead >= 2 and rng.random() < CANCEL_IN_TIME:
            first = Visit(stylist.id, start, services, final.created, CANCELLED)
            cancel = self.desk_moment(first.created + timedelta(hours=1),
                                      start - timedelta(hours=25))
            again = cancel and self.desk_moment(cancel + MINUTE, start - timedelta(minutes=15))
            if again and cancel >= self.imported:
                first.fate_at, final.created = cancel, again
                visits.insert(0, first)
        self._fate(final)
        if services[0].minutes >= 90 and len(visits) == 1 and rng.random() < OVERLAY:
            visits.append(self._overlay(stylist, final))
        return visits

    def _made(self, start: datetime, lead: int) -> datetime:
        """When the desk took the booking (the first morning, for those made before)."""
        day = datetime.combine(start.date() - timedelta(days=lead), time(0))
        latest = start - timedelta(minutes=15)
        made = (self.desk_moment(day, min(latest, day + timedelta(days=1) - MINUTE))
                or self.desk_moment(start - timedelta(days=7), latest) or self.imported)
        return max(made, self.imported)

    def _fate(self, visit: Visit) -> None:
        roll = self.rng.random()
        if roll < NO_SHOW:
            visit.fate, visit.fate_at = NO_SHOW_FATE, visit.start + NO_SHOW_MARKED
            return
        if roll < NO_SHOW + LATE_CANCEL:
            late = self.desk_moment(max(visit.created + MINUTE, visit.start - timedelta(hours=23)),
                                    visit.start - timedelta(minutes=30))
            if late:
                visit.fate, visit.fate_at = LATE, late
                return
        visit.fate_at = visit.end + CHECKOUT_AFTER

    def _overlay(self, stylist: Stylist, main: Visit) -> Visit:
        start = main.start + timedelta(minutes=45)
        service = self.ids.services[self.rng.choice(QUICK)]
        made = self.desk_moment(main.created + MINUTE, start - timedelta(minutes=15))
        visit = Visit(stylist.id, start, (service,), max(made or main.created, main.created))
        # Double-booked only if the colour still held the chair when this was booked.
        visit.double_booked = main.fate == SERVED or main.fate_at > visit.created
        self._fate(visit)
        return visit

    def desk_moment(self, lo: datetime, hi: datetime) -> datetime | None:
        """A random whole minute in [lo, hi] while the salon is open, or None."""
        if hi < lo:
            return None
        span = (hi.date() - lo.date()).days
        days = [lo.date() + timedelta(days=self.rng.randint(0, span)) for _ in range(4)]
        days += [hi.date() - timedelta(days=n) for n in range(span + 1)]  # the fallback
        for day in days:
            opening = hours(day)
            if opening is None:
                continue
            a = max(lo, datetime.combine(day, opening[0]))
            b = min(hi, datetime.combine(day, opening[1]))
            if a <= b:  # times here are whole minutes
                return a + timedelta(minutes=self.rng.randint(0, (b - a) // MINUTE))
        return None
