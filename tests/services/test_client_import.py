"""Client import and export: any common CSV in, every row cleaned by the app's own rules,
duplicates and bad rows listed with their row numbers, all of it or none of it written;
and the export reads back as the same clients."""

from __future__ import annotations

import codecs
import csv
import io
import random
import time

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from salon_pos.cli import main as cli
from salon_pos.domain.errors import InvalidInput, NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.services.exchange.client_export import EXPORT_COLUMNS, _safe, export_clients
from salon_pos.services.exchange.client_import import (
    NOT_UTF8,
    guess_mapping,
    import_clients,
    preview,
    read_table,
    resolve_mapping,
)
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import clients, salon_setup
from salon_pos.services.views.clients import search_clients
from salon_pos.store.database import close_database
from salon_pos.store.models import Client, JournalEntry
from tests.conftest import dump, fresh_database


def csv_bytes(rows, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def stored() -> list[tuple]:
    return list(Client.select(Client.name, Client.phone, Client.email, Client.alerts)
                .order_by(Client.id).tuples())


def do_import(s, data, mapping=None, **options):
    return import_clients(s.salon, data, mapping, by=s.desk, approved_by=s.manager, **options)


HEADER = ["Name", "Phone", "Email", "Notes"]


# Mapping ------------------------------------------------------------------------------

@pytest.mark.parametrize("columns, expected", [
    (["Name", "Phone", "Email", "Notes"],
     {"Name": "name", "Phone": "phone", "Email": "email", "Notes": "alerts"}),
    (["  FIRST   NAME ", "Surname", "Mobile", "E-Mail Address", "Allergies", "Notes"],
     {"  FIRST   NAME ": "first_name", "Surname": "last_name", "Mobile": "phone",
      "E-Mail Address": "email", "Allergies": "alerts", "Notes": "alerts"}),
    (["Client Name", "Home phone", "Mobile No.", "Tel", "e_mail"],
     {"Client Name": "name", "Mobile No.": "phone", "e_mail": "email"}),
    (["Full name", "First name", "Last name", "Phone 1"],
     {"Full name": "name", "Phone 1": "phone"}),
    (["Nom", "Prénom", "Téléphone", "Courriel"],  # French: Nom is the surname
     {"Nom": "last_name", "Prénom": "first_name", "Téléphone": "phone", "Courriel": "email"}),
    (["Vorname", "Nachname", "Handy", "Bemerkungen", "Kundennummer"],
     {"Vorname": "first_name", "Nachname": "last_name", "Handy": "phone",
      "Bemerkungen": "alerts"}),
    ([*EXPORT_COLUMNS], {"Name": "name", "Phone": "phone", "Email": "email",
                         "Alerts": "alerts"}),
])
def test_the_mapping_is_guessed_from_the_header(columns, expected):
    assert guess_mapping(columns) == expected


def test_an_explicit_mapping_overrides_the_guess():
    columns = ("Name", "Mobile", "Work", "Email", "Id")
    mapping = resolve_mapping(columns, {"work": "Phone", "EMAIL": "ignore", "Id": "notes"})
    assert mapping == {"Name": "name", "Work": "phone", "Id": "alerts"}
    assert resolve_mapping(("Full name", "First", "Last"), {"First": "first_name",
                                                            "Last": "last name"}) == {
        "First": "first_name", "Last": "last_name"}


@pytest.mark.parametrize("columns, mapping, message", [
    (("Name",), {"Nmae": "name"}, "no column “Nmae”"),
    (("Name", "X"), {"X": "birthday"}, "not a client field"),
    (("Phone", "Email"), None, "No column gives the client's name"),
    (("Name", "A", "B"), {"A": "phone", "B": "phone"}, "Two columns go to phone"),
])
def test_a_mapping_that_cannot_work_is_refused(columns, mapping, message):
    with pytest.raises(InvalidInput, match=message):
        resolve_mapping(columns, mapping)


# Reading ------------------------------------------------------------------------------

ROWS = [["Name", "Phone", "Email"], ["Zoë Ó Briain", "087 765 4321", "zo@example.ie"],
        ["Ann, \"Annie\" Byrne", "01 234 5678", ""]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding, named", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (with BOM)"), ("utf-16", "UTF-16"),
    ("cp1252", "Windows-1252"), ("utf-16-le", "UTF-16 (little-endian, no BOM)"),
    ("utf-16-be", "UTF-16 (big-endian, no BOM)"),
])
def test_any_common_dialect_and_encoding_reads_the_same(delimiter, encoding, named):
    table = read_table(csv_bytes(ROWS, delimiter, encoding))
    assert (table.encoding, table.delimiter) == (named, delimiter)
    assert table.columns == ("Name", "Phone", "Email")
    assert [cells for _, cells in table.rows] == ROWS[1:]


def test_latin1_is_the_last_resort_and_says_so(s):
    # 0x81 is no character in Windows-1252: only Latin-1 (a control character) reads it.
    table = read_table(b"Name;Phone\nZo\xeb\x81;0871234567\n")
    assert table.encoding == "Latin-1 (ISO-8859-1)"
    client_row = preview(s.salon, b"Name;Phone\nZo\xeb\x81;0871234567\n").bad[0]
    assert "cannot be printed" in client_row.describe()


def test_old_mac_line_ends_read_as_rows():
    assert read_table(b"Name,Phone\rAnn,01 234 5678\rBob,\r").rows == [
        (2, ["Ann", "01 234 5678"]), (3, ["Bob", ""])]


def test_quoted_fields_blank_rows_and_excel_sep_line():
    data = (b"sep=;\r\nName;Notes\r\n\r\n\"Smith; Jo\";\"line one\r\nline \"\"two\"\"\"\r\n"
            b";;\r\nBea;\r\n")
    table = read_table(data)
    assert table.delimiter == ";"
    assert table.rows == [(3, ["Smith; Jo", 'line one\r\nline "two"']), (5, ["Bea", ""])]
    assert table.blank == 2


def test_an_encoding_can_be_forced_and_a_wrong_one_marks_the_rows_it_cannot_read():
    data = "Name\nZoë\nAoife\n".encode("cp1252")
    assert read_table(data, "latin-1").rows == [(2, ["Zoë"]), (3, ["Aoife"])]
    for forced, source in (("utf-8", data), (None, codecs.BOM_UTF8 + data)):
        table = read_table(source, forced)
        assert table.rows == [(2, ["Zo\ufffd"]), (3, ["Aoife"])]
        assert table.unreadable == {2}


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"\r\n ,, \r\n", "empty"), (b"x" * (50 * 2**20 + 1), "larger than"),
])
def test_what_is_no_client_list_is_refused(data, message):
    with pytest.raises(InvalidInput, match=message):
        read_table(data)


# Cleaning, duplicates, bad rows -------------------------------------------------------

def test_rows_are_stored_as_the_app_stores_a_typed_client(s):
    data = csv_bytes([["First name", "Last name", "Mobile", "E-mail", "Notes", "Allergies"],
                      ["  Aoife ", "Ní  Mhurchú", " +353 (0)86  111 2222 ", " A@B.ie ",
                       "prefers mornings", "PPD"]])
    result = do_import(s, data)
    assert result.imported == 1
    client = Client.select().order_by(Client.id.desc()).get()
    typed = clients.add_client(s.salon, "Aoife Ní Mhurchú", by=s.desk,
                               phone="+353 (0)86 111 2222", email="A@B.ie",
                               alerts="Notes: prefers mornings\nAllergies: PPD")
    same = Client.get_by_id(typed)
    for name in ("name", "search_name", "search_surname", "phone", "phone_digits", "email",
                 "alerts"):
        assert getattr(client, name) == getattr(same, name)
    assert [c["id"] for c in search_clients(s.salon, "3530861")] == [client.id, typed]


def test_duplicates_in_the_file_and_in_the_salon_are_skipped_and_listed(s):
    data = csv_bytes([HEADER,
                      ["Zoe Bryan", "+353-87-123 4567", "", ""],  # Zoë's phone, other name
                      ["Zoë Ní Bhriain", "", "ZOE@example.IE", ""],  # her email, any case
                      ["Mary Kelly", "086 000 1111", "", ""],
                      ["mary  KELLY", "(086) 000-1111", "", ""],  # row 4 again
                      ["Mary's daughter", "", "", ""],
                      ["Other Mary", "", "mk@x.ie", ""],
                      ["Mary K", "", "MK@x.ie", ""]])
    result = do_import(s, data)
    assert result.imported == 3
    assert [row.describe() for row in result.duplicates] == [
        f"Row 2 (Zoe Bryan): same phone as existing client {s.client} (Zoë Ní Bhriain) "
        "— skipped",
        f"Row 3 (Zoë Ní Bhriain): same email as existing client {s.client} (Zoë Ní Bhriain) "
        "— skipped",
        "Row 5 (mary KELLY): same name and phone as row 4 (Mary Kelly) — skipped",
        "Row 8 (Mary K): same email as row 7 (Other Mary) — skipped",
    ]
    assert result.summary() == "3 client(s) imported: 4 duplicate(s) skipped."


def test_bad_rows_are_listed_with_the_reason(s):
    data = csv_bytes([HEADER,
                      ["", "087 555 0000", "", ""],
                      ["Bob", "call me", "", ""],
                      ["Cat", "", "cat@", ""],
                      ["Dan\x07", "", "", ""],
                      ["E" * 121, "", "", ""],
                      ["Fay", "", "", "x" * 4001],
                      ["Gus", "0871112223", "", "", "stray, cell"],
                      ["Hal", "12", "hal at home", ""],
                      ["Ida", "", "", ""]])
    before = dump(s.salon)
    result = do_import(s, data)
    assert result.imported == 0 and not result.written
    assert dump(s.salon) == before
    assert [row.describe() for row in result.bad] == [
        "Row 2: No name.",
        "Row 3: “call me” does not look like a phone number.",
        "Row 4: “cat@” does not look like an email address.",
        "Row 5: The client's name contains characters that cannot be printed.",
        "Row 6: That client's name is too long (at most 60 characters).",
        "Row 7: The client's alerts is too long (at most 4000 characters).",
        "Row 8: The row has 5 cells but the header has 4 (a delimiter inside a value "
        "without quotes?).",
        "Row 9: “12” does not look like a phone number; “hal at home” does not look like an "
        "email address.",
    ]
    assert result.summary() == "Nothing was imported: 8 bad row(s) to correct."


def test_good_rows_only_imports_the_rest_when_asked(s):
    data = csv_bytes([HEADER, ["Ann", "", "", ""], ["", "", "", ""], ["Bob", "x", "", ""]])
    data += b",0871234599,,\r\n"
    result = do_import(s, data, good_rows_only=True)
    assert result.imported == 1 and result.blank == 1
    assert [row.number for row in result.bad] == [4, 5]
    assert result.summary() == "1 client(s) imported: 2 bad row(s) left out."


def test_one_byte_that_is_not_utf8_makes_its_row_bad_not_the_whole_file_windows_1252(s):
    data = csv_bytes([HEADER, ["Zoë Ní Bhriain", "087 111 2222", "", ""],
                      ["Seán Ó Briain", "087 333 4444", "", "Allergic to PPD"]])
    data += "Chloé Martin,087 555 6666,,".encode("cp1252") + b"\r\n"  # one byte: \xe9
    before = dump(s.salon)

    seen = preview(s.salon, data)
    result = do_import(s, data)

    assert seen.encoding == result.encoding == "UTF-8"
    assert [row.describe() for row in seen.bad] == [
        f"Row 4: {NOT_UTF8}."] == [row.describe() for row in result.bad]
    assert seen.bad[0].client["name"] == "Chlo\ufffd Martin"  # shown so the row is found
    assert result.imported == 0 and dump(s.salon) == before
    do_import(s, data, good_rows_only=True)
    assert [name for name, *_ in stored()][-2:] == ["Zoë Ní Bhriain", "Seán Ó Briain"]


def test_preview_shows_the_first_rows_as_imported_and_writes_nothing(s):
    data = csv_bytes([["Client", "Tel", "Id"], *([f"Client {i}", f"01 555 {i:04}", i]
                                                 for i in range(30)), ["", "", "31"]])
    before = dump(s.salon)
    seen = preview(s.salon, data, rows=5)
    assert dump(s.salon) == before
    assert seen.mapping == {"Client": "name", "Tel": "phone"}
    assert seen.ignored_columns == ["Id"]
    assert [row.client["phone_digits"] for row in seen.rows] == [
        f"01555{i:04}" for i in range(5)]
    assert seen.new == 30 and [row.number for row in seen.bad] == [32]


# All or nothing -----------------------------------------------------------------------

def junk_free(count: int) -> bytes:
    return csv_bytes([HEADER, *([f"Client {i}", f"01 {i:07}", f"c{i}@example.com", ""]
                                for i in range(count))])


def test_a_failure_half_way_leaves_nothing_behind(s):
    before = dump(s.salon)
    calls = []

    def fail_while_inserting(done, total):
        calls.append(done)
        if done > total // 2:  # some rows are already inserted
            raise RuntimeError("the power went")

    with pytest.raises(RuntimeError):
        do_import(s, junk_free(500), progress=fail_while_inserting)
    assert calls[-1] > 500 and dump(s.salon) == before


def test_progress_climbs_to_the_end(s):
    seen = []
    do_import(s, junk_free(1200), progress=lambda done, total: seen.append((done, total)))
    assert seen == sorted(seen) and seen[-1] == (2400, 2400)
    assert len(seen) == 2 + 1200 // 80  # every 500 rows checked, every chunk inserted


def test_a_failure_at_the_last_step_leaves_nothing_behind(s, monkeypatch):
    before = dump(s.salon)

    def broken(*args, **kwargs):
        raise RuntimeError("journal unavailable")

    monkeypatch.setattr("salon_pos.services.exchange.client_import.record_approval", broken)
    with pytest.raises(RuntimeError):
        do_import(s, junk_free(200))
    assert dump(s.salon) == before


def test_importing_a_list_is_a_managers_and_is_recorded(s):
    before = dump(s.salon)
    with pytest.raises(NotAllowed, match="manager"):
        import_clients(s.salon, junk_free(3), by=s.desk, approved_by=s.desk)
    assert dump(s.salon) == before
    import_clients(s.salon, junk_free(3), by=s.desk, approved_by=s.manager)
    entry = JournalEntry.select().order_by(JournalEntry.seq.desc()).get()
    assert (entry.kind, entry.approved_by) == (Kind.APPROVED_CHANGE, s.manager)
    assert entry.memo == ("Client list imported: file “(data)”, clients added 3, "
                          "duplicates skipped 0, bad rows left out 0")


# 10,000 rows with junk ----------------------------------------------------------------

def junk_list(count: int, seed: int = 8) -> tuple[bytes, dict[int, str], set[int]]:
    """A generated list: mostly good rows, ~1 in 7 bad (what is wrong, by row number),
    ~1 in 20 a duplicate of an earlier row or of the fixture's client."""
    chance = random.Random(seed)
    rows, bad, duplicates = [["First Name", "Surname", "Mobile", "E-mail", "Notes"]], {}, set()
    last_good = None
    junk = [("", "No name"), ("call me", "phone number"), ("bad@", "email address"),
            ("\x00", "cannot be printed"), ("x" * 130, "too long"), ("extra", "cells")]
    for i in range(count):
        number = len(rows) + 1
        row = [chance.choice(["Áine", "Seán", "Zoë", "Mary-Kate"]), f"Surname{i}",
               f"08{i % 10} {i:07}", f"client{i}@Example.COM", chance.choice(["", "tea"])]
        roll = chance.random()
        if roll < 0.14:
            value, why = chance.choice(junk)
            if why == "No name":
                row[0] = row[1] = ""
            elif why in ("phone number",):
                row[2] = value
            elif why == "email address":
                row[3] = value
            elif why == "cells":
                row.append(value)
            else:
                row[1] += value
            bad[number] = why
        elif roll < 0.17 and last_good:
            row[2] = last_good[2]  # a phone already seen, written another way
            row[2] = row[2].replace(" ", "-")
            duplicates.add(number)
        elif roll < 0.19:
            row[3] = "ZOE@EXAMPLE.IE"
            duplicates.add(number)
        if number not in bad:
            last_good = row
        rows.append(row)
    return csv_bytes(rows, ";", "cp1252"), bad, duplicates


def test_ten_thousand_rows_with_junk_every_bad_row_explained(s):
    data, bad, duplicates = junk_list(10_000)
    started = time.perf_counter()
    result = do_import(s, data, good_rows_only=True)
    took = time.perf_counter() - started
    assert result.encoding == "Windows-1252"
    assert {row.number: row for row in result.bad}.keys() == bad.keys()
    for row in result.bad:
        assert bad[row.number] in row.describe()
    assert {row.number for row in result.duplicates} == duplicates
    assert result.imported == 10_000 - len(bad) - len(duplicates)
    assert Client.select().count() == result.imported + 1
    print(f"\n10,000 rows: {result.imported} imported, {len(result.bad)} bad, "
          f"{len(result.duplicates)} duplicates in {took:.2f} s")


# Export -------------------------------------------------------------------------------

def test_export_round_trips_into_an_empty_salon(s, tmp_path):
    clients.add_client(s.salon, "=HYPERLINK(\"http://x\")", by=s.desk, phone="(01) 234-5678",
                       alerts="+ line one\n- line two, \"quoted\"; semi")
    clients.add_client(s.salon, "'Quote, first", by=s.desk, email="q@x.ie", alerts="@home")
    clients.add_client(s.salon, "Łukasz Żółć", by=s.desk, phone="+48 600 100 200")
    out = tmp_path / "clients.csv"
    assert export_clients(s.salon, out, approved_by=s.manager) == 4
    exported = stored()
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == list(EXPORT_COLUMNS)
    assert b'\r\n"\'=HYPERLINK' in data  # a spreadsheet shows it, does not run it
    close_database()

    folder = tmp_path / "empty"
    empty = open_salon(SalonLocation(fresh_database(folder), folder), s.clock,
                       pin_cost=16)
    manager = salon_setup.set_up_salon(
        empty, salon_name="New", currency_code="EUR", time_zone="Europe/Dublin",
        manager_name="M", manager_pin="1234")
    result = import_clients(empty, out, by=manager, approved_by=manager)
    assert (result.imported, result.bad, result.duplicates) == (4, [], [])
    assert stored() == exported


def test_export_is_a_managers_and_lists_money_and_dates(s, tmp_path):
    with pytest.raises(NotAllowed):
        export_clients(s.salon, tmp_path / "x.csv", approved_by=s.desk)
    assert not (tmp_path / "x.csv").exists()
    Client.update(credit_balance=1250, house_balance=-300).execute()
    out = io.StringIO(newline="")
    export_clients(s.salon, out, approved_by=s.manager, delimiter=";")
    assert out.getvalue().splitlines()[1] == (
        "Zoë Ní Bhriain;+353 87 123 4567;zoe@example.ie;;12.50;-3.00;2026-03-20")


# Hostile cells ------------------------------------------------------------------------

hostile = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["=1+1", "'=1", "''", "\ufeffName", "a\x00b", "\u202eevil", "\r", "\n\n",
                     "\"", "a;b,c\td", " ", "x" * 121, "\U0001F600", "+353 87 000 0000"]),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(HEADER), value=hostile)
def test_a_hostile_cell_is_refused_cleanly_or_stored_exactly(s, column, value):
    row = {"Name": "Hostile Test", "Phone": "", "Email": "", "Notes": ""}
    row[column] = _safe(value) if column != "Phone" else value  # as the export writes it
    before = Client.select().count()
    result = do_import(s, csv_bytes([HEADER, list(row.values())]))
    event("refused" if result.bad or result.blank else
          "duplicate" if result.duplicates else "stored")
    if result.bad or result.blank:
        assert result.imported == 0 and Client.select().count() == before
        assert all(row.problems for row in result.bad)
        return
    if result.duplicates:
        return
    assert result.imported == 1
    client = Client.select().order_by(Client.id.desc()).get()
    field = {"Name": "name", "Phone": "phone", "Email": "email", "Notes": "alerts"}[column]
    arguments = {"name": "Hostile Test", "phone": None, "email": None, "alerts": None,
                 "deposit_rule": None}
    arguments[field] = value
    for name, expected in clients.client_fields(**arguments).items():
        assert getattr(client, name) == expected


# The command line ---------------------------------------------------------------------

def run_cli(monkeypatch, s, argv, pin="1234") -> int:
    """`salon-pos --db … clients ARGV --manager "Maeve Manager" --pin-stdin`."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n"))
    target = s.salon.database.database
    close_database()
    return cli.main(["--db", target, "clients", *argv, "--manager", "Maeve Manager",
                     "--pin-stdin"])


@pytest.mark.sqlite_only("the command line test opens the fixture's file")
def test_the_command_line_previews_imports_and_exports(s, tmp_path, monkeypatch, capsys):
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes([["Customer", "Cell", "Work"], ["Ann", "087 1", "01 234 5678"],
                                  ["Bob", "087 222 3333", ""]], "\t", "utf-16"))
    assert run_cli(monkeypatch, s, ["import", str(source), "--preview"]) == 0
    shown = capsys.readouterr().out
    assert "Read as UTF-16, tab-separated." in shown
    assert "Row 2: “087 1” does not look like a phone number." in shown
    assert run_cli(monkeypatch, s, ["import", str(source), "--map", "cell=ignore",
                                    "--map", "Work=phone"]) == 0
    assert "2 client(s) imported." in capsys.readouterr().out
    assert run_cli(monkeypatch, s, ["import", str(source)]) == 1
    assert "Nothing was imported" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert run_cli(monkeypatch, s, ["export", "--out", str(out)]) == 0
    assert "3 client(s) written" in capsys.readouterr().out
    assert run_cli(monkeypatch, s, ["export", "--out", str(out)], pin="9999") == 1
