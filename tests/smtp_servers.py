"""Real SMTP servers for the message tests, on loopback ports of their own: aiosmtpd that
accepts (and keeps) what it is sent, or refuses it, or asks for a login; a server that
accepts the connection and never says a word; one that takes the whole message and
hangs up before answering."""

from __future__ import annotations

import contextlib
import email
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER, PASSWORD = "studio@example.ie", "app-password-123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """What an aiosmtpd server accepted, as parsed messages, and what it refused."""

    received: list = field(default_factory=list)
    recipients_refused: str = ""  # "550 …": every RCPT answered so
    logins: list = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.recipients_refused:
            return self.recipients_refused
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, data):
        """The login tried (kept: a test can see a password never went in the clear)."""
        if isinstance(data, LoginPassword):
            self.logins.append(data.login.decode())
            if (data.login.decode(), data.password.decode()) == (USER, PASSWORD):
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def by_id(self) -> dict[str, int]:
        """How many times each Message-ID arrived."""
        counted: dict[str, int] = {}
        for message in self.received:
            key = message["Message-ID"].strip()
            counted[key] = counted.get(key, 0) + 1
        return counted


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, signed by itself, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def server_context(cert_path: Path, key_path: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


@contextlib.contextmanager
def smtp_server(mailbox: Mailbox | None = None, *, port: int | None = None,
                login: bool = False, starttls: ssl.SSLContext | None = None,
                tls: ssl.SSLContext | None = None, utf8: bool = True
                ) -> Iterator[tuple[Mailbox, int]]:
    """`login`: AUTH required (over plain text, unless `starttls` demands TLS first);
    `starttls`: STARTTLS offered and required; `tls`: TLS from the first byte; `utf8`:
    addresses in other scripts taken (SMTPUTF8)."""
    mailbox = mailbox or Mailbox()
    port = port or free_port()
    extra: dict = {"enable_SMTPUTF8": utf8}
    if login:
        extra.update(authenticator=mailbox.authenticate, auth_required=True,
                     auth_require_tls=starttls is not None)
    if starttls is not None:
        extra.update(tls_context=starttls, require_starttls=True)
    if tls is not None:
        extra.update(ssl_context=tls, server_hostname="127.0.0.1")
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **extra)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@contextlib.contextmanager
def raw_server(behaviour) -> Iterator[int]:
    """A socket server on its own thread; `behaviour(connection)` talks to each client."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                behaviour(connection, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


def silent(connection: socket.socket, stop: threading.Event) -> None:
    """Accept, then say nothing (not even the greeting) until the test ends."""
    stop.wait()


def hangs_up_after_data(connection: socket.socket, stop: threading.Event) -> None:
    """Speak SMTP until the whole message is sent, then close without answering it."""
    reader = connection.makefile("rb")
    connection.sendall(b"220 mid-send.test ESMTP\r\n")
    for line in reader:
        command = line.strip().upper()
        if command.startswith((b"EHLO", b"HELO")):
            connection.sendall(b"250 mid-send.test\r\n")
        elif command.startswith((b"MAIL", b"RCPT", b"RSET", b"NOOP")):
            connection.sendall(b"250 OK\r\n")
        elif command == b"DATA":
            connection.sendall(b"354 Go ahead\r\n")
            for body_line in reader:
                if body_line == b".\r\n":
                    return  # the message is all here: hang up instead of "250"
        elif command == b"QUIT":
            connection.sendall(b"221 Bye\r\n")
            return
