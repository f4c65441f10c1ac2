"""Formulas and photos on screen: from the day book, the formula starts from the client's
last one (copied forward), a bowl changed and a photo added before the work are saved in
one press — counted; a mistake in a bowl is said and nothing is kept; the client's Colour
tab shows the formula and the photos before and after side by side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialog, QFileDialog

from salon_pos.services.operations import bookings, formulas, visit_photos
from salon_pos.services.views.formulas import starting_formula
from salon_pos.store.models import VisitPhoto
from salon_pos.ui.dialogs.formula import FormulaDialog
from tests.conftest import dump
from tests.services.helpers import agree_note
from tests.services.test_formulas import LENGTHS, ROOTS
from tests.ui.steps import Steps, button
from tests.ui.test_clients_page import open_zoe
from tests.ui.test_clients_page import page as clients_page  # noqa: F401 (a fixture)
from tests.ui.test_day_book import open_page, session  # noqa: F401 (fixtures)
from tests.ui.test_patch_test_screens import click_block

# Choose the booking, Formula and photos…, the shades' cell (a double click and the words),
# Add before photo… (the file chosen), save.
FORMULA_TARGET = 6


def visit(s, days: int = 0, hour: int = 1) -> int:
    booking = bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist,
                            start=s.clock.now() + timedelta(days=days, hours=hour),
                            service_ids=[s.colour], by=s.desk)
    if not days:
        bookings.check_in(s.salon, booking, by=s.desk)
    return booking


@pytest.fixture
def last_time(s) -> int:
    """Zoë's colour six weeks ago, its formula written."""
    s.clock.advance(days=-42)
    booking = visit(s)
    formulas.save_formula(s.salon, booking, [ROOTS, LENGTHS], by=s.stylist)
    s.clock.advance(days=42)
    return booking


def a_photo(tmp_path, colour: str = "sienna"):
    path = tmp_path / f"{colour}.jpg"
    Image.new("RGB", (800, 1000), colour).save(path)
    return path


def test_the_formula_starts_from_the_last_and_a_photo_goes_before(s, session, qtbot,  # noqa: F811
                                                                  monkeypatch, tmp_path,
                                                                  last_time):
    today = visit(s)
    page = open_page(session, qtbot)
    steps = Steps(qtbot)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([str(a_photo(tmp_path))], ""))

    def write(dialog: QDialog) -> None:
        assert "Copied from the visit of" in " ".join(
            label.text() for label in dialog.findChildren(type(dialog.message)))
        assert dialog.bowls() == [ROOTS, LENGTHS]
        cell = dialog.table.visualItemRect(dialog.table.item(0, 2)).center()
        steps.double_click(dialog.table.viewport(), cell, what="the roots' shades")
        editor = dialog.table.viewport().focusWidget()
        editor.selectAll()
        steps.type(editor, "6/0 40 g")
        dialog.table.setCurrentCell(1, 0)  # the edit is committed as the cell is left
        steps.click(button(dialog, "Add before photo"))
        steps.click(dialog.save_button)

    click_block(steps, page, today)
    steps.in_next_modal(write)
    steps.click(button(page.panel, "Formula and photos"))
    qtbot.waitUntil(lambda: VisitPhoto.select().exists())

    words = sum(step.startswith("type") for step in steps.done)
    assert steps.count - words <= FORMULA_TARGET, str(steps)
    formula, own = starting_formula(s.salon, today)
    assert own and formula.bowls[0].shades == "6/0 40 g" and formula.bowls[1] == LENGTHS
    assert VisitPhoto.get().moment == "before"


def test_a_photo_alone_writes_no_formula(s, session, qtbot, tmp_path, last_time):  # noqa: F811
    """After a cut, the last colour's formula is shown but not made today's."""
    today = visit(s)
    dialog = FormulaDialog(session, today)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.keep.isChecked()
    dialog.add_photo_file("before", a_photo(tmp_path))
    dialog.save_button.click()
    assert starting_formula(s.salon, today)[1] is False  # still the last visit's
    assert VisitPhoto.get().booking_id == today


def test_a_mistake_in_a_bowl_is_said_and_nothing_is_kept(s, session, qtbot, last_time):  # noqa: F811
    dialog = FormulaDialog(session, visit(s))
    qtbot.addWidget(dialog)
    dialog.show()
    before = dump(s.salon)
    dialog.table.item(0, 5).setText("half an hour")
    dialog.save_button.click()
    assert dialog.message.text() == "The minutes for the roots are a number, such as 35."
    dialog.table.item(0, 5).setText("35")
    dialog.table.item(0, 4).setText("one to one")
    dialog.save_button.click()
    assert "written as colour to developer" in dialog.message.text()
    assert dump(s.salon) == before


def test_the_colour_tab_shows_the_photos_side_by_side(s, clients_page, qtbot, tmp_path,  # noqa: F811
                                                      last_time):
    booking = visit(s)
    visit_photos.add_visit_photo(s.salon, booking, a_photo(tmp_path, "saddlebrown"),
                                 moment="before", by=s.stylist)
    agree_note(s, booking)
    bookings.start_service(s.salon, booking, by=s.stylist)
    visit_photos.add_visit_photo(s.salon, booking, a_photo(tmp_path, "peru"), moment="after",
                                 by=s.stylist)
    open_zoe(qtbot, clients_page)
    tab = clients_page.colour_tab
    clients_page.tabs.setCurrentWidget(tab)
    assert [row[3] for row in tab.rows.rows] == ["2 photos", "formula"]
    before, after = (tab.photos.itemAtPosition(1, column).widget() for column in (0, 1))
    assert not before.pixmap().isNull() and not after.pixmap().isNull()
    tab.table.selectRow(1)
    assert "<b>Roots</b>: Koleston Perfect 6/0 30 g + 7/1 10 g" in tab.formula.text()
