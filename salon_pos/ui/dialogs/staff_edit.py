"""Add or edit a member of staff (name, role, colour in the day book, still working here),
and give someone a new PIN — each saved with a manager's approval. Hashing a PIN takes a
moment on purpose (it slows guessing), so a PIN is saved off the UI thread."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QColorDialog, QComboBox, QLineEdit, QPushButton

from salon_pos.domain.errors import InvalidInput
from salon_pos.domain.validation import clean_pin
from salon_pos.services.operations import staff
from salon_pos.services.views.staff import suggested_colour
from salon_pos.ui.dialogs.form_dialog import FormDialog, Operation
from salon_pos.ui.session import Session

ROLE_LABELS = {"front_desk": "Front desk", "stylist": "Stylist", "manager": "Manager"}


def pin_field() -> QLineEdit:
    field = QLineEdit(placeholderText="4 to 8 digits")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(8)
    return field


def same_pin_twice(pin: QLineEdit, again: QLineEdit) -> str:
    """The PIN, checked before a manager is called over to approve it."""
    if pin.text() != again.text():
        raise InvalidInput("The two PINs are not the same: please type the new PIN twice.")
    return clean_pin(pin.text())


class ColourButton(QPushButton):
    """Shows the colour itself; a click opens the system's colour picker."""

    def __init__(self, colour: str):
        super().__init__()
        self.clicked.connect(self.choose)
        self.set_colour(colour)

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        self.setText(colour)
        text = "white" if QColor(colour).lightness() < 128 else "black"
        self.setStyleSheet(f"background: {colour}; color: {text};")

    def choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, "Colour in the day book")
        if chosen.isValid():
            self.set_colour(chosen.name())


class StaffDialog(FormDialog):
    """`member` is a row of `staff.list_staff()` to edit, or None to add someone."""

    def __init__(self, session: Session, member: dict | None = None, parent=None):
        adding = member is None
        super().__init__("Add a member of staff" if adding else f"Edit {member['name']}",
                         "Save", parent, shortcut="Ctrl+S", session=session,
                         approval_for="Adding staff" if adding else "Changing a member of staff",
                         in_background=adding)
        self.member = member
        self.name = QLineEdit(member["name"] if member else "")
        self.role = QComboBox()
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.role.setCurrentIndex(self.role.findData(member["role"] if member else "stylist"))
        self.colour = ColourButton(member["colour"] if member
                                   else suggested_colour(session.salon))
        self.add_row("Name", self.name)
        self.add_row("Role", self.role)
        self.add_row("Colour in the day book", self.colour)
        if adding:
            self.pin, self.pin_again = pin_field(), pin_field()
            self.add_row("PIN", self.pin)
            self.add_row("PIN again", self.pin_again)
        else:
            self.active = QCheckBox("Works here (untick when someone leaves)")
            self.active.setChecked(member["active"])
            self.add_row("Active", self.active)

    def prepared(self) -> Operation:
        salon, name = self.session.salon, staff.clean_staff_name(self.name.text())
        role, colour = self.role.currentData(), self.colour.colour
        if self.member is None:
            pin = same_pin_twice(self.pin, self.pin_again)
            return lambda approver: staff.add_staff(salon, name, role, pin, colour=colour,
                                                    approved_by=approver)
        staff_id, active = self.member["id"], self.active.isChecked()
        return lambda approver: staff.edit_staff(salon, staff_id, approved_by=approver,
                                                 name=name, role=role, colour=colour,
                                                 active=active)


class PinDialog(FormDialog):
    """A new PIN for someone (a forgotten one, or a lock-out to clear)."""

    def __init__(self, session: Session, member: dict, parent=None):
        super().__init__(f"New PIN for {member['name']}", "Save", parent, shortcut="Ctrl+S",
                         session=session, approval_for="Setting a PIN", in_background=True)
        self.member = member
        self.pin, self.pin_again = pin_field(), pin_field()
        self.add_row("New PIN", self.pin)
        self.add_row("New PIN again", self.pin_again)

    def prepared(self) -> Operation:
        salon, staff_id = self.session.salon, self.member["id"]
        pin = same_pin_twice(self.pin, self.pin_again)
        return lambda approver: staff.edit_staff(salon, staff_id, approved_by=approver, pin=pin)
