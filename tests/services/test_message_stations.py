"""The mail worker as separate processes, like stations and scheduled tasks: `salon-pos
messages send` run while the server is away, then again once it is back (the app closed
and started again), and two stations sending the same outbox at the same moment. Each
message reaches the server exactly once. (On the SQLite file, or on PostgreSQL under
SALON_TEST_DATABASE; the processes run on the real clock, so the salon is built on it.)"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta

import pytest

from salon_pos.domain.clock import FixedClock
from salon_pos.domain.messages import Status
from salon_pos.services.operations import bookings, salon_setup
from salon_pos.store.database import close_database
from salon_pos.store.models import MessageTry, OutboxMessage
from tests.conftest import database_target, make_salon
from tests.smtp_servers import free_port, smtp_server


@pytest.fixture
def today_salon(tmp_path):
    """The test salon with its clock at the real now, and `count` upcoming bookings."""
    s = make_salon(tmp_path, FixedClock(datetime.now(UTC)))
    yield s
    close_database()


def book_ahead(s, count: int) -> None:
    for number in range(count):
        day = s.salon.today() + timedelta(days=3 + number // 16)
        stylist = (s.stylist, s.stylist2)[number % 2]
        start = bookings.local_start(s.salon, day, time(9 + number % 16 // 2))
        bookings.book(s.salon, client_id=s.client, stylist_id=stylist, start=start,
                      service_ids=[s.cut], by=s.desk)


def send_in_a_process(s, tmp_path) -> subprocess.Popen:
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "station")}
    return subprocess.Popen(
        [sys.executable, "-m", "salon_pos.cli.main", "--db", database_target(s.salon),
         "messages", "send"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=environment)


def finished(process: subprocess.Popen) -> tuple[int, str]:
    out, _ = process.communicate(timeout=120)
    return process.returncode, out


def confirmations() -> list[OutboxMessage]:
    return list(OutboxMessage.select().where(OutboxMessage.kind == "confirmation"))


def test_closed_while_offline_then_started_again_each_message_goes_once(today_salon,
                                                                       tmp_path):
    s = today_salon
    book_ahead(s, 5)
    port = free_port()
    salon_setup.change_settings(s.salon, s.manager, smtp_host="127.0.0.1", smtp_port=port,
                                smtp_security="none", salon_email="hello@salonzoe.ie")
    code, said = finished(send_in_a_process(s, tmp_path))  # nothing listens yet
    assert code == 1 and "could not be reached" in said, said
    assert {(m.status, m.tries) for m in confirmations()} == {(Status.WAITING, 1)}
    # The back-off's minute passes while the app is closed.
    OutboxMessage.update(next_try_at=OutboxMessage.due_at).where(
        OutboxMessage.kind == "confirmation").execute()
    with smtp_server(port=port) as (mailbox, _):
        code, said = finished(send_in_a_process(s, tmp_path))
        assert (code, said.strip()) == (0, "5 sent."), said
        code, said = finished(send_in_a_process(s, tmp_path))
        assert (code, said.strip()) == (0, "0 sent."), said
    assert sorted(mailbox.by_id()) == sorted(m.message_id for m in confirmations())
    assert set(mailbox.by_id().values()) == {1}
    assert {m.status for m in confirmations()} == {Status.SENT}


def test_two_stations_sending_at_once_send_each_message_once(today_salon, tmp_path):
    s = today_salon
    book_ahead(s, 32)
    with smtp_server() as (mailbox, port):
        salon_setup.change_settings(s.salon, s.manager, smtp_host="127.0.0.1",
                                    smtp_port=port, smtp_security="none")
        stations = [send_in_a_process(s, tmp_path) for _ in range(2)]
        outcomes = [finished(station) for station in stations]
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert len(mailbox.received) == 32
    assert set(mailbox.by_id().values()) == {1}
    assert MessageTry.select().where(MessageTry.outcome == "sent").count() == 32
    assert {m.status for m in confirmations()} == {Status.SENT}
