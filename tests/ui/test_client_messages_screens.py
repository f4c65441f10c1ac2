"""Messages to clients on screen: a manager sets the email server in Settings › Messages and
checks it with a test message that reaches a real SMTP server; rewords a confirmation
with its preview; the app's mail worker sends the outbox in the background; the Messages
tab shows a refused message with the server's answer, tried again once the address is
fixed; "No messages" on a client withdraws what waited; a receipt emailed from its
preview; the reminders to phone listed and printed."""

from __future__ import annotations

import pytest

from salon_pos.domain.messages import MessageKind, Status
from salon_pos.services.operations import clients, salon_setup
from salon_pos.store.models import OutboxMessage, Setting
from salon_pos.ui.dialogs.call_list import CallListDialog
from salon_pos.ui.dialogs.client_edit import ClientEditDialog
from salon_pos.ui.dialogs.receipt_preview import preview_receipt, receipt_file
from salon_pos.ui.mail_worker import MailWorker
from salon_pos.ui.pages.messages import MessagesPage
from salon_pos.ui.pages.settings_messages import MessagesTab
from tests.services.helpers import book, book_with_deposit, pay_by_card, ready_sale
from tests.smtp_servers import Mailbox, smtp_server
from tests.ui.steps import Steps
from tests.ui.test_clients_page import session_of


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_manager_sets_the_server_and_a_test_message_arrives(s, qtbot):
    tab = shown(qtbot, MessagesTab(session_of(s, "manager")))
    steps = Steps(qtbot)
    with smtp_server() as (mailbox, port):
        steps.type(tab.smtp_host, "127.0.0.1")
        tab.smtp_port.setValue(port)
        steps.choose(tab.smtp_security, "None")
        steps.type(tab.smtp_password, "app-password")
        steps.type(tab.smtp_from, "hello@salonzoe.ie")
        steps.click(tab.save_button)
        assert tab.message.text() == "Saved."
        settings = s.salon.settings()
        assert (settings.smtp_host, settings.smtp_port, settings.smtp_security) == (
            "127.0.0.1", port, "none")
        assert "app-password" not in Setting.get_by_id("smtp_password").value
        assert tab.smtp_password.text() == "" and "set" in tab.smtp_password.placeholderText()
        steps.type(tab.test_to, "maeve@example.ie")
        steps.click(tab.test_button)
        qtbot.waitUntil(lambda: tab.test_button.isEnabled(), timeout=10_000)
    assert "the server took it" in tab.test_said.text()
    assert mailbox.received[0]["To"] == "maeve@example.ie"


def test_a_wording_is_previewed_on_the_next_booking_then_saved(s, qtbot):
    book(s, 11, days=3)
    tab = shown(qtbot, MessagesTab(session_of(s, "manager")))
    tab.kind.setCurrentIndex(tab.kind.findData(MessageKind.REMINDER))
    tab.subject.setText("See you on ${when}!")
    qtbot.waitUntil(lambda: "See you on Mon 23 Mar 2026, 11:00!" in tab.shown.toPlainText())
    tab.body.setPlainText("Hi $client, $nope")
    qtbot.waitUntil(lambda: "There is no placeholder $nope" in tab.shown.toPlainText())
    tab.save_wording_button.click()
    assert "There is no placeholder" in tab.wording_said.text()
    tab.body.setPlainText("Hi $client, see you soon.")
    tab.save_wording_button.click()
    assert tab.wording_said.text() == "Saved."
    tab.restore_button.click()
    assert tab.subject.text().startswith("Reminder:")


def test_the_worker_sends_in_the_background_and_the_tab_shows_a_refusal(s, qtbot):
    book(s, 11, days=3)
    session = session_of(s, "manager")
    session.mail = MailWorker(session)
    page = shown(qtbot, MessagesPage(session))
    refusing = Mailbox(recipients_refused="550 5.1.1 No such mailbox")
    with smtp_server(refusing) as (_, port):
        salon_setup.change_settings(s.salon, s.manager, smtp_host="127.0.0.1",
                                    smtp_port=port, smtp_security="none")
        with qtbot.waitSignal(session.mail.passed, timeout=10_000):
            page.send_button.click()
    assert "1 refused" in page.message.text()
    page.status.setCurrentIndex(page.status.findData(Status.FAILED))
    assert page.model.rowCount() == 1
    assert "550 5.1.1 No such mailbox" in page.model.data(page.model.index(0, 7))
    page.view.selectRow(0)
    assert page.retry_button.isEnabled()
    with smtp_server(port=port) as (mailbox, _), qtbot.waitSignal(session.mail.passed,
                                                                   timeout=10_000):
        page.retry_button.click()  # tried again at once
    assert len(mailbox.received) == 1
    assert OutboxMessage.get(OutboxMessage.kind == "confirmation").status == Status.SENT


def test_no_messages_on_a_client_withdraws_what_waited(s, qtbot):
    book(s, 11, days=3)
    dialog = ClientEditDialog(session_of(s, "desk"), s.client)
    qtbot.addWidget(dialog)
    dialog.no_messages.setChecked(True)
    dialog.ok_button.click()
    assert {m.status for m in OutboxMessage.select()} == {Status.DISMISSED}
    assert clients.get_current_client(s.salon, s.client).no_messages


def test_a_receipt_is_emailed_from_its_preview(s, qtbot):
    _booking, sale = ready_sale(s, 11)
    pay_by_card(s, sale, 4500)
    session = session_of(s, "desk")
    preview = preview_receipt(session, receipt_file(session, sale), None)
    qtbot.addWidget(preview)
    email = next(b for b in preview.findChildren(type(preview.print_button))
                 if b.accessibleName() == "Email it")
    email.click()
    assert "goes by email" in preview.message.text() and not email.isEnabled()
    assert OutboxMessage.get(OutboxMessage.sale == sale).kind == MessageKind.RECEIPT


@pytest.mark.usefixtures("qapp")
def test_the_reminders_to_phone_are_listed_and_printed(s, qtbot, monkeypatch):
    no_email = clients.add_client(s.salon, "Nuala Phone", by=s.desk, phone="087 555 1234")
    book_with_deposit(s, 11, days=3, client=no_email)
    dialog = CallListDialog(session_of(s, "desk"))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0  # today: nobody
    dialog.day.setDate(dialog.day.date().addDays(1))
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 2)) == "087 555 1234"
    opened = []
    monkeypatch.setattr("salon_pos.ui.dialogs.call_list.PdfPreviewDialog.open",
                        lambda self: opened.append(self.path))
    dialog.print_button.click()
    assert opened and opened[0].name == "reminders-to-phone-2026-03-21.pdf"
    assert opened[0].read_bytes().startswith(b"%PDF")
