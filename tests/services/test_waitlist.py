"""The waitlist: a client waits for days, hours, services and a stylist (or any); a place
freed by a cancellation suits those it fits, first come first; an offer goes by email with
the place in it; the first to take it at the desk is booked (its deposit due as for any
booking), the others told it is gone; taken off, or erased with the client."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from salon_pos.domain.errors import Clash, InvalidInput, InvalidTransition
from salon_pos.domain.messages import MessageKind
from salon_pos.services.exchange import mail
from salon_pos.services.operations import bookings, catalogue, clients, erasure, waitlist
from salon_pos.services.views.waitlist import FreedPlace, suited
from salon_pos.services.views.waitlist import waitlist as waiting_list
from salon_pos.store.models import OutboxMessage, WaitlistEntry
from tests.services.helpers import at, book, refused
from tests.services.test_messages import use_server
from tests.smtp_servers import smtp_server

MONDAY = date(2026, 3, 23)


def wait(s, client, *, services=None, stylist=None, first=MONDAY, last=MONDAY + timedelta(4),
         earliest=time(9), latest=time(13)) -> int:
    return waitlist.add_to_waitlist(
        s.salon, client_id=client, first_day=first, last_day=last, earliest=earliest,
        latest=latest, service_ids=services or [s.cut], stylist_id=stylist, by=s.desk)


@pytest.fixture
def others(s) -> tuple[int, int, int]:
    return tuple(clients.add_client(s.salon, name, by=s.desk, email=email, phone=phone)
                 for name, email, phone in (("Áine First", "aine@example.ie", "087 555 0001"),
                                            ("Bríd Second", "", "087 555 0002"),
                                            ("Ciara Third", "ciara@example.ie", "087 555 0003")))


def test_a_freed_place_suits_those_it_fits_first_come_first(s, others):
    aine, brid, ciara = others
    full = book(s, 10, days=3)  # Monday 10:00, the cut Zoë then cancels
    wait(s, brid)  # first, any stylist, mornings
    wait(s, aine, stylist=s.stylist2)  # another stylist only
    wait(s, ciara, latest=time(9, 30))  # too early a window
    late = wait(s, aine, earliest=time(14), latest=time(18))
    long = wait(s, clients.add_client(s.salon, "Dee Long", by=s.desk),
                services=[s.colour])  # 120 min: Aoife has a client at 11:30
    book(s, 11, minute=30, days=3, services=[s.blowdry])
    bookings.cancel(s.salon, full, by=s.desk)
    place = FreedPlace(s.stylist, at(s, 10, days=3))
    assert [w.client for w in suited(s.salon, place)] == ["Bríd Second"]
    assert {w.id for w in waiting_list(s.salon)} >= {late, long}
    assert [w.client for w in suited(s.salon, FreedPlace(s.stylist2, at(s, 10, days=3)))] == [
        "Bríd Second", "Áine First", "Dee Long"]


def test_an_offer_goes_by_email_and_the_first_to_take_it_is_booked(s, others):
    aine, brid, ciara = others
    first, second, phone_only = wait(s, aine), wait(s, ciara), wait(s, brid)
    with refused(s, "no email address", InvalidInput):
        waitlist.offer_place(s.salon, phone_only, stylist_id=s.stylist,
                             start=at(s, 10, days=3), by=s.desk)
    for entry in (first, second):
        waitlist.offer_place(s.salon, entry, stylist_id=s.stylist, start=at(s, 10, days=3),
                             by=s.desk)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        assert mail.send_due(s.salon).sent == 2
    offer = mailbox.received[0]
    assert offer["Subject"] == "A place has come free at Salon Zoë: Mon 23 Mar 2026, 10:00"
    text = offer.get_body(("plain",)).get_content()
    assert "Mon 23 Mar 2026, 10:00 with Aoife Stylist" in text
    assert "- Cut and finish, 45 min: €45.00" in text and "first to take it" in text
    assert list(offer.iter_attachments()) == []
    booking = waitlist.book_from_waitlist(s.salon, second, stylist_id=s.stylist,
                                          start=at(s, 10, days=3), by=s.desk)
    assert bookings.get_booking(s.salon, booking).deposit_due == 0  # the policy: €45 < €60
    assert WaitlistEntry.get_by_id(second).status == "booked"
    with refused(s, "already has", Clash):  # the place is gone
        waitlist.book_from_waitlist(s.salon, first, stylist_id=s.stylist,
                                    start=at(s, 10, days=3), by=s.desk)
    waitlist.remove_from_waitlist(s.salon, first, by=s.desk)
    with refused(s, "taken off the waitlist", InvalidTransition):
        waitlist.remove_from_waitlist(s.salon, first, by=s.desk)


def test_what_cannot_be_waited_for_is_refused(s):
    with refused(s, "last day comes before", InvalidInput):
        wait(s, s.client, first=MONDAY, last=MONDAY - timedelta(1))
    with refused(s, "latest start comes before", InvalidInput):
        wait(s, s.client, earliest=time(12), latest=time(9))
    with refused(s, "have passed", InvalidInput):
        wait(s, s.client, first=date(2026, 3, 1), last=date(2026, 3, 2))
    catalogue.edit_service(s.salon, s.blowdry, active=False, approved_by=s.manager)
    with refused(s, "no longer offered", InvalidInput):
        wait(s, s.client, services=[s.blowdry])


def test_an_erased_client_leaves_the_waitlist(s, others):
    aine, *_ = others
    entry = waitlist.add_to_waitlist(
        s.salon, client_id=aine, first_day=MONDAY, last_day=MONDAY, earliest=time(9),
        latest=time(12), service_ids=[s.cut], by=s.desk, notes="prefers Aoife")
    waitlist.offer_place(s.salon, entry, stylist_id=s.stylist, start=at(s, 10, days=3),
                         by=s.desk)
    erasure.erase_client(s.salon, aine, approved_by=s.manager)
    row = WaitlistEntry.get_by_id(entry)
    assert (row.status, row.notes) == ("removed", "")
    offer = OutboxMessage.get(OutboxMessage.kind == MessageKind.WAITLIST_OFFER)
    assert (offer.status, offer.recipient, offer.body) == ("dismissed", "", "")
