"""Expectation notes: written and agreed before the work, completed after it, with
reference photos copied into the data folder."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import datetime

import pytest
from PIL import Image

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from salon_pos.services.operations import bookings, checkout, notes, reference_photos
from salon_pos.services.views.notes import booking_notes
from salon_pos.store.models import BookedService, ExpectationNote, NotePhoto
from tests.services.helpers import agree_note, book, refused, to_ready


def picture(kind: str, size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, kind)
    return out.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")


def write(s, booking: int, **changes) -> int:
    fields = {"expected_result": "Soft balayage, warm beige", "price_min": 12000,
              "price_max": 18000, "limits_and_risks": "Ends may stay brassy",
              "sessions_expected": 2}
    fields.update(changes)
    return notes.write_note(s.salon, booking, by=s.stylist, **fields)


def colour_booking(s) -> int:
    return book(s, 11, services=[s.colour])


def photos_on_disk(s) -> list[str]:
    folder = s.salon.photos_dir
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- write and edit -----------------------------------------------------------------------


def test_write_note_records_the_agreement_to_be(s):
    booking = colour_booking(s)

    note = ExpectationNote.get_by_id(write(s, booking))

    assert note.booking_id == booking and note.booked_service_id is None
    assert (note.expected_result, note.limits_and_risks, note.sessions_expected) == (
        "Soft balayage, warm beige", "Ends may stay brassy", 2)
    assert (note.price_min, note.price_max) == (12000, 18000)
    assert (note.written_by_id, note.written_at) == (s.stylist, datetime(2026, 3, 20, 9, 0))
    assert note.acknowledged_at is None


def test_write_note_for_one_booked_service(s):
    booking = colour_booking(s)
    booked = BookedService.get(BookedService.booking == booking)

    note = write(s, booking, booked_service_id=booked.id)

    assert ExpectationNote.get_by_id(note).booked_service_id == booked.id


def test_write_note_once_the_client_has_arrived(s):
    booking = colour_booking(s)
    bookings.check_in(s.salon, booking, by=s.desk)

    assert write(s, booking)


def test_write_note_refused_without_the_expected_result(s):
    booking = colour_booking(s)

    with refused(s, "Please write the expected result", InvalidInput):
        write(s, booking, expected_result="  ")


def test_write_note_refuses_a_price_range_upside_down(s):
    booking = colour_booking(s)

    with refused(s, "The lowest price of the range is above the highest", InvalidInput):
        write(s, booking, price_min=18000, price_max=12000)


def test_write_note_refuses_a_negative_price(s):
    booking = colour_booking(s)

    with refused(s, "The lowest price cannot be negative", InvalidInput):
        write(s, booking, price_min=-1)


@pytest.mark.parametrize("sessions", [0, 21, "2"])
def test_write_note_refuses_sessions_out_of_range(s, sessions):
    booking = colour_booking(s)

    with refused(s, "Sessions expected is a number from 1 to 20", InvalidInput):
        write(s, booking, sessions_expected=sessions)


def test_write_note_refused_once_the_work_has_started(s):
    booking = book(s, 11)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)

    with refused(s, "Expectation notes are agreed before the work starts", InvalidTransition):
        write(s, booking)


def test_write_note_refuses_a_service_of_another_booking(s):
    other = book(s, 14)
    foreign = BookedService.get(BookedService.booking == other)
    booking = colour_booking(s)

    with refused(s, "That service is not part of this booking", NotFound):
        write(s, booking, booked_service_id=foreign.id)


def test_write_note_refuses_an_unknown_booking(s):
    with refused(s, "That booking does not exist", NotFound):
        write(s, 999)


def test_edit_note_before_the_client_agrees(s):
    note = write(s, colour_booking(s))

    notes.edit_note(s.salon, note, by=s.stylist, expected_result="Copper, one shade lighter",
                    price_min=10000, price_max=15000, sessions_expected=1)

    row = ExpectationNote.get_by_id(note)
    assert (row.expected_result, row.price_min, row.price_max, row.sessions_expected) == (
        "Copper, one shade lighter", 10000, 15000, 1)
    assert row.limits_and_risks == ""


def test_edit_note_refused_once_acknowledged(s):
    note = agree_note(s, colour_booking(s))

    with refused(s, "The client has already agreed to this note; write a new note instead",
                 InvalidTransition):
        notes.edit_note(s.salon, note, by=s.stylist, expected_result="Platinum",
                        price_min=1, price_max=2)


def test_edit_note_refuses_bad_fields(s):
    note = write(s, colour_booking(s))

    with refused(s, "above the highest", InvalidInput):
        notes.edit_note(s.salon, note, by=s.stylist, expected_result="Copper", price_min=3,
                        price_max=2)


def test_edit_note_refuses_an_unknown_note(s):
    with refused(s, "That expectation note does not exist", NotFound):
        notes.edit_note(s.salon, 999, by=s.stylist, expected_result="Copper", price_min=1,
                        price_max=2)


# --- acknowledge and complete -------------------------------------------------------------


def test_acknowledge_note_records_when_and_who(s):
    note = write(s, colour_booking(s))
    s.clock.advance(minutes=3)

    notes.acknowledge_note(s.salon, note, by=s.desk)

    row = ExpectationNote.get_by_id(note)
    assert (row.acknowledged_at, row.acknowledged_recorded_by_id) == (
        datetime(2026, 3, 20, 9, 3), s.desk)


def test_acknowledge_note_refused_twice(s):
    note = agree_note(s, colour_booking(s))

    with refused(s, "The client has already acknowledged this note", InvalidTransition):
        notes.acknowledge_note(s.salon, note, by=s.desk)


def test_acknowledge_note_refused_once_the_work_has_started(s):
    booking = book(s, 11)
    note = write(s, booking)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)

    with refused(s, "A note is acknowledged before the work starts", InvalidTransition):
        notes.acknowledge_note(s.salon, note, by=s.desk)


def test_acknowledge_note_refuses_an_unknown_note(s):
    with refused(s, "That expectation note does not exist", NotFound):
        notes.acknowledge_note(s.salon, 999, by=s.desk)


def test_complete_note_after_the_service(s):
    booking = colour_booking(s)
    note = agree_note(s, booking)
    to_ready(s, booking)

    notes.complete_note(s.salon, note, by=s.stylist, outcome="Even copper reached",
                        formula="7/43 + 6 % 40 min")

    row = ExpectationNote.get_by_id(note)
    assert (row.outcome, row.formula, row.completed_by_id) == (
        "Even copper reached", "7/43 + 6 % 40 min", s.stylist)
    assert row.completed_at == datetime(2026, 3, 20, 9, 0)


def test_complete_note_while_in_service(s):
    booking = colour_booking(s)
    note = agree_note(s, booking)
    bookings.check_in(s.salon, booking, by=s.desk)
    bookings.start_service(s.salon, booking, by=s.stylist)

    notes.complete_note(s.salon, note, by=s.stylist, outcome="Toner applied")

    assert ExpectationNote.get_by_id(note).outcome == "Toner applied"


def test_complete_note_refused_before_the_work_starts(s):
    note = agree_note(s, colour_booking(s))

    with refused(s, "The outcome is written between the start of the work and checkout",
                 InvalidTransition):
        notes.complete_note(s.salon, note, by=s.stylist, outcome="Done")


def test_complete_note_refused_without_an_outcome(s):
    booking = colour_booking(s)
    note = agree_note(s, booking)
    to_ready(s, booking)

    with refused(s, "Please write the outcome", InvalidInput):
        notes.complete_note(s.salon, note, by=s.stylist, outcome="")


def test_notes_of_a_booking_in_the_order_written(s):
    booking = colour_booking(s)
    first, second = write(s, booking), write(s, booking, expected_result="Plan B")

    assert [n.note_id for n in booking_notes(s.salon, booking)] == [first, second]


# --- photos -------------------------------------------------------------------------------


def test_add_photo_copies_a_png_into_the_data_folder(s, tmp_path):
    note = write(s, colour_booking(s))
    source = tmp_path / "inspiration.png"
    source.write_bytes(PNG)

    photo = NotePhoto.get_by_id(notes.add_photo(s.salon, note, source, by=s.stylist,
                                                caption="Copper inspiration"))

    digest = hashlib.sha256(PNG).hexdigest()
    assert (photo.note_id, photo.sha256, photo.caption) == (note, digest, "Copper inspiration")
    assert photo.file_name == f"{digest}.png"
    assert (s.salon.photos_dir / photo.file_name).read_bytes() == PNG
    source.unlink()  # the copy does not depend on the original
    assert (s.salon.photos_dir / photo.file_name).exists()


def test_add_photo_copies_a_jpeg(s, tmp_path):
    note = write(s, colour_booking(s))
    source = tmp_path / "before.jpeg"
    source.write_bytes(JPEG)

    photo = NotePhoto.get_by_id(notes.add_photo(s.salon, note, source, by=s.stylist))

    assert photo.file_name.endswith(".jpg")
    assert photos_on_disk(s) == [photo.file_name]


def test_add_the_same_photo_twice_keeps_one_file(s, tmp_path):
    booking = colour_booking(s)
    source = tmp_path / "a.png"
    source.write_bytes(PNG)

    notes.add_photo(s.salon, write(s, booking), source, by=s.stylist)
    notes.add_photo(s.salon, write(s, booking), source, by=s.stylist)

    assert NotePhoto.select().count() == 2
    assert len(photos_on_disk(s)) == 1


def test_add_photo_refuses_a_file_that_is_not_a_picture(s, tmp_path):
    note = write(s, colour_booking(s))
    source = tmp_path / "disguised.png"
    source.write_text("#!/bin/sh\necho not a picture\n")

    with refused(s, "“disguised.png” is not a JPEG, PNG or GIF picture", InvalidInput):
        notes.add_photo(s.salon, note, source, by=s.stylist)
    assert photos_on_disk(s) == []


def png_of(width: int, height: int, pixels: bytes | None = None) -> bytes:
    """A PNG file as the format says, its header claiming `width`×`height` (1-bit grey)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = chunk(b"IDAT", pixels) if pixels is not None else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + data + chunk(b"IEND", b"")


def all_white(width: int, height: int) -> bytes:
    """The compressed rows of a `width`×`height` 1-bit picture: a few kilobytes for 900
    megapixels."""
    squeeze, row = zlib.compressobj(9), b"\x00" + b"\xff" * ((width + 7) // 8)
    return b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()


@pytest.mark.parametrize("name, content", [
    ("holiday.jpg", b"Dear Aoife, the colour we spoke about...\n"),  # a text file renamed
    ("cut.png", b"\x89PNG\r\n\x1a\n" + bytes(range(40))),  # the signature, then rubbish
    ("half.jpg", picture("JPEG", (400, 300))[:300]),  # a picture cut short
], ids=["text-renamed", "signature-only", "cut-short"])
def test_a_file_that_is_not_a_whole_picture_is_refused_and_nothing_is_kept(s, tmp_path, name,
                                                                           content):
    note = write(s, colour_booking(s))
    source = tmp_path / name
    source.write_bytes(content)

    with refused(s, f"“{name}” is not a JPEG, PNG or GIF picture", InvalidInput):
        notes.add_photo(s.salon, note, source, by=s.stylist)
    assert photos_on_disk(s) == []


@pytest.mark.parametrize("content", [
    png_of(30000, 30000),  # only the header claims it
    png_of(30000, 30000, all_white(30000, 30000)),  # a whole picture: 110 MB once decoded
    png_of(8000, 7000, all_white(8000, 7000)),  # 56 megapixels: under Pillow's own limit
], ids=["header", "bomb", "above-ours"])
def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(s, tmp_path, content):
    note = write(s, colour_booking(s))
    source = tmp_path / "huge.png"
    source.write_bytes(content)

    with refused(s, "too many pixels: at most 50 megapixels", InvalidInput):
        notes.add_photo(s.salon, note, source, by=s.stylist)
    assert photos_on_disk(s) == []


def test_a_picture_at_the_pixel_limit_is_kept(s, tmp_path):
    side = int(reference_photos.MAX_PHOTO_PIXELS ** 0.5)
    source = tmp_path / "big.png"
    source.write_bytes(png_of(side, side, all_white(side, side)))

    notes.add_photo(s.salon, write(s, colour_booking(s)), source, by=s.stylist)
    assert len(photos_on_disk(s)) == 1


def test_add_photo_refuses_a_missing_file(s, tmp_path):
    note = write(s, colour_booking(s))

    with refused(s, "Cannot read the photo “gone.png”", InvalidInput):
        notes.add_photo(s.salon, note, tmp_path / "gone.png", by=s.stylist)


def test_add_photo_refuses_a_huge_file(s, tmp_path):
    note = write(s, colour_booking(s))
    source = tmp_path / "huge.png"
    with source.open("wb") as out:
        out.write(PNG)
        out.truncate(reference_photos.MAX_PHOTO_BYTES + 1)  # sparse: cheap to make

    with refused(s, "The photo is too large", InvalidInput):
        notes.add_photo(s.salon, note, source, by=s.stylist)


def test_add_photo_refuses_a_long_caption(s, tmp_path):
    note = write(s, colour_booking(s))
    source = tmp_path / "a.png"
    source.write_bytes(PNG)

    with refused(s, "The caption is too long", InvalidInput):
        notes.add_photo(s.salon, note, source, by=s.stylist, caption="x" * 201)


def test_add_photo_refuses_an_unknown_note(s, tmp_path):
    source = tmp_path / "a.png"
    source.write_bytes(PNG)

    with refused(s, "That expectation note does not exist", NotFound):
        notes.add_photo(s.salon, 999, source, by=s.stylist)
    assert photos_on_disk(s) == []


def test_a_photo_cannot_join_a_note_the_client_already_agreed_to(s, tmp_path):
    note = agree_note(s, colour_booking(s))
    source = tmp_path / "late.png"
    source.write_bytes(PNG)

    with refused(s, "photos go with a new note", InvalidTransition):
        notes.add_photo(s.salon, note, source, by=s.stylist)


def test_the_outcome_is_closed_once_the_client_has_paid(s):
    from tests.services.helpers import pay_by_card

    booking = colour_booking(s)
    note = agree_note(s, booking)
    to_ready(s, booking)
    notes.complete_note(s.salon, note, by=s.stylist, outcome="As agreed")
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    checkout.record_signoff(s.salon, sale, by=s.desk, matches=True)
    pay_by_card(s, sale, 15000)

    with refused(s, "once the client has paid, the record is closed", InvalidTransition):
        notes.complete_note(s.salon, note, by=s.stylist, outcome="Changed my mind")


def test_a_stylist_cannot_write_notes_for_another_stylists_client(s):
    booking = colour_booking(s)

    with refused(s, "can only do this for their own clients", NotAllowed):
        notes.write_note(s.salon, booking, by=s.stylist2, expected_result="Ash",
                         price_min=1, price_max=2)
