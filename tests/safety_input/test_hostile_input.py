"""Bad input at every operation: huge and empty strings, control characters, every unicode
plane, negative, zero and enormous amounts, impossible times, SQL-looking text.

Each call is refused with a message and changes nothing, or it succeeds and what was stored
reads back exactly (as the documented cleaning makes it), with `verify(s.salon)` still clean.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_pos.domain.errors import DomainError
from salon_pos.domain.money import CURRENCIES, MAX_AMOUNT, NumberStyle, parse_amount
from salon_pos.domain.settings import SETTING_NAMES, check_setting
from salon_pos.domain.validation import clean_email, clean_name, clean_phone, clean_text
from salon_pos.services.operations import (
    bookings,
    cash_drawer,
    catalogue,
    checkout,
    clients,
    deposits,
    notes,
    refunds,
    salon_setup,
)
from salon_pos.services.views.clients import search_clients
from salon_pos.store.models import (
    Booking,
    Client,
    ExpectationNote,
    JournalEntry,
    SaleLine,
    SaleTender,
    Service,
)
from tests.safety_input.hostile import (
    HOSTILE,
    TALLY,
    Refused,
    amounts,
    attempt,
    tally_since,
    texts,
)


@pytest.fixture(scope="module", autouse=True)
def _report_tally():
    before = TALLY.copy()
    yield
    print(tally_since(before, "operations"))


def _booking(s, days_ahead: int = 1, hour: int = 10) -> int:
    start = bookings.local_start(s.salon, s.salon.today() + timedelta(days=days_ahead),
                                 time(hour, 0))
    return bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=start,
                         service_ids=[s.cut], by=s.desk, double_book=True)


def _open_sale(s) -> tuple[int, int]:
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    line = checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk)
    return sale, line


# --- clients ---------------------------------------------------------------------------


@HOSTILE
@given(name=texts, phone=texts, email=texts, alerts=texts)
def test_add_client_refuses_or_stores_exactly(s, name, phone, email, alerts):
    result = attempt(s.salon, lambda: clients.add_client(
        s.salon, name, by=s.desk, phone=phone, email=email, alerts=alerts))
    if not isinstance(result, Refused):
        stored = Client.get_by_id(result)
        assert stored.name == clean_name(name, "client's name")
        assert stored.phone == clean_phone(phone)
        assert stored.email == clean_email(email)
        assert stored.alerts == clean_text(alerts, "alerts")


@HOSTILE
@given(field=st.sampled_from(["name", "phone", "email", "alerts"]), value=texts)
def test_edit_client_refuses_or_stores_exactly(s, field, value):
    result = attempt(s.salon, lambda: clients.edit_client(
        s.salon, s.client, by=s.desk, **{field: value}))
    if not isinstance(result, Refused):
        clean = {"name": lambda v: clean_name(v, "client's name"), "phone": clean_phone,
                 "email": clean_email, "alerts": lambda v: clean_text(v, "alerts")}[field]
        assert getattr(Client.get_by_id(s.client), field) == clean(value)
        assert search_clients(s.salon, value) is not None  # searching for it never breaks


@HOSTILE
@given(text=texts)
def test_searching_clients_with_any_text_never_breaks(s, text):
    # A lone surrogate ("\ud800") once reached SQLite as a search prefix: UnicodeEncodeError.
    TALLY["inputs"] += 1
    found = search_clients(s.salon, text)
    assert isinstance(found, list)
    TALLY["done"] += 1


# --- catalogue -------------------------------------------------------------------------


@HOSTILE
@given(name=texts, category=texts, price=amounts,
       duration=st.one_of(st.integers(), st.sampled_from([0, 5, 720, 725, -5]), amounts))
def test_add_service_refuses_or_stores_exactly(s, name, category, price, duration):
    result = attempt(s.salon, lambda: catalogue.add_service(
        s.salon, name, duration_min=duration, price=price, tax_class_id=s.reduced_tax,
        approved_by=s.manager, category=category))
    if not isinstance(result, Refused):
        stored = Service.get_by_id(result)
        assert stored.name == clean_name(name, "service name")
        assert (stored.price, stored.duration_min) == (price, duration)
        assert isinstance(price, int) and 0 <= price <= MAX_AMOUNT


# --- bookings --------------------------------------------------------------------------

odd_instants = st.one_of(
    st.datetimes(timezones=st.timezones()),
    st.datetimes(min_value=datetime(2026, 3, 19), max_value=datetime(2026, 4, 30),
                 timezones=st.timezones()),
    st.sampled_from([datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC),
                     datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
                     datetime(2026, 3, 29, 1, 30, tzinfo=UTC)]),
)


@HOSTILE
@given(start=odd_instants, notes_text=texts)
def test_booking_at_odd_times_refuses_or_stores_exactly(s, start, notes_text):
    result = attempt(s.salon, lambda: bookings.book(
        s.salon, client_id=s.client, stylist_id=s.stylist2, start=start,
        service_ids=[s.blowdry], by=s.desk, double_book=True, notes=notes_text))
    if not isinstance(result, Refused):
        stored = Booking.get_by_id(result)
        assert stored.start == start.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        assert stored.end - stored.start == timedelta(minutes=30)
        assert stored.notes == clean_text(notes_text, "booking notes")


@HOSTILE
@given(day=st.dates(), at=st.times())
def test_local_start_of_any_day_and_time_refuses_or_answers(s, day, at):
    TALLY["inputs"] += 1
    try:
        instant = bookings.local_start(s.salon, day, at)
    except DomainError as error:
        assert error.message
        TALLY["refused"] += 1
        return
    assert instant.tzinfo is not None
    TALLY["done"] += 1


# --- deposits, tenders, drawer ---------------------------------------------------------

methods = st.one_of(st.sampled_from(["cash", "card", "credit", "house_account", "voucher"]),
                    texts)


@HOSTILE
@given(amount=amounts, reference=texts, method=methods,
       key=st.one_of(st.none(), texts))
def test_take_deposit_refuses_or_stores_exactly(s, amount, reference, method, key):
    booking = _booking(s)
    result = attempt(s.salon, lambda: deposits.take_deposit(
        s.salon, booking, by=s.desk, method=method, amount=amount, reference=reference,
        key=key))
    if not isinstance(result, Refused):
        entry = JournalEntry.get(JournalEntry.seq == result["seq"])
        assert (entry.amount, entry.method) == (result["amount"], method)
        assert entry.reference == " ".join(reference.split())
        assert 0 < entry.amount <= MAX_AMOUNT


@HOSTILE
@given(amount=amounts, reference=texts, method=methods)
def test_take_tender_refuses_or_stores_exactly(s, amount, reference, method):
    sale, _ = _open_sale(s)
    result = attempt(s.salon, lambda: checkout.take_tender(
        s.salon, sale, by=s.desk, method=method, amount=amount, reference=reference))
    if not isinstance(result, Refused):
        tender = SaleTender.get_by_id(result["tender_id"])
        assert (tender.amount, tender.method) == (amount, method)
        assert tender.reference == " ".join(reference.split())


@HOSTILE
@given(amount=amounts, reason=texts)
def test_paid_in_refuses_or_stores_exactly(s, amount, reason):
    result = attempt(s.salon, lambda: cash_drawer.paid_in(
        s.salon, amount, by=s.desk, reason=reason))
    if not isinstance(result, Refused):
        entry = JournalEntry.select().order_by(JournalEntry.seq.desc()).get()
        assert (entry.amount, entry.memo) == (amount, clean_text(reason, "reason"))


# --- reasons: discounts and refunds ----------------------------------------------------


@HOSTILE
@given(reason=texts, amount=st.one_of(st.none(), amounts),
       percent=st.one_of(st.none(), amounts))
def test_discount_refuses_or_stores_exactly(s, reason, amount, percent):
    sale, line = _open_sale(s)
    result = attempt(s.salon, lambda: checkout.discount_line(
        s.salon, sale, line, by=s.desk, reason=reason, amount=amount, percent_bp=percent,
        approved_by=s.manager))
    if not isinstance(result, Refused):
        stored = SaleLine.get_by_id(line)
        assert stored.discount == result
        assert stored.discount_reason == (clean_text(reason, "reason") if result else "")


@HOSTILE
@given(reason=texts, reference=texts, method=st.one_of(st.none(), methods))
def test_refund_reason_and_reference_refuse_or_store_exactly(s, reason, reference, method):
    sale, _ = _open_sale(s)
    checkout.take_tender(s.salon, sale, by=s.desk, method="cash", amount=1800)
    checkout.close_sale(s.salon, sale, by=s.desk)
    result = attempt(s.salon, lambda: refunds.refund_sale(
        s.salon, sale, by=s.desk, approved_by=s.manager, reason=reason, method=method,
        reference=reference))
    if not isinstance(result, Refused):
        entry = JournalEntry.select().where(JournalEntry.sale == sale).order_by(
            JournalEntry.seq.desc()).get()
        assert entry.memo == clean_text(reason, "reason")


# --- expectation notes -----------------------------------------------------------------


@HOSTILE
@given(expected=texts, limits=texts, low=amounts, high=amounts,
       sessions=st.one_of(st.integers(), amounts))
def test_expectation_note_refuses_or_stores_exactly(s, expected, limits, low, high,
                                                    sessions):
    booking = _booking(s)
    result = attempt(s.salon, lambda: notes.write_note(
        s.salon, booking, by=s.stylist, expected_result=expected, limits_and_risks=limits,
        price_min=low, price_max=high, sessions_expected=sessions))
    if not isinstance(result, Refused):
        note = ExpectationNote.get_by_id(result)
        assert note.expected_result == clean_text(expected, "expected result")
        assert note.limits_and_risks == clean_text(limits, "limits and risks")
        assert (note.price_min, note.price_max, note.sessions_expected) == (low, high, sessions)


# --- money typed at the counter --------------------------------------------------------


@HOSTILE
@given(text=st.one_of(texts, st.from_regex(r"\A[-+€$ ]?[0-9.,' \u00a0]{0,20}\Z")),
       code=st.sampled_from(sorted(CURRENCIES)),
       style=st.sampled_from([NumberStyle(), NumberStyle(",", ".", True),
                              NumberStyle(",", "\u202f", True), NumberStyle(".", "'", False)]),
       negative=st.booleans())
def test_parse_money_refuses_or_gives_a_sane_amount(s, text, code, style, negative):
    TALLY["inputs"] += 1
    try:
        minor = parse_amount(text, CURRENCIES[code], allow_negative=negative, style=style)
    except DomainError as error:
        assert error.message
        TALLY["refused"] += 1
        return
    assert isinstance(minor, int) and abs(minor) <= MAX_AMOUNT
    assert negative or minor >= 0
    TALLY["done"] += 1


@HOSTILE
@given(minor=st.integers(0, MAX_AMOUNT))
def test_every_amount_the_salon_shows_parses_back(s, minor):
    settings = s.salon.settings()
    TALLY["inputs"] += 1
    assert settings.parse_money(settings.money(minor)) == minor
    TALLY["done"] += 1


# --- settings --------------------------------------------------------------------------

setting_values = st.one_of(texts, amounts, st.lists(st.integers(), max_size=3),
                           st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@HOSTILE
@given(name=st.one_of(st.sampled_from(SETTING_NAMES), texts), value=setting_values)
def test_change_settings_refuses_or_stores_exactly(s, name, value):
    result = attempt(s.salon, lambda: salon_setup.change_settings(
        s.salon, s.manager, **{name: value}))
    if not isinstance(result, Refused):
        stored = getattr(s.salon.settings(), name)
        assert stored == check_setting(name, value)
        assert json.loads(json.dumps(stored)) == stored


# --- examples that once broke, kept as plain tests -------------------------------------


@pytest.mark.parametrize("start", [
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),  # its end overflowed the calendar
    datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=5))),  # before year 1 in UTC
    datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))),  # after 9999 in UTC
    datetime(2040, 1, 1, 10, 0, tzinfo=UTC),
])
def test_a_booking_years_away_or_off_the_calendar_is_refused(s, start):
    booking = _booking(s)
    for operation in (
        lambda: bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=start,
                              service_ids=[s.cut], by=s.desk),
        lambda: bookings.reschedule(s.salon, booking, start=start, by=s.desk),
    ):
        assert isinstance(attempt(s.salon, operation), Refused)


@pytest.mark.parametrize("email", ["a\ud800@x.ie", "\x00@example.ie", "z\x1b@example.ie"])
def test_an_email_with_unprintable_characters_is_refused(s, email):
    # A lone surrogate once reached SQLite, which cannot encode it (UnicodeEncodeError).
    result = attempt(s.salon, lambda: clients.add_client(s.salon, "Ann", by=s.desk, email=email))
    assert isinstance(result, Refused)


@pytest.mark.parametrize("value", ["²", "٣", "①", "9" * 5000, "1e3", " 12 ", 12.0, True, None])
def test_a_number_setting_takes_only_plain_digits(s, value):
    # "²".isdigit() is true, but int("²") raised ValueError.
    result = attempt(s.salon, lambda: salon_setup.change_settings(
        s.salon, s.manager, deposit_fixed=value))
    if value == " 12 ":
        assert result is None and s.salon.settings().deposit_fixed == 12
    else:
        assert isinstance(result, Refused)


@pytest.mark.parametrize("name", ["Salon\x00", "Salon\ud800", "Sa\x1blon", "Sa\u0085lon"])
def test_a_text_setting_with_unprintable_characters_is_refused(s, name):
    result = attempt(s.salon, lambda: salon_setup.change_settings(
        s.salon, s.manager, salon_name=name))
    assert isinstance(result, Refused)
    assert s.salon.settings().salon_name == "Salon Zoë"


@pytest.mark.parametrize("text", ["\ud800", "zo\udfff", "\x00", "'; DROP TABLE client; --"])
def test_searching_for_unstorable_text_finds_nothing(s, text):
    assert search_clients(s.salon, text) == []


@pytest.mark.parametrize("key", ["\ud800", "k\x00", "", "k" * 81])
def test_an_unstorable_request_key_is_refused(s, key):
    booking = _booking(s)
    result = attempt(s.salon, lambda: deposits.take_deposit(
        s.salon, booking, by=s.desk, method="cash", amount=500, key=key))
    assert isinstance(result, Refused)


@pytest.mark.parametrize("name", ["é" * 200, "Europe/" + "x" * 300, "a\x00", "../../etc/passwd"])
def test_an_impossible_time_zone_is_refused(s, name):
    # A name longer than the file system allows raised OSError from zoneinfo.
    result = attempt(s.salon, lambda: salon_setup.change_settings(
        s.salon, s.manager, time_zone=name))
    assert isinstance(result, Refused)
