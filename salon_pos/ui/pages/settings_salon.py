"""Settings, "Salon" tab: the salon's details as receipts print them, its currency, number
format and time zone, the receipt's paper and printer (and whether Pay prints it), and
when an idle screen locks."""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.money import CURRENCIES, format_amount, number_style
from salon_pos.domain.settings import SalonSettings
from salon_pos.ui.pages.settings_form import SettingsTab, choice, form_group, select

TEXT_FIELDS = {"salon_name": "Name", "salon_address": "Address", "salon_phone": "Phone",
               "salon_email": "Email", "tax_number": "Tax number"}
LOCALES = ("en_IE", "en_GB", "en_US", "en_AU", "en_CA", "en_IN", "ga_IE", "fr_FR", "de_DE",
           "de_CH", "es_ES", "it_IT", "nl_NL", "pt_PT", "pl_PL", "sv_SE", "nb_NO", "da_DK",
           "fi_FI", "ja_JP", "ko_KR", "vi_VN")
PAPERS = {"roll": "80 mm receipt roll", "a4": "A4 sheet", "letter": "US Letter sheet"}
SAMPLE_AMOUNT = 123_450


def time_zone_choice() -> QComboBox:
    """Every zone name; typing any part of one ("dub", "new_y") narrows the list."""
    box = QComboBox(editable=True)
    box.addItems(sorted(available_timezones()))
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(completer)
    return box


class SalonTab(SettingsTab):
    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.text = {name: QLineEdit() for name in TEXT_FIELDS}
        self.logo_file = QLineEdit(placeholderText="no logo")
        self.currency_code = QComboBox()
        for code in sorted(CURRENCIES):
            self.currency_code.addItem(f"{code} ({CURRENCIES[code].symbol.strip()})", code)
        self.locale = QComboBox(editable=True)
        self.locale.addItems(LOCALES)
        self.sample = QLabel("", objectName="hint")
        self.time_zone = time_zone_choice()
        self.prices_include_tax = QCheckBox("Prices in the catalogue include tax")
        self.receipt_format = choice(PAPERS)
        self.receipt_printer = QComboBox()
        self.receipt_footer = QLineEdit()
        self.print_receipt_on_pay = QCheckBox("Print the receipt at once")
        self.print_receipt_on_pay.setToolTip("Unticked, Pay shows the receipt to print or "
                                             "save; ticked, it goes to the printer")
        self.lock_after_minutes = QSpinBox(minimum=1, maximum=240, suffix=" minutes idle")
        self.backups_kept = QSpinBox(minimum=1, maximum=1000, suffix=" newest")
        self._lay_out()
        self.currency_code.currentIndexChanged.connect(self.show_sample)
        self.locale.currentTextChanged.connect(self.show_sample)
        self.refresh()

    def _lay_out(self) -> None:
        salon = form_group("The salon (printed on receipts)", [
            *((label, self.text[name]) for name, label in TEXT_FIELDS.items()),
            ("Logo", self._logo_row())])
        money = form_group("Money, numbers and time", (
            ("Currency", self.currency_code), ("Number format", self.locale),
            ("Example amount", self.sample), ("Time zone", self.time_zone),
            ("Tax", self.prices_include_tax)))
        receipts = form_group("Receipts", (
            ("Paper", self.receipt_format), ("Printer", self.receipt_printer),
            ("Footer", self.receipt_footer), ("On Pay", self.print_receipt_on_pay)))
        security = form_group("Security", (("Lock the screen after", self.lock_after_minutes),
                                           ("Day-close backups kept", self.backups_kept)))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(salon)
        left.addWidget(security)
        left.addStretch()
        right.addWidget(money)
        right.addWidget(receipts)
        right.addStretch()
        layout = QHBoxLayout(self.content)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    def _logo_row(self) -> QWidget:
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the logo file")
        choose.clicked.connect(self.choose_logo)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.logo_file, 1)
        layout.addWidget(choose)
        return row

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The salon's logo", self.logo_file.text(),
                                              "Pictures (*.png *.jpg *.jpeg)")
        if path:
            self.logo_file.setText(path)

    def load(self, settings: SalonSettings) -> None:
        for name, field in self.text.items():
            field.setText(getattr(settings, name))
        self.logo_file.setText(settings.logo_file)
        select(self.currency_code, settings.currency_code)
        self.locale.setCurrentText(settings.locale)
        self.time_zone.setCurrentText(settings.time_zone)
        self.prices_include_tax.setChecked(settings.prices_include_tax)
        select(self.receipt_format, settings.receipt_format)
        self._load_printers(settings.receipt_printer)
        self.receipt_footer.setText(settings.receipt_footer)
        self.print_receipt_on_pay.setChecked(settings.print_receipt_on_pay)
        self.lock_after_minutes.setValue(settings.lock_after_minutes)
        self.backups_kept.setValue(settings.backups_kept)
        self.show_sample()

    def _load_printers(self, chosen: str) -> None:
        self.receipt_printer.clear()
        self.receipt_printer.addItem("System default", "")
        for name in QPrinterInfo.availablePrinterNames():
            self.receipt_printer.addItem(name, name)
        if self.receipt_printer.findData(chosen) < 0:
            self.receipt_printer.addItem(f"{chosen} (not found on this computer)", chosen)
        self.receipt_printer.setCurrentIndex(self.receipt_printer.findData(chosen))

    def values(self, settings: SalonSettings) -> dict:
        values = {name: field.text() for name, field in self.text.items()}
        values.update(
            logo_file=self.logo_file.text(), currency_code=self.currency_code.currentData(),
            locale=self.locale.currentText(), time_zone=self.time_zone.currentText(),
            prices_include_tax=self.prices_include_tax.isChecked(),
            receipt_format=self.receipt_format.currentData(),
            receipt_printer=self.receipt_printer.currentData(),
            receipt_footer=self.receipt_footer.text(),
            print_receipt_on_pay=self.print_receipt_on_pay.isChecked(),
            lock_after_minutes=self.lock_after_minutes.value(),
            backups_kept=self.backups_kept.value())
        return values

    def show_sample(self) -> None:
        code = self.currency_code.currentData()
        if code is None:
            return
        amount = format_amount(SAMPLE_AMOUNT, CURRENCIES[code],
                               style=number_style(self.locale.currentText()))
        self.sample.setText(f"Amounts will look like {amount}")
