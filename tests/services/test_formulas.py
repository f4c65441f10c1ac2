"""Colour formulas and photos of a visit: a formula written once the client is here (its
bowls checked), written again replaces it, the next visit starts from the last one; photos
before and after the work, checked and sized for the record (upright, at most 1600 px, no
camera metadata); the client's colour history, newest visit first."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from salon_pos.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from salon_pos.domain.formulas import Bowl
from salon_pos.services.operations import bookings, formulas, visit_photos
from salon_pos.services.views.formulas import colour_history, starting_formula
from salon_pos.store.models import FormulaBowl, VisitPhoto
from tests.services.helpers import agree_note, book, refused

ROOTS = Bowl("Roots", "Koleston Perfect", "6/0 30 g + 7/1 10 g", "6 % (20 vol)", "1:1", 35)
LENGTHS = Bowl("Lengths", "Color Touch", "8/81 20 g", "1.9 %", "1:2", 20)


def arrived(s, hour: int = 11, days: int = 0) -> int:
    booking = book(s, hour, services=[s.colour], days=days)
    if days == 0:
        bookings.check_in(s.salon, booking, by=s.desk)
    return booking


def photo(tmp_path, name: str = "hair.jpg", size=(3000, 2000), colour="sienna",
          **save) -> str:
    path = tmp_path / name
    Image.new("RGB", size, colour).save(path, **save)
    return path


def test_a_formula_is_written_and_written_again_replaces_it(s):
    booking = arrived(s)
    formula = formulas.save_formula(s.salon, booking, [ROOTS, LENGTHS], by=s.stylist,
                                    notes="Pre-soften the temples")
    again = formulas.save_formula(s.salon, booking, [ROOTS], by=s.stylist)
    assert again == formula and FormulaBowl.select().count() == 1
    view, own = starting_formula(s.salon, booking)
    assert own and view.bowls == (ROOTS,) and view.notes == ""
    assert ROOTS.said == "Roots: Koleston Perfect 6/0 30 g + 7/1 10 g, 6 % (20 vol), 1:1, 35 min"


def test_the_next_visit_starts_from_the_last_formula(s):
    first = arrived(s, 10)
    assert starting_formula(s.salon, first) == (None, False)
    formulas.save_formula(s.salon, first, [ROOTS, LENGTHS], by=s.stylist)
    later = book(s, 11, services=[s.colour], days=42)
    view, own = starting_formula(s.salon, later)
    assert not own and view.bowls == (ROOTS, LENGTHS) and view.booking_id == first


@pytest.mark.parametrize(("bowls", "match"), [
    ([], "at least one bowl"),
    ([Bowl("Roots", "Koleston", "", "6 %", "1:1", 35)], "Write the shades for the roots"),
    ([Bowl("Roots", "Koleston", "6/0", "6 %", "one to one", 35)], "written as colour to "
                                                                  "developer"),
    ([Bowl("Roots", "Koleston", "6/0", "6 %", "1:1", 500)], "0 to 240 minutes"),
    ([ROOTS] * 9, "at most 8 bowls"),
])
def test_a_bowl_says_what_was_mixed(s, bowls, match):
    booking = arrived(s)
    with refused(s, match, InvalidInput):
        formulas.save_formula(s.salon, booking, bowls, by=s.stylist)


def test_no_formula_before_the_visit_nor_by_another_stylist(s):
    ahead = arrived(s, days=3)
    with refused(s, "this booking is booked", InvalidTransition):
        formulas.save_formula(s.salon, ahead, [ROOTS], by=s.stylist)
    theirs = book(s, 15, services=[s.colour], stylist=s.stylist2)
    bookings.check_in(s.salon, theirs, by=s.desk)
    with refused(s, "can only do this for their own clients", NotAllowed):
        formulas.save_formula(s.salon, theirs, [ROOTS], by=s.stylist)


def test_photos_are_sized_for_the_record_without_the_cameras_metadata(s, tmp_path):
    booking = arrived(s)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # the camera's make
    exif[0x0112] = 6  # taken sideways: turned upright when kept
    source = photo(tmp_path, exif=exif.tobytes())
    kept = VisitPhoto.get_by_id(visit_photos.add_visit_photo(
        s.salon, booking, source, moment="before", by=s.stylist))
    with Image.open(s.salon.photos_dir / kept.file_name) as image:
        assert image.format == "JPEG" and image.size == (1067, 1600)  # upright, 1600 at most
        assert not image.getexif()


def test_before_then_after_and_the_history_side_by_side(s, tmp_path):
    booking = arrived(s)
    with refused(s, "An “after” photo is taken once the work is under way"):
        visit_photos.add_visit_photo(s.salon, booking, photo(tmp_path), moment="after",
                                     by=s.stylist)
    visit_photos.add_visit_photo(s.salon, booking, photo(tmp_path, colour="saddlebrown"),
                                 moment="before", by=s.stylist)
    agree_note(s, booking)
    bookings.start_service(s.salon, booking, by=s.stylist)
    formulas.save_formula(s.salon, booking, [ROOTS], by=s.stylist)
    visit_photos.add_visit_photo(s.salon, booking, photo(tmp_path, colour="peru"),
                                 moment="after", by=s.stylist)
    ahead = arrived(s, days=3)
    with refused(s, "A “before” photo is taken once the client has arrived"):
        visit_photos.add_visit_photo(s.salon, ahead, photo(tmp_path), moment="before",
                                     by=s.stylist)
    [visit] = colour_history(s.salon, s.client)
    assert visit.booking_id == booking and visit.formula.bowls == (ROOTS,)
    assert len(visit.before) == len(visit.after) == 1 and visit.before[0].is_file()
    assert visit.before != visit.after
    assert visit.services == "Colour correction"


@pytest.mark.parametrize(("content", "match"), [
    (b"not a picture", "is not a JPEG, PNG or GIF picture"),
    (None, "too many pixels"),
])
def test_a_photo_is_checked_on_attach(s, tmp_path, content, match):
    booking = arrived(s)
    source = tmp_path / "crafted.png"
    if content is None:
        out = io.BytesIO()
        Image.new("1", (9000, 9000), 1).save(out, format="PNG", optimize=True)
        content = out.getvalue()
    source.write_bytes(content)
    with refused(s, match, InvalidInput):
        visit_photos.add_visit_photo(s.salon, booking, source, moment="before", by=s.stylist)


def test_a_phones_mpo_picture_is_kept_as_a_jpeg(s, tmp_path):
    booking = arrived(s)
    source = tmp_path / "phone.jpg"
    Image.new("RGB", (1200, 900), "tan").save(source, format="MPO", save_all=True,
                                              append_images=[Image.new("RGB", (160, 120))])
    kept = VisitPhoto.get_by_id(visit_photos.add_visit_photo(
        s.salon, booking, source, moment="before", by=s.stylist))
    assert kept.file_name.endswith(".jpg")
