"""The waitlist as the desk reads it: who is waiting, first come first, and — when a place
frees (a cancellation, a no-show, a move) — who it suits: the day in their days, the start
in their hours, their stylist or any, and their services fitting the stylist's time from
then (the work of each booking, so a colour's processing counts as free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from salon_pos.domain.localtime import local_of, to_utc_naive
from salon_pos.domain.phases import busy_spans
from salon_pos.services.kernel.context import Salon
from salon_pos.services.views.stylist_time import first_clash, phases_of
from salon_pos.store.models import Client, Service, Staff, WaitlistEntry

WAITING = "waiting"


@dataclass(frozen=True)
class WaitingClient:
    id: int
    client_id: int
    client: str
    phone: str
    email: str
    days: str  # "Mon 23 Mar to Fri 27 Mar"
    hours: str  # "09:00–12:00"
    services: str
    service_ids: tuple[int, ...]
    minutes: int  # the services' whole length
    stylist_id: int | None
    stylist: str  # "any stylist" when none was asked for
    notes: str
    offered: str  # when an offer was last sent, or ""


@dataclass(frozen=True)
class FreedPlace:
    """A place that came free: the stylist, and from when (aware)."""

    stylist_id: int
    start: datetime


def place_freed(stylist_id: int, start: datetime, now: datetime) -> FreedPlace:
    """The place a booking leaves: from its start, or — begun already (a no-show marked) —
    from the next five minutes."""
    if start < now:
        start = now.replace(second=0, microsecond=0) + timedelta(minutes=5 - now.minute % 5)
    return FreedPlace(stylist_id, start)


def waitlist(salon: Salon) -> list[WaitingClient]:
    """Everyone still waiting for a day not yet past, first come first."""
    return _waiting(salon, WaitlistEntry.last_day >= salon.today())


def suited(salon: Salon, place: FreedPlace) -> list[WaitingClient]:
    """Who the freed place suits, first come first (nobody for a place already begun)."""
    settings = salon.settings()
    local = local_of(place.start, settings.tz)
    if place.start < salon.now():
        return []
    candidates = _waiting(salon, (WaitlistEntry.first_day <= local.date())
                          & (WaitlistEntry.last_day >= local.date())
                          & (WaitlistEntry.earliest <= local.time())
                          & (WaitlistEntry.latest >= local.time())
                          & (WaitlistEntry.stylist.is_null()
                             | (WaitlistEntry.stylist == place.stylist_id)))
    begin = to_utc_naive(place.start)
    catalogue = _services({i for waiting in candidates for i in waiting.service_ids})
    fitting = []
    for waiting in candidates:
        phases = [phases_of(catalogue[i]) for i in waiting.service_ids if i in catalogue]
        end = begin + timedelta(minutes=waiting.minutes)
        busy = busy_spans(begin, phases)
        if first_clash(salon, place.stylist_id, begin, end, busy, None) is None:
            fitting.append(waiting)
    return fitting


def _services(ids) -> dict[int, Service]:
    """The services named, by id, in one query."""
    return {s.id: s for s in Service.select().where(Service.id.in_(list(ids)))}


def _waiting(salon: Salon, where) -> list[WaitingClient]:
    tz = salon.settings().tz
    rows = list(WaitlistEntry.select(WaitlistEntry, Client.name.alias("client_name"),
                                     Client.phone.alias("client_phone"),
                                     Client.email.alias("client_email"))
                .join(Client).where((WaitlistEntry.status == WAITING) & where)
                .order_by(WaitlistEntry.created_at, WaitlistEntry.id).objects())
    stylists = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    wanted = {row.id: tuple(int(i) for i in row.service_ids.split()) for row in rows}
    catalogue = _services({i for ids in wanted.values() for i in ids})
    found = []
    for row in rows:
        ids = wanted[row.id]
        services = [catalogue[i] for i in ids if i in catalogue]
        found.append(WaitingClient(
            id=row.id, client_id=row.client_id, client=row.client_name,
            phone=row.client_phone, email=row.client_email,
            days=(f"{row.first_day:%a %d %b}" if row.first_day == row.last_day else
                  f"{row.first_day:%a %d %b} to {row.last_day:%a %d %b}"),
            hours=f"{row.earliest:%H:%M}–{row.latest:%H:%M}",
            services=", ".join(s.name for s in services), service_ids=ids,
            minutes=sum(s.duration_min for s in services), stylist_id=row.stylist_id,
            stylist=stylists.get(row.stylist_id, "any stylist"), notes=row.notes,
            offered=(f"{local_of(row.offered_at, tz):%a %d %b %H:%M}" if row.offered_at
                     else "")))
    return found
