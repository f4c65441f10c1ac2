"""Messages to clients: queued by the act that causes them, in its transaction, and sent
to a real SMTP server (aiosmtpd, started here) with their attachments — and when the server
refuses, says nothing, hangs up mid-send or is not there at all, nothing is lost and
nothing goes twice."""

from __future__ import annotations

import io
from datetime import timedelta

import icalendar
import pytest
from pypdf import PdfReader

from salon_pos.domain.errors import DomainError, InvalidInput, InvalidTransition
from salon_pos.domain.messages import MessageKind, Status, TryOutcome
from salon_pos.services.exchange import mail
from salon_pos.services.operations import bookings, clients, deposits, outbox, salon_setup
from salon_pos.store.models import MessageTry, OutboxMessage
from tests.services.helpers import (
    agree_note,
    at,
    book,
    book_with_deposit,
    pay_by_card,
    ready_sale,
    refused,
)
from tests.smtp_servers import (
    PASSWORD,
    USER,
    Mailbox,
    hangs_up_after_data,
    raw_server,
    self_signed,
    server_context,
    silent,
    smtp_server,
)


def use_server(s, port: int, **more) -> None:
    settings = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none",
                "salon_email": "hello@salonzoe.ie", "salon_phone": "+353 1 555 0199"}
    salon_setup.change_settings(s.salon, s.manager, **{**settings, **more})


def messages(**where) -> list[OutboxMessage]:
    query = OutboxMessage.select().order_by(OutboxMessage.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(query)


def kinds(status: Status = Status.WAITING) -> list[str]:
    return [m.kind for m in messages(status=status)]


def send(s, timeout: float = 5) -> mail.PassReport:
    return mail.send_due(s.salon, timeout=timeout)


def three_days_ahead(s, **options) -> int:
    """A cut on Monday at 11:00: far enough ahead for a reminder (Saturday 11:00)."""
    return book(s, 11, days=3, **options)


# ---- Queued with the act ---------------------------------------------------------------

def test_a_booking_queues_its_confirmation_now_and_its_reminder_before_free_cancelling_ends(s):
    booking = three_days_ahead(s)
    confirmation, reminder = messages(booking=booking)
    assert (confirmation.kind, reminder.kind) == ("confirmation", "reminder")
    assert confirmation.recipient == "zoe@example.ie"
    assert confirmation.due_at == s.salon.now_stored()
    start = bookings.get_booking(s.salon, booking).start
    # 24 h of cancellation window and 24 h of notice before it: two days ahead.
    assert reminder.due_at == start - timedelta(hours=48)
    assert confirmation.message_id != reminder.message_id


def test_no_reminder_when_booked_too_late_for_one_and_nothing_for_a_client_who_said_no(s):
    book(s, 15)  # today
    assert kinds() == ["confirmation"]
    clients.edit_client(s.salon, s.client, by=s.desk, no_messages=True)
    assert kinds() == []  # the waiting confirmation withdrawn too
    assert messages()[0].outcome == "The client asked for no messages."
    three_days_ahead(s)
    no_email = clients.add_client(s.salon, "Nuala Phone", by=s.desk, phone="087 555 1234")
    three_days_ahead(s, client=no_email, stylist=s.stylist2)
    assert kinds() == []


def test_a_refused_booking_queues_nothing(s):
    three_days_ahead(s)
    other = clients.add_client(s.salon, "Other", by=s.desk, email="o@example.ie")
    with refused(s, "already has"):
        three_days_ahead(s, client=other)


def test_moving_a_booking_before_its_confirmation_went_needs_no_second_message(s):
    booking = three_days_ahead(s)
    old_reminder = messages(kind="reminder")[0]
    bookings.reschedule(s.salon, booking, start=bookings.local_start(
        s.salon, s.salon.today() + timedelta(days=4), bookings.time(14, 0)), by=s.desk)
    assert kinds() == ["confirmation", "reminder"]
    assert OutboxMessage.get_by_id(old_reminder.id).status == Status.DISMISSED
    new_reminder = messages(kind="reminder", status=Status.WAITING)[0]
    assert new_reminder.due_at == bookings.get_booking(s.salon, booking).start - timedelta(
        hours=48)


def test_moving_a_confirmed_booking_tells_the_client(s):
    booking = three_days_ahead(s)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        assert send(s).sent == 1
        bookings.reschedule(s.salon, booking, start=bookings.local_start(
            s.salon, s.salon.today() + timedelta(days=4), bookings.time(14, 0)), by=s.desk)
        assert kinds() == ["moved", "reminder"]
        assert send(s).sent == 1
    moved = mailbox.received[-1]
    assert "has moved" in moved["Subject"] and "Tue 24 Mar 2026, 14:00" in moved["Subject"]


def test_cancelling_withdraws_what_was_still_to_go_and_tells_a_client_who_was_told(s):
    unseen = three_days_ahead(s)
    bookings.cancel(s.salon, unseen, by=s.desk)
    assert kinds() == []  # never told of it: not told of its end either
    booking = book_with_deposit(s, 11, days=3)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        send(s)
        bookings.cancel(s.salon, booking, by=s.desk)
        assert kinds() == ["cancellation"]
        send(s)
    cancelled = mailbox.received[-1]
    text = cancelled.get_body(("plain",)).get_content()
    assert "is cancelled" in cancelled["Subject"]
    assert "Deposit refunded (card): €15.00." in text
    [ics] = [part for part in cancelled.iter_attachments()]
    event = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event["STATUS"] == "CANCELLED"


def test_a_deposit_taken_before_the_confirmation_went_is_in_it_and_after_gets_a_receipt(s):
    booking = book_with_deposit(s, 11, days=3)
    assert kinds() == ["confirmation", "reminder"]  # one message, not two
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        send(s)
        assert "Your deposit of €15.00 is held" in mailbox.received[0].get_body(
            ("plain",)).get_content()
        second = book(s, 15, days=3, services=[s.cut, s.blowdry])
        send(s)
        deposits.take_deposit(s.salon, second, by=s.desk, method="card", reference="T-2")
        assert kinds() == ["reminder", "reminder", "deposit_receipt"]
        send(s)
    receipt = mailbox.received[-1]
    assert receipt["Subject"] == "Your deposit to Salon Zoë"
    assert "received your deposit of €15.00" in receipt.get_body(("plain",)).get_content()
    [pdf, ics] = receipt.iter_attachments()
    assert pdf.get_filename().startswith("deposit-D")
    assert "Deposit taken" in PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
    assert booking != second


# ---- Delivered, with what the client needs --------------------------------------------

def test_a_confirmation_reaches_the_server_with_the_slip_and_the_calendar_entry(s):
    booking = book(s, 11, days=3, services=[s.colour])
    agree_note(s, booking)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        report = send(s)
    assert (report.sent, report.problem) == (1, "")
    [message] = mailbox.received
    assert message["From"] == "Salon Zoë <hello@salonzoe.ie>"
    assert message["To"] == "zoe@example.ie"
    assert message["Subject"] == "Your appointment at Salon Zoë: Mon 23 Mar 2026, 11:00"
    stored = messages(booking=booking, kind="confirmation")[0]
    assert message["Message-ID"].strip() == stored.message_id
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    for said in ("Hello Zoë Ní Bhriain", "Colour correction, 120 min: €150.00",
                 "A deposit of €30.00 is due to hold this booking",
                 "What to expect: Even copper, two shades lighter",
                 "Limits and risks: Old box dye may grab unevenly",
                 "Price: €120.00 to €180.00, 2 sessions",
                 "You agreed to this on 20 Mar 2026 09:00.",
                 "call us on +353 1 555 0199: until Sun 22 Mar 2026, 11:00 it is free",
                 "Cancel at least 24 hours ahead and it is refunded"):
        assert said in text
    pdf, ics = message.iter_attachments()
    assert (pdf.get_filename(), pdf.get_content_type()) == ("booking-000001.pdf",
                                                            "application/pdf")
    assert "Colour correction" in PdfReader(io.BytesIO(pdf.get_content())).pages[0]\
        .extract_text()
    event = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Colour correction at Salon Zoë"
    # What went is kept, with the try that sent it.
    assert (stored.status, stored.subject, stored.body) == ("sent", message["Subject"], text)
    assert [t.outcome for t in MessageTry.select()] == ["sent"]


def test_a_receipt_on_request_goes_with_the_receipt_attached(s):
    _booking, sale = ready_sale(s, 11)
    with refused(s, "not paid yet", InvalidTransition):
        outbox.email_receipt(s.salon, sale, by=s.desk)
    pay_by_card(s, sale, 4500)
    outbox.email_receipt(s.salon, sale, by=s.desk)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        send(s)
    receipt = mailbox.received[-1]
    assert receipt["Subject"] == "Your receipt from Salon Zoë (no. 000001)"
    assert "You paid €45.00" in receipt.get_body(("plain",)).get_content()
    [pdf] = receipt.iter_attachments()
    assert "Cut and finish" in PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()


def test_a_receipt_cannot_be_sent_to_a_client_without_an_address(s):
    nobody = clients.add_client(s.salon, "Nuala Phone", by=s.desk, phone="087 555 1234")
    _booking, sale = ready_sale(s, 11, client=nobody)
    pay_by_card(s, sale, 4500)
    with refused(s, "has no email address", InvalidInput):
        outbox.email_receipt(s.salon, sale, by=s.desk)


def test_the_server_login_uses_the_sealed_password(s):
    three_days_ahead(s)
    with smtp_server(login=True) as (mailbox, port):
        use_server(s, port, smtp_user=USER, smtp_password="wrong")
        report = send(s)
        assert report.sent == 0 and "refused the user name or password (535" in report.problem
        assert messages()[0].status == Status.WAITING and messages()[0].tries == 1
        salon_setup.change_settings(s.salon, s.manager, smtp_password=PASSWORD)
        s.clock.advance(minutes=1)
        assert send(s).sent == 1
    assert len(mailbox.received) == 1


# ---- When the server will not, or cannot ----------------------------------------------

def test_a_refused_recipient_fails_with_the_servers_answer_and_can_be_retried(s):
    three_days_ahead(s)
    with smtp_server(Mailbox(recipients_refused="550 5.1.1 No such mailbox")) as (_, port):
        use_server(s, port)
        report = send(s)
    failed = messages()[0]
    assert report.refused == 1
    assert (failed.status, failed.outcome) == ("failed", "550 5.1.1 No such mailbox")
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        assert send(s).sent == 0  # a failed message waits for a person
        outbox.retry(s.salon, failed.id, by=s.desk)
        assert send(s).sent == 1
    assert [t.outcome for t in MessageTry.select()] == ["refused", "sent"]
    assert len(mailbox.received) == 1


def test_a_busy_server_is_tried_again_after_a_minute(s):
    three_days_ahead(s)
    with smtp_server(Mailbox(recipients_refused="451 4.3.0 Try again later")) as (_, port):
        use_server(s, port)
        assert send(s).later == 1
    waiting = messages()[0]
    assert waiting.status == Status.WAITING
    assert waiting.next_try_at == s.salon.now_stored() + timedelta(minutes=1)
    with smtp_server(port=port) as (mailbox, _):
        assert send(s).sent == 0  # not yet
        s.clock.advance(minutes=1)
        assert send(s).sent == 1
    assert len(mailbox.received) == 1


def test_offline_for_hours_then_each_message_goes_exactly_once(s):
    for hour in (10, 12, 14):
        book(s, hour, days=3)
    use_server(s, 9)  # nothing listens on port 9
    tries = 0
    for _ in range(12):  # five hours offline, passes every half hour
        report = send(s)
        tries += report.later
        assert report.sent == 0
        s.clock.advance(minutes=30)
    assert "could not be reached" in messages()[0].outcome
    assert all(m.status == Status.WAITING for m in messages())
    assert 3 * 4 <= tries < 3 * 12  # backed off, not hammered
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        s.clock.advance(hours=3)
        send(s)
        send(s)  # a second pass finds nothing more
    confirmations = [m for m in mailbox.received if "Your appointment" in m["Subject"]]
    assert len(confirmations) == 3
    assert set(mailbox.by_id().values()) == {1}


def test_a_server_that_says_nothing_is_given_up_on_for_now(s):
    three_days_ahead(s)
    with raw_server(silent) as port:
        use_server(s, port)
        report = send(s, timeout=0.5)
    assert report.later == 1
    assert "did not answer within 0.5 seconds" in messages()[0].outcome


def test_a_server_gone_mid_send_leaves_that_message_and_the_rest_for_later(s):
    book(s, 11, days=3)
    book(s, 14, days=3)
    with raw_server(hangs_up_after_data) as port:
        use_server(s, port)
        report = send(s)
    assert (report.sent, report.later) == (0, 2)
    assert "went away while sending" in messages()[0].outcome
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        s.clock.advance(minutes=1)
        assert send(s).sent == 2
    assert set(mailbox.by_id().values()) == {1}


def test_a_message_not_sent_within_two_days_fails_for_a_person_to_decide(s):
    _booking, sale = ready_sale(s, 11)
    pay_by_card(s, sale, 4500)
    outbox.email_receipt(s.salon, sale, by=s.desk)
    use_server(s, 9)
    for _ in range(20):
        send(s)
        s.clock.advance(hours=3)
    [receipt] = messages(kind="receipt")
    assert receipt.status == Status.FAILED
    assert receipt.outcome.startswith(f"Not sent after {receipt.tries} tries: ")


def test_messages_about_an_appointment_that_began_are_withdrawn_not_sent(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)
    s.clock.advance(hours=3)
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        send(s)
    assert mailbox.received == []
    assert messages()[0].outcome == "The appointment has begun."


def test_dismissed_by_a_person(s):
    three_days_ahead(s)
    confirmation = messages()[0]
    outbox.dismiss(s.salon, confirmation.id, by=s.desk)
    assert OutboxMessage.get_by_id(confirmation.id).outcome == "Dismissed by Dara Desk."
    with refused(s, "nothing to dismiss", InvalidTransition):
        outbox.dismiss(s.salon, confirmation.id, by=s.desk)
    with refused(s, "Only a failed message", InvalidTransition):
        outbox.retry(s.salon, confirmation.id, by=s.desk)


def test_without_a_server_messages_wait_and_the_pass_says_why(s):
    three_days_ahead(s)
    report = send(s)
    assert "No email server is set" in report.problem
    assert kinds() == ["confirmation", "reminder"]


@pytest.mark.parametrize("typed", ["$", "Hello $nobody", "50$ off"])
def test_a_wording_that_would_not_compose_is_refused(typed):
    from salon_pos.domain.messages import check_wording

    with pytest.raises(InvalidInput):
        check_wording("Subject", typed)


# ---- The manager's wording, and the call list ------------------------------------------

def test_a_managers_wording_is_what_goes_and_can_be_set_back(s):
    from salon_pos.services.operations import message_wording
    from salon_pos.services.views.messages import preview, wording

    with refused(s, "not a manager|manager"):
        message_wording.save_wording(s.salon, MessageKind.CONFIRMATION, subject="Hi",
                                     body="Hi $client", approved_by=s.desk)
    with refused(s, "There is no placeholder \\$clinet"):
        message_wording.save_wording(s.salon, MessageKind.CONFIRMATION, subject="Hi",
                                     body="Hi $clinet", approved_by=s.manager)
    message_wording.save_wording(
        s.salon, MessageKind.CONFIRMATION, subject="See you ${when}",
        body="Dear $client, see you soon.\n\n$deposit\n\nAll for 100%! Price in $$.",
        approved_by=s.manager)
    three_days_ahead(s)
    saved = wording(s.salon, MessageKind.CONFIRMATION)
    shown = preview(s.salon, MessageKind.CONFIRMATION, saved.subject, saved.body)
    assert shown.subject == "See you Mon 23 Mar 2026, 11:00"
    assert shown.body == "Dear Zoë Ní Bhriain, see you soon.\n\nAll for 100%! Price in $.\n"
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        send(s)
    assert mailbox.received[0]["Subject"] == "See you Mon 23 Mar 2026, 11:00"
    message_wording.restore_wording(s.salon, MessageKind.CONFIRMATION, approved_by=s.manager)
    assert wording(s.salon, MessageKind.CONFIRMATION).subject.startswith("Your appointment")


def test_without_a_booking_the_preview_says_what_each_placeholder_stands_for(s):
    from salon_pos.services.views.messages import preview

    shown = preview(s.salon, MessageKind.REMINDER, "Reminder: $when", "Hello $client")
    assert shown.subject == "Reminder: [the appointment's day and time]"
    assert shown.body == "Hello [the client's name]\n"


def test_the_call_list_holds_the_reminders_email_cannot_carry(s):
    from salon_pos.services.views.messages import call_list

    phone_only = clients.add_client(s.salon, "Nuala Phone", by=s.desk, phone="087 555 1234")
    asked_none = clients.add_client(s.salon, "Quiet Quinn", by=s.desk, phone="087 555 9999",
                                    no_messages=True)
    booking = book_with_deposit(s, 11, days=3, client=phone_only)
    book(s, 14, days=3, client=asked_none)
    book(s, 16, days=3)  # Zoë has email: hers goes by email
    saturday = s.salon.today() + timedelta(days=1)  # two days before Monday
    listed = call_list(s.salon, saturday)
    assert listed.rows == (("Mon 23 Mar 2026, 11:00", "Nuala Phone", "087 555 1234",
                            "Cut and finish, Blow-dry", "Aoife Stylist", 1500),)
    assert call_list(s.salon, s.salon.today()).rows == ()
    bookings.cancel(s.salon, booking, by=s.desk)
    assert call_list(s.salon, saturday).rows == ()


def test_a_test_message_checks_the_settings_and_says_what_is_wrong(s):
    with pytest.raises(InvalidInput, match="server's name first"):
        mail.send_test(s.salon, "maeve@example.ie")
    with smtp_server() as (mailbox, port):
        use_server(s, port)
        assert "the server took it" in mail.send_test(s.salon, "maeve@example.ie")
    assert mailbox.received[0]["Subject"] == "Test message from Salon Zoë"
    use_server(s, 9)
    with pytest.raises(DomainError, match="could not be reached"):
        mail.send_test(s.salon, "maeve@example.ie")
    assert messages() == []


# ---- Over an encrypted connection -----------------------------------------------------

@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """The test server's certificate, trusted as a real provider's is (SSL_CERT_FILE)."""
    cert_path, key_path = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_path))
    return server_context(cert_path, key_path)


def test_starttls_then_the_login_then_the_message(s, certificate):
    three_days_ahead(s)
    with smtp_server(login=True, starttls=certificate) as (mailbox, port):
        use_server(s, port, smtp_security="starttls", smtp_user=USER,
                   smtp_password=PASSWORD)
        assert send(s).sent == 1
    assert len(mailbox.received) == 1 and mailbox.logins == [USER]


def test_tls_from_the_first_byte(s, certificate):
    three_days_ahead(s)
    with smtp_server(tls=certificate) as (mailbox, port):
        use_server(s, port, smtp_security="tls")
        assert send(s).sent == 1
    assert len(mailbox.received) == 1


def test_a_certificate_nobody_vouches_for_is_refused_and_nothing_is_sent(s, tmp_path):
    three_days_ahead(s)
    untrusted = server_context(*self_signed(tmp_path))
    with smtp_server(login=True, starttls=untrusted) as (mailbox, port):
        use_server(s, port, smtp_security="starttls", smtp_user=USER,
                   smtp_password=PASSWORD)
        report = send(s)
    assert report.sent == 0 and "could not be reached securely" in report.problem
    assert "CERTIFICATE_VERIFY_FAILED" in report.problem
    assert mailbox.received == [] and mailbox.logins == []
    assert messages()[0].status == Status.WAITING


def test_starttls_asked_of_a_server_without_it_says_so(s):
    three_days_ahead(s)
    with smtp_server() as (_, port):
        use_server(s, port, smtp_security="starttls")
        report = send(s)
    assert "does not offer STARTTLS" in report.problem


# ---- What a review found (each failed before its fix) ----------------------------------

def test_a_message_on_its_way_when_the_booking_is_cancelled_is_followed_by_the_cancellation(s):
    booking = three_days_ahead(s)
    use_server(s, 9)
    claimed = outbox.claim_due(s.salon)  # a pass is sending the confirmation …
    bookings.cancel(s.salon, booking, by=s.desk)  # … as the desk cancels
    for message_id in claimed:
        outbox.record_try(s.salon, message_id, TryOutcome.SENT, "250 OK")
    assert kinds(Status.SENT) == ["confirmation"]
    assert kinds() == ["cancellation"]  # the client was told, so is told again


def test_a_message_on_its_way_when_the_booking_moves_is_followed_by_the_move(s):
    booking = three_days_ahead(s)
    use_server(s, 9)
    claimed = outbox.claim_due(s.salon)
    with refused(s, "being sent this moment", InvalidTransition):
        outbox.dismiss(s.salon, claimed[0], by=s.desk)
    bookings.reschedule(s.salon, booking, start=at(s, 15, days=3), by=s.desk)
    assert "moved" in kinds()


def test_settings_that_would_break_a_send_are_refused_or_said_plainly(s):
    with refused(s, "a name such as smtp.example.com", InvalidInput):
        use_server(s, 25, smtp_host="smtp..example.com")
    three_days_ahead(s)
    with smtp_server(login=True) as (_, port):
        use_server(s, port, smtp_user=USER, smtp_password="pässwörd")
        report = send(s)
    assert "characters an email connection cannot carry" in report.problem
    assert messages()[0].status == Status.WAITING  # tried again later, not stuck


def test_a_domain_in_other_scripts_is_sent_in_its_ascii_form(s):
    three_days_ahead(s)
    with smtp_server() as (mailbox, port):
        use_server(s, port, salon_email="hallo@friseur-müller.de")
        assert send(s).sent == 1
    assert mailbox.received[0]["From"].addresses[0].domain == "friseur-müller.de".encode(
        "idna").decode()


def test_an_address_the_server_cannot_take_is_refused_and_the_others_still_go(s):
    other = clients.add_client(s.salon, "Zoë Accent", by=s.desk, email="zoë@example.ie")
    three_days_ahead(s, client=other)
    book(s, 15, days=3)
    with smtp_server(utf8=False) as (mailbox, port):
        use_server(s, port)
        report = send(s)
    assert (report.sent, report.refused) == (1, 1)
    failed, = messages(status=Status.FAILED)
    assert "address written in other scripts" in failed.outcome
    assert len(mailbox.received) == 1


def test_a_cancellation_never_sent_is_withdrawn_once_the_appointment_has_passed(s):
    booking = book(s, 11)
    with smtp_server() as (_, port):
        use_server(s, port)
        send(s)
    bookings.cancel(s.salon, booking, by=s.desk)
    use_server(s, 9)
    s.clock.advance(hours=3)  # the appointment's time has come and gone
    send(s)
    cancellation, = messages(kind="cancellation")
    assert (cancellation.status, cancellation.outcome) == ("dismissed",
                                                           "The appointment has begun.")


def test_the_password_keeps_its_spaces(s):
    from salon_pos.domain.settings import check_setting

    assert check_setting("smtp_password", " abcd efgh ") == " abcd efgh "
