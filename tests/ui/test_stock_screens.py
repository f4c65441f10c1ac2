"""Stock in the app: the Stock tab (a delivery, a count whose large difference asks a
manager's PIN on the spot, back-bar use, barcode and reorder level, what to order), a
product scanned at checkout (an unknown code said so, stock below zero said so), and the
refund dialog's "Put back on the shelf?" — through the real widgets, the database checked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from salon_pos.services.operations import checkout, stock
from salon_pos.services.views import verify
from salon_pos.store.models import JournalEntry, Product, SaleLine, StockMovement
from salon_pos.ui.dialogs.checkout import CheckoutDialog
from salon_pos.ui.dialogs.refund import RefundDialog
from salon_pos.ui.pages.stock import StockPage
from salon_pos.ui.session import Session
from salon_pos.ui.tasks import TaskRunner
from tests.conftest import dump
from tests.services.helpers import book, to_ready
from tests.ui.steps import Steps, button
from tests.ui.test_reports_page import loaded, manager_page, totals

EAN = "4006381333931"


def session(s, role: str = "front_desk") -> Session:
    staff = {"manager": s.manager, "front_desk": s.desk, "stylist": s.stylist}[role]
    return Session(s.salon, TaskRunner(s.salon.database), staff, "", role)


def shelf(s) -> tuple[int, int]:
    product = Product.get_by_id(s.shampoo)
    return product.on_hand, product.stock_value


def a_page(s, qtbot, role: str = "front_desk") -> StockPage:
    page = StockPage(session(s, role))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def choose_row(steps: Steps, page: StockPage, row: int = 0) -> None:
    rect = page.view.visualRect(page.model.index(row, 0))
    steps.click(page.view.viewport(), rect.center(), what=f"row {row}")


def test_a_delivery_a_count_approved_on_the_spot_and_back_bar_use(s, qtbot):
    page, steps = a_page(s, qtbot), Steps(qtbot)
    assert page.model.rows[0][:4] == ("Repair shampoo", "SH-1", "", "0")
    choose_row(steps, page)

    steps.click(page.buttons["Receive delivery"])
    dialog = page.dialog
    steps.type(dialog.supplier, "Acme Hair")
    dialog.quantity.setValue(30)
    steps.type(dialog.unit_cost, "4.00")
    steps.click(dialog.ok_button)
    assert shelf(s) == (30, 12000)
    assert page.model.rows[0][3:7] == ("30", "", "€4.00", "€120.00")
    assert "Stock value at cost: €120.00" in page.summary.text()

    # 15 missing is €60.00 at cost: over the salon's €50.00, so a manager's PIN is asked.
    steps.click(page.buttons["Count"])
    dialog = page.dialog
    assert dialog.books.text() == "30 on hand"
    dialog.counted.setValue(15)

    def approve(question) -> None:
        steps.type(question.pin, "1234")
        steps.click(button(question, "Approve"))
    steps.in_next_modal(approve)
    steps.click(dialog.ok_button)
    qtbot.waitUntil(lambda: shelf(s) == (15, 6000))
    counted = JournalEntry.get(JournalEntry.kind == "stock_counted")
    assert (counted.amount, counted.staff, counted.approved_by) == (-6000, s.desk, s.manager)

    steps.click(page.buttons["Back-bar use"])
    dialog = page.dialog
    dialog.stylist.setCurrentIndex(dialog.stylist.findData(s.stylist))
    dialog.quantity.setValue(2)
    steps.click(dialog.ok_button)
    used = StockMovement.get(StockMovement.kind == "used")
    assert (used.stylist_id, used.quantity, used.value) == (s.stylist, -2, -800)
    assert page.model.rows[0][3] == "13"
    assert "Back-bar" not in page.outcome.text() and "saved" in page.outcome.text()
    assert verify.verify(s.salon).ok


def test_a_count_refused_by_no_manager_changes_nothing(s, qtbot):
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 30, 400)], by=s.desk)
    page, steps = a_page(s, qtbot), Steps(qtbot)
    steps.click(page.buttons["Count"])
    dialog = page.dialog
    dialog.counted.setValue(0)
    before = dump(s.salon)
    steps.in_next_modal(lambda question: steps.click(button(question, "Cancel")))
    steps.click(dialog.ok_button)
    assert "no manager approved it" in dialog.message.text()
    assert dump(s.salon) == before


def test_barcode_and_reorder_level_then_what_to_order(s, qtbot):
    page, steps = a_page(s, qtbot, "manager"), Steps(qtbot)
    choose_row(steps, page)
    steps.click(page.buttons["Barcode and reorder level"])
    dialog = page.dialog
    steps.type(dialog.barcode, EAN)
    dialog.reorder.setValue(6)
    steps.click(dialog.ok_button)

    assert (Product.get_by_id(s.shampoo).barcode, page.model.rows[0][2]) == (EAN, EAN)
    steps.click(page.low_only, page.low_only.rect().center())
    assert [row[0] for row in page.model.rows] == ["Repair shampoo"]
    assert page.model.rows[0][7] == "Order 6"
    assert page.low_only.isChecked()
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 10, 400)], by=s.desk)
    page.refresh()
    assert page.model.rows == [] and "0 products to order" in page.summary.text()


def test_scanning_at_checkout_adds_the_product_and_says_what_it_does_not_know(s, qtbot):
    stock.set_stock_details(s.salon, s.shampoo, approved_by=s.manager, barcode=EAN)
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 1, 400)], by=s.desk)
    booking = book(s, 11)
    to_ready(s, booking)
    dialog = CheckoutDialog(session(s), booking)
    qtbot.addWidget(dialog)
    steps = Steps(qtbot)

    steps.type(dialog.scan_field, "5000000000000")  # the scanner types, then Enter
    steps.key(dialog.scan_field, Qt.Key.Key_Return)
    assert dialog.message.text().startswith("No product has the barcode 5000000000000.")
    assert dialog.message.tone == "refused"

    steps.type(dialog.scan_field, EAN)
    steps.key(dialog.scan_field, Qt.Key.Key_Return)
    assert dialog.message.text() == "Repair shampoo added."
    steps.type(dialog.scan_field, EAN)
    steps.key(dialog.scan_field, Qt.Key.Key_Return)
    assert "Repair shampoo: 2 on this sale, 1 on the shelf" in dialog.message.text()
    products = [line for line in SaleLine.select().where(SaleLine.sale == dialog.sale_id)
                if line.product_id == s.shampoo]
    assert [line.quantity for line in products] == [1, 1]
    assert dialog.scan_field.text() == ""  # ready for the next scan


def paid_shampoos(s, units: int) -> int:
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 5, 400)], by=s.desk)
    sale = checkout.open_sale(s.salon, by=s.desk, client_id=s.client)
    checkout.add_product_line(s.salon, sale, s.shampoo, by=s.desk, quantity=units)
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=1800 * units,
                         reference="T-1")
    return checkout.close_sale(s.salon, sale, by=s.desk)["receipt_no"]


def test_the_refund_asks_whether_the_products_go_back_on_the_shelf(s, qtbot, monkeypatch):
    number = paid_shampoos(s, 2)
    assert shelf(s) == (3, 1200)
    dialog = RefundDialog(session(s, "manager"))
    qtbot.addWidget(dialog)
    dialog.show()
    steps = Steps(qtbot)
    steps.type(dialog.number, str(number))
    steps.key(dialog.number, Qt.Key.Key_Return)
    assert dialog.put_back.isVisible() and not dialog.put_back.isChecked()
    steps.click(dialog.put_back, dialog.put_back.rect().center())
    steps.type(dialog.reason, "Unopened")
    steps.click(dialog.refund_button)
    dialog.preview.close()

    assert shelf(s) == (5, 2000)  # back at the €4.00 each they left at
    assert StockMovement.get(StockMovement.kind == "returned").quantity == 2
    assert verify.verify(s.salon).ok


def test_a_refund_of_services_only_does_not_ask(s, qtbot):
    booking = book(s, 11)
    to_ready(s, booking)
    sale = checkout.open_sale(s.salon, by=s.desk, booking_id=booking)
    checkout.take_tender(s.salon, sale, by=s.desk, method="card", amount=4500, reference="T")
    number = checkout.close_sale(s.salon, sale, by=s.desk)["receipt_no"]
    dialog = RefundDialog(session(s, "manager"))
    qtbot.addWidget(dialog)
    dialog.show()
    steps = Steps(qtbot)
    steps.type(dialog.number, str(number))
    steps.key(dialog.number, Qt.Key.Key_Return)
    assert not dialog.put_back.isVisible()


def test_the_stock_at_cost_report_among_the_reports(s, qtbot):
    stock.receive_delivery(s.salon, "Acme", [(s.shampoo, 10, 400)], by=s.desk)
    page = manager_page(s, qtbot)
    loaded(page, qtbot)
    steps = Steps(qtbot)
    steps.choose(page.chooser, "Stock at cost now")
    rows = loaded(page, qtbot)

    assert rows == [("Repair shampoo", "SH-1", "10", "0", "€4.00", "€40.00")]
    assert totals(page) == ("Total (1 product)", "", "10", "", "", "€40.00")
    assert not page.dates.isEnabled()
