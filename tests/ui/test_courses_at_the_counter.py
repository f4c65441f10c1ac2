"""Prepaid courses in the app, as the desk and the manager use them: a course sold on a
blow-dry's checkout, its next session paying the next blow-dry as that checkout opens (and
taken off and put back on the line), the client's page showing what is left and a manager
refunding it there, and a plan added in the catalogue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_pos.services.operations import salon_setup
from salon_pos.services.views import verify
from salon_pos.services.views.courses import client_courses, course_plans
from salon_pos.store.models import Client
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.pages.clients import ClientsPage
from tests.services.helpers import book, to_ready
from tests.services.test_courses import blow_dry_plan, sell_course
from tests.ui.steps import Steps, button
from tests.ui.test_checkout_lines import desk_session, open_checkout
from tests.ui.test_clients_page import open_zoe, session_of
from tests.ui.test_settings_page import page_for

SELL_TARGET = 5  # Course…, Add course, Card, Pay, Done


@pytest.fixture
def plan(s) -> int:
    """The counter takes cards without the terminal's reference, and sells six blow-dries."""
    salon_setup.change_settings(s.salon, s.manager, terminal_reference_required=False)
    return blow_dry_plan(s)


def blow_dry_checkout(s, qtbot, hour: int) -> CheckoutDialog:
    booking = book(s, hour, services=[s.blowdry])
    to_ready(s, booking)
    return shown(qtbot, CheckoutDialog(desk_session(s), booking))


def shown(qtbot, dialog: CheckoutDialog) -> CheckoutDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.usefixtures("plan")
def test_a_course_sold_at_checkout_pays_the_next_visit_by_itself(s, qtbot):
    dialog = shown(qtbot, open_checkout(s, qtbot, services=[s.blowdry]))
    steps = Steps(qtbot)
    steps.click(button(dialog, "Course…"))
    steps.click(dialog.editor.ok_button)
    to_pay = dialog.totals.figures["To pay"].text()
    steps.click(dialog.method_buttons["card"])
    steps.click(dialog.pay_button)
    steps.click(dialog.done_button)
    assert steps.count <= SELL_TARGET, str(steps)
    assert to_pay == "<b>€180.00</b>"  # the blow-dry and the course
    [course] = client_courses(s.salon, s.client)
    assert (course.sessions_left, course.value_left) == (6, 15000)

    visit = blow_dry_checkout(s, qtbot, 14)
    assert visit.message.text() == "Paid by course: session 1 of 6 (5 left after today)"
    assert visit.view.remaining == 0
    assert "paid by course: session 1 of 6" in visit.lines.rows[0][0]
    Steps(qtbot).click(visit.pay_button)
    assert client_courses(s.salon, s.client)[0].sessions_left == 5
    assert verify.verify(s.salon).ok


def test_the_desk_takes_the_session_off_the_line_and_puts_it_back(s, qtbot, plan):
    sell_course(s, plan)
    dialog = blow_dry_checkout(s, qtbot, 14)
    steps = Steps(qtbot)
    dialog.table.selectRow(0)
    steps.click(button(dialog, "Course session"))
    assert dialog.view.remaining == 3000
    assert dialog.message.text() == ("Blow-dry is charged again; the session stays on the "
                                     "course.")
    dialog.table.selectRow(0)
    steps.click(button(dialog, "Course session"))
    assert dialog.view.remaining == 0
    assert dialog.message.text() == "Paid by course: session 1 of 6 (5 left after today)."


def test_a_cut_is_not_paid_by_a_blow_dry_course(s, qtbot, plan):
    sell_course(s, plan)
    dialog = shown(qtbot, open_checkout(s, qtbot))  # a cut
    assert dialog.view.remaining == 4500 and dialog.message.text() == ""
    dialog.table.selectRow(0)
    Steps(qtbot).click(button(dialog, "Course session"))
    assert dialog.message.text() == ("The client has no course with a session left for Cut "
                                     "and finish.")
    assert dialog.view.tenders == ()


def test_the_clients_page_shows_the_course_and_a_manager_refunds_it(s, qtbot, plan):
    sell_course(s, plan)
    page = ClientsPage(session_of(s, "manager"))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    qtbot.waitExposed(page)
    open_zoe(qtbot, page)
    assert page.courses_badge.text() == "Courses: 6 sessions left"
    assert page.courses_tab.rows.rows[0][:4] == ("Six blow-dries", "Blow-dry", "6 of 6",
                                                 "€150.00")
    steps = Steps(qtbot)
    page.tabs.setCurrentWidget(page.courses_tab)
    steps.click(page.courses_tab.refund_button)
    refund = page.courses_tab.dialog
    steps.choose(refund.way, "As the client's credit")
    steps.type(refund.reason, "Moving away")
    steps.key(refund.reason, Qt.Key.Key_Return)
    assert page.courses_tab.rows.rows[0][2] == "0 of 6"
    assert Client.get_by_id(s.client).credit_balance == 15000
    assert verify.verify(s.salon).ok


def test_a_manager_adds_a_course_plan_in_the_catalogue(s, qtbot):
    page = page_for(s, qtbot)
    page.catalogue.add_plan()
    dialog = page.catalogue.dialog
    qtbot.keyClicks(dialog.name, "Three corrections")
    for row in range(dialog.services.count()):
        item = dialog.services.item(row)
        if item.text().startswith("Colour correction"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.sessions.setValue(3)
    dialog.price.setText("400")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [plan] = course_plans(s.salon)
    assert (plan.name, plan.service_ids, plan.sessions, plan.price, plan.validity_months) == (
        "Three corrections", frozenset({s.colour}), 3, 40000, 12)
    assert "Three corrections" in [row[0] for row in page.catalogue.plans.model.rows]
