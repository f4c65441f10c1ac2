"""The Clients page: find a client as you type (name or phone) on the left; on the right,
their profile — alerts first, the no-show record and balances as badges — and their history
in tabs, with the actions the desk needs: edit, deposit rule, house-account payment, a
paid sale's receipt again (double-click it, or Receipt…), their patch tests (recorded,
read, a reaction cleared by a manager), their prepaid courses (a manager refunds unused
sessions there), and their own data — handed out or erased, by a manager. An erased client
says so, with what stays and why, and is no longer booked or edited."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.ways_to_pay import WAYS_TO_PAY, label_of
from salon_pos.services.views import clients
from salon_pos.services.views.client_profile import (
    BookingHistory,
    ClientProfile,
    Movement,
    NoteHistory,
    SaleHistory,
    client_profile,
)
from salon_pos.ui.dialogs.approval import manager_approval
from salon_pos.ui.dialogs.booking import run_booking
from salon_pos.ui.dialogs.client_data import ClientDataDialog
from salon_pos.ui.dialogs.client_edit import ClientEditDialog, DepositRuleDialog
from salon_pos.ui.dialogs.house_payment import HousePaymentDialog
from salon_pos.ui.dialogs.messages import open_modeless
from salon_pos.ui.dialogs.receipt_preview import show_receipt
from salon_pos.ui.pages.client_colour_history import ColourHistoryTab
from salon_pos.ui.pages.client_consultations import ConsultationsTab
from salon_pos.ui.pages.client_courses import CoursesTab
from salon_pos.ui.pages.client_patch_tests import PatchTestsTab
from salon_pos.ui.rows_model import RowsModel
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.action_button import action_button
from salon_pos.ui.widgets.list_table import list_table
from salon_pos.ui.widgets.patch_test_line import PatchTestLine

WHEN = "%a %d %b %Y %H:%M"
DAY = "%a %d %b %Y"

RULE_BADGES = {"policy": "salon policy", "always": "always", "never": "never"}

SALE_STATUS = {"open": "open", "closed": "paid", "refunded_part": "part refunded",
               "refunded": "refunded"}

# What a journal entry was, seen from the client's house account or credit.
MOVEMENT_LABELS = {
    "payment": "Sale",
    "house_payment": "Payment",
    "refund_paid": "Refund",
    "deposit_taken": "Deposit paid",
    "deposit_refunded": "Deposit returned",
    "deposit_to_credit": "Deposit kept as credit",
    "fee_refunded": "Fee given back",
}


def _table(model: RowsModel, name: str, stretch: int) -> QTableView:
    table = list_table(model, name, stretch)
    table.setWordWrap(False)
    return table


class ClientsPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.client_id: int | None = None
        self.profile: ClientProfile | None = None
        self.dialog = None  # the dialog open on this page, if any
        self.result_ids: list[int] = []
        self.money = session.salon.settings().money
        self._build()
        self.refresh()

    # --- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit(placeholderText="Name or phone  (Ctrl+F)")
        self.search.setAccessibleName("Find client")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find)
        self.search.returnPressed.connect(self._open_current)
        self.search.installEventFilter(self)
        self.found = RowsModel(("Name", "Phone"), parent=self)
        self.results = _table(self.found, "Clients found", 0)
        # A click opens the client, Enter (see eventFilter) too: `activated` is left out, as
        # it comes on top of the click of a double click (or of a single one, on some styles).
        self.results.clicked.connect(self._open_row)
        self.results.installEventFilter(self)
        self.new_button = action_button("New client", self.new_client)
        self.new_button.setToolTip("Ctrl+N")
        left = QVBoxLayout()
        left.addWidget(QLabel("Clients", objectName="pageTitle"))
        left.addWidget(self.search)
        left.addWidget(self.results, 1)
        left.addWidget(self.new_button)
        side = QWidget()
        side.setLayout(left)
        side.setFixedWidth(350)

        self.empty = QLabel("Find a client on the left, or add a new one.", objectName="hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QWidget()
        self._build_profile(self.details)
        right = QVBoxLayout()
        right.addWidget(self.empty, 1)
        right.addWidget(self.details, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addLayout(right, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_client)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.edit_client)
        QShortcut(QKeySequence("Ctrl+B"), self, activated=self.book)
        self.setTabOrder(self.search, self.results)
        self.setTabOrder(self.results, self.new_button)
        self.setTabOrder(self.new_button, self.edit_button)

    def _build_profile(self, widget: QWidget) -> None:
        self.name = QLabel(objectName="pageTitle")
        self.name.setWordWrap(True)
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alerts = QLabel(objectName="clientAlerts")
        self.alerts.setWordWrap(True)
        self.alerts.setAccessibleName("Alerts")
        self.alerts.setTextFormat(Qt.TextFormat.RichText)
        self.alerts.setFrameShape(QFrame.Shape.StyledPanel)
        self.alerts.setMargin(6)
        badges = QHBoxLayout()
        (self.missed_badge, self.credit_badge, self.house_badge, self.rule_badge,
         self.courses_badge) = (self._badge(badges) for _ in range(5))
        self.patch_test = PatchTestLine(reaction_too=True)
        badges.addStretch()
        self.edit_button = action_button("Edit…", self.edit_client)
        self.edit_button.setToolTip("Ctrl+E")
        self.book_button = action_button("Book…", self.book)
        self.book_button.setToolTip("A new booking for this client (Ctrl+B)")
        self.rule_button = action_button("Deposit rule and house account…",
                                         self.change_deposit_rule)
        self.house_button = action_button("House-account payment…", self.take_house_payment)
        self.data_button = action_button("Their data…", self.open_data)
        self.data_button.setToolTip("Hand out the client's data, or erase it (a manager's)")
        actions = QHBoxLayout()
        for button in (self.book_button, self.edit_button, self.rule_button, self.house_button,
                       self.data_button):
            actions.addWidget(button)
        actions.addStretch()

        self.booking_rows = RowsModel(("When", "Services", "Stylist", "Status", "Deposit"),
                                      parent=self)
        self.note_rows = RowsModel(("Booking", "Service", "Expected result", "Price range",
                                    "Agreed", "Outcome"), parent=self)
        self.sale_rows = RowsModel(("Receipt", "Date", "Total", "Tips", "Paid by", "Status"),
                                   right_aligned=(2, 3), parent=self)
        movement_headers = ("When", "What", "Amount", "Balance", "Reference")
        self.house_rows = RowsModel(movement_headers, right_aligned=(2, 3), parent=self)
        self.credit_rows = RowsModel(movement_headers, right_aligned=(2, 3), parent=self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Client history")
        self.tabs.addTab(_table(self.booking_rows, "Bookings", 1), "Bookings")
        self.tabs.addTab(_table(self.note_rows, "Expectation notes", 2), "Notes")
        self.patch_tab = PatchTestsTab(self.session)
        self.patch_tab.changed.connect(self._show_patch_test)
        self.tabs.addTab(self.patch_tab, "Patch tests")
        self.consultations_tab = ConsultationsTab(self.session)
        self.tabs.addTab(self.consultations_tab, "Consultations")
        self.colour_tab = ColourHistoryTab(self.session)
        self.tabs.addTab(self.colour_tab, "Colour")
        self.tabs.addTab(self._sales_tab(), "Sales")
        account = QWidget()
        account_layout = QVBoxLayout(account)
        for title, model in (("House account", self.house_rows), ("Credit", self.credit_rows)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(_table(model, title, 4))
            account_layout.addWidget(box)
        self.tabs.addTab(account, "Account")
        self.courses_tab = CoursesTab(self.session)
        self.tabs.addTab(self.courses_tab, "Courses")

        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.contact)
        layout.addWidget(self.alerts)
        layout.addWidget(self.patch_test)
        layout.addLayout(badges)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

    def _sales_tab(self) -> QWidget:
        self.sale_table = _table(self.sale_rows, "Sales", 4)
        self.sale_table.setToolTip("Double-click a paid sale to see its receipt and print it")
        self.sale_table.doubleClicked.connect(lambda index: self.show_receipt(index.row()))
        self.sale_table.selectionModel().selectionChanged.connect(self._follow_sale)
        self.receipt_button = action_button("Receipt…", lambda: self.show_receipt(
            self.sale_table.currentIndex().row()))
        self.receipt_button.setToolTip("The chosen sale's receipt, to print again or save")
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.receipt_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.sale_table, 1)
        layout.addLayout(buttons)
        return tab

    @staticmethod
    def _badge(row: QHBoxLayout) -> QLabel:
        badge = QLabel(objectName="badge")
        badge.setFrameShape(QFrame.Shape.StyledPanel)
        badge.setMargin(4)
        row.addWidget(badge)
        return badge

    # --- finding --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        """Down from the search box moves into the results; Enter there opens the client."""
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if watched is self.search and event.key() == Qt.Key.Key_Down and self.result_ids:
            self.results.setFocus()
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.found.index(0, 0))
            return True
        if watched is self.results and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open_current()
            return True
        return super().eventFilter(watched, event)

    def find(self, text: str) -> None:
        found = clients.search_clients(self.session.salon, text)
        self.result_ids = [client["id"] for client in found]
        self.found.set_rows([(client["name"] + ("  ⚠" if client["alerts"] else ""),
                              client["phone"]) for client in found])
        if found:  # the open client stays chosen when still listed
            ids = self.result_ids
            row = ids.index(self.client_id) if self.client_id in ids else 0
            self.results.setCurrentIndex(self.found.index(row, 0))

    def _open_current(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self._open_row(index)

    def _open_row(self, index: QModelIndex) -> None:
        self.open_client(self.result_ids[index.row()])

    def open_client(self, client_id: int) -> None:
        self.client_id = client_id
        if client_id in self.result_ids:  # the list points at the client shown
            self.results.setCurrentIndex(self.found.index(self.result_ids.index(client_id), 0))
        self._show_profile()

    # --- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        self.money = self.session.salon.settings().money
        self.find(self.search.text())
        self._show_profile()

    def _show_profile(self) -> None:
        self.profile = (client_profile(self.session.salon, self.client_id)
                        if self.client_id is not None else None)
        self.empty.setVisible(self.profile is None)
        self.details.setVisible(self.profile is not None)
        if self.profile is None:
            return
        p, money = self.profile, self.money
        self.name.setText(p.name)
        self.contact.setText("  ·  ".join(x for x in (p.phone, p.email) if x)
                             or "No phone or email")
        self.alerts.setVisible(bool(p.alerts) or p.erased_on is not None)
        self.alerts.setText(f"<b>⚠ Alerts:</b> {html.escape(p.alerts)}" if p.erased_on is None
                            else f"<b>Personal data erased on {p.erased_on:%d %b %Y}.</b> "
                                 "What stays, and why: under “Their data…”.")
        for button in (self.book_button, self.edit_button, self.rule_button):
            button.setEnabled(p.erased_on is None)
        self.missed_badge.setText(f"Missed: {p.missed_last_year} in 12 months · "
                                  f"{p.missed_all_time} ever")
        self.missed_badge.setToolTip(f"No-shows: {p.no_shows} · late cancels: "
                                     f"{p.late_cancels} (ever)")
        self.credit_badge.setText(f"Credit {money(p.credit_balance)}")
        self.house_badge.setText(self._house_text(p))
        self.rule_badge.setText(f"Deposit: {RULE_BADGES[p.deposit_rule]}")
        self.house_button.setVisible(p.has_house_account)
        self.house_button.setEnabled(p.house_balance > 0)
        self.booking_rows.set_rows([self._booking_row(b) for b in p.bookings])
        self.note_rows.set_rows([self._note_row(n) for n in p.notes])
        self.sale_rows.set_rows([self._sale_row(s) for s in p.sales])
        self._follow_sale()
        self.house_rows.set_rows([self._movement_row(m) for m in p.house_movements])
        self.credit_rows.set_rows([self._movement_row(m) for m in p.credit_movements])
        self.courses_tab.show_client(p.client_id)
        self.courses_badge.setText(self.courses_tab.summary())
        self.patch_tab.show_client(p.client_id, p.name)
        self.consultations_tab.show_client(p.client_id)
        self.colour_tab.show_client(p.client_id)
        self._show_patch_test()

    def _show_patch_test(self) -> None:
        """Where the client stands today, under the alerts (a reaction in red); a client who
        never had a test is said to in the Patch tests tab only."""
        tab = self.patch_tab
        self.patch_test.show_state(tab.state.standing if tab.tests else None, tab.said)

    def _house_text(self, p: ClientProfile) -> str:
        if not p.has_house_account:
            return "No house account"
        owed = f"House: {self.money(p.house_balance)} owed"
        if not p.house_account_enabled:
            return owed + " (closed)"
        return owed + f" (limit {self.money(p.house_account_limit)})"

    def _booking_row(self, b: BookingHistory) -> tuple[str, ...]:
        return (f"{b.start:{WHEN}}", b.services, b.stylist, b.status_label,
                self._deposit_text(b))

    def _deposit_text(self, b: BookingHistory) -> str:
        return "; ".join(f"{self.money(amount)} {fate.sentence}"
                         for fate, amount in b.deposit.parts)

    def _note_row(self, n: NoteHistory) -> tuple[str, ...]:
        agreed = f"✔ {n.acknowledged_at:%d %b %Y}" if n.acknowledged_at else "not yet"
        return (f"{n.booking_start:{DAY}}", n.service, n.expected_result,
                f"{self.money(n.price_min)}–{self.money(n.price_max)}", agreed, n.outcome)

    def _sale_row(self, s: SaleHistory) -> tuple[str, ...]:
        paid = [f"{label_of(method)} {self.money(amount)}"
                for method, amount in s.tenders]
        if s.deposit_applied:
            paid.insert(0, f"Deposit {self.money(s.deposit_applied)}")
        if s.change:
            paid.append(f"change {self.money(s.change)}")
        receipt = f"No. {s.receipt_no}" if s.receipt_no else "—"
        return (receipt, f"{s.when:{DAY}}", self.money(s.total), self.money(s.tips),
                ", ".join(paid), SALE_STATUS.get(s.status, s.status))

    def _movement_row(self, m: Movement) -> tuple[str, ...]:
        what = MOVEMENT_LABELS.get(m.kind, m.kind)
        way = WAYS_TO_PAY.get(m.method)
        if way is not None and way.draws_on is None:  # money that came in or went out
            what += f" ({way.label.lower()})"
        reference = ", ".join(x for x in (
            f"receipt {m.receipt_no}" if m.receipt_no else "", m.reference) if x)
        return (f"{m.at:{WHEN}}", what, self._signed(m.change), self.money(m.balance),
                reference)

    def _signed(self, amount: int) -> str:
        """"+€5.00", "-€5.00" (the salon's own minus), and "€0.00" for nothing."""
        return ("+" if amount > 0 else "") + self.money(amount)

    def _chosen_sale(self, row: int) -> SaleHistory | None:
        sales = self.profile.sales if self.profile else ()
        return sales[row] if 0 <= row < len(sales) else None

    def _follow_sale(self) -> None:
        """Receipt… is offered for a chosen sale that has one (it is paid)."""
        sale = self._chosen_sale(self.sale_table.currentIndex().row())
        self.receipt_button.setEnabled(sale is not None and sale.receipt_no is not None)

    # --- actions --------------------------------------------------------------------------

    def show_receipt(self, row: int) -> None:
        """The sale's receipt as the client was given it, to print again or save."""
        sale = self._chosen_sale(row)
        if sale is not None:
            self.dialog = show_receipt(self.session, sale.sale_id, self)

    def _open_dialog(self, dialog, done) -> None:
        """Dialogs open without blocking; when accepted, the page shows the change."""
        self.dialog = dialog
        dialog.accepted.connect(done)
        open_modeless(dialog)

    def new_client(self) -> None:
        dialog = ClientEditDialog(self.session, parent=self)
        typed = self.search.text().strip()
        if typed and not self.result_ids:  # not found: start the new client from what was typed
            is_phone = any(ch.isdigit() for ch in typed)
            (dialog.phone if is_phone else dialog.name).setText(typed)

        def added():
            self.client_id = dialog.client_id
            self.search.setText(dialog.name.text().strip())
            self._show_profile()

        self._open_dialog(dialog, added)

    def edit_client(self) -> None:
        if self.client_id is not None and self.edit_button.isEnabled():  # Ctrl+E too
            self._open_dialog(ClientEditDialog(self.session, self.client_id, parent=self),
                              self.refresh)

    def book(self) -> None:
        """Book this client (and take the deposit if one is due), then show it here."""
        if self.client_id is not None and self.book_button.isEnabled() and run_booking(
                self.session, self, client_id=self.client_id) is not None:
            self._show_profile()

    def change_deposit_rule(self) -> None:
        if self.client_id is not None:
            self._open_dialog(DepositRuleDialog(self.session, self.client_id, parent=self),
                              self._show_profile)

    def open_data(self) -> None:
        """A manager's: asked at once, as everything in the window is theirs to do."""
        if self.client_id is None:
            return
        approver = manager_approval(self.session, "A client's own data", self)
        if approver is not None:
            dialog = ClientDataDialog(self.session, self.client_id, approver, parent=self)
            dialog.finished.connect(lambda _result: dialog.erased and self.refresh())
            self.dialog = dialog
            open_modeless(dialog)

    def take_house_payment(self) -> None:
        p = self.profile
        if p is not None:
            self._open_dialog(HousePaymentDialog(self.session, p.client_id, p.name,
                                                 p.house_balance, parent=self),
                              self._show_profile)
