"""A client's own data for an access request: one folder with a readable PDF, the same as
JSON, and their photos and signatures as files — everything held about them, nobody
else's; a manager's act, in the journal by the client's number, never their name."""

from __future__ import annotations

import json

import pytest

from salon_pos.domain.errors import DomainError, NotAllowed
from salon_pos.domain.journal import Kind
from salon_pos.services.exchange.client_data import export_client_data
from salon_pos.store.models import JournalEntry, VisitPhoto
from tests.conftest import dump
from tests.documents.conftest import pdf_text
from tests.services.helpers import (
    journal,
)
from tests.services.test_formulas import ROOTS


def test_everything_held_about_the_client_and_no_one_else(s, zoes_record, tmp_path):
    out = export_client_data(s.salon, s.client, tmp_path / "request", approved_by=s.manager)
    data = json.loads(out.json.read_text())
    assert data["profile"]["name"] == "Zoë Ní Bhriain" and data["currency"] == "EUR"
    assert len(data["bookings"]) == 3 and data["expectation_notes"][0]["signature"]
    [consultation] = data["consultations"]
    assert {"question": "Any allergies or sensitivities?", "answer": "No"} in \
        consultation["answers"]
    assert data["patch_tests"][0]["products"] == "Majirel 7"
    assert data["colour_formulas"][0]["bowls"] == [ROOTS.said]
    assert [p["kind"] for p in data["photos"]] == ["before"]
    assert data["sales"][0]["lines"][0]["item"] == "Cut and finish"
    assert {d["what"] for d in data["deposits"]} == {"deposit taken"}
    # The files beside it: the photo and the three signatures (note, consultation, test).
    kept = sorted(str(path.relative_to(out.json.parent)) for path in
                  out.json.parent.rglob("*") if path.is_file())
    assert len([k for k in kept if k.startswith("signatures/")]) == 3
    assert len([k for k in kept if k.startswith("photos/")]) == 1 and out.files == 4
    text = pdf_text(out.pdf.read_bytes())
    for words in ("Your data held by the salon", "Zoë Ní Bhriain", "Consultations",
                  "Soft copper", "Majirel 7", "Cut and finish"):
        assert words in text
    assert "Orla" not in out.json.read_text() and "Orla" not in text
    [handed] = journal(kind=Kind.APPROVED_CHANGE)[-1:]
    assert handed.memo == f"Client {s.client}'s data handed out, as the client asked (an " \
        "access request)" and handed.approved_by == s.manager


def test_only_a_manager_hands_it_out(s, zoes_record, tmp_path):
    before = dump(s.salon)
    with pytest.raises(NotAllowed):
        export_client_data(s.salon, s.client, tmp_path / "request", approved_by=s.desk)
    assert dump(s.salon) == before and not (tmp_path / "request").exists()


def test_a_folder_it_cannot_write_is_said_and_nothing_is_recorded(s, zoes_record, tmp_path):
    taken = tmp_path / "request"
    taken.write_text("a file where the folder would go")
    handed = JournalEntry.select().where(JournalEntry.kind == Kind.APPROVED_CHANGE).count()
    with pytest.raises(DomainError, match="Cannot write the client's data in"):
        export_client_data(s.salon, s.client, taken, approved_by=s.manager)
    assert JournalEntry.select().where(JournalEntry.kind == Kind.APPROVED_CHANGE).count() \
        == handed


def test_a_link_planted_in_the_folder_is_replaced_not_written_through(s, zoes_record,
                                                                       tmp_path):
    """The attack: someone who knows the folder a manager will hand out to plants links at
    the names the files will take, pointing at a file of theirs to overwrite."""
    victim = tmp_path / "victim.txt"
    victim.write_text("not to be touched")
    folder = tmp_path / "request"
    (folder / "photos").mkdir(parents=True)
    photo = VisitPhoto.get()
    planted = [folder / f"client-{s.client:06d}.json",
               folder / "photos" / f"before-{photo.booking_id}-{photo.file_name}"]
    for link in planted:
        link.symlink_to(victim)
    before = dump(s.salon)
    with pytest.raises(DomainError, match="does not write through links"):
        export_client_data(s.salon, s.client, folder, approved_by=s.manager)
    assert victim.read_text() == "not to be touched" and dump(s.salon) == before
    # Nothing of the client's is left in the folder: what was written is taken back.
    assert sorted(path for path in folder.rglob("*") if path.is_file()
                  and not path.is_symlink()) == []
