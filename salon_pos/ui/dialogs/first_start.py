"""First start on an empty database: set up the salon (name, currency, time zone, first
manager, whose PIN is typed twice) or load the demo salon to try things out. Both run off the
UI thread: the demo takes a while, and hashing the PIN a moment."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.money import CURRENCIES
from salon_pos.services.operations import salon_setup
from salon_pos.ui.dialogs.staff_edit import pin_field, same_pin_twice
from salon_pos.ui.session import Session

DEMO_DAYS = 14
TIME_ZONES = ("Europe/Dublin", "Europe/London", "Europe/Paris", "Europe/Berlin",
              "Europe/Warsaw", "America/New_York", "America/Toronto", "Asia/Kolkata",
              "Australia/Sydney")


class FirstStartDialog(QDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Welcome to Salon POS")
        self.name = QLineEdit()
        self.currency = QComboBox()
        self.currency.addItems(sorted(CURRENCIES))
        self.currency.setCurrentText("EUR")
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(TIME_ZONES)
        self.manager = QLineEdit()
        self.pin, self.pin_again = pin_field(), pin_field()
        for widget, name in ((self.name, "Salon name"), (self.currency, "Currency"),
                             (self.time_zone, "Time zone"), (self.manager, "Your name"),
                             (self.pin, "Your PIN"), (self.pin_again, "Your PIN again")):
            widget.setAccessibleName(name)
        form = QFormLayout()
        form.addRow("Salon name", self.name)
        form.addRow("Currency", self.currency)
        form.addRow("Time zone", self.time_zone)
        form.addRow("Your name (manager)", self.manager)
        form.addRow("Your PIN", self.pin)
        form.addRow("Your PIN again", self.pin_again)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.set_up_button = QPushButton("Set up my salon")
        self.set_up_button.setAccessibleName("Set up my salon")
        self.set_up_button.setDefault(True)
        self.demo_button = QPushButton(f"Try the demo salon ({DEMO_DAYS} days of history)")
        self.demo_button.setAccessibleName("Try the demo salon")
        self.set_up_button.clicked.connect(self.set_up)
        self.demo_button.clicked.connect(self.load_demo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        buttons.addWidget(self.set_up_button)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(QLabel("<h2>Welcome to Salon POS</h2>There is no salon in this "
                                "database yet: set up yours, or try the demo salon first."))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)

    def set_up(self) -> None:
        try:  # the only manager's PIN: a typing slip here would lock everyone out
            pin = same_pin_twice(self.pin, self.pin_again)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self._busy("Setting up…")
        values = {"salon_name": self.name.text(), "currency_code": self.currency.currentText(),
                  "time_zone": self.time_zone.currentText(),
                  "manager_name": self.manager.text(), "manager_pin": pin}
        self.session.tasks.run_in_background(
            lambda: salon_setup.set_up_salon(self.session.salon, **values),
            lambda _manager: self.accept(), self._refused)

    def load_demo(self) -> None:
        from salon_pos.demo import build_demo

        self._busy("Building the demo salon… (PINs: manager 1234, front desk 1111)")
        self.session.tasks.run_in_background(
            lambda: build_demo(self.session.salon, days=DEMO_DAYS, seed=1),
            lambda _summary: self.accept(), self._refused)

    def _busy(self, text: str) -> None:
        self.message.setText(text)
        self.progress.show()
        self.set_up_button.setEnabled(False)
        self.demo_button.setEnabled(False)

    def _refused(self, error) -> None:
        self.progress.hide()
        self.set_up_button.setEnabled(True)
        self.demo_button.setEnabled(True)
        self.message.setText(error.message)
