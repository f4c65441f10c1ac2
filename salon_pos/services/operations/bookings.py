"""The booking lifecycle: book, reschedule, cancel (in time or late), check in, start
(behind the consultation guard), finish, and mark a no-show after the grace period."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from salon_pos.domain.booking_status import (
    RESCHEDULABLE,
    BookingStatus,
    next_status,
    no_show_from,
)
from salon_pos.domain.deposit_policy import BookedItem, DepositRule
from salon_pos.domain.errors import Clash, InvalidInput, InvalidTransition, NotAllowed
from salon_pos.domain.localtime import local_of, local_to_utc, to_utc_naive
from salon_pos.domain.phases import MAX_SERVICES, busy_spans
from salon_pos.domain.settings import policy_text
from salon_pos.domain.standing import CLIENT_TERMS
from salon_pos.domain.validation import clean_text
from salon_pos.services.kernel import ledger
from salon_pos.services.kernel.access import Role, require_hands_on, require_manager, require_staff
from salon_pos.services.kernel.context import Salon
from salon_pos.services.kernel.lookup import (
    get_booking,
    get_current_client,
    get_service,
)
from salon_pos.services.kernel.standing import check_against_journal, check_priced
from salon_pos.services.operations import deposits, outbox, patch_tests
from salon_pos.services.views.notes import services_missing_agreement
from salon_pos.services.views.stylist_time import booked_phases, first_clash, phases_of
from salon_pos.store.models import BookedService, Booking, Staff

# A booking may be entered a little after its start (the client is already in the chair).
PAST_TOLERANCE = timedelta(hours=1)
# Nobody books a haircut years ahead: a date that far out is a typing mistake (and near
# the end of the calendar the booking's end could not even be worked out).
FURTHEST_AHEAD = timedelta(days=5 * 366)


def local_start(salon: Salon, day: date, at: time) -> datetime:
    """The UTC instant of a local day and wall-clock time (refuses skipped DST times)."""
    return local_to_utc(day, at, salon.settings().tz)


def book(
    salon: Salon, *, client_id: int, stylist_id: int, start: datetime, service_ids: list[int],
    by: int, double_book: bool = False, notes: str = "", redo_of: int | None = None,
) -> int:
    """Book services with a stylist; the deposit due (and why) is worked out and stored."""
    if start.tzinfo is None:
        raise InvalidInput("The start time needs a time zone.")
    if not service_ids:
        raise InvalidInput("Choose at least one service.")
    if len(service_ids) > MAX_SERVICES:
        raise InvalidInput(f"A booking holds at most {MAX_SERVICES} services.")
    notes = clean_text(notes, "booking notes")
    with salon.writing():
        require_hands_on(salon, by, stylist_id)
        settings = salon.settings()
        client = get_current_client(salon, client_id)
        check_against_journal(salon, CLIENT_TERMS, client)  # its deposit rule decides below
        stylist = bookable_stylist(salon, stylist_id)
        services = [_bookable_service(salon, service_id) for service_id in service_ids]
        begin = _bookable_start(salon, start)
        end = begin + timedelta(minutes=sum(s.duration_min for s in services))
        busy = busy_spans(begin, [phases_of(s) for s in services])
        _refuse_clash(salon, stylist, begin, end, busy, None, double_book)
        original = _redo_original(salon, redo_of, client_id, services) if redo_of else None
        prices = [0 if original else s.price for s in services]
        if original:
            decision = deposits.DepositDecision(0, ())
        else:
            items = [BookedItem(s.name, p, DepositRule(s.deposit_rule))
                     for s, p in zip(services, prices, strict=True)]
            decision = deposits.decide(salon, settings, client, items)
        booking = Booking.create(
            client=client, stylist=stylist, start=begin, end=end, status=BookingStatus.BOOKED,
            deposit_due=decision.amount, deposit_reason=decision.explanation, notes=notes,
            policy=policy_text(settings),
            double_booked=double_book
            and first_clash(salon, stylist.id, begin, end, busy, None) is not None,
            redo_of=original,
            created_by=by, created_at=salon.now_stored(),
        )
        for position, (service, price) in enumerate(zip(services, prices, strict=True)):
            BookedService.create(
                booking=booking, service=service, name=service.name,
                duration_min=service.duration_min, price_quoted=price, position=position,
                processing_min=service.processing_min, finish_min=service.finish_min,
            )
        outbox.queue_booked(salon, booking, by=by)
        return booking.id


def _bookable_start(salon: Salon, start: datetime) -> datetime:
    """The start as stored (UTC), refused when already past or absurdly far ahead."""
    now = salon.now_stored()
    try:
        begin = to_utc_naive(start)
    except OverflowError:  # the first or last hours of the calendar, in another zone
        raise InvalidInput("That date cannot be booked.") from None
    if begin < now - PAST_TOLERANCE:
        raise InvalidInput("That time has already passed.")
    if begin > now + FURTHEST_AHEAD:
        raise InvalidInput("That date is too far ahead: bookings go at most five years out.")
    return begin


def bookable_stylist(salon: Salon, stylist_id: int) -> Staff:
    stylist = require_staff(salon, stylist_id)
    if stylist.role not in (Role.STYLIST, Role.MANAGER):
        raise InvalidInput(f"{stylist.name} does not take clients.")
    return stylist


def _bookable_service(salon: Salon, service_id: int):
    service = get_service(salon, service_id)
    if not service.active:
        raise InvalidInput(f"{service.name} is no longer offered.")
    check_priced(salon, service)
    return service


def _refuse_clash(salon, stylist, begin, end, busy, exclude, double_book) -> None:
    if double_book:
        return
    other = first_clash(salon, stylist.id, begin, end, busy, exclude)
    if other is not None:
        tz = salon.settings().tz
        span = f"{local_of(other.start, tz):%H:%M}–{local_of(other.end, tz):%H:%M}"
        raise Clash(
            f"{stylist.name} already has {other.client.name} at {span}. "
            "Choose another time, or double-book on purpose."
        )


def _redo_original(salon: Salon, redo_of: int, client_id: int, services) -> Booking:
    """The paid booking a free redo repeats: same client, within the guarantee period,
    only services that were in it, and only once."""
    original = get_booking(salon, redo_of)
    if original.client_id != client_id or original.status != BookingStatus.CLOSED:
        raise InvalidInput("A free redo follows a finished and paid booking of the same client.")
    if original.redo_of_id is not None:
        raise InvalidInput("That booking was itself a free redo; a redo is not redone for free.")
    days = salon.settings().satisfaction_guarantee_days
    if salon.now_stored() > original.finished_at + timedelta(days=days):
        raise InvalidInput(f"The {days}-day guarantee for a free redo has passed.")
    done = Counter(b.service_id for b in BookedService.select().where(
        BookedService.booking == redo_of))
    if Counter(service.id for service in services) - done:
        raise InvalidInput("A free redo can only repeat services of the original booking.")
    redone = Booking.select().where(
        (Booking.redo_of == redo_of) & (Booking.status != BookingStatus.CANCELLED))
    if redone.exists():
        raise InvalidInput("This booking has already had its free redo.")
    return original


def reschedule(
    salon: Salon, booking_id: int, *, start: datetime, by: int, stylist_id: int | None = None,
    double_book: bool = False, approved_by: int | None = None,
) -> None:
    """Move a booking (same length, same services); its deposit stays with it. Moving it
    once inside the cancellation window would dodge the late-cancellation fee, so that
    needs a manager."""
    if start.tzinfo is None:
        raise InvalidInput("The start time needs a time zone.")
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        if booking.status not in RESCHEDULABLE:
            raise InvalidTransition(
                f"Only a booking that has not started can be moved; this one is "
                f"{BookingStatus(booking.status).label}."
            )
        approver = None
        if is_late_cancellation(salon, booking):
            if approved_by is None:
                hours = salon.settings().cancellation_window_hours
                raise NotAllowed(
                    f"This booking starts within {hours} hours: moving it now counts as a "
                    "late change, so a manager has to approve it."
                )
            approver = require_manager(salon, approved_by).id
        stylist = bookable_stylist(salon, stylist_id or booking.stylist_id)
        begin = _bookable_start(salon, start)
        end = begin + (booking.end - booking.start)
        busy = busy_spans(begin, booked_phases(salon, [booking.id]).get(booking.id, ()))
        _refuse_clash(salon, stylist, begin, end, busy, booking.id, double_book)
        Booking.update(
            start=begin, end=end, stylist=stylist, rescheduled_at=salon.now_stored(),
            rescheduled_by=by, reschedule_approved_by=approver,
            double_booked=double_book
            and first_clash(salon, stylist.id, begin, end, busy, booking.id) is not None,
        ).where(Booking.id == booking_id).execute()
        outbox.queue_moved(salon, get_booking(salon, booking_id), by=by)


def is_late_cancellation(salon: Salon, booking: Booking) -> bool:
    window = timedelta(hours=salon.settings().cancellation_window_hours)
    return salon.now_stored() > booking.start - window


def late_to_cancel(salon: Salon, booking_id: int) -> bool:
    """Whether cancelling now would be late (the deposit is then kept by policy)."""
    return is_late_cancellation(salon, get_booking(salon, booking_id))


def cancel(salon: Salon, booking_id: int, *, by: int, deposit_to: str = "refund") -> str:
    """Cancel; returns "in_time" or "late". In time, the deposit goes back (refund or
    credit, as the client chooses); late, the policy keeps it as a fee or as credit."""
    if deposit_to not in ("refund", "credit"):
        raise InvalidInput("The deposit goes back as a refund or as credit.")
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        status = next_status(booking.status, "cancel")
        kind = "late" if is_late_cancellation(salon, booking) else "in_time"
        if kind == "in_time":
            deposits.release_deposit(salon, booking, to=deposit_to, by=by, memo="cancelled in time")
        else:
            keeps = salon.settings().late_cancel_keeps
            deposits.release_deposit(salon, booking, to=keeps, by=by, memo="late cancellation")
        Booking.update(status=status, cancelled_at=salon.now_stored(), cancel_kind=kind,
                       outcome_by=by, outcome_day=ledger.business_day(salon)).where(
            Booking.id == booking_id).execute()
        outbox.queue_cancelled(salon, booking, by=by)
        return kind


def check_in(salon: Salon, booking_id: int, *, by: int) -> None:
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        status = next_status(booking.status, "check in")
        settings = salon.settings()
        booking_day = local_of(booking.start, settings.tz).date()
        if booking_day != salon.today(settings):
            raise InvalidInput(f"This booking is for {booking_day:%a %d %b}, not today.")
        _set_status(booking_id, status, checked_in_at=salon.now_stored())


def start_service(salon: Salon, booking_id: int, *, by: int,
                  waiver: patch_tests.Waiver | None = None) -> None:
    """Start the work; a service that needs a consultation waits for its agreed note, one
    that needs a patch test for a valid test (or a manager's `waiver`)."""
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        status = next_status(booking.status, "start")
        missing = services_missing_agreement(salon, booking_id)
        if missing:
            raise NotAllowed(
                f"{', '.join(missing)} needs an expectation note that the client has "
                "acknowledged before the work starts."
            )
        patch_tests.guard_start(salon, booking, waiver, by)
        _set_status(booking_id, status, started_at=salon.now_stored())


def finish_service(salon: Salon, booking_id: int, *, by: int) -> None:
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        status = next_status(booking.status, "finish")
        _set_status(booking_id, status, finished_at=salon.now_stored())


def mark_no_show(salon: Salon, booking_id: int, *, by: int) -> int:
    """After start + grace with the client absent: the deposit is kept as a no-show fee."""
    with salon.writing():
        booking = get_booking(salon, booking_id)
        require_hands_on(salon, by, booking.stylist_id)
        status = next_status(booking.status, "mark as no-show")
        grace = salon.settings().no_show_grace_minutes
        allowed_from = no_show_from(booking.start, grace)
        if salon.now_stored() < allowed_from:
            at = local_of(allowed_from, salon.settings().tz)
            raise InvalidTransition(
                f"Too early to call this a no-show: wait until {at:%H:%M} "
                f"({grace} minutes after the start)."
            )
        fee = deposits.release_deposit(salon, booking, to="fee", by=by, memo="no-show")
        _set_status(booking_id, status, outcome_by=by, outcome_day=ledger.business_day(salon))
        outbox.withdraw_for_booking(salon, booking_id, "The client did not come.")
        return fee


def _set_status(booking_id: int, status: BookingStatus, **fields) -> None:
    Booking.update(status=status, **fields).where(Booking.id == booking_id).execute()
