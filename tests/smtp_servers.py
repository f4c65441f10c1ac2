"""Real SMTP servers for the message tests, on loopback ports of their own: aiosmtpd that
accepts (and keeps) what it is sent, or refuses it, or asks for a login; a server that
accepts the connection and never says a word; one that takes the whole message and
hangs up before answering."""

from __future__ import annotations

import contextlib
import email
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

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

    def by_id(self) -> dict[str, int]:
        """How many times each Message-ID arrived."""
        counted: dict[str, int] = {}
        for message in self.received:
            key = message["Message-ID"].strip()
            counted[key] = counted.get(key, 0) + 1
        return counted


def _authenticate(server, session, envelope, mechanism, data):
    if isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == (
            USER, PASSWORD):
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


@contextlib.contextmanager
def smtp_server(mailbox: Mailbox | None = None, *, port: int | None = None,
                login: bool = False) -> Iterator[tuple[Mailbox, int]]:
    mailbox = mailbox or Mailbox()
    port = port or free_port()
    extra = {"authenticator": _authenticate, "auth_require_tls": False,
             "auth_required": True} if login else {}
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
