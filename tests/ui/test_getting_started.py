"""A salon set up but not yet ready to book: the day book says what comes first and opens
the guided start at the steps still missing; the service form says at once that a tax
class is needed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_pos.domain.clock import FixedClock
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.operations import salon_setup, staff
from salon_pos.services.views.catalogue import list_services, list_tax_classes
from salon_pos.services.views.staff import list_staff
from salon_pos.store.database import close_database
from salon_pos.ui.dialogs.catalogue_edit import ServiceDialog
from salon_pos.ui.pages.day_book import DayBookPage
from salon_pos.ui.pages.day_book_hint import READY
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import OPENING
from tests.ui.steps import Steps, button

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def new_salon(tmp_path):
    """Set up with its manager only, as when the guide was left after its first step."""
    salon = open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                       pin_cost=16)
    manager = salon_setup.set_up_salon(salon, salon_name="Shears", currency_code="EUR",
                                       time_zone="Europe/London", manager_name="Maeve",
                                       manager_pin="1234")
    yield Session(salon, TaskRunner(salon.database), manager, "Maeve", "manager")
    close_database()


def test_the_day_book_says_what_comes_first_and_resumes_the_guide_there(new_salon, qtbot):
    page = DayBookPage(new_salon)
    qtbot.addWidget(page)
    page.show()
    hint = page.getting_started
    assert hint.isVisible()
    assert hint.text.text() == ("Before the first booking, set up the tax rate on services, "
                                "your stylists and your services.")
    steps = Steps(qtbot)

    def guide(dialog):
        assert dialog.page.key == "tax" and dialog.page.rate.basis_points() == 2000  # London
        steps.click(button(dialog, "Next"))
        qtbot.waitUntil(lambda: dialog.page.key == "stylists")
        steps.type(dialog.page.lines[0][0], "Aoife")
        steps.type(dialog.page.lines[0][1], "12")
        steps.click(button(dialog, "Next"))
        assert dialog.message.text() == "Aoife: A PIN is 4 to 8 digits."
        steps.type(dialog.page.lines[0][1], "34")
        steps.click(button(dialog, "Next"))
        qtbot.waitUntil(lambda: dialog.page.key == "services")
        steps.type(dialog.page.lines[0][0], "Cut")
        steps.type(dialog.page.lines[0][2], "30")
        steps.click(button(dialog, "Finish"))
        assert dialog.message.text() == "How long does “Cut” take? Type its minutes (e.g. 45)."
        steps.type(dialog.page.lines[0][1], "30")
        steps.click(button(dialog, "Finish"))

    steps.in_next_modal(guide)
    steps.click(hint.button)

    salon = new_salon.salon
    assert [m["name"] for m in list_staff(salon)] == ["Aoife", "Maeve"]
    assert [(s["name"], s["minutes"], s["price"]) for s in list_services(salon)] == [
        ("Cut", 30, 3000)]
    assert [t["rate_bp"] for t in list_tax_classes(salon)] == [2000]
    assert hint.isVisible() and hint.text.text() == READY
    assert hint.button.text() == "Book the first client…"
    assert [name for _id, name, _colour in page.model.book.stylists] == ["Aoife"]


def test_the_hint_goes_once_the_first_booking_is_made(s, qtbot):
    page = DayBookPage(Session(s.salon, TaskRunner(s.salon.database), s.desk, "Dara Desk",
                               "front_desk"))
    qtbot.addWidget(page)
    page.show()
    assert page.getting_started.text.text() == READY  # the fixture's salon has no booking

    from salon_pos.services.operations import bookings

    bookings.book(s.salon, client_id=s.client, stylist_id=s.stylist, start=OPENING,
                  service_ids=[s.cut], by=s.desk)
    page.refresh()
    assert not page.getting_started.isVisible()


def test_the_service_form_says_at_once_that_a_tax_class_comes_first(new_salon, qtbot):
    staff.add_staff(new_salon.salon, "Aoife", "stylist", "2222", approved_by=new_salon.staff_id)
    dialog = ServiceDialog(new_salon)
    qtbot.addWidget(dialog)
    assert dialog.message.text() == "Please add a tax class first (Tax classes, Add tax class…)."
    assert dialog.message.tone == "refused" and not dialog.ok_button.isEnabled()
