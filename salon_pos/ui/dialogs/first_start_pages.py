"""The pages of the guided start, one step each: the salon and its first manager, the tax
on services, the stylists, the services. A page reads its form — in the order its fields
are shown, so the first thing missing is the first thing said — into the operation that
saves it; the guide (first_start.py) runs that off the UI thread and moves on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.money import CURRENCIES
from salon_pos.domain.sale_math import rate_label
from salon_pos.domain.validation import clean_name, clean_pin
from salon_pos.services.operations import catalogue, salon_setup, staff
from salon_pos.services.views.catalogue import list_tax_classes
from salon_pos.services.views.getting_started import SERVICES, STYLISTS, TAX
from salon_pos.ui.dialogs.catalogue_edit import chosen_tax_class, tax_class_choice
from salon_pos.ui.dialogs.staff_edit import pin_field, same_pin_twice
from salon_pos.ui.session import Session
from salon_pos.ui.widgets.percent_box import PercentBox

SALON = "salon"
TIME_ZONES = ("Europe/Dublin", "Europe/London", "Europe/Paris", "Europe/Berlin",
              "Europe/Warsaw", "America/New_York", "America/Toronto", "Asia/Kolkata",
              "Australia/Sydney")
# The usual rate on hairdressing where each offered time zone is: a starting point the
# page asks to check, never a rule (a zone typed in starts at 0 %).
USUAL_SERVICE_TAX_BP = {"Europe/Dublin": 1350, "Europe/London": 2000, "Europe/Paris": 2000,
                        "Europe/Berlin": 1900, "Europe/Warsaw": 800, "America/New_York": 0,
                        "America/Toronto": 1300, "Asia/Kolkata": 1800,
                        "Australia/Sydney": 1000}
BLANK_LINES = 4


class GuidePage(QWidget):
    """One step: a title, a line saying what it is for, and a form."""

    key = ""
    title = ""
    intro = ""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        heading = QLabel(f"<h2>{self.title}</h2>{self.intro}")
        heading.setWordWrap(True)
        self.layout_.addWidget(heading)

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def prepared(self, approver: int | None) -> Callable[[], object]:
        """The form read (raising DomainError on a mistake) into the work that saves it."""
        raise NotImplementedError

    def saved(self, result) -> None:
        """The work is done (on the UI thread again)."""


def _required(field: QLineEdit, message: str) -> str:
    if not field.text().strip():
        field.setFocus()
        raise InvalidInput(message)
    return field.text()


class SalonPage(GuidePage):
    key = SALON
    title = "Welcome to Salon POS"
    intro = ("There is no salon in this database yet. Set up yours in four short steps "
             "(the salon, its tax, the stylists, the services), or try the demo salon first.")

    def __init__(self, session: Session):
        super().__init__(session)
        self.name = QLineEdit()
        self.currency = QComboBox()
        self.currency.addItems(sorted(CURRENCIES))
        self.currency.setCurrentText("EUR")
        self.time_zone = QComboBox(editable=True)
        self.time_zone.addItems(TIME_ZONES)
        self.manager = QLineEdit()
        self.pin, self.pin_again = pin_field(), pin_field()
        form = QFormLayout()
        for label, widget, name in (
                ("Salon name", self.name, "Salon name"), ("Currency", self.currency, "Currency"),
                ("Time zone", self.time_zone, "Time zone"),
                ("Your name (manager)", self.manager, "Your name"),
                ("Your PIN", self.pin, "Your PIN"), ("Your PIN again", self.pin_again,
                                                     "Your PIN again")):
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        self.layout_.addLayout(form)
        self.layout_.addStretch()

    def first_field(self) -> QWidget:
        return self.name

    def prepared(self, approver: int | None) -> Callable[[], int]:
        values = {
            "salon_name": _required(self.name, "Please type your salon's name."),
            "currency_code": self.currency.currentText(),
            "time_zone": self.time_zone.currentText(),
            "manager_name": _required(self.manager, "Please type your name: you are the "
                                                    "salon's first manager."),
            # The only manager's PIN: a typing slip here would lock everyone out.
            "manager_pin": same_pin_twice(self.pin, self.pin_again),
        }
        salon = self.session.salon
        return lambda: salon_setup.set_up_salon(salon, **values)

    def saved(self, manager_id: int) -> None:
        """Whoever set the salon up is its manager, and in: no third typing of the PIN."""
        session = self.session
        session.staff_id, session.staff_name = manager_id, clean_name(self.manager.text())
        session.role = "manager"


class TaxPage(GuidePage):
    key = TAX
    title = "Tax on your services"
    intro = ("The rate charged on your services, included in their prices. It starts at the "
             "usual rate where you are: please check it with your accountant. Other rates "
             "(for retail products) can be added later in Manager → Settings → Catalogue.")

    def __init__(self, session: Session):
        super().__init__(session)
        zone = session.salon.settings().time_zone
        self.rate = PercentBox(USUAL_SERVICE_TAX_BP.get(zone, 0))
        self.rate.setAccessibleName("Tax rate")
        self.rate.setMaximumWidth(160)
        form = QFormLayout()
        form.addRow("Tax rate on services", self.rate)
        self.layout_.addLayout(form)
        self.layout_.addStretch()

    def first_field(self) -> QWidget:
        return self.rate

    def prepared(self, approver: int | None) -> Callable[[], int]:
        salon, rate = self.session.salon, self.rate.basis_points()
        return lambda: catalogue.add_tax_class(salon, f"Services {rate_label(rate)}", rate,
                                               approved_by=approver)


class _LinesPage(GuidePage):
    """A few blank lines, one for each thing added (more on request). A line saved stays
    greyed if a later one is refused, so pressing again does not add it twice."""

    headers: tuple[str, ...] = ()
    more_label = ""

    def __init__(self, session: Session):
        super().__init__(session)
        lines = QWidget()
        self.grid = QGridLayout(lines)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        for column, header in enumerate(self.headers):
            self.grid.addWidget(QLabel(header, objectName="hint"), 0, column)
        self.lines: list[tuple[QLineEdit, ...]] = []
        self.saved_lines: set[int] = set()
        for _ in range(BLANK_LINES):
            self.add_line()
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(lines)  # many lines scroll, the dialog stays on a small screen
        scroll.setMinimumHeight(4 * 44)
        self.layout_.addWidget(scroll, 1)
        more = QPushButton(self.more_label)
        more.clicked.connect(self.add_line)
        self.layout_.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)

    def new_fields(self, number: int) -> tuple[QLineEdit, ...]:
        raise NotImplementedError

    def add_line(self) -> None:
        fields = self.new_fields(len(self.lines) + 1)
        row = len(self.lines) + 1
        for column, field in enumerate(fields):
            self.grid.addWidget(field, row, column)
        self.lines.append(fields)
        fields[0].setFocus()

    def first_field(self) -> QWidget:
        return self.lines[0][0]

    def filled(self) -> list[tuple[int, tuple[QLineEdit, ...]]]:
        """The lines with something typed and not saved yet, with their index."""
        return [(index, fields) for index, fields in enumerate(self.lines)
                if index not in self.saved_lines and any(f.text().strip() for f in fields)]

    def each_saved(self, index: int) -> None:
        """Called on the worker thread as each line is saved; greyed on the UI thread."""
        self.saved_lines.add(index)

    def saved(self, _result) -> None:
        self.grey_saved()

    def grey_saved(self) -> None:
        for index in self.saved_lines:
            for field in self.lines[index]:
                field.setEnabled(False)


class StylistsPage(_LinesPage):
    key = STYLISTS
    title = "Your stylists"
    intro = ("One line each: the name as it should show in the day book, and a PIN they log "
             "in with to see their own day (they can be given a new one later). Each gets a "
             "colour of their own.")
    headers = ("Name", "PIN (4 to 8 digits)")
    more_label = "One more stylist"

    def new_fields(self, number: int) -> tuple[QLineEdit, ...]:
        name, pin = QLineEdit(), pin_field()
        name.setAccessibleName(f"Stylist {number}")
        pin.setAccessibleName(f"Stylist {number}'s PIN")
        return name, pin

    def prepared(self, approver: int | None) -> Callable[[], None]:
        stylists = []
        for index, (name, pin) in self.filled():
            typed = clean_name(_required(name, f"Line {index + 1} has a PIN but no name."),
                               "stylist's name")
            try:
                stylists.append((index, typed, clean_pin(pin.text())))
            except InvalidInput as error:
                pin.setFocus()
                raise InvalidInput(f"{typed}: {error.message}") from None
        if not stylists and not self.saved_lines:
            raise InvalidInput("Please type at least one stylist's name and PIN (more can "
                               "be added later).")
        salon = self.session.salon

        def add_all() -> None:
            for index, name, pin in stylists:
                staff.add_staff(salon, name, "stylist", pin, approved_by=approver)
                self.each_saved(index)
        return add_all


class ServicesPage(_LinesPage):
    key = SERVICES
    title = "Your services"
    intro = ("One line each: what clients book, how long it takes and its price (tax "
             "included). Categories, deposits and retail products can be set later in "
             "Manager → Settings → Catalogue.")
    headers = ("Service", "Minutes", "Price")
    more_label = "One more service"

    def __init__(self, session: Session):
        super().__init__(session)
        self.tax_choice: QComboBox | None = None
        if len(list_tax_classes(session.salon)) > 1:  # which one these services pay
            self.tax_choice = tax_class_choice(session.salon, None)
            self.tax_choice.setAccessibleName("Tax class")
            form = QFormLayout()
            form.addRow("Tax class", self.tax_choice)
            self.layout_.insertLayout(1, form)

    def new_fields(self, number: int) -> tuple[QLineEdit, ...]:
        money = self.session.salon.settings().money
        name = QLineEdit(placeholderText="e.g. Wash, cut and finish" if number == 1 else "")
        minutes = QLineEdit(placeholderText="e.g. 45" if number == 1 else "")
        minutes.setMaxLength(3)
        price = QLineEdit(placeholderText=money(4500) if number == 1 else "")
        for field, what in ((name, "Service"), (minutes, "Minutes"), (price, "Price")):
            field.setAccessibleName(f"{what} {number}")
        minutes.setMaximumWidth(80)
        price.setMaximumWidth(120)
        return name, minutes, price

    def prepared(self, approver: int | None) -> Callable[[], None]:
        settings = self.session.salon.settings()
        services = []
        for index, (name, minutes, price) in self.filled():
            typed = clean_name(_required(name, f"Line {index + 1} has no service name."),
                               "service name")
            length = minutes.text().strip()
            if not length.isdigit():
                minutes.setFocus()
                raise InvalidInput(f"How long does “{typed}” take? Type its minutes (e.g. 45).")
            services.append((index, typed, int(length),
                             settings.parse_money(_required(price, f"Please type the price "
                                                                   f"of “{typed}”."))))
        if not services and not self.saved_lines:
            raise InvalidInput("Please type at least one service (more can be added later).")
        salon = self.session.salon
        tax_class_id = (chosen_tax_class(self.tax_choice) if self.tax_choice is not None
                        else list_tax_classes(salon)[0]["id"])  # the one set a step before

        def add_all() -> None:
            for index, name, minutes, price in services:
                catalogue.add_service(salon, name, duration_min=minutes, price=price,
                                      tax_class_id=tax_class_id, approved_by=approver)
                self.each_saved(index)
        return add_all


PAGES: dict[str, type[GuidePage]] = {SALON: SalonPage, TAX: TaxPage, STYLISTS: StylistsPage,
                                     SERVICES: ServicesPage}
