"""The Clients page: search as you type, the profile and its history as the operations left
it, and the page's actions (edit, deposit rule, house-account payment) going through the
core operations — the database is checked, not only the screen."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from salon_pos.services.operations import bookings, checkout, clients
from salon_pos.services.views.client_profile import Movement
from salon_pos.store.models import Client, JournalEntry
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.pages import clients as clients_page
from salon_pos.ui.pages.clients import ClientsPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.services.helpers import at, book_with_deposit, ready_sale, tender


def session_of(s, who: str) -> Session:
    staff_id, name, role = {"desk": (s.desk, "Dara Desk", "front_desk"),
                            "stylist": (s.stylist, "Aoife Stylist", "stylist"),
                            "manager": (s.manager, "Maeve Manager", "manager")}[who]
    return Session(s.salon, TaskRunner(s.salon.database), staff_id, name, role)


@pytest.fixture
def page(s, qtbot):
    page = ClientsPage(session_of(s, "desk"))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    qtbot.waitExposed(page)
    return page


def listed(page: ClientsPage) -> list[str]:
    return [row[0] for row in page.found.rows]


def open_zoe(qtbot, page: ClientsPage) -> None:
    qtbot.keyClicks(page.search, "zoe")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)


def test_search_as_you_type_by_name_and_by_phone(s, page, qtbot):
    clients.add_client(s.salon, "Aisling Murphy", by=s.desk, phone="01 555 0000",
                       alerts="Nut allergy")

    qtbot.keyClicks(page.search, "Mur")
    assert listed(page) == ["Aisling Murphy  ⚠"]  # the ⚠: she has alerts
    page.search.clear()
    qtbot.keyClicks(page.search, "35387")  # the start of Zoë's phone number
    assert listed(page) == ["Zoë Ní Bhriain"]
    page.search.clear()
    assert listed(page) == []


def test_keyboard_ctrl_f_then_down_then_enter_opens_the_client(s, page, qtbot):
    clients.add_client(s.salon, "Zoe Walsh", by=s.desk)
    page.activateWindow()
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "zo")
    assert len(listed(page)) == 2

    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.results.hasFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_Down)  # the second one found
    chosen = page.result_ids[1]
    qtbot.keyClick(page.results, Qt.Key.Key_Return)

    assert page.client_id == chosen
    assert page.name.text() == Client.get_by_id(chosen).name


def test_the_profile_shows_the_history_the_operations_wrote(s, page, qtbot):
    clients.edit_client(s.salon, s.client, by=s.desk, alerts="PPD allergy")
    missed = book_with_deposit(s, 10)  # €15.00 deposit, then the client never comes
    s.clock.set(at(s, 10, 30))
    bookings.mark_no_show(s.salon, missed, by=s.desk)
    _booking, sale = ready_sale(s, 14)
    tender(s, sale, "card", 4500)
    receipt = checkout.close_sale(s.salon, sale, by=s.desk)["receipt_no"]

    open_zoe(qtbot, page)

    assert page.alerts.isVisible() and "PPD allergy" in page.alerts.text()
    assert page.missed_badge.text() == "Missed: 1 in 12 months · 1 ever"
    rows = page.booking_rows.rows
    assert [row[3] for row in rows] == ["paid and closed", "a no-show"]
    assert rows[1][4] == "€15.00 kept as the fee"
    assert rows[1][0] == "Fri 20 Mar 2026 10:00"
    (paid,) = page.sale_rows.rows
    assert (paid[0], paid[2], paid[4]) == (f"No. {receipt}", "€45.00", "Card €45.00")
    assert not page.house_button.isVisible()  # no house account


def test_an_edit_with_a_bad_email_is_refused_and_changes_nothing(s, page, qtbot):
    open_zoe(qtbot, page)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "086 000 1111")
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "zoe at home")
    before = dump(s.salon)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert "does not look like an email address" in dialog.message.text()
    assert dialog.isVisible()
    assert dump(s.salon) == before
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "zoe@home.ie")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (Client.get_by_id(s.client).phone, Client.get_by_id(s.client).email) == (
        "086 000 1111", "zoe@home.ie")
    assert "zoe@home.ie" in page.contact.text()


def test_a_card_number_in_the_alerts_is_refused_with_the_field_named(s, page, qtbot):
    open_zoe(qtbot, page)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    qtbot.keyClicks(dialog.alerts, "Pays by card 4111 1111 1111 1111")
    before = dump(s.salon)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.message.text() == ("A card number cannot be kept in the client's alerts: "
                                     "please remove it.")
    assert dialog.isVisible()
    assert dump(s.salon) == before
    dialog.alerts.setPlainText("Pays by card")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert Client.get_by_id(s.client).alerts == "Pays by card"


def test_a_new_client_starts_from_what_was_typed(s, page, qtbot):
    qtbot.keyClicks(page.search, "Niamh Byrne")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.name.text() == "Niamh Byrne"
    qtbot.keyClicks(dialog.phone, "087 765 4321")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    added = Client.get(Client.name == "Niamh Byrne")
    assert added.phone == "087 765 4321"
    assert page.client_id == added.id and page.name.text() == "Niamh Byrne"


def owing(s, amount: int = 4500) -> None:
    clients.set_client_terms(s.salon, s.client, approved_by=s.manager,
                             house_account_enabled=True, house_account_limit=10000)
    _booking, sale = ready_sale(s)
    tender(s, sale, "house_account", amount)
    checkout.close_sale(s.salon, sale, by=s.desk)


def test_a_house_payment_lowers_the_balance_once_on_a_double_click(s, page, qtbot):
    owing(s)
    open_zoe(qtbot, page)
    assert page.house_button.isVisible()

    qtbot.mouseClick(page.house_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.amount.setText("€20")  # (QTest cannot type "€")
    dialog.method.setCurrentIndex(dialog.method.findData("cash"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # a double click

    assert Client.get_by_id(s.client).house_balance == 2500
    payments = JournalEntry.select().where(JournalEntry.kind == "house_payment")
    assert [(p.amount, p.method, p.staff) for p in payments] == [(2000, "cash", s.desk)]
    assert page.house_badge.text() == "House: €25.00 owed (limit €100.00)"
    assert page.house_rows.rows[0][1:4] == ("Payment (cash)", "-€20.00", "€25.00")


def test_a_house_payment_over_what_is_owed_is_refused(s, page, qtbot):
    owing(s)
    open_zoe(qtbot, page)
    qtbot.mouseClick(page.house_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.amount.text() == "45.00"  # what is owed, filled in
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "50")
    qtbot.keyClicks(dialog.reference, "T-9")
    before = dump(s.salon)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert "cannot be more than that" in dialog.message.text()
    assert dump(s.salon) == before


def approve_with_pin(monkeypatch, qtbot, pin: str) -> None:
    """The approval dialog as a manager at the counter answers it: PIN typed, Approve."""
    def exec_(dialog: ApprovalDialog) -> int:
        qtbot.keyClicks(dialog.pin, pin)
        dialog.check()
        qtbot.waitUntil(lambda: dialog.approved_by is not None or bool(dialog.message.text()))
        return QDialog.DialogCode.Accepted if dialog.approved_by else 0

    monkeypatch.setattr(ApprovalDialog, "exec", exec_)


@pytest.mark.parametrize("who", ["desk", "stylist"])
def test_the_deposit_rule_needs_a_managers_pin(s, qtbot, monkeypatch, who):
    page = ClientsPage(session_of(s, who))
    qtbot.addWidget(page)
    page.open_client(s.client)
    qtbot.mouseClick(page.rule_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.rule.setCurrentIndex(dialog.rule.findData("always"))
    before = list(Client.select().dicts())

    approve_with_pin(monkeypatch, qtbot, "2222")  # a stylist's PIN is not a manager's
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Not changed: no manager approved it."
    assert list(Client.select().dicts()) == before  # (only the wrong try was counted)
    assert page.rule_badge.text() == "Deposit: salon policy"

    approve_with_pin(monkeypatch, qtbot, "1234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert Client.get_by_id(s.client).deposit_rule == "always"
    assert page.rule_badge.text() == "Deposit: always"


def test_a_manager_changes_the_deposit_rule_without_a_pin(s, qtbot, monkeypatch):
    page = ClientsPage(session_of(s, "manager"))
    qtbot.addWidget(page)
    page.open_client(s.client)
    monkeypatch.setattr(ApprovalDialog, "exec", lambda dialog: pytest.fail("no PIN asked"))
    page.change_deposit_rule()
    page.dialog.rule.setCurrentIndex(page.dialog.rule.findData("never"))
    qtbot.mouseClick(page.dialog.ok_button, Qt.MouseButton.LeftButton)

    assert Client.get_by_id(s.client).deposit_rule == "never"


def test_refresh_shows_what_another_station_did(s, page, qtbot):
    open_zoe(qtbot, page)
    checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    clients.edit_client(s.salon, s.client, by=s.desk, alerts="Pregnant: no bleach")

    page.refresh()

    assert page.sale_rows.rows == [("—", "Fri 20 Mar 2026", "€0.00", "€0.00", "", "open")]
    assert "Pregnant: no bleach" in page.alerts.text()


def test_a_click_or_a_double_click_opens_the_client_once(s, page, qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(clients_page, "client_profile",
                        lambda salon, client_id: opened.append(client_id) or None)
    qtbot.keyClicks(page.search, "zoe")
    row = page.results.visualRect(page.found.index(0, 0)).center()

    qtbot.mouseClick(page.results.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert opened == [s.client]
    opened.clear()
    qtbot.mouseClick(page.results.viewport(), Qt.MouseButton.LeftButton, pos=row)
    qtbot.mouseDClick(page.results.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert opened == [s.client]


def test_an_amount_of_nothing_has_no_sign(s, page):
    movement = Movement(seq=1, at=datetime(2026, 3, 20, 9, 0), kind="payment", method="house",
                        reference="", receipt_no=None, change=0, balance=0)
    assert page._movement_row(movement)[2] == "€0.00"
    assert [page._signed(amount) for amount in (1500, -1500)] == ["+€15.00", "-€15.00"]


def test_the_list_points_at_the_client_whose_profile_is_shown(s, page, qtbot):
    other = clients.add_client(s.salon, "Zoë Nolan", by=s.desk)
    page.search.setText("Zo")
    assert listed(page) == ["Zoë Ní Bhriain", "Zoë Nolan"]

    page.open_client(other)

    assert page.results.currentIndex().row() == 1 and page.name.text() == "Zoë Nolan"
