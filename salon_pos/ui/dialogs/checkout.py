"""Checkout after the service. Left: the lines (change, discount, remove, add, a prepaid
course sold or a session of one used), the totals and the agreement with the client's
sign-off. A line the client's course covers is paid by its next session as the ticket
opens ("paid by course: session 3 of 6"); Course session takes it off or puts it back.
Right: the keypad, the tenders (a way to pay pressed with nothing typed takes the rest)
and a tip per stylist, counted as soon as it is typed or chosen. Pay closes the sale once,
whatever the clicks, shows the change to give, and prints the receipt or opens it to print
(by the salon's setting)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError, NotAllowed
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.ways_to_pay import VOUCHER, WAYS_TO_PAY, Use, label_of, ways_to_pay
from salon_pos.services.operations import checkout
from salon_pos.services.views import catalogue, staff, stock
from salon_pos.services.views.courses import course_plans, note_courses, session_offers
from salon_pos.services.views.sale import LineView, SaleView, sale_view
from salon_pos.services.views.vouchers import voucher_designs
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.checkout_panels import SignoffPanel, TipsPanel, TotalsPanel
from salon_pos.ui.dialogs.courses import CourseSale
from salon_pos.ui.dialogs.drawer_float import cash_may_go_in
from salon_pos.ui.dialogs.pdf_preview import PdfPreviewDialog
from salon_pos.ui.dialogs.receipt_preview import (
    FiledReceipt,
    preview_receipt,
    print_receipt,
    receipt_file,
)
from salon_pos.ui.dialogs.sale_line_edit import (
    ChangeLineDialog,
    DiscountDialog,
    ProductPicker,
    ReasonDialog,
    ServicePicker,
    VoucherCode,
    VoucherSale,
)
from salon_pos.ui.dialogs.voucher_print import show_voucher
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.keypad import BigButton, Keypad
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.message_line import MessageLine
from salon_pos.ui.widgets.way_choice import reference_hint

# (row, column) of each line button: what changes the lines, then what adds to the ticket.
LINE_BUTTON_PLACES = ((0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3), (0, 4))
LINE_HEADERS = ("Description", "Stylist", "Qty", "Unit price", "Discount", "Tax", "Amount")


def _button(text: str, name: str, action) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)  # Enter in a field must never press a button
    button.clicked.connect(action)
    return button


def _bill(view: SaleView) -> int:
    """What the payments settle: the total and tips, less the deposit that pays part."""
    return view.due - view.deposit_applied


class CheckoutDialog(QDialog):
    def __init__(self, session: Session, booking_id: int | None, parent=None):
        """The checkout of a booking, or (None) a sale at the counter: a product, a gift
        voucher, a service without a booking."""
        super().__init__(parent)
        self.session = session
        self.settings = session.salon.settings()
        self.walk_in = booking_id is None
        self.sale_id = checkout.open_sale(session.salon, by=session.staff_id, booking_id=booking_id)
        self.pay_key = f"close-{uuid.uuid4()}"  # one per ticket: paying twice pays once
        self._request: dict | None = None  # the payment asked for by the last press
        self.view: SaleView | None = None
        self.receipt: FiledReceipt | None = None
        self.preview: PdfPreviewDialog | None = None
        self.float_asked = False  # asked once a ticket, when the drawer was not opened
        self.paid: dict | None = None
        self.editor: QDialog | None = None  # the line dialog open now, if any
        self.voucher_previews: list = []  # the gift vouchers sold, shown to print
        self.setWindowTitle("New sale" if self.walk_in else "Checkout")
        self.setMinimumSize(1180, 660)
        self.resize(1340, 720)
        self.message = MessageLine()  # cleared when the person does something new

        self.scan_field = QLineEdit(placeholderText="Scan a product's barcode (F2)")
        self.scan_field.setAccessibleName("Barcode")
        self.scan_field.returnPressed.connect(self.scan)  # a scanner types the code, then Enter
        QShortcut(QKeySequence("F2"), self, activated=self.scan_field.setFocus)

        self.lines = RowsModel(LINE_HEADERS, right_aligned=(2, 3, 4, 5, 6), parent=self)
        self.table = list_table(self.lines, "Sale lines")
        # A long line ("… (paid by course: session 2 of 6)") wraps rather than hides its end.
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self.message.clear)
        self.line_buttons = [
            _button("&Change…", "Change the chosen line", self.change_line),
            _button("D&iscount…", "Discount the chosen line", self.discount_line),
            _button("Re&move", "Remove the chosen line", self.remove_line),
            _button("Discount &sale…", "Discount the whole sale", self.discount_sale),
            _button("Add &product…", "Add a product", self.add_product),
            _button("Add ser&vice…", "Add a service", self.add_service),
            _button("Gift vo&ucher…", "Sell a gift voucher", self.sell_voucher),
            _button("Cou&rse…", "Sell a prepaid course", self.sell_course),
            _button("Course s&ession", "Use or stop using a course session on the chosen line",
                    self.toggle_course_session),
        ]
        self.totals = TotalsPanel()
        self.tips = TipsPanel(self.settings.tip_choices)
        self.tips.typed.connect(self.set_tip)
        self.tips.percent_chosen.connect(self.choose_tip_percent)
        self.signoff = SignoffPanel()
        self.signoff.record_button.clicked.connect(self.record_signoff)
        self.signoff.adjust_button.clicked.connect(self.adjust_for_satisfaction)

        self._build_payments()

        self.summary = QLabel(objectName="pageTitle")
        self.summary.setAccessibleName("Summary")
        self.summary.setWordWrap(True)
        self.pay_button = BigButton("Pay  (F12)")
        self.pay_button.setObjectName("primaryAction")
        self.pay_button.setAccessibleName("Pay")
        self.pay_button.setShortcut(QKeySequence("F12"))
        self.pay_button.setMinimumWidth(220)
        self.pay_button.clicked.connect(self.pay)
        self.void_button = _button("V&oid ticket…", "Void the ticket", self.void_ticket)
        self.void_button.setToolTip("The client leaves without paying: set the ticket aside "
                                    "(the booking waits, ready for checkout)")
        self.receipt_button = BigButton("Receipt…")
        self.receipt_button.setAccessibleName("Show the receipt")
        self.receipt_button.setToolTip("See the receipt, print it or save a copy")
        self.receipt_button.clicked.connect(self.show_receipt)
        self.receipt_button.hide()
        self.done_button = BigButton("Done")
        self.done_button.setAccessibleName("Done")
        self.done_button.clicked.connect(self.accept)
        self.done_button.hide()
        self._lay_out()
        self.refresh()
        self.use_course_sessions()
        self.amount.setFocus()

    def _build_payments(self) -> None:
        """The keypad, the reference, a button per way to pay checkout offers (as the
        registry lists them), and the payments taken."""
        style = self.settings.number_style
        self.keypad = Keypad(style.decimal, self.settings.currency.digits)
        self.keypad.edited.connect(self._new_entry)
        self.amount = self.keypad.display
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(reference_hint(self.settings))
        self.reference.setAccessibleName("Terminal reference")
        self.reference.setMinimumHeight(self.amount.minimumHeight())
        self.reference.textEdited.connect(self._new_entry)
        self.method_buttons = {}
        for way in ways_to_pay(Use.SALE):
            label = way.label
            button = BigButton(label)
            button.setAccessibleName(f"Take by {label.lower()}")
            button.setToolTip(f"Take the amount by {label.lower()} ({way.key})")
            button.clicked.connect(lambda _=False, m=way.code: self.take(m))
            self.method_buttons[way.code] = button
        self.tenders = RowsModel(("Taken by", "Reference", "Amount"), right_aligned=(2,),
                                 parent=self)
        self.tender_table = QTableView()
        self.tender_table.setModel(self.tenders)
        self.tender_table.setAccessibleName("Payments taken")
        self.tender_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.tender_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.tender_table.verticalHeader().hide()
        self.tender_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.tender_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.tender_table.selectionModel().selectionChanged.connect(self.message.clear)
        self.remove_tender_button = _button("Remove\npayment", "Remove the chosen payment",
                                            self.remove_tender)

    def _lay_out(self) -> None:
        line_rows = QGridLayout()  # changing the lines, then adding to the ticket
        for button, place in zip(self.line_buttons, LINE_BUTTON_PLACES, strict=True):
            line_rows.addWidget(button, *place)
        self.totals.setMaximumWidth(420)  # figures stay near their labels
        lower = QHBoxLayout()
        lower.addWidget(self.totals, 2)
        lower.addWidget(self.signoff, 3)
        lower.addStretch(0)
        left = QVBoxLayout()
        scan_row = QHBoxLayout()
        self.scan_field.setMinimumWidth(300)
        scan_row.addWidget(self.scan_field)
        scan_row.addStretch(1)
        left.addLayout(scan_row)
        left.addWidget(self.table, 1)
        left.addLayout(line_rows)
        left.addLayout(lower)

        methods = QVBoxLayout()
        methods.addWidget(self.reference)
        for button in self.method_buttons.values():
            methods.addWidget(button)
        tender_area = QGridLayout()
        tender_area.addWidget(self.keypad, 0, 0)
        tender_area.addLayout(methods, 0, 1)
        tender_area.setColumnStretch(0, 3)
        tender_area.setColumnStretch(1, 2)
        taken = QHBoxLayout()
        taken.addWidget(self.tender_table, 1)
        taken.addWidget(self.remove_tender_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(tender_area)
        right.addLayout(taken, 1)
        right.addWidget(self.tips)
        right_panel = QWidget()
        right_panel.setLayout(right)
        right_panel.setFixedWidth(520)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(right_panel)
        status = QVBoxLayout()
        status.addWidget(self.summary)
        status.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addWidget(self.void_button)
        bottom.addLayout(status, 1)
        bottom.addWidget(self.pay_button)
        bottom.addWidget(self.receipt_button)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

    # -- showing the ticket -------------------------------------------------------------

    def refresh(self) -> None:
        """Show the ticket as stored; the amount typed on the keypad was for the old figures."""
        self.keypad.clear()
        self._show_ticket()

    def _show_ticket(self) -> None:
        view = sale_view(self.session.salon, self.sale_id)
        # A new bill (a line, a discount, a tip) makes the payment asked for last stale: the
        # next press asks for what is left now. A payment taken changes what is left but not
        # the bill, so the second click of a double click still repeats the first.
        if self.view is not None and _bill(view) != _bill(self.view):
            self._request = None
        self.view = view
        money = view.money
        self.lines.set_rows([self._line_row(line, money) for line in view.lines])
        self.tenders.set_rows([(label_of(t.method), t.shown_reference, money(t.amount))
                               for t in view.tenders])
        self.totals.show_view(view)
        self.tips.show_view(view)
        self.signoff.show_view(view)
        self.void_button.setEnabled(not view.tenders and self.paid is None)
        self.keypad.exact_amount = view.remaining
        self.amount.setPlaceholderText(f"{money(view.remaining)} left")
        self._label_methods()
        if self.paid is None:
            self.summary.setText(self._summary_text(view))

    def _label_methods(self) -> None:
        """With nothing typed, a way to pay takes the rest: its button says how much."""
        view, blank = self.view, not self.keypad.text()
        for code, button in self.method_buttons.items():
            way = WAYS_TO_PAY[code]
            rest = view.cash_to_pay if way.counts_as_cash else view.remaining
            button.setText(f"{way.label}\n{way.key} · the rest, {view.money(rest)}"
                           if blank and rest > 0 else f"{way.label}\n{way.key}")
            button.setShortcut(QKeySequence(way.key))  # setText drops it for a mnemonic

    @staticmethod
    def _line_row(line: LineView, money: Callable[[int], str]) -> tuple[str, ...]:
        description = line.description
        if line.change_reason:
            description += f"  ({line.change_reason})"
        discount = money(-line.discount) if line.discount else ""
        if line.discount_reason:
            discount += f" ({line.discount_reason})"
        return (description, line.stylist, str(line.quantity), money(line.unit_price),
                discount, f"{money(line.tax)} · {rate_label(line.tax_rate_bp)}",
                money(line.gross))

    @staticmethod
    def _summary_text(view: SaleView) -> str:
        money = view.money
        text = f"To pay {money(view.due)} — left {money(view.remaining)}"
        if view.change_due:
            text += f" — change due {money(view.change_due)}"
        return text

    @property
    def tip(self) -> QLineEdit:
        """The tip field of the booking's stylist (the first stylist on the lines)."""
        return next(iter(self.tips.fields.values()))

    def chosen_line(self) -> LineView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.refuse("Choose a line in the table first.")
            return None
        return self.view.lines[rows[0].row()]

    # -- running operations -------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> bool:
        """Run one operation; a refusal shows its message and leaves all as it was."""
        try:
            action()
        except DomainError as error:
            self.message.refuse(error.message)
            return False
        self.message.clear()
        self.refresh()
        return True

    def _approved(self, what: str, operation: Callable[[int | None], object]) -> None:
        """Run `operation(approved_by)`: first on the staff's own authority; when the service
        says a manager must approve, ask for one (their PIN) and run it again."""
        try:
            operation(None)
        except NotAllowed:
            approver = manager_approval(self.session, what, self)
            if approver is None:
                raise NotAllowed(f"Not done: {what.lower()} needs a manager's approval, "
                                 "and none was given.") from None
            operation(approver)

    def _open_editor(self, editor: QDialog) -> None:
        """Line dialogs open without blocking; when one is done the ticket is shown again."""
        self.editor = editor
        editor.accepted.connect(self._edited)
        editor.open()

    def _edited(self) -> None:
        self.message.clear()
        self.refresh()

    # -- the lines ----------------------------------------------------------------------

    def change_line(self) -> None:
        line = self.chosen_line()
        if line is None:
            return
        salon, by = self.session.salon, self.session.staff_id

        def apply(unit_price: int, quantity: int, reason: str) -> None:
            self._approved("A price outside the agreed range",
                           lambda approver: checkout.change_line(
                               salon, self.sale_id, line.id, by=by, reason=reason,
                               unit_price=unit_price, quantity=quantity, approved_by=approver))

        self._open_editor(ChangeLineDialog(line, self.settings, apply, self))

    def discount_line(self) -> None:
        line = self.chosen_line()
        if line is None:
            return
        salon, by = self.session.salon, self.session.staff_id

        def apply(reason: str, amount: int | None = None, percent_bp: int | None = None):
            self._approved("A discount this large", lambda approver: checkout.discount_line(
                salon, self.sale_id, line.id, by=by, reason=reason, amount=amount,
                percent_bp=percent_bp, approved_by=approver))

        self._open_editor(DiscountDialog(f"Discount “{line.description}”", self.settings,
                                         apply, parent=self))

    def discount_sale(self) -> None:
        self._open_sale_discount(reason="")

    def adjust_for_satisfaction(self) -> None:
        """The domain's word for a price adjustment when the result differs."""
        self._open_sale_discount(reason="satisfaction")

    def _open_sale_discount(self, reason: str) -> None:
        salon, by = self.session.salon, self.session.staff_id

        def apply(reason: str, percent_bp: int) -> None:
            self._approved("A discount this large", lambda approver: checkout.discount_sale(
                salon, self.sale_id, by=by, reason=reason, percent_bp=percent_bp,
                approved_by=approver))

        self._open_editor(DiscountDialog("Discount the whole sale", self.settings, apply,
                                         amounts=False, reason=reason, parent=self))

    def remove_line(self) -> None:
        line = self.chosen_line()
        if line is None:
            return

        def apply(reason: str) -> None:
            checkout.remove_line(self.session.salon, self.sale_id, line.id,
                                 by=self.session.staff_id, reason=reason)

        self._open_editor(ReasonDialog(f"Remove “{line.description}”", "Remove line", apply,
                                       self))

    def void_ticket(self) -> None:
        """Set the ticket aside, with the reason, when the client leaves without paying; the
        booking stays ready for checkout, and the day can be closed. Only a ticket with no
        payment on it: a card taken is reversed on the terminal first."""
        def apply(reason: str) -> None:
            checkout.void_sale(self.session.salon, self.sale_id, by=self.session.staff_id,
                               reason=reason)

        editor = ReasonDialog("Void this ticket", "Void ticket", apply, self,
                              hint="required: e.g. the client will pay tomorrow")
        editor.accepted.connect(lambda: QDialog.reject(self))
        self.editor = editor
        editor.open()

    def add_product(self) -> None:
        def apply(product_id: int, quantity: int) -> None:
            checkout.add_product_line(self.session.salon, self.sale_id, product_id,
                                      by=self.session.staff_id, quantity=quantity)

        picker = ProductPicker(catalogue.list_products(self.session.salon), self.settings,
                               apply, self)
        self._open_editor(picker)
        picker.accepted.connect(self._say_short_stock)

    def scan(self) -> None:
        """A product scanned (or its code typed): one more on the ticket."""
        code = self.scan_field.text().strip()
        self.scan_field.clear()
        if not code:
            return
        found = stock.product_by_barcode(self.session.salon, code)
        if found is None:
            self.message.refuse(f"No product has the barcode {code}. Add it with “Add "
                                "product…”; a manager gives products their barcodes under "
                                "Manager → Stock.")
            return
        if self._run(lambda: checkout.add_product_line(
                self.session.salon, self.sale_id, found["id"], by=self.session.staff_id)):
            self.message.done(f"{found['name']} added.")
            self._say_short_stock()

    def _say_short_stock(self) -> None:
        """More on the ticket than the books say are on the shelf: sold all the same (the
        client is at the counter), and said, so someone counts the shelf."""
        short = stock.short_on_ticket(self.session.salon, self.sale_id)
        if short:
            said = "; ".join(f"{name}: {units} on this sale, {there} on the shelf"
                             for name, there, units in short)
            self.message.refuse(f"More than the stock shows — {said}. The sale goes "
                                "through; please count the shelf.")

    def add_service(self) -> None:
        def apply(service_id: int, stylist_id: int | None) -> None:
            checkout.add_service_line(self.session.salon, self.sale_id, service_id,
                                      by=self.session.staff_id, stylist_id=stylist_id)

        hands = [(m["id"], m["name"]) for m in staff.list_staff(self.session.salon)
                 if m["role"] in ("stylist", "manager")]
        first = next((line.stylist_id for line in self.view.lines if line.stylist_id), None)
        self._open_editor(ServicePicker(catalogue.list_services(self.session.salon), hands,
                                        first, self.settings,
                                        apply, self))

    # -- prepaid courses -----------------------------------------------------------------

    def use_course_sessions(self) -> None:
        """Each line the client's course covers is paid by its next session, as the desk
        would do by hand; what was used is said."""
        salon, by, used = self.session.salon, self.session.staff_id, []
        for line_id, offer in session_offers(salon, self.sale_id).items():
            if not offer.paid:
                self._run(lambda line=line_id, course=offer.course_id: used.append(
                    checkout.use_course_session(salon, self.sale_id, line, by=by,
                                                course_id=course)))
        if used:
            self.message.done("; ".join(
                f"Paid by course: session {u['session']} of {u['of']} "
                f"({u['sessions_left']} left after today)" for u in used))

    def toggle_course_session(self) -> None:
        line = self.chosen_line()
        if line is None:
            return
        offer = session_offers(self.session.salon, self.sale_id).get(line.id)
        salon, by = self.session.salon, self.session.staff_id
        if offer is not None and offer.paid:
            if self._run(lambda: checkout.stop_using_course_session(salon, self.sale_id,
                                                                    line.id, by=by)):
                self.message.done(f"{line.description} is charged again; the session stays "
                                  "on the course.")
            return
        used: dict = {}
        if self._run(lambda: used.update(checkout.use_course_session(
                salon, self.sale_id, line.id, by=by,
                course_id=offer.course_id if offer else None))):
            self.message.done(f"Paid by course: session {used['session']} of {used['of']} "
                              f"({used['sessions_left']} left after today).")

    def sell_course(self) -> None:
        salon, by = self.session.salon, self.session.staff_id

        def apply(kind: str, number: int) -> None:
            if kind == "note":
                checkout.add_course_from_note(salon, self.sale_id, number, by=by)
            else:
                checkout.add_course_line(salon, self.sale_id, number, by=by)

        self._open_editor(CourseSale(course_plans(salon, sold_only=True),
                                     note_courses(salon, self.sale_id), self.settings.money,
                                     apply, self))

    def sell_voucher(self) -> None:
        salon = self.session.salon

        def apply(amount: int | None = None, design_id: int | None = None) -> None:
            checkout.add_voucher_line(salon, self.sale_id, amount, by=self.session.staff_id,
                                      design_id=design_id)

        self._open_editor(VoucherSale(voucher_designs(salon, sold_only=True), self.settings,
                                      apply, self))

    # -- tips and sign-off --------------------------------------------------------------

    def set_tip(self) -> None:
        """A tip typed (once the typing rests) or chosen counts at once in the totals."""
        if self._save_typed_tips():
            self.message.clear()

    def choose_tip_percent(self, percent: int) -> None:
        self.tips.fill_percent(self.view, percent)
        self.set_tip()
        self.amount.setFocus()  # what comes next: the amount the client hands over

    def _save_typed_tips(self) -> bool:
        """Save the tip fields that differ from the sale's tips, all or none (every field is
        read first: a typing mistake saves none), and show the new figures; the amount on
        the keypad stays. Taking a payment and Pay call this first, so a tip typed a moment
        ago counts even before its pause. False, with the refusal shown, if one is
        refused."""
        parse = self.settings.parse_money
        stored = {stylist_id: amount for stylist_id, _, amount in self.view.tips}
        try:
            typed = {stylist_id: parse(field.text()) if field.text().strip() else 0
                     for stylist_id, field in self.tips.fields.items()}
            changed = {stylist_id: amount for stylist_id, amount in typed.items()
                       if amount != stored.get(stylist_id, 0)}
            if changed:
                with self.session.salon.batch():
                    for stylist_id, amount in changed.items():
                        checkout.set_tip(self.session.salon, self.sale_id, stylist_id, amount,
                                         by=self.session.staff_id)
        except DomainError as error:
            self.message.refuse(error.message)
            return False
        self.tips.mark_saved()
        if changed:
            self._show_ticket()
        return True

    def record_signoff(self) -> None:
        panel = self.signoff
        if not (panel.matches.isChecked() or panel.differs.isChecked()):
            self.message.refuse("Choose the client's answer: it matches, or it differs.")
            return
        matches = panel.matches.isChecked()
        self._run(lambda: checkout.record_signoff(
            self.session.salon, self.sale_id, by=self.session.staff_id, matches=matches,
            differences="" if matches else panel.differences.text(),
            action="" if matches else panel.action.text()))

    # -- tenders ------------------------------------------------------------------------

    def _new_entry(self) -> None:
        """The person typed a new amount or reference: the next press is a new payment, and
        what was said about the last one no longer applies."""
        self._request = None
        self.message.clear()
        self._label_methods()

    def _tender_request(self, method: str) -> dict:
        """The payment the keypad asks for (a blank amount: what is left, in cash rounded).
        Pressing the same method again before anything new is typed repeats the request
        with its key, which the service takes once: a double click never pays twice."""
        if self._request is None or self._request["method"] != method:
            typed = self.keypad.text()
            way = WAYS_TO_PAY[method]
            wanted = self.view.cash_to_pay if way.counts_as_cash else self.view.remaining
            self._request = {
                "method": method, "key": f"tender-{uuid.uuid4()}",
                "amount": self.settings.parse_money(typed) if typed else wanted,
                "reference": self.reference.text() if way.needs_reference else ""}
        return self._request

    def take(self, method: str) -> None:
        if WAYS_TO_PAY[method] is VOUCHER:
            self.take_from_voucher()
            return
        if WAYS_TO_PAY[method].counts_as_cash and not self._drawer_ready():
            return
        if not self._save_typed_tips():
            return
        before = len(self.view.tenders)

        def run() -> None:
            request = self._tender_request(method)
            self._approved("Going over the client's house-account limit",
                           lambda approver: checkout.take_tender(
                               self.session.salon, self.sale_id, by=self.session.staff_id,
                               approved_by=approver, **request))

        if self._run(run):
            self.reference.clear()
            if len(self.view.tenders) == before:
                self.message.done("That payment is already taken. Type the next amount to "
                                  "take another.")

    def take_from_voucher(self) -> None:
        """The voucher's code is asked for; the amount is the keypad's (blank: as much of
        what is left as the voucher holds)."""
        if not self._save_typed_tips():
            return
        try:
            typed = self.keypad.text()
            amount = self.settings.parse_money(typed) if typed else None
        except DomainError as error:
            self.message.refuse(error.message)
            return
        key = f"voucher-{uuid.uuid4()}"
        taken: dict = {}

        def apply(code: str) -> None:
            taken.update(checkout.pay_by_voucher(self.session.salon, self.sale_id, code,
                                                 by=self.session.staff_id, amount=amount,
                                                 key=key))

        asked = "what is left" if amount is None else self.view.money(amount)
        self.editor = VoucherCode(asked, apply, self)
        self.editor.accepted.connect(lambda: self._voucher_taken(taken))
        self.editor.open()

    def _voucher_taken(self, taken: dict) -> None:
        self._new_entry()
        self.keypad.clear()
        self.refresh()
        if "pays_for" in taken:  # a single-purpose voucher: its service, whole
            self.message.done(f"Gift voucher {taken['voucher']} pays for "
                              f"{taken['pays_for']} ({self.view.money(taken['amount'])}).")
            return
        self.message.done(f"{self.view.money(taken['amount'])} taken from gift voucher "
                          f"{taken['voucher']}; {self.view.money(taken['voucher_left'])} left "
                          "on it.")

    def _drawer_ready(self) -> bool:
        """Before the first cash of a ticket goes into a drawer nobody opened today, ask for
        its float (or whether to go on without it); False when the person cancelled."""
        if self.float_asked:
            return True
        self.float_asked = cash_may_go_in(self.session, self)
        return self.float_asked

    def remove_tender(self) -> None:
        rows = self.tender_table.selectionModel().selectedRows()
        if not rows:
            self.message.refuse("Choose a payment in the list first.")
            return
        tender = self.view.tenders[rows[0].row()]
        self._new_entry()  # taking the same amount again is a new payment
        self._run(lambda: checkout.remove_tender(self.session.salon, self.sale_id, tender.id,
                                                 by=self.session.staff_id))

    # -- paying -------------------------------------------------------------------------

    def pay(self) -> None:
        """Close the sale with this ticket's one key: a second press returns the first
        result and writes nothing. The figures on screen stay those the client paid."""
        if self.paid is None and not self._save_typed_tips():
            return
        try:
            result = checkout.close_sale(self.session.salon, self.sale_id,
                                         by=self.session.staff_id, key=self.pay_key)
        except DomainError as error:
            self.message.refuse(error.message)
            return
        if self.paid is not None:
            return
        self.paid = result
        change = self.view.money(result["change"])
        self.summary.setText(f"Paid. Change to give: {change}" if result["change"]
                             else "Paid. No change to give.")
        for widget in (*self.line_buttons, self.keypad, self.reference,
                       *self.method_buttons.values(), self.remove_tender_button, self.tips,
                       self.signoff, self.pay_button, self.void_button):
            widget.setEnabled(False)
        self.pay_button.hide()
        self.done_button.show()
        self.done_button.setFocus()
        self._hand_over_receipt()
        self._hand_over_vouchers(result.get("vouchers", []))

    def _hand_over_vouchers(self, vouchers: list[dict]) -> None:
        """The vouchers sold, each shown to print at once: their codes are given this
        once (the salon keeps none)."""
        for voucher in vouchers:
            if "code" in voucher:
                self.voucher_previews.append(show_voucher(self.session, voucher["id"],
                                                          voucher["code"],
                                                          self.parentWidget()))

    def _hand_over_receipt(self) -> None:
        """File the receipt, then print it (by the salon's setting) or show it to print."""
        try:
            self.receipt = receipt_file(self.session, self.sale_id)
        except DomainError as error:  # paid all the same; the receipt can be reprinted
            self.message.refuse(f"Paid, but the receipt was not saved: {error.message}")
            return
        self.receipt_button.show()
        if not self.settings.print_receipt_on_pay:
            self.show_receipt()
            return
        try:
            print_receipt(self.session, self.receipt)
        except OSError as error:
            self.message.refuse(f"The receipt was not printed ({error}): press Receipt… to "
                                "see it and print it.")
        else:
            self.message.done("The receipt went to the printer.")

    @property
    def receipt_path(self) -> Path | None:
        return self.receipt.path if self.receipt else None

    def show_receipt(self) -> None:
        """Parented to the page: the preview stays when this dialog is freed."""
        self.preview = preview_receipt(self.session, self.receipt, self.parentWidget())

    def reject(self) -> None:
        """Once paid, closing the window by Esc or its X is the same as Done. A sale at the
        counter left before any payment is set aside (nothing was sold)."""
        if self.paid is not None:
            self.accept()
            return
        if self.walk_in and not self.view.tenders:
            checkout.void_sale(self.session.salon, self.sale_id, by=self.session.staff_id,
                               reason="left at the counter before paying")
        super().reject()
