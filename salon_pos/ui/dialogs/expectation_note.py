"""The expectation note: what the client can expect, the limits and risks, the sessions and
the price range, reference photos, and the client's agreement. A form used inside the
booking dialog, and a dialog of its own for a booking already made."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_pos.domain.errors import DomainError
from salon_pos.domain.money import format_amount
from salon_pos.services.operations import notes
from salon_pos.services.views.day_book import booking_details
from salon_pos.services.views.notes import NoteView
from salon_pos.ui.dialogs.signature import ask_note_signature
from salon_pos.ui.session import Session


class ExpectationNoteForm(QWidget):
    """The fields of one note. `save` writes it (or edits the open one), adds the photos
    chosen and records the client's agreement; call it inside one transaction. Ticking the
    agreement asks for the client's signature, unless the window the form sits in has a
    signature of its own (`signed_beside`: the consultation's)."""

    def __init__(self, session: Session, parent=None, *, signed_beside: bool = False):
        super().__init__(parent)
        self.session = session
        self.signed_beside = signed_beside
        self.signature: bytes | None = None
        self.settings = session.salon.settings()
        self.expected = QPlainTextEdit(placeholderText="e.g. Copper to soft golden blonde")
        self.expected.setAccessibleName("Expected result")
        self.limits = QPlainTextEdit(placeholderText="e.g. Ends may stay warmer; some breakage")
        self.limits.setAccessibleName("Limits and risks")
        for box in (self.expected, self.limits):
            box.setTabChangesFocus(True)
            box.setFixedHeight(58)
        self.sessions = QSpinBox(minimum=1, maximum=20)
        self.sessions.setAccessibleName("Sessions expected")
        self.sessions.setMaximumWidth(90)
        self.price_min = QLineEdit()
        self.price_min.setAccessibleName("Lowest price")
        self.price_max = QLineEdit()
        self.price_max.setAccessibleName("Highest price")
        prices = QHBoxLayout()
        prices.addWidget(self.price_min)
        prices.addWidget(QLabel("to"))
        prices.addWidget(self.price_max)
        self.photos = QListWidget()  # a handful of pictures at most
        self.photos.setAccessibleName("Reference photos")
        self.photos.setFixedHeight(52)
        add_photos = QPushButton("Add photos…")
        add_photos.setAccessibleName("Add reference photos")
        add_photos.clicked.connect(self.choose_photos)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photos, 1)
        photo_row.addWidget(add_photos)
        self.agreed = QCheckBox("Client has read and agreed (signed below)" if signed_beside
                                else "Client has read and agreed — signs next")
        self.agreed.setAccessibleName("Client has read and agreed")
        self.agreed.clicked.connect(self._agree)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Expected result", self.expected)
        form.addRow("Limits and risks", self.limits)
        form.addRow("Sessions", self.sessions)
        form.addRow("Price range", prices)
        form.addRow("Photos", photo_row)
        form.addRow("", self.agreed)
        self.new_photos: list[Path] = []
        for changed in self.edited()[:-1]:  # the words signed changed: sign again
            changed.connect(self._unsign)

    def _unsign(self) -> None:
        if self.signature is not None:
            self.signature = None
            self.agreed.setChecked(False)

    def _agree(self, ticked: bool) -> None:
        self.signature = None
        if not ticked or self.signed_beside:
            return
        money = self.settings.money
        try:
            low, high = (self.settings.parse_money(box.text() or "0")
                         for box in (self.price_min, self.price_max))
            price = f"{money(low)} – {money(high)}"
        except DomainError:
            price = "as typed"
        self.signature = ask_note_signature(self, self.expected.toPlainText(),
                                            self.limits.toPlainText(), self.sessions.value(),
                                            price)
        self.agreed.setChecked(self.signature is not None)

    def _amount(self, minor: int) -> str:
        return format_amount(minor, self.settings.currency, symbol=False,
                             style=self.settings.number_style)

    def edited(self) -> tuple:
        """The signals of a change to any field (a message about the note is then gone)."""
        return (self.expected.textChanged, self.limits.textChanged, self.sessions.valueChanged,
                self.price_min.textChanged, self.price_max.textChanged, self.agreed.toggled)

    def suggest_price(self, total: int) -> None:
        """The booked total as the range, until someone types their own."""
        for field in (self.price_min, self.price_max):
            if not field.isModified():
                field.setText(self._amount(total))

    def load(self, note: NoteView) -> None:
        self.expected.setPlainText(note.expected_result)
        self.limits.setPlainText(note.limits_and_risks)
        for box in (self.expected, self.limits):
            box.moveCursor(QTextCursor.MoveOperation.End)  # typing adds to what is there
        self.sessions.setValue(note.sessions_expected)
        self.price_min.setText(self._amount(note.price_min))
        self.price_max.setText(self._amount(note.price_max))
        if note.photos:
            self.photos.addItem(f"{note.photos} photo(s) already with this note")

    def add_photo_file(self, path: Path) -> None:
        self._unsign()
        self.new_photos.append(path)
        self.photos.addItem(path.name)

    def choose_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Reference photos", str(Path.home()),
                                                "Pictures (*.jpg *.jpeg *.png *.gif)")
        for name in files:
            self.add_photo_file(Path(name))

    def save(self, booking_id: int, note_id: int | None = None, *,
             consultation_id: int | None = None) -> int:
        """Write (or edit) the note, add the new photos, record the agreement if ticked —
        signed in the window it asked for, or by the signature given beside it."""
        salon, by = self.session.salon, self.session.staff_id
        fields = {
            "expected_result": self.expected.toPlainText(),
            "limits_and_risks": self.limits.toPlainText(),
            "sessions_expected": self.sessions.value(),
            "price_min": self.settings.parse_money(self.price_min.text() or "0"),
            "price_max": self.settings.parse_money(self.price_max.text() or "0"),
        }
        if note_id is None:
            note_id = notes.write_note(salon, booking_id, by=by, **fields)
        else:
            notes.edit_note(salon, note_id, by=by, **fields)
        for path in self.new_photos:
            notes.add_photo(salon, note_id, path, by=by)
        if self.agreed.isChecked():
            notes.acknowledge_note(salon, note_id, by=by, signature=self.signature,
                                   consultation_id=consultation_id)
        return note_id


class ExpectationNoteDialog(QDialog):
    """For a booking already made: the notes agreed so far, and the form for the note still
    open (or a new one)."""

    def __init__(self, session: Session, booking_id: int, parent=None):
        super().__init__(parent)
        self.session, self.booking_id = session, booking_id
        details = booking_details(session.salon, booking_id)
        self.note_id = details.open_note.note_id if details.open_note else None
        self.setWindowTitle(f"Expectation note — {details.client}")
        self.setMinimumWidth(560)
        money = session.salon.settings().money
        agreed = [n for n in details.notes if n.acknowledged]
        heading = QLabel(f"{escape(details.client)}: "
                         f"{escape(', '.join(n for n, _m, _p in details.services))}")
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if agreed:
            done = QLabel("<b>Already agreed:</b><br>" + "<br>".join(
                f"✓ {escape(n.expected_result)} ({money(n.price_min)}–{money(n.price_max)})"
                for n in agreed) + "<br>A change is written as a new note.", objectName="hint")
            done.setWordWrap(True)
            layout.addWidget(done)
        self.form = ExpectationNoteForm(session)
        if details.open_note:
            self.form.load(details.open_note)
        else:
            self.form.suggest_price(details.total)
        self.message = QLabel("", objectName="message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save note", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setAccessibleName("Save note")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            with self.session.salon.batch():  # the note, its photos and the agreement: all or none
                self.note_id = self.form.save(self.booking_id, self.note_id)
        except DomainError as error:
            self.message.setText(error.message)
            return
        self.accept()
