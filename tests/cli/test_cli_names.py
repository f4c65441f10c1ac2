"""Names as typed on the command line: a first name, or any start of a name only one
person has, whatever its case, spacing and accents; several answering to it are refused,
named, so the next try can be exact."""

from __future__ import annotations

import io

import pytest

from salon_pos.cli.main import main
from salon_pos.cli.names import client_named, staff_named
from salon_pos.domain.errors import DomainError, NotFound
from salon_pos.services.operations import clients, staff
from salon_pos.store.database import close_database


def test_a_first_name_or_a_start_only_one_person_has_is_enough(s):
    assert staff_named(s.salon, "maeve")["id"] == s.manager
    assert staff_named(s.salon, "  AOIFE  st")["id"] == s.stylist
    assert staff_named(s.salon, "Dara Desk")["id"] == s.desk


def test_a_start_several_people_share_is_refused_naming_them(s):
    staff.add_staff(s.salon, "Aoife Byrne", "stylist", "4444", approved_by=s.manager)

    with pytest.raises(DomainError, match="“Aoife” could be Aoife Byrne or Aoife Stylist: "
                                          "type more of the name."):
        staff_named(s.salon, "Aoife")
    with pytest.raises(NotFound, match="No one on the staff is called “Aoifa”."):
        staff_named(s.salon, "Aoifa")


def test_a_whole_name_is_taken_before_longer_names_that_start_with_it(s):
    staff.add_staff(s.salon, "Aoife Stylist Junior", "stylist", "4444", approved_by=s.manager)

    assert staff_named(s.salon, "aoife stylist")["id"] == s.stylist


def test_someone_who_left_answers_only_when_no_one_active_does(s):
    leaver = staff.add_staff(s.salon, "Aoife Byrne", "stylist", "4444", approved_by=s.manager)
    staff.edit_staff(s.salon, leaver, approved_by=s.manager, active=False)

    assert staff_named(s.salon, "aoife")["id"] == s.stylist
    assert staff_named(s.salon, "aoife b")["id"] == leaver


def test_a_client_by_first_name_surname_or_phone(s):
    assert client_named(s.salon, "zoe")["id"] == s.client  # no accent typed
    assert client_named(s.salon, "bhri")["id"] == s.client
    assert client_named(s.salon, "353 87 123")["id"] == s.client


def test_a_client_name_several_share_is_refused_with_their_phones(s):
    clients.add_client(s.salon, "Zoe Walsh", by=s.desk, phone="086 555 0000")

    with pytest.raises(DomainError, match=r"“Zoe” could be Zoë Ní Bhriain \(\+353 87 123 "
                                          r"4567\) or Zoe Walsh \(086 555 0000\): type more"):
        client_named(s.salon, "Zoe")
    with pytest.raises(NotFound, match="No client is called “Zara” or has that phone number."):
        client_named(s.salon, "Zara")


def test_a_managers_first_name_is_approval_on_the_command_line(s, tmp_path, monkeypatch,
                                                                capsys):
    close_database()
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))

    assert main(["--db", str(tmp_path / "salon.db"), "report", "deposits",
                 "--manager", "Maeve", "--pin-stdin"]) == 0

    assert "Deposits held: €0.00 on 0 booking(s)" in capsys.readouterr().out
