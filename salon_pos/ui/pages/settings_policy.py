"""Settings, "Deposits & policy" tab: the deposit rule and its amounts, cancellations and
no-shows, checkout (its limits, the card reference, the tip buttons), stock and vouchers, and
the care record (patch tests, how long records and lapsed clients are kept) — with the policy
as clients will read it, kept up to date while the fields change."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.settings import SalonSettings, policy_text
from salon_pos.ui.pages.settings_form import SettingsTab, choice, form_group, select
from salon_pos.ui.widgets.percent_box import PercentBox

DEPOSIT_KINDS = {"percent": "A percentage of the booking", "fixed": "A fixed amount",
                 "none": "None, unless a service or client asks"}
LATE_CANCEL_KEEPS = {"fee": "Kept as a late-cancellation fee",
                     "credit": "Kept as credit for the client's next visit"}
ROUNDING_STEPS = (1, 5, 10, 50, 100)  # in minor units: none, 0.05, 0.10, 0.50, 1.00
CARE_FIELDS = ("patch_test_valid_months", "patch_test_wait_hours", "care_records_kept_years",
               "clients_kept_years")
MONEY_FIELDS = ("deposit_fixed", "deposit_min", "deposit_max", "deposit_threshold",
                "stock_count_approval_over")


def spin(maximum: int, suffix: str) -> QSpinBox:
    return QSpinBox(minimum=0, maximum=maximum, suffix=suffix)


class PolicyTab(SettingsTab):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.deposit_kind = choice(DEPOSIT_KINDS)
        self.deposit_percent_bp = PercentBox()
        self.money = {name: QLineEdit() for name in MONEY_FIELDS}
        self.deposit_history_count = spin(100, " in 12 months")
        self.deposit_history_count.setSpecialValueText("Never")
        self.cancellation_window_hours = spin(24 * 14, " hours before")
        self.no_show_grace_minutes = spin(24 * 60, " minutes late")
        self.late_cancel_keeps = choice(LATE_CANCEL_KEEPS)
        self.kept_deposit_taxable = QCheckBox("Tax is due on a kept deposit")
        self.kept_deposit_tax_rate_bp = PercentBox()
        self.cash_rounding_increment = QComboBox()
        self.discount_threshold_bp = PercentBox()
        self.satisfaction_guarantee_days = spin(365, " days")
        self.terminal_reference_required = QCheckBox("Need the terminal's reference")
        self.terminal_reference_required.setToolTip(
            "Untick when the card terminal keeps its own record of each payment")
        self.tip_percents = QLineEdit(placeholderText="e.g. 10 15 20 (empty: none)")
        self.voucher_validity_years = spin(50, " years")
        self.voucher_validity_years.setMinimum(1)
        self.patch_test_valid_months = spin(24, " months")
        self.patch_test_wait_hours = spin(14 * 24, " hours after it was done")
        self.care_records_kept_years = spin(50, " years")
        self.clients_kept_years = spin(50, " years without a visit")
        for field in (self.patch_test_valid_months, self.care_records_kept_years,
                      self.clients_kept_years):
            field.setMinimum(1)
        self.care_records_kept_years.setToolTip(
            "An erased client's patch tests (and the waivers of them) are kept this long "
            "from the day of each, for the insurer, then erased")
        self.clients_kept_years.setToolTip(
            "Data › Purge lapsed clients offers to erase clients with no visit this long")
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("The policy as clients read it")
        self._lay_out()
        for signal in (self.deposit_kind.currentIndexChanged, self.late_cancel_keeps
                       .currentIndexChanged, self.cancellation_window_hours.valueChanged,
                       self.no_show_grace_minutes.valueChanged):
            signal.connect(self.show_preview)
        self.kept_deposit_taxable.toggled.connect(self.kept_deposit_tax_rate_bp.setEnabled)
        self.refresh()

    def _lay_out(self) -> None:
        deposits = form_group("Deposits", (
            ("Deposit rule", self.deposit_kind),
            ("Percentage", self.deposit_percent_bp),
            ("Fixed amount", self.money["deposit_fixed"]),
            ("Smallest deposit", self.money["deposit_min"]),
            ("Largest deposit (0 = no limit)", self.money["deposit_max"]),
            ("Due for bookings from (0 = never)", self.money["deposit_threshold"]),
            ("Due after no-shows or late cancels", self.deposit_history_count)))
        cancelling = form_group("Cancellations and no-shows", (
            ("Cancel free until", self.cancellation_window_hours),
            ("No-show after", self.no_show_grace_minutes),
            ("A late cancellation's deposit", self.late_cancel_keeps),
            ("Kept deposits", self.kept_deposit_taxable),
            ("Tax rate on kept deposits", self.kept_deposit_tax_rate_bp)))
        checkout = form_group("At checkout", (
            ("Round cash totals to", self.cash_rounding_increment),
            ("Discounts beyond this need a manager", self.discount_threshold_bp),
            ("Free redo within", self.satisfaction_guarantee_days),
            ("Card payments", self.terminal_reference_required),
            ("Tip buttons (percent)", self.tip_percents)))
        stock = form_group("Stock", (
            ("Counts differing by more need a manager", self.money["stock_count_approval_over"]),))
        vouchers = form_group("Gift vouchers", (
            ("A voucher sold can be spent for", self.voucher_validity_years),))
        care = form_group("Care records", (
            ("A clear patch test is valid for", self.patch_test_valid_months),
            ("It can be relied on from", self.patch_test_wait_hours),
            ("Patch tests kept after erasure", self.care_records_kept_years),
            ("Clients may be purged after", self.clients_kept_years)))
        left = QVBoxLayout()
        left.addWidget(deposits)
        left.addWidget(stock)
        left.addWidget(vouchers)
        left.addWidget(care)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(cancelling)
        right.addWidget(checkout)
        right.addStretch()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        policy = QGroupBox("The policy as clients read it (on slips and receipts)")
        QVBoxLayout(policy).addWidget(self.preview)
        layout = QVBoxLayout(self.content)
        layout.addLayout(columns)
        layout.addWidget(policy)
        layout.addStretch()

    def load(self, settings: SalonSettings) -> None:
        select(self.deposit_kind, settings.deposit_kind)
        self.deposit_percent_bp.set_basis_points(settings.deposit_percent_bp)
        for name, field in self.money.items():
            field.setText(settings.money(getattr(settings, name)))
        self.deposit_history_count.setValue(settings.deposit_history_count)
        self.cancellation_window_hours.setValue(settings.cancellation_window_hours)
        self.no_show_grace_minutes.setValue(settings.no_show_grace_minutes)
        select(self.late_cancel_keeps, settings.late_cancel_keeps)
        self.kept_deposit_taxable.setChecked(settings.kept_deposit_taxable)
        self.kept_deposit_tax_rate_bp.set_basis_points(settings.kept_deposit_tax_rate_bp)
        self.kept_deposit_tax_rate_bp.setEnabled(settings.kept_deposit_taxable)
        self._load_rounding(settings)
        self.discount_threshold_bp.set_basis_points(settings.discount_threshold_bp)
        self.satisfaction_guarantee_days.setValue(settings.satisfaction_guarantee_days)
        self.terminal_reference_required.setChecked(settings.terminal_reference_required)
        self.tip_percents.setText(settings.tip_percents)
        self.voucher_validity_years.setValue(settings.voucher_validity_years)
        for name in CARE_FIELDS:
            getattr(self, name).setValue(getattr(settings, name))
        self.show_preview()

    def _load_rounding(self, settings: SalonSettings) -> None:
        self.cash_rounding_increment.clear()
        self.cash_rounding_increment.addItem("No rounding", 1)
        for step in ROUNDING_STEPS[1:]:
            self.cash_rounding_increment.addItem(settings.money(step), step)
        select(self.cash_rounding_increment, settings.cash_rounding_increment)

    def values(self, settings: SalonSettings) -> dict:
        values = {name: self._money(settings, name, field) for name, field in self.money.items()}
        values.update(
            deposit_kind=self.deposit_kind.currentData(),
            deposit_percent_bp=self.deposit_percent_bp.basis_points(),
            deposit_history_count=self.deposit_history_count.value(),
            cancellation_window_hours=self.cancellation_window_hours.value(),
            no_show_grace_minutes=self.no_show_grace_minutes.value(),
            late_cancel_keeps=self.late_cancel_keeps.currentData(),
            kept_deposit_taxable=self.kept_deposit_taxable.isChecked(),
            kept_deposit_tax_rate_bp=self.kept_deposit_tax_rate_bp.basis_points(),
            cash_rounding_increment=self.cash_rounding_increment.currentData(),
            discount_threshold_bp=self.discount_threshold_bp.basis_points(),
            satisfaction_guarantee_days=self.satisfaction_guarantee_days.value(),
            terminal_reference_required=self.terminal_reference_required.isChecked(),
            tip_percents=self.tip_percents.text(),
            voucher_validity_years=self.voucher_validity_years.value())
        values.update({name: getattr(self, name).value() for name in CARE_FIELDS})
        return values

    @staticmethod
    def _money(settings: SalonSettings, name: str, field: QLineEdit) -> int:
        try:
            return settings.parse_money(field.text())
        except DomainError as error:
            raise type(error)(f"{field.accessibleName()}: {error.message}") from None

    def show_preview(self) -> None:
        settings = self.session.salon.settings()
        try:
            shown = replace(settings, **self.values(settings))
        except DomainError:
            return  # an amount half typed: the policy's words do not depend on it
        self.preview.setText(policy_text(shown))
