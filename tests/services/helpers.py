"""Steps the service tests share: book at a local time, walk a booking to checkout, read the
journal, and prove that a refused operation changed nothing."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
from PIL import Image, ImageDraw

from salon_pos.domain.errors import DomainError
from salon_pos.domain.journal import RECORDS_ONLY, Kind
from salon_pos.services.operations import bookings, catalogue, checkout, deposits, notes
from salon_pos.services.views import verify
from salon_pos.services.views.stock import STOCK_KINDS
from salon_pos.store.models import JournalEntry
from tests.conftest import dump

TODAY = date(2026, 3, 20)  # the fixture's Friday


def at(s, hour: int, minute: int = 0, days: int = 0) -> datetime:
    """A local wall-clock time `days` after the fixture's Friday, as an aware UTC instant."""
    return bookings.local_start(s.salon, TODAY + timedelta(days=days), time(hour, minute))


@contextmanager
def refused(s, match: str, error: type[DomainError] = DomainError):
    """The operation inside is refused with a message matching `match`; nothing changed."""
    before = dump(s.salon)
    with pytest.raises(error, match=match) as caught:
        yield caught
    assert dump(s.salon) == before


def book(s, hour: int = 11, *, services=None, stylist=None, client=None, days: int = 0,
         minute: int = 0, by=None, **options) -> int:
    return bookings.book(
        s.salon, client_id=client or s.client, stylist_id=stylist or s.stylist,
        start=at(s, hour, minute, days), service_ids=services or [s.cut], by=by or s.desk,
        **options,
    )


def add_tint(s) -> int:
    """A root tint (60 min, €55.00, standard rate) that needs a valid patch test."""
    return catalogue.add_service(s.salon, "Root tint", duration_min=60, price=5500,
                                 tax_class_id=s.standard_tax, approved_by=s.manager,
                                 needs_patch_test=True)


def book_with_deposit(s, hour: int = 11, *, method: str = "card", reference: str = "T-1",
                      days: int = 0, **options) -> int:
    """Cut and blow-dry (€75.00, over the €60 threshold: €15.00 deposit), deposit taken."""
    booking = book(s, hour, services=[s.cut, s.blowdry], days=days, **options)
    deposits.take_deposit(s.salon, booking, by=s.desk, method=method, reference=reference)
    return booking


def agree_note(s, booking: int, *, price_min: int = 12000, price_max: int = 18000,
               booked_service_id: int | None = None, sessions_expected: int = 2) -> int:
    """An expectation note written by the stylist and acknowledged by the client."""
    note = notes.write_note(
        s.salon, booking, by=s.stylist, expected_result="Even copper, two shades lighter",
        limits_and_risks="Old box dye may grab unevenly", sessions_expected=sessions_expected,
        price_min=price_min, price_max=price_max, booked_service_id=booked_service_id,
    )
    notes.acknowledge_note(s.salon, note, by=s.desk)
    return note


def to_ready(s, booking: int) -> None:
    """Check in, start and finish: the booking is ready for checkout."""
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)
    bookings.finish_service(s.salon, booking, by=s.stylist)


def ready_sale(s, hour: int = 11, **book_options) -> tuple[int, int]:
    """A booked cut, done and ready: (booking id, open sale id)."""
    booking = book(s, hour, **book_options)
    to_ready(s, booking)
    return booking, checkout.open_sale(s.salon, by=s.desk, booking_id=booking)


def walk_in(s, *, client=None, product_quantity: int = 1) -> int:
    """A walk-in sale of the repair shampoo (€18.00 each, standard rate)."""
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=client)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=product_quantity)
    return sale


def tender(s, sale: int, method: str, amount: int, **options) -> dict:
    if method == "card":
        options.setdefault("reference", "T-1")
    return checkout.take_tender(s.salon, sale, by=s.desk, method=method, amount=amount, **options)


def close(s, sale: int, **options) -> dict:
    return checkout.close_sale(s.salon, sale, by=s.desk, **options)


def pay_by_card(s, sale: int, amount: int, reference: str = "T-100", **close_options) -> dict:
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=amount,
                         reference=reference)
    return checkout.close_sale(s.salon, sale, by=s.desk, **close_options)


def journal(**where) -> list[JournalEntry]:
    """Journal entries in order, filtered by column (kind=, sale=, booking=, client=);
    the entries that move no money (standing data, approvals, care records, sales' seals)
    and the stock at cost (tests/services/test_stock.py) left out unless asked for by kind."""
    query = JournalEntry.select().order_by(JournalEntry.seq)
    if "kind" not in where:
        query = query.where(JournalEntry.kind.not_in([*RECORDS_ONLY, Kind.SALE_SEALED,
                                                       *STOCK_KINDS]))
    for column, value in where.items():
        query = query.where(getattr(JournalEntry, column) == value)
    return list(query)


def kinds(**where) -> list[tuple[str, int]]:
    """(kind, amount) of the journal entries, in order."""
    return [(entry.kind, entry.amount) for entry in journal(**where)]


def assert_books_balance(s) -> None:
    result = verify.verify(s.salon)
    assert result.ok, result.problems


def signature_png(width: int = 480, height: int = 160, ink: bool = True) -> bytes:
    """A client's signature as the pad keeps it: black strokes on white, as a PNG."""
    image = Image.new("RGB", (width, height), "white")
    if ink:
        ImageDraw.Draw(image).line([(20, 120), (90, 30), (150, 110), (230, 40), (320, 100)],
                                   fill="black", width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
