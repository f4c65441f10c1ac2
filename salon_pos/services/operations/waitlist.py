"""The waitlist: a client waiting for a place (days, a time of day, services, a stylist or
any), offered one by email when a place frees, booked from it at the desk — the first to
take it gets it, and the deposit policy applies as to any booking — or taken off it."""

from __future__ import annotations

from datetime import date, datetime, time

from salon_pos.documents.messages import offer_values
from salon_pos.domain.errors import InvalidInput, InvalidTransition
from salon_pos.domain.localtime import local_of
from salon_pos.domain.messages import MessageKind, compose
from salon_pos.domain.phases import MAX_SERVICES
from salon_pos.domain.validation import clean_text
from salon_pos.services.kernel.access import require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import get_current_client, get_service, get_staff
from salon_pos.services.operations import bookings, outbox
from salon_pos.services.views.messages import wording
from salon_pos.services.views.receipts import salon_header
from salon_pos.store.models import Service, WaitlistEntry

WAITING, BOOKED, REMOVED = "waiting", "booked", "removed"


def add_to_waitlist(salon: Salon, *, client_id: int, first_day: date, last_day: date,
                    earliest: time, latest: time, service_ids: list[int], by: int,
                    stylist_id: int | None = None, notes: str = "") -> int:
    if not service_ids:
        raise InvalidInput("Choose the services the client is waiting for.")
    if len(service_ids) > MAX_SERVICES:
        raise InvalidInput(f"A booking holds at most {MAX_SERVICES} services.")
    if last_day < first_day:
        raise InvalidInput("The last day comes before the first.")
    if latest < earliest:
        raise InvalidInput("The latest start comes before the earliest.")
    notes = clean_text(notes, "waitlist notes")
    with salon.writing():
        require_staff(salon, by)
        get_current_client(salon, client_id)
        if last_day < salon.today():
            raise InvalidInput("Those days have passed.")
        for service_id in service_ids:
            if not get_service(salon, service_id).active:
                raise InvalidInput(f"{get_service(salon, service_id).name} is no longer "
                                   "offered.")
        if stylist_id is not None:
            bookings.bookable_stylist(salon, stylist_id)
        return WaitlistEntry.create(
            client=client_id, first_day=first_day, last_day=last_day, earliest=earliest,
            latest=latest, service_ids=" ".join(str(i) for i in service_ids),
            stylist=stylist_id, notes=notes, created_by=by, created_at=salon.now_stored(),
        ).id


def remove_from_waitlist(salon: Salon, entry_id: int, *, by: int) -> None:
    with salon.writing():
        require_staff(salon, by)
        _close(salon, _waiting(entry_id), REMOVED, by)


def offer_place(salon: Salon, entry_id: int, *, stylist_id: int, start: datetime,
                by: int) -> int:
    """Email the client that a place is free (`start` with `stylist_id`): the offer says
    it goes to the first to take it. Returns the message queued."""
    with salon.writing():
        require_staff(salon, by)
        entry = _waiting(entry_id)
        client = get_current_client(salon, entry.client_id)
        if not client.email or client.no_messages:
            raise InvalidInput(f"{client.name} has no email address (or asked for no "
                               f"messages): call them on {client.phone or 'their phone'}.")
        settings = salon.settings()
        services = [Service.get_by_id(int(i)) for i in entry.service_ids.split()]
        values = offer_values(
            salon_header(settings), client.name,
            when=f"{local_of(start, settings.tz):%a %d %b %Y, %H:%M}",
            stylist=get_staff(salon, stylist_id).name,
            services=tuple((s.name, s.duration_min, s.price) for s in services),
            money=settings.money)
        text = compose(wording(salon, MessageKind.WAITLIST_OFFER), values)
        WaitlistEntry.update(offered_at=salon.now_stored()).where(
            WaitlistEntry.id == entry_id).execute()
        return outbox.queue_offer(salon, client, subject=text.subject, body=text.body, by=by)


def book_from_waitlist(salon: Salon, entry_id: int, *, stylist_id: int, start: datetime,
                       by: int) -> int:
    """The client takes the place: booked as any booking (its deposit worked out), and off
    the waitlist, in one go."""
    with salon.writing():
        entry = _waiting(entry_id)
        booking = bookings.book(
            salon, client_id=entry.client_id, stylist_id=stylist_id, start=start,
            service_ids=[int(i) for i in entry.service_ids.split()], by=by,
            notes=entry.notes)
        WaitlistEntry.update(booking=booking).where(WaitlistEntry.id == entry_id).execute()
        _close(salon, entry, BOOKED, by)
        return booking


def _waiting(entry_id: int) -> WaitlistEntry:
    entry = WaitlistEntry.get_or_none(WaitlistEntry.id == entry_id)
    if entry is None:
        raise InvalidInput("That waitlist entry does not exist.")
    if entry.status != WAITING:
        raise InvalidTransition("This client is no longer waiting: "
                                + ("they were booked." if entry.status == BOOKED else
                                   "they were taken off the waitlist."))
    return entry


def _close(salon: Salon, entry: WaitlistEntry, status: str, by: int) -> None:
    WaitlistEntry.update(status=status, closed_by=by, closed_at=salon.now_stored()).where(
        WaitlistEntry.id == entry.id).execute()
