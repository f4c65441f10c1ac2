"""A new salon, from the first-start window on an empty database to the booking dialog
ready with its stylist and service — counted step by step, as a person does it (issue 15:
about 35 steps before the guided start, at most 15 now)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from salon_pos.domain.clock import FixedClock
from salon_pos.domain.journal import Kind
from salon_pos.domain.standing import SERVICE, SETTING, STAFF, TAX_CLASS
from salon_pos.services.opening import SalonLocation, open_salon
from salon_pos.services.views.catalogue import list_services, list_tax_classes
from salon_pos.services.views.staff import list_staff
from salon_pos.store.database import close_database
from salon_pos.store.models import JournalEntry
from salon_pos.ui import app as app_module
from salon_pos.ui.dialogs.booking import BookingDialog
from salon_pos.ui.dialogs.first_start import FirstStartDialog
from salon_pos.ui.main_window import MainWindow
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import OPENING
from tests.ui.steps import Steps, button

TARGET = 15


def field(parent: QWidget, name: str) -> QLineEdit:
    (found,) = [w for w in parent.findChildren(QLineEdit) if w.accessibleName() == name]
    return found


def when_shown(kind: type, act: Callable[[QWidget], None]) -> None:
    """Act on the first visible top-level window of `kind` once it is up."""
    def look():
        found = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()]
        if found:
            act(found[0])
        else:
            QTimer.singleShot(10, look)
    QTimer.singleShot(0, look)


def test_a_new_salon_is_ready_for_its_first_booking_in_at_most_15_steps(tmp_path, qtbot):
    salon = open_salon(SalonLocation(str(tmp_path / "new.db"), tmp_path), FixedClock(OPENING),
                       pin_cost=16)
    session = Session(salon, TaskRunner(salon.database))
    steps = Steps(qtbot)
    offered: dict[str, list[str]] = {}

    def guided_start(dialog: FirstStartDialog) -> None:
        steps.type(field(dialog, "Salon name"), "Shears")
        steps.type(field(dialog, "Your name"), "Maeve")
        steps.type(field(dialog, "Your PIN"), "1234")
        steps.type(field(dialog, "Your PIN again"), "1234")
        steps.click(button(dialog, "Set up my salon"))
        qtbot.waitUntil(lambda: dialog.page.key == "tax")
        steps.click(button(dialog, "Next"))  # the usual rate where the salon is
        qtbot.waitUntil(lambda: dialog.page.key == "stylists")
        steps.type(field(dialog, "Stylist 1"), "Aoife")
        steps.type(field(dialog, "Stylist 1's PIN"), "2222")
        steps.click(button(dialog, "Next"))
        qtbot.waitUntil(lambda: dialog.page.key == "services")
        steps.type(field(dialog, "Service 1"), "Cut")
        steps.type(field(dialog, "Minutes 1"), "45")
        steps.type(field(dialog, "Price 1"), "40")
        steps.click(button(dialog, "Finish"))
        when_shown(MainWindow, first_booking)

    def first_booking(window: MainWindow) -> None:
        # Logged straight in as the manager who set it up: no login, no third PIN.
        when_shown(BookingDialog, ready_to_book)
        steps.click(button(window.day_book, "Book the first client"))

    def ready_to_book(dialog: BookingDialog) -> None:
        offered["stylists"] = [dialog.stylist.itemText(i) for i in range(dialog.stylist.count())]
        offered["services"] = [dialog.services.item(i).text()
                               for i in range(dialog.services.count())]
        dialog.reject()
        dialog.parent().window().close()  # the last window: the app ends, as run_app's would

    try:
        when_shown(FirstStartDialog, guided_start)
        assert app_module.run_session(QApplication.instance(), session) == 0
        assert (session.staff_name, session.role) == ("Maeve", "manager")
        assert offered["stylists"] == ["Aoife", "Maeve"]  # whoever takes clients
        assert offered["services"] == ["Cut · 45 min · €40.00"]
        # Saved by the salon's own operations: each in the journal, approved by Maeve.
        assert salon.settings().salon_name == "Shears"
        people = {m["name"]: m for m in list_staff(salon)}
        assert (people["Aoife"]["role"], people["Maeve"]["role"]) == ("stylist", "manager")
        assert people["Aoife"]["colour"] != people["Maeve"]["colour"]
        assert [(t["name"], t["rate_bp"]) for t in list_tax_classes(salon)] == [
            ("Services 13.5%", 1350)]  # Dublin's usual rate on hairdressing
        (cut,) = list_services(salon)
        assert (cut["minutes"], cut["price"]) == (45, 4000)
        maeve, aoife = people["Maeve"]["id"], people["Aoife"]["id"]
        approved = {(entry.category, entry.reference): entry.approved_by for entry in
                    JournalEntry.select().where((JournalEntry.kind == Kind.STANDING_DATA)
                                                & (JournalEntry.category != SETTING))}
        assert approved == {(STAFF, str(maeve)): None, (STAFF, str(aoife)): maeve,
                            (TAX_CLASS, str(list_tax_classes(salon)[0]["id"])): maeve,
                            (SERVICE, str(cut["id"])): maeve}
        assert steps.count <= TARGET, str(steps)
    finally:
        for window in QApplication.topLevelWidgets():
            window.close()
        close_database()
