"""The Settings page, driven through its widgets: policy changed at the front desk with a
manager's PIN typed on the spot, refusals that save nothing, staff and their PINs, and the
catalogue — the database checked each time."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from salon_pos.domain.journal import Kind
from salon_pos.services.kernel import access, lookup
from salon_pos.services.operations import cash_drawer
from salon_pos.services.views import catalogue
from salon_pos.store.models import JournalEntry, Staff
from salon_pos.ui.dialogs import form_dialog
from salon_pos.ui.dialogs.approval import ApprovalDialog
from salon_pos.ui.pages import settings_form
from salon_pos.ui.pages.settings import SettingsPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump

LEFT = Qt.MouseButton.LeftButton



def closed(dialog) -> bool:
    """Closed — and maybe already freed, as the app frees its dialogs once used."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()

def page_for(s, qtbot, who: str = "manager") -> SettingsPage:
    names = {"manager": (s.manager, "Maeve Manager"), "front_desk": (s.desk, "Dara Desk")}
    staff_id, name = names[who]
    page = SettingsPage(Session(s.salon, TaskRunner(s.salon.database), staff_id, name, who))
    qtbot.addWidget(page)
    return page


def retype(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)


def answer_approval(qtbot, pins: list[str], seen: list, saved) -> None:
    """When the approval dialog opens, type each PIN in turn and note what followed (the
    dialog's message, or "approved" once it closed) and what `saved()` reads then."""

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ApprovalDialog):
            QTimer.singleShot(10, answer)
            return
        try:
            for pin in pins:
                qtbot.keyClicks(dialog.pin, pin)
                qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                                 LEFT)
                qtbot.waitUntil(lambda: closed(dialog) or dialog.buttons.isEnabled(),
                                timeout=5000)
                seen.append(("approved" if closed(dialog) else dialog.message.text(),
                             saved()))
        finally:
            if not closed(dialog):  # never leave a test stuck in the dialog's event loop
                dialog.reject()

    QTimer.singleShot(0, answer)


def test_percent_fields_show_percent_and_money_fields_the_currency(s, qtbot):
    page = page_for(s, qtbot)

    assert page.policy.deposit_percent_bp.text() == "20 %"
    assert page.policy.money["deposit_max"].text() == "€50.00"
    assert page.salon.sample.text() == "Amounts will look like €1,234.50"


def test_desk_changes_the_deposit_percent_with_a_wrong_then_the_right_managers_pin(s, qtbot):
    page = page_for(s, qtbot, "front_desk")
    retype(qtbot, page.policy.deposit_percent_bp, "25")
    seen: list = []

    answer_approval(qtbot, ["0000", "1234"], seen,
                    lambda: s.salon.settings().deposit_percent_bp)
    qtbot.mouseClick(page.policy.save_button, LEFT)

    assert seen == [("That PIN is not right.", 2000), ("approved", 2000)]
    assert s.salon.settings().deposit_percent_bp == 2500
    assert page.policy.message.text() == "Saved."
    assert page.policy.message.tone == "done"  # green: a success never looks like an error
    assert page.policy.deposit_percent_bp.text() == "25 %"


def test_a_cancelled_approval_saves_nothing(s, qtbot, monkeypatch):
    page = page_for(s, qtbot, "front_desk")
    retype(qtbot, page.policy.deposit_percent_bp, "25")
    before = dump(s.salon)

    monkeypatch.setattr(settings_form, "manager_approval", lambda *args: None)
    qtbot.mouseClick(page.policy.save_button, LEFT)

    assert page.policy.message.text() == "Not saved: no manager approved it."
    assert page.policy.message.tone == "refused"
    assert dump(s.salon) == before


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("deposit_min", "60", "The smallest deposit is larger than the largest deposit."),
    ("deposit_fixed", "12x", "Fixed amount: “12x” is not an amount of money."),
])
def test_a_bad_value_is_refused_and_nothing_saved(s, qtbot, field, typed, message):
    page = page_for(s, qtbot)
    retype(qtbot, page.policy.deposit_percent_bp, "30")
    retype(qtbot, page.policy.money[field], typed)
    before = dump(s.salon)

    qtbot.mouseClick(page.policy.save_button, LEFT)

    assert page.policy.message.text() == message
    assert dump(s.salon) == before


def test_a_refusal_by_the_service_saves_nothing_of_the_tab(s, qtbot):
    cash_drawer.open_drawer(s.salon, 10_000, by=s.desk)  # money is now recorded
    page = page_for(s, qtbot)
    retype(qtbot, page.salon.text["salon_name"], "Salon Zoe & Co")
    page.salon.time_zone.setCurrentText("Europe/London")
    before = dump(s.salon)

    qtbot.mouseClick(page.salon.save_button, LEFT)

    assert page.salon.message.text().startswith("The time zone cannot change once money")
    assert dump(s.salon) == before


def test_the_policy_preview_follows_the_fields(s, qtbot):
    page = page_for(s, qtbot)

    retype(qtbot, page.policy.cancellation_window_hours, "48")
    page.policy.late_cancel_keeps.setCurrentIndex(
        page.policy.late_cancel_keeps.findData("credit"))

    assert "Cancel at least 48 hours ahead" in page.policy.preview.text()
    assert "kept as credit for your next visit" in page.policy.preview.text()
    assert s.salon.settings().cancellation_window_hours == 24  # not saved yet


def test_salon_details_and_receipt_paper_are_saved_in_one_go(s, qtbot):
    page = page_for(s, qtbot)
    retype(qtbot, page.salon.text["salon_phone"], "+353 1 555 0199")
    page.salon.receipt_format.setCurrentIndex(page.salon.receipt_format.findData("a4"))
    page.salon.locale.setCurrentText("de_DE")
    page.salon.backups_kept.setValue(60)

    qtbot.mouseClick(page.salon.save_button, LEFT)

    saved = s.salon.settings()
    assert (saved.salon_phone, saved.receipt_format, saved.locale, saved.receipt_printer,
            saved.backups_kept) == ("+353 1 555 0199", "a4", "de_DE", "", 60)
    assert page.salon.sample.text() == "Amounts will look like 1.234,50\u00a0€"
    qtbot.mouseClick(page.salon.save_button, LEFT)
    assert page.salon.message.text() == "Nothing has changed."


def test_the_counters_settings_are_saved_with_the_others_and_kept_in_the_journal(s, qtbot):
    page = page_for(s, qtbot)
    assert page.policy.terminal_reference_required.isChecked()
    assert page.policy.tip_percents.text() == "10 15 20"
    page.policy.terminal_reference_required.setChecked(False)
    retype(qtbot, page.policy.tip_percents, "5 %, 10 %")
    assert page.policy.voucher_validity_years.value() == 5
    page.policy.voucher_validity_years.setValue(3)
    qtbot.mouseClick(page.policy.save_button, LEFT)
    page.salon.print_receipt_on_pay.setChecked(True)
    qtbot.mouseClick(page.salon.save_button, LEFT)

    saved = s.salon.settings()
    assert (saved.terminal_reference_required, saved.tip_choices,
            saved.print_receipt_on_pay, saved.voucher_validity_years) == (False, (5, 10), True, 3)
    assert page.policy.tip_percents.text() == "5 10"
    kept = {e.reference for e in JournalEntry.select().where(
        (JournalEntry.kind == Kind.STANDING_DATA) & (JournalEntry.category == "setting"))}
    assert {"terminal_reference_required", "tip_percents", "print_receipt_on_pay"} <= kept

    retype(qtbot, page.policy.tip_percents, "150")
    qtbot.mouseClick(page.policy.save_button, LEFT)
    assert page.policy.message.text().startswith("The tip buttons, in percent: type up to 4")


def test_a_new_stylist_with_a_pin_can_then_log_in(s, qtbot):
    page = page_for(s, qtbot)
    page.staff.add()
    dialog = page.staff.dialog
    qtbot.keyClicks(dialog.name, "Niamh Nails")
    qtbot.keyClicks(dialog.pin, "4242")
    qtbot.keyClicks(dialog.pin_again, "4243")

    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.message.text().startswith("The two PINs are not the same")
    assert not Staff.select().where(Staff.name == "Niamh Nails").exists()

    retype(qtbot, dialog.pin_again, "4242")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert not dialog.buttons.isEnabled()  # the PIN is being hashed off the UI thread
    assert dialog.message.text() == "Saving…"
    qtbot.waitUntil(lambda: closed(dialog), timeout=5000)

    assert page.staff.message.text() == "Saved."  # accepted (and the dialog freed)
    assert page.staff.message.tone == "done"
    new = Staff.get(Staff.name == "Niamh Nails")
    assert (new.role, new.active) == ("stylist", True)
    assert access.check_pin(s.salon, new.id, "4242").id == new.id
    assert "Niamh Nails" in [row[0] for row in page.staff.staff.model.rows]


def row_of(section, name: str) -> int:
    return [item["name"] for item in section.items].index(name)


def test_set_pin_replaces_the_old_one(s, qtbot):
    page = page_for(s, qtbot)
    page.staff.staff.table.selectRow(row_of(page.staff.staff, "Dara Desk"))
    page.staff.set_pin()
    dialog = page.staff.dialog
    qtbot.keyClicks(dialog.pin, "9090")
    qtbot.keyClicks(dialog.pin_again, "9090")

    qtbot.mouseClick(dialog.ok_button, LEFT)
    dialog.reject()  # Escape waits while the PIN is saved
    assert dialog.isVisible() and not dialog.buttons.isEnabled()
    qtbot.waitUntil(lambda: page.staff.message.text() == "Saved.", timeout=5000)  # accepted

    assert access.check_pin(s.salon, s.desk, "9090").id == s.desk


def test_a_refused_new_member_of_staff_stays_in_the_dialog(s, qtbot, monkeypatch):
    page = page_for(s, qtbot)
    page.staff.add()
    dialog = page.staff.dialog
    qtbot.keyClicks(dialog.name, "Niamh Nails")
    qtbot.keyClicks(dialog.pin, "4242")
    qtbot.keyClicks(dialog.pin_again, "4242")
    monkeypatch.setattr(form_dialog, "manager_approval", lambda *_args: s.desk)
    before = dump(s.salon)

    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=5000)

    assert dialog.message.text() == "A manager has to approve this; Dara Desk is not a manager."
    assert dialog.isVisible() and dump(s.salon) == before


def test_the_last_manager_cannot_be_deactivated(s, qtbot):
    page = page_for(s, qtbot)
    page.staff.staff.table.selectRow(row_of(page.staff.staff, "Maeve Manager"))
    page.staff.edit()
    dialog = page.staff.dialog
    dialog.active.setChecked(False)
    before = dump(s.salon)

    qtbot.mouseClick(dialog.ok_button, LEFT)

    assert dialog.message.text() == "The salon needs at least one active manager."
    assert dialog.isVisible() and dump(s.salon) == before


def test_edit_without_a_choice_says_to_pick_one(s, qtbot):
    page = page_for(s, qtbot)
    page.staff.edit()
    assert page.staff.message.text() == "Pick one in the list first."
    assert page.staff.dialog is None


def test_a_new_service_appears_in_the_catalogue(s, qtbot):
    page = page_for(s, qtbot)
    page.catalogue.add_service()
    dialog = page.catalogue.dialog
    qtbot.keyClicks(dialog.name, "Toner")
    dialog.category.setCurrentText("Colour")
    retype(qtbot, dialog.minutes, "20")
    dialog.price.setText("€25.50")  # as typed; QTest types ASCII only
    dialog.tax_class.setCurrentIndex(dialog.tax_class.findData(s.standard_tax))

    qtbot.mouseClick(dialog.ok_button, LEFT)

    toner = next(row for row in catalogue.list_services(s.salon) if row["name"] == "Toner")
    assert (toner["category"], toner["minutes"], toner["price"]) == ("Colour", 20, 2550)
    assert "Toner" in [row[0] for row in page.catalogue.services.model.rows]


def test_a_service_is_edited_and_withdrawn(s, qtbot):
    page = page_for(s, qtbot)
    page.catalogue.services.table.selectRow(row_of(page.catalogue.services, "Cut and finish"))
    page.catalogue.edit_service()
    dialog = page.catalogue.dialog
    retype(qtbot, dialog.price, "48")
    dialog.active.setChecked(False)

    qtbot.mouseClick(dialog.ok_button, LEFT)

    cut = lookup.get_service(s.salon, s.cut)
    assert (cut.price, cut.active, cut.duration_min) == (4800, False, 45)
    assert s.cut not in [row["id"] for row in catalogue.list_services(s.salon)]


def test_a_product_and_a_tax_class_are_added(s, qtbot):
    page = page_for(s, qtbot)
    page.catalogue.add_tax_class()
    dialog = page.catalogue.dialog
    qtbot.keyClicks(dialog.name, "Zero")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    zero = next(t for t in catalogue.list_tax_classes(s.salon) if t["name"] == "Zero")
    assert zero["rate_bp"] == 0

    page.catalogue.add_product()
    dialog = page.catalogue.dialog
    qtbot.keyClicks(dialog.name, "Gift card box")
    qtbot.keyClicks(dialog.sku, "GB-1")
    qtbot.keyClicks(dialog.price, "5")
    dialog.tax_class.setCurrentIndex(dialog.tax_class.findData(zero["id"]))
    qtbot.mouseClick(dialog.ok_button, LEFT)

    box = next(p for p in catalogue.list_products_all(s.salon) if p["sku"] == "GB-1")
    assert (box["name"], box["price"], box["tax_class"]) == ("Gift card box", 500, "Zero")
    assert ("Zero", "0%") in page.catalogue.tax_classes.model.rows


def test_a_new_currency_shows_on_the_other_tabs_at_once(s, qtbot):
    page = page_for(s, qtbot)
    page.salon.currency_code.setCurrentIndex(page.salon.currency_code.findData("GBP"))

    qtbot.mouseClick(page.salon.save_button, LEFT)

    assert s.salon.settings().currency_code == "GBP"
    assert page.policy.money["deposit_max"].text() == "£50.00"
    assert page.catalogue.products.model.rows[0][2] == "£18.00"
