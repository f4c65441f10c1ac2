"""Repeat bookings: a booking repeated every few weeks is planned with its clashes said,
each clash resolved (another time, another stylist, or skipped) before anything is
booked; then all are booked in one go, each with its own deposit, or none; the client
hears of the series in one message; the series moves or cancels from one booking on."""

from __future__ import annotations

from datetime import date

import pytest

from salon_pos.domain.errors import Clash, InvalidInput, InvalidTransition
from salon_pos.domain.localtime import local_of
from salon_pos.domain.messages import Status
from salon_pos.services.exchange import mail
from salon_pos.services.operations import bookings, series
from salon_pos.services.operations.series import Planned
from salon_pos.store.models import Booking, OutboxMessage
from tests.services.helpers import at, book, book_with_deposit, refused
from tests.services.test_messages import use_server
from tests.smtp_servers import smtp_server


def planned_times(s, plan: list[Planned]) -> list[str]:
    tz = s.salon.settings().tz
    return [f"{p.start.astimezone(tz):%a %d %b %H:%M}" for p in plan]


def test_a_plan_lists_each_repeat_and_its_clash(s):
    first = book_with_deposit(s, 11, days=3)  # Monday 23 March, 11:00, Aoife
    book(s, 11, days=3 + 14, services=[s.blowdry])  # Monday 6 April: Aoife is busy
    plan = series.plan_repeats(s.salon, first, every_weeks=2, times=3)
    # The clocks go forward on 29 March: still 11:00 on the salon's clock.
    assert planned_times(s, plan) == ["Mon 06 Apr 11:00", "Mon 20 Apr 11:00",
                                      "Mon 04 May 11:00"]
    assert plan[0].clash == "Aoife Stylist has Zoë Ní Bhriain 11:00–11:30"
    assert [p.clash for p in plan[1:]] == ["", ""]
    until = series.plan_repeats(s.salon, first, every_weeks=4, until=date(2026, 6, 15))
    assert planned_times(s, until) == ["Mon 20 Apr 11:00", "Mon 18 May 11:00",
                                       "Mon 15 Jun 11:00"]


@pytest.mark.parametrize(("options", "said"), [
    ({"every_weeks": 0, "times": 3}, "every 1 to 12 weeks"),
    ({"every_weeks": 2}, "how many times, or until which day"),
    ({"every_weeks": 2, "times": 60}, "1 to 52 times"),
    ({"every_weeks": 1, "until": date(2028, 1, 1)}, "more than 52 bookings"),
    ({"every_weeks": 2, "until": date(2026, 3, 24)}, "No repeat falls"),
])
def test_a_plan_that_cannot_be_is_refused(s, options, said):
    first = book(s, 11, days=3)
    with pytest.raises(InvalidInput, match=said):
        series.plan_repeats(s.salon, first, **options)


def test_clashes_resolved_then_all_booked_with_their_own_deposits_in_one_message(s):
    first = book(s, 11, days=3, services=[s.cut, s.blowdry])  # €75: a €15 deposit each
    book(s, 11, days=3 + 14, services=[s.blowdry])
    plan = series.plan_repeats(s.salon, first, every_weeks=2, times=3)
    moved = series.check_planned(s.salon, first, at(s, 14, days=3 + 14), s.stylist)
    other = series.check_planned(s.salon, first, plan[1].start, s.stylist2)
    assert (moved.clash, other.clash) == ("", "")
    with refused(s, "Nothing was booked: the repeat of Mon 06 Apr 2026 11:00 cannot be",
                 Clash):
        series.book_repeats(s.salon, first, every_weeks=2, by=s.desk,
                            planned=[(p.start, p.stylist_id) for p in plan])
    made = series.book_repeats(s.salon, first, every_weeks=2, by=s.desk, planned=[
        (moved.start, moved.stylist_id), (other.start, other.stylist_id)])  # 4 May skipped
    repeats = [Booking.get_by_id(i) for i in made]
    series_id = Booking.get_by_id(first).series_id  # (PostgreSQL spends a number on a refusal)
    assert series_id is not None
    assert [(b.stylist_id, b.deposit_due, b.series_id) for b in repeats] == [
        (s.stylist, 1500, series_id), (s.stylist2, 1500, series_id)]
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        mail.send_due(s.salon)
    subjects = sorted(m["Subject"].removeprefix("Your appointment at Salon Zoë: ")
                      for m in mailbox.received)
    # The blow-dry's, and the first booking's (it had not gone yet), listing the series.
    assert subjects == ["Mon 06 Apr 2026, 11:00", "Mon 23 Mar 2026, 11:00"]
    series_mail = next(m for m in mailbox.received if "23 Mar" in m["Subject"])
    text = series_mail.get_body(("plain",)).get_content()
    assert ("Your appointments in this series:\n- Mon 23 Mar 2026, 11:00 with Aoife Stylist\n"
            "- Mon 06 Apr 2026, 14:00 with Aoife Stylist\n"
            "- Mon 20 Apr 2026, 11:00 with Łukasz Stylist") in text.replace("\r\n", "\n")
    with refused(s, "already part of a series", InvalidInput):
        series.book_repeats(s.salon, first, every_weeks=2, by=s.desk,
                            planned=[(at(s, 11, days=60), s.stylist)])


def test_the_series_moves_and_cancels_from_one_booking_on(s):
    first = book(s, 11, days=3)
    made = series.book_repeats(s.salon, first, every_weeks=1, by=s.desk, planned=[
        (p.start, p.stylist_id) for p in series.plan_repeats(s.salon, first, every_weeks=1,
                                                             times=3)])
    book(s, 12, days=3 + 21, services=[s.blowdry])  # in the way of the last, moved an hour
    with refused(s, "Nothing was moved: the booking of Mon 13 Apr 2026 11:00", Clash):
        series.move_series_from(s.salon, made[0], start=at(s, 12, days=10), by=s.desk)
    moved = series.move_series_from(s.salon, made[0], start=at(s, 10, days=11), by=s.desk)
    assert moved == made  # the first stays where it was
    tz = s.salon.settings().tz  # Tuesdays at 10:00 on the salon's clock, all in summer time
    assert [f"{local_of(Booking.get_by_id(i).start, tz):%a %H:%M}" for i in made] == [
        "Tue 10:00"] * 3
    outcome = series.cancel_series_from(s.salon, made[1], by=s.desk)
    assert outcome == {made[1]: "in_time", made[2]: "in_time"}
    assert [Booking.get_by_id(i).status for i in (first, *made)] == [
        "booked", "booked", "cancelled", "cancelled"]
    assert OutboxMessage.select().where((OutboxMessage.kind == "moved")
                                        & (OutboxMessage.status == Status.WAITING)).count() <= 1


def weekly(s, times: int = 3) -> tuple[int, list[int]]:
    first = book(s, 11, days=3)
    return first, series.book_repeats(s.salon, first, every_weeks=1, by=s.desk, planned=[
        (p.start, p.stylist_id) for p in series.plan_repeats(s.salon, first, every_weeks=1,
                                                             times=times)])


def test_a_weekly_series_moves_a_week_later_past_its_own_bookings(s):
    first, made = weekly(s)
    moved = series.move_series_from(s.salon, first, start=at(s, 11, days=10), by=s.desk)
    assert moved == [first, *made]
    tz = s.salon.settings().tz
    assert [f"{local_of(Booking.get_by_id(i).start, tz):%d %b %H:%M}" for i in moved] == [
        "30 Mar 11:00", "06 Apr 11:00", "13 Apr 11:00", "20 Apr 11:00"]
    series.move_series_from(s.salon, first, start=at(s, 11, days=3), by=s.desk)  # and back


def test_a_series_is_moved_or_cancelled_only_from_a_booking_still_to_come(s):
    first, made = weekly(s)
    bookings.cancel(s.salon, made[-1], by=s.desk)
    with refused(s, "This booking is cancelled: the series is moved from a booking still",
                 InvalidTransition):
        series.move_series_from(s.salon, made[-1], start=at(s, 12, days=24), by=s.desk)
    with refused(s, "the series is cancelled from a booking still to come",
                 InvalidTransition):
        series.cancel_series_from(s.salon, made[-1], by=s.desk)


def test_a_series_cancelled_together_is_said_in_one_message(s):
    first, made = weekly(s)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        mail.send_due(s.salon)
        series.cancel_series_from(s.salon, made[0], by=s.desk)
        mail.send_due(s.salon)
    cancelled = [m for m in mailbox.received if "is cancelled" in m["Subject"]]
    assert len(cancelled) == 1
    text = cancelled[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert ("Cancelled with it, from your series:\n- Mon 06 Apr 2026, 11:00 with Aoife "
            "Stylist\n- Mon 13 Apr 2026, 11:00 with Aoife Stylist") in text
