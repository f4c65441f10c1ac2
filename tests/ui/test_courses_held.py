"""The manager's Courses tab: every course with sessions left, what the salon holds for
them, and what expired ones hold taken into income (one confirmation, a manager's act)."""

from __future__ import annotations

from salon_pos.services.views import verify
from salon_pos.ui.pages import held_page
from salon_pos.ui.pages.courses_held import CoursesHeldPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.services.test_courses import sell_course, use_session
from tests.ui.steps import Steps


def test_the_manager_sees_courses_held_and_takes_expired_ones_into_income(s, qtbot,
                                                                           monkeypatch):
    sell_course(s)  # six blow-dries for €150.00
    use_session(s)
    page = CoursesHeldPage(Session(s.salon, TaskRunner(s.salon.database), s.manager,
                                   "Maeve Manager", "manager"))
    qtbot.addWidget(page)
    page.show()
    assert page.summary.text() == "€125.00 held on 1 course; €0.00 of it on expired ones."
    row = [page.model.data(page.model.index(0, column)) for column in range(9)]
    assert row[5:] == ["5 of 6", "€150.00", "€125.00", ""]
    assert not page.expire_button.isEnabled()
    s.clock.advance(days=366)
    page.refresh()
    assert page.model.data(page.model.index(0, 8)) == "expired"
    monkeypatch.setattr(held_page, "confirm", lambda *args: True)
    Steps(qtbot).click(page.expire_button)
    assert page.message.text() == "€125.00 from 1 expired course taken into income."
    assert page.summary.text() == "€0.00 held on 0 courses; €0.00 of it on expired ones."
    assert verify.verify(s.salon).ok
