"""Repeat bookings on screen: "Repeat…" plans the repeats with a clash shown on its row,
the clash resolved there (another stylist), then all booked in one press — steps counted;
"Series…" moves the series from a booking on, and cancels it."""

from __future__ import annotations

from salon_pos.domain.localtime import local_of
from salon_pos.services.operations import series
from salon_pos.store.models import Booking
from salon_pos.ui.dialogs.series import RepeatDialog, SeriesDialog
from tests.services.helpers import book
from tests.ui.steps import Steps
from tests.ui.test_clients_page import session_of

# Plan shown at once; the clashing row's stylist changed (open, pick), Book.
REPEAT_TARGET = 3


def test_repeats_planned_a_clash_resolved_on_its_row_and_all_booked(s, qtbot):
    first = book(s, 11, days=3)
    book(s, 11, days=3 + 28, services=[s.blowdry])  # in the way of the first repeat
    dialog = RepeatDialog(session_of(s, "desk"), first)
    qtbot.addWidget(dialog)
    dialog.show()
    steps = Steps(qtbot)
    assert len(dialog.rows) == 5 and dialog.every.value() == 4
    clashing = dialog.rows[0]
    assert "Aoife Stylist has Zoë Ní Bhriain" in clashing.clash.text()
    assert not dialog.book_button.isEnabled()
    assert "1 clash to resolve" in dialog.message.text()
    steps.choose(clashing.stylist, "Łukasz")
    assert clashing.clash.text() == "Free" and dialog.book_button.isEnabled()
    assert dialog.book_button.text() == "&Book 5 repeats"
    steps.click(dialog.book_button)
    assert steps.count <= REPEAT_TARGET, str(steps)
    assert len(dialog.made) == 5
    assert Booking.get_by_id(dialog.made[0]).stylist_id == s.stylist2
    assert {Booking.get_by_id(i).series_id for i in (first, *dialog.made)} == {1}


def test_a_series_moves_and_cancels_from_the_booking_chosen(s, qtbot, monkeypatch):
    first = book(s, 11, days=3)
    made = series.book_repeats(s.salon, first, every_weeks=1, by=s.desk, planned=[
        (p.start, p.stylist_id) for p in series.plan_repeats(s.salon, first, every_weeks=1,
                                                             times=2)])
    dialog = SeriesDialog(session_of(s, "desk"), made[0])
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3
    assert dialog.model.data(dialog.model.index(1, 0)).startswith("▶ Mon 30 Mar 2026, 11:00")
    dialog.time.set_time(dialog.time.time().replace(hour=14))
    dialog.move_button.click()
    assert dialog.changed
    tz = s.salon.settings().tz
    assert [f"{local_of(Booking.get_by_id(i).start, tz):%H:%M}" for i in (first, *made)] == [
        "11:00", "14:00", "14:00"]
    monkeypatch.setattr("salon_pos.ui.dialogs.series.confirm", lambda *args: True)
    again = SeriesDialog(session_of(s, "desk"), made[1])
    qtbot.addWidget(again)
    again.cancel_button.click()
    assert [Booking.get_by_id(i).status for i in (first, *made)] == [
        "booked", "booked", "cancelled"]
