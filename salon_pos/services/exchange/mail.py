"""The mail worker: one pass sends the outbox's due messages over SMTP.

Run by the app's timer on a worker thread, or by `salon-pos messages send` from a
scheduled task where the app is closed. A pass claims a few due messages (operations.
outbox), composes each as it goes now with its documents attached (the booking slip and a
calendar entry, or the receipt), sends them over one connection, and records each answer:
sent, refused for good (a 5xx answer) or to be tried later (no network, the server busy
or gone mid-send). No transaction is open while the server is talked to.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from salon_pos.documents.deposit_receipt import render_deposit_receipt
from salon_pos.documents.receipt import render_receipt
from salon_pos.documents.slip import render_slip
from salon_pos.domain.errors import DomainError, InvalidInput
from salon_pos.domain.messages import MessageKind, TryOutcome
from salon_pos.domain.settings import SalonSettings
from salon_pos.domain.validation import clean_email
from salon_pos.services.exchange.calendars import booking_calendar
from salon_pos.services.kernel import secret_settings
from salon_pos.services.kernel.context import Salon
from salon_pos.services.operations import outbox
from salon_pos.services.views.booking_documents import booking_record, deposit_receipt
from salon_pos.services.views.messages import Attachment, ComposedMessage, composed
from salon_pos.services.views.receipts import receipt_of_sale

TIMEOUT_SECONDS = 30.0  # a server that says nothing for this long is taken as away
# Messages claimed at a time: a pass stays short, the next takes the rest; even a server
# taking the whole timeout over each is done with them well within the claim's lease.
PER_PASS = 10
DOCUMENT_PAPER = "a4"  # read on a phone or printed at home, not on the counter's roll


@dataclass
class PassReport:
    """What one pass did, in numbers, and why it stopped short when it did."""

    sent: int = 0
    later: int = 0  # to be tried again
    refused: int = 0
    problem: str = ""  # the server or the settings, said plainly

    def __str__(self) -> str:
        said = [f"{self.sent} sent"]
        if self.later:
            said.append(f"{self.later} to be tried again")
        if self.refused:
            said.append(f"{self.refused} refused")
        return ", ".join(said) + (f". {self.problem}" if self.problem else ".")


class _ServerAway(Exception):
    """The connection failed or went: the messages not yet sent wait for the next pass."""


def send_due(salon: Salon, *, timeout: float = TIMEOUT_SECONDS, limit: int = PER_PASS
             ) -> PassReport:
    """One pass of the worker (safe to run from several stations at once)."""
    report = PassReport()
    settings = salon.settings()
    if not settings.smtp_host:
        outbox.withdraw_past(salon)
        report.problem = ("No email server is set, so messages wait in the outbox: a "
                          "manager sets it in Settings › Messages.")
        return report
    try:
        password = secret_settings.unseal(salon, "smtp_password", settings.smtp_password)
    except DomainError as error:
        report.problem = error.message
        return report
    claimed = outbox.claim_due(salon, limit)
    if not claimed:
        return report
    connection = None
    try:
        connection = _connect(settings, password, timeout)
        for position, message_id in enumerate(claimed):
            try:
                _send_one(salon, connection, message_id, report)
            except _ServerAway as away:
                for waiting in claimed[position:]:
                    outbox.record_try(salon, waiting, TryOutcome.LATER, str(away))
                    report.later += 1
                report.problem = str(away)
                break
    except _ServerAway as away:  # no connection at all
        for message_id in claimed:
            outbox.record_try(salon, message_id, TryOutcome.LATER, str(away))
        report.later += len(claimed)
        report.problem = str(away)
    finally:
        if connection is not None:
            _quit(connection)
    return report


def send_test(salon: Salon, to: str, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """A short message straight to `to` over the server in the settings, to check them:
    the server's answer, or a refusal saying what went wrong (the outbox is not touched)."""
    to = clean_email(to, "address to send the test to")
    if not to:
        raise InvalidInput("Type the address to send the test message to.")
    settings = salon.settings()
    if not settings.smtp_host:
        raise InvalidInput("Type the email server's name first, and save.")
    if not settings.sender:
        raise InvalidInput("Set the salon's email address (or the address messages come "
                           "from) first: a message needs a sender.")
    password = secret_settings.unseal(salon, "smtp_password", settings.smtp_password)
    email = EmailMessage()
    try:
        email["From"] = formataddr((settings.salon_name, _address(settings.sender)))
        email["To"] = _address(to)
    except (UnicodeError, ValueError) as error:
        raise InvalidInput(f"An address cannot be written in a message ({error}).") from None
    email["Subject"] = f"Test message from {settings.salon_name}"
    email["Date"] = format_datetime(salon.now())
    email.set_content("This message checks the email settings of Salon POS. Clients' "
                      "confirmations and reminders will go the same way.\n")
    try:
        connection = _connect(settings, password, timeout)
    except _ServerAway as away:
        raise DomainError(str(away)) from None
    try:
        outcome, answer = _deliver(connection, email)
    except _ServerAway as away:
        raise DomainError(str(away)) from None
    finally:
        _quit(connection)
    if outcome != TryOutcome.SENT:
        raise DomainError(f"The email server did not take the message: {answer}")
    return f"Sent to {to}: the server took it. Check that it arrives."


def _send_one(salon: Salon, connection: smtplib.SMTP, message_id: int,
              report: PassReport) -> None:
    try:
        message = composed(salon, message_id)
        email = _email(salon, message, _attachments(salon, message))
    except DomainError as error:  # the record it speaks of cannot be read
        _cannot_be_written(salon, message_id, error.message, report)
        return
    except (UnicodeError, ValueError) as error:  # an address email cannot carry
        _cannot_be_written(salon, message_id, f"an address cannot be written in a message "
                                              f"({error})", report)
        return
    outcome, answer = _deliver(connection, email)
    outbox.record_try(salon, message_id, outcome, answer, subject=message.subject,
                      body=message.body)
    if outcome == TryOutcome.SENT:
        report.sent += 1
    elif outcome == TryOutcome.REFUSED:
        report.refused += 1
    else:
        report.later += 1


def _cannot_be_written(salon: Salon, message_id: int, why: str, report: PassReport) -> None:
    """Refused here, for a person to see: trying again would not change it."""
    outbox.record_try(salon, message_id, TryOutcome.REFUSED, f"Could not be written: {why}")
    report.refused += 1


def _email(salon: Salon, message: ComposedMessage, attachments: list[Attachment]
           ) -> EmailMessage:
    settings = salon.settings()
    email = EmailMessage()
    email["From"] = formataddr((settings.salon_name, _address(settings.sender)))
    email["To"] = _address(message.recipient)
    if settings.salon_email and settings.salon_email != settings.sender:
        email["Reply-To"] = _address(settings.salon_email)
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(salon.now())
    email.set_content(message.body)
    for attachment in attachments:
        main, _, sub = attachment.mime_type.partition("/")
        text = {"params": {"charset": "utf-8"}} if main == "text" else {}
        email.add_attachment(attachment.data, maintype=main, subtype=sub,
                             filename=attachment.file_name, **text)
    return email


def _attachments(salon: Salon, message: ComposedMessage) -> list[Attachment]:
    """The documents that go with a message: what the desk would hand over."""
    if message.kind == MessageKind.WAITLIST_OFFER:
        return []  # a place, not yet a booking
    if message.sale_id is not None:
        receipt = receipt_of_sale(salon, message.sale_id)
        return [Attachment(f"receipt-{receipt.number}.pdf", "application/pdf",
                           render_receipt(receipt, DOCUMENT_PAPER))]
    number = f"{message.booking_id:06d}"
    found = []
    if message.kind == MessageKind.DEPOSIT_RECEIPT and message.deposit_seq:
        receipt = deposit_receipt(salon, message.deposit_seq)
        found.append(Attachment(f"deposit-{receipt.number}.pdf", "application/pdf",
                                render_deposit_receipt(receipt, DOCUMENT_PAPER)))
    elif message.kind != MessageKind.CANCELLATION:
        found.append(Attachment(f"booking-{number}.pdf", "application/pdf",
                                render_slip(booking_record(salon, message.booking_id),
                                            DOCUMENT_PAPER)))
    found.append(Attachment(f"booking-{number}.ics", "text/calendar",
                            booking_calendar(salon, message.booking_id)))
    return found


def _address(address: str) -> str:
    """An address as mail carries it: a domain in other scripts ("friseur-müller.de") in
    its ASCII form; a name before the "@" in other scripts is left for the server to take
    (SMTPUTF8) or refuse."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


# ---- Talking to the server -------------------------------------------------------------

def _connect(settings: SalonSettings, password: str, timeout: float) -> smtplib.SMTP:
    host, port = settings.smtp_host, settings.smtp_port
    where = f"The email server {host}:{port}"
    try:
        if settings.smtp_security == "tls":
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
            if settings.smtp_security == "starttls":
                connection.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            connection.login(settings.smtp_user, password)
        return connection
    except smtplib.SMTPAuthenticationError as error:
        raise _ServerAway(f"{where} refused the user name or password "
                          f"({_said(error)}).") from None
    except smtplib.SMTPNotSupportedError:
        raise _ServerAway(f"{where} does not offer STARTTLS (or a login): choose the "
                          "security it offers in Settings › Messages.") from None
    except socket.gaierror:
        raise _ServerAway(f"{where} cannot be found: is this computer online, and is the "
                          "server's name right?") from None
    except ssl.SSLError as error:
        raise _ServerAway(f"{where} could not be reached securely ({error.reason or error})."
                          ) from None
    except smtplib.SMTPResponseException as error:
        raise _ServerAway(f"{where} said: {_said(error)}") from None
    except (UnicodeError, ValueError):
        # An unusable server name, or a login smtplib cannot carry (it sends plain ASCII).
        raise _ServerAway(f"{where} cannot be used: its name, or the user name or password, "
                          "has characters an email connection cannot carry (letters with "
                          "accents, spaces).") from None
    except (smtplib.SMTPException, OSError) as error:
        if _timed_out(error):
            raise _ServerAway(f"{where} did not answer within {timeout:g} seconds.") from None
        raise _ServerAway(f"{where} could not be reached ({_reason(error)}).") from None


def _deliver(connection: smtplib.SMTP, email: EmailMessage) -> tuple[TryOutcome, str]:
    """One message over an open connection: the outcome and the server's answer."""
    try:
        refused = connection.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        code, said = next(iter(error.recipients.values()))
        return _by_code(code), f"{code} {_text(said)}"
    except smtplib.SMTPNotSupportedError:  # an address in other scripts, no SMTPUTF8
        return TryOutcome.REFUSED, ("The email server cannot take an address written in "
                                    "other scripts: correct the client's email address.")
    except UnicodeError:
        return TryOutcome.REFUSED, "The message has an address the email server cannot take."
    except smtplib.SMTPResponseException as error:  # sender or data refused
        return _by_code(error.smtp_code), _said(error)
    except (smtplib.SMTPException, OSError) as error:  # disconnected, timed out, reset
        raise _ServerAway(f"The email server went away while sending ({_reason(error)})."
                          ) from None
    if refused:
        code, said = next(iter(refused.values()))
        return _by_code(code), f"{code} {_text(said)}"
    return TryOutcome.SENT, "Accepted by the server."


def _by_code(code: int) -> TryOutcome:
    return TryOutcome.REFUSED if 500 <= code < 600 else TryOutcome.LATER


def _quit(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _said(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_text(error.smtp_error)}"


def _text(said) -> str:
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)


def _timed_out(error: BaseException) -> bool:
    """smtplib reports a reply that never came as a disconnection caused by a timeout."""
    return isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
